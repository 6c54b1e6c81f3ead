package dev.myelin.layers;

import dev.myelin.RnnSpec;
import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.activations.Activations;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.internal.NativeCore;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of {@link SimpleRNN}, {@link LSTM} and {@link GRU} (Keras's {@code RNN} layer
 * with its cell): options, weights (owned by the {@code cell} sub-layer, as Keras 3 saves them),
 * states, dropout masks and the outputs. The whole sequence runs in one native call ({@link
 * Tensor#recurrent}) forward and backward; the per-step loop never crosses JNI.
 *
 * <p>Input: {@code (batch, timesteps, features)}, optionally followed by the initial states ({@code
 * h}, and {@code c} for an LSTM). Output: {@code (batch, units)}, or {@code (batch, timesteps,
 * units)} with {@code returnSequences}; with {@code returnState} the last states follow as further
 * outputs ({@link #applyAll}).
 *
 * @param <L> the concrete layer, so option setters chain
 */
public abstract class Recurrent<L extends Recurrent<L>> extends Layer {
  /** The Keras config keys every recurrent layer reads besides units (one setter each). */
  static final List<String> KEYS =
      List.of(
          "activation",
          "recurrent_activation",
          "use_bias",
          "kernel_initializer",
          "recurrent_initializer",
          "bias_initializer",
          "kernel_regularizer",
          "recurrent_regularizer",
          "bias_regularizer",
          "activity_regularizer",
          "kernel_constraint",
          "recurrent_constraint",
          "bias_constraint",
          "dropout",
          "recurrent_dropout",
          "seed",
          "return_sequences",
          "return_state",
          "go_backwards",
          "stateful",
          "unroll");

  final long units;
  final int cellCode;
  String activation = "tanh";
  String recurrentActivation;
  boolean useBias = true;
  Initializer kernelInitializer = Initializer.get("glorot_uniform");
  Initializer recurrentInitializer = Initializer.get("orthogonal");
  Initializer biasInitializer = Initializer.get("zeros");
  final Regularizer[] regularizers = new Regularizer[3];
  final Constraint[] constraints = new Constraint[3];
  private Regularizer activityRegularizerValue;
  double dropout;
  double recurrentDropout;
  Long seed;
  boolean returnSequences;
  boolean returnState;
  boolean goBackwards;
  boolean stateful;
  boolean unroll;
  private long batchSize = -1;
  private Cell cell;
  private Tensor[] states;

  Recurrent(long units, int cellCode) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          className() + ": argument 'units' expected a positive integer but was " + units);
    }
    this.units = units;
    this.cellCode = cellCode;
    // Keras 2.2's default gate activation (the book's files) under the Keras 2 switch.
    this.recurrentActivation = LayerNames.keras2Names() ? "hard_sigmoid" : "sigmoid";
  }

  @SuppressWarnings("unchecked")
  private L self() {
    return (L) this;
  }

  /** How many state tensors the layer carries (h; and c for an LSTM). */
  abstract int stateCount();

  /** The gate count of the cell: 1, 4 (LSTM: i, f, c, o) or 3 (GRU: z, r, h). */
  abstract int gates();

  /** Whether a GRU applies the reset gate after the recurrent matmul. */
  boolean resetAfter() {
    return false;
  }

  /** Whether the forget gate's bias starts at one (LSTM). */
  boolean unitForgetBias() {
    return false;
  }

  /** The number of units (the size of the output and of each state). */
  public long units() {
    return units;
  }

  /** Sets the output activation by Keras name (default "tanh"). */
  public L activation(String name) {
    this.activation = checkActivation("activation", name);
    return self();
  }

  /** Sets the gate activation by Keras name (Keras 3: "sigmoid"; Keras 2: "hard_sigmoid"). */
  public L recurrentActivation(String name) {
    this.recurrentActivation = checkActivation("recurrent_activation", name);
    return self();
  }

  private String checkActivation(String arg, String name) {
    String n = name == null ? "linear" : name;
    Activations.get(n);
    if (RnnSpec.activationCode(n) < 0) {
      throw new IllegalArgumentException(
          className()
              + ": argument '"
              + arg
              + "' expected one of linear, tanh, sigmoid, hard_sigmoid, relu (the activations the"
              + " native recurrent kernels run) but was \""
              + n
              + "\"");
    }
    return n;
  }

  /** Whether to add a bias (default true). */
  public L useBias(boolean on) {
    this.useBias = on;
    return self();
  }

  /** Sets the input kernel's initializer (default "glorot_uniform"). */
  public L kernelInitializer(Initializer i) {
    this.kernelInitializer = i;
    return self();
  }

  /** Sets the recurrent kernel's initializer (default "orthogonal"). */
  public L recurrentInitializer(Initializer i) {
    this.recurrentInitializer = i;
    return self();
  }

  /** Sets the bias initializer (default "zeros"). */
  public L biasInitializer(Initializer i) {
    this.biasInitializer = i;
    return self();
  }

  /** Adds a penalty on the input kernel to the loss. */
  public L kernelRegularizer(Regularizer r) {
    regularizers[0] = r;
    return self();
  }

  /** Adds a penalty on the recurrent kernel to the loss. */
  public L recurrentRegularizer(Regularizer r) {
    regularizers[1] = r;
    return self();
  }

  /** Adds a penalty on the bias to the loss. */
  public L biasRegularizer(Regularizer r) {
    regularizers[2] = r;
    return self();
  }

  /** Constrains the input kernel after each update. */
  public L kernelConstraint(Constraint c) {
    constraints[0] = c;
    return self();
  }

  /** Constrains the recurrent kernel after each update. */
  public L recurrentConstraint(Constraint c) {
    constraints[1] = c;
    return self();
  }

  /** Constrains the bias after each update. */
  public L biasConstraint(Constraint c) {
    constraints[2] = c;
    return self();
  }

  /** Drops this fraction of the input features in training (one mask for all steps). */
  public L dropout(double rate) {
    this.dropout = checkRate("dropout", rate);
    return self();
  }

  /** Drops this fraction of the previous state in training (one mask for all steps). */
  public L recurrentDropout(double rate) {
    this.recurrentDropout = checkRate("recurrent_dropout", rate);
    return self();
  }

  private double checkRate(String arg, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          className() + ": argument '" + arg + "' expected a rate in [0, 1) but was " + rate);
    }
    return rate;
  }

  /** Seeds the dropout masks. */
  public L seed(Long s) {
    this.seed = s;
    return self();
  }

  /** Returns the output of every step (default: only the last). */
  public L returnSequences(boolean on) {
    this.returnSequences = on;
    return self();
  }

  /** Also returns the last states as further outputs (use {@link #applyAll}). */
  public L returnState(boolean on) {
    this.returnState = on;
    return self();
  }

  /** Reads the sequence backwards and returns the outputs in that (reversed) order. */
  public L goBackwards(boolean on) {
    this.goBackwards = on;
    return self();
  }

  /**
   * Carries the last states of a batch over as the initial states of the next (Keras's {@code
   * stateful}); the batch size must stay the one of the first batch until {@link #resetStates()}.
   */
  public L stateful(boolean on) {
    this.stateful = on;
    return self();
  }

  /**
   * Accepted for Keras compatibility ({@code unroll}): the native kernel already runs the steps in
   * one call, so unrolling changes nothing here.
   */
  public L unroll(boolean on) {
    this.unroll = on;
    return self();
  }

  /**
   * Declares the full input shape, batch size first (Keras's {@code batch_input_shape=(1, 1, 1)}
   * for a stateful layer): batches of another size are then rejected naming both sizes.
   */
  public L batchInputShape(long... shape) {
    if (shape == null || shape.length != 3 || shape[0] <= 0) {
      throw new IllegalArgumentException(
          className()
              + ": argument 'batch_input_shape' expected (batch, timesteps, features) with a"
              + " positive batch but was "
              + java.util.Arrays.toString(shape));
    }
    super.inputShape(shape[1], shape[2]);
    this.batchSize = shape[0];
    return self();
  }

  @Override
  public L activityRegularizer(Regularizer r) {
    super.activityRegularizer(r);
    this.activityRegularizerValue = r;
    return self();
  }

  @Override
  public L inputShape(long... shape) {
    super.inputShape(shape);
    return self();
  }

  @Override
  public L name(String newName) {
    super.name(newName);
    return self();
  }

  @Override
  public L trainable(boolean on) {
    super.trainable(on);
    return self();
  }

  /** Forgets the carried states of a stateful layer (the next batch starts from zeros). */
  public void resetStates() {
    if (states != null) {
      for (Tensor s : states) {
        s.close();
      }
    }
    states = null;
  }

  /** The input kernel (F, gates * units), after build. */
  public Variable kernel() {
    return cell == null ? null : cell.kernel;
  }

  /** The recurrent kernel (units, gates * units), after build. */
  public Variable recurrentKernel() {
    return cell == null ? null : cell.recurrentKernel;
  }

  /** The bias, or null without one, after build. */
  public Variable bias() {
    return cell == null ? null : cell.bias;
  }

  RnnSpec spec() {
    double slope = Activations.keras2HardSigmoid() ? 0.2 : 1.0 / 6.0;
    int act = RnnSpec.activationCode(activation);
    int ract =
        cellCode == NativeCore.MLN_RNN_SIMPLE ? act : RnnSpec.activationCode(recurrentActivation);
    return new RnnSpec(cellCode, act, ract, slope, goBackwards, resetAfter());
  }

  @Override
  protected void build(long[][] inputShapes) {
    long[] s = inputShapes[0];
    checkShapes(inputShapes);
    cell =
        track(
            "cell",
            new Cell(
                className() + "Cell",
                new Cell.Spec(
                    units,
                    gates(),
                    resetAfter(),
                    kernelInitializer,
                    recurrentInitializer,
                    biasInitializer,
                    useBias,
                    unitForgetBias(),
                    regularizers,
                    constraints),
                this::spec));
    cell.ensureBuilt(new long[][] {{s[0], s[2]}});
  }

  private void checkShapes(long[][] shapes) {
    long[] s = shapes[0];
    if (s.length != 3 || s[2] <= 0) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" ("
              + className()
              + "): expected an input of shape (batch, timesteps, features) with known features,"
              + " got "
              + KerasTensor.formatShape(s));
    }
    if (shapes.length != 1 && shapes.length != 1 + stateCount()) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" ("
              + className()
              + "): expected the sequence alone or followed by "
              + stateCount()
              + " initial state(s) of shape (batch, "
              + units
              + "), got "
              + (shapes.length - 1)
              + " state(s)");
    }
  }

  @Override
  protected void checkInputShapes(long[][] inputShapes) {
    checkShapes(inputShapes);
    long f = cell.kernel.shape()[0];
    if (inputShapes[0][2] != f) {
      throw shapeMismatch(new long[][] {{-1, -1, f}}, new long[][] {inputShapes[0]});
    }
  }

  @Override
  public long[][] computeOutputShapes(long[][] inputShapes) {
    long[] s = inputShapes[0];
    long[] out = returnSequences ? new long[] {s[0], s[1], units} : new long[] {s[0], units};
    if (!returnState) {
      return new long[][] {out};
    }
    long[][] r = new long[1 + stateCount()][];
    r[0] = out;
    for (int i = 1; i < r.length; i++) {
      r[i] = new long[] {s[0], units};
    }
    return r;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return computeOutputShapes(inputShapes)[0];
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return callAll(inputs, training)[0];
  }

  @Override
  public Tensor[] callAll(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    if (x.rank() != 3) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" ("
              + className()
              + "): expected an input of rank 3 (batch, timesteps, features) but got shape "
              + java.util.Arrays.toString(x.shape()));
    }
    long n = x.dim(0);
    if (batchSize > 0 && stateful && n != batchSize) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" ("
              + className()
              + ") is stateful with batch_input_shape batch size "
              + batchSize
              + " but got a batch of "
              + n);
    }
    Tensor h0 = null;
    Tensor c0 = null;
    if (inputs.length > 1) {
      h0 = inputs[1];
      c0 = inputs.length > 2 ? inputs[2] : null;
    } else if (stateful && states != null) {
      if (states[0].dim(0) != n) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\" ("
                + className()
                + ") is stateful with batch size "
                + states[0].dim(0)
                + " but got a batch of "
                + n
                + "; feed batches of one size (or call resetStates() first)");
      }
      h0 = states[0];
      c0 = states.length > 1 ? states[1] : null;
    }
    if (stateful) {
      // The carried states change between batches: a traced step would replay stale ones.
      NativeCore.mln_plan_mark(name() + " is stateful (its states change between batches)");
    }
    if (training && dropout > 0) {
      Tensor keep =
          seed == null
              ? Tensor.bernoulli(new long[] {n, 1, x.dim(2)}, 1 - dropout, x.dtype())
              : Tensor.bernoulli(new long[] {n, 1, x.dim(2)}, 1 - dropout, x.dtype(), seed);
      x = x.mul(keep.mul(1.0 / (1 - dropout)));
    }
    Tensor mask = null;
    if (training && recurrentDropout > 0) {
      Tensor keep =
          seed == null
              ? Tensor.bernoulli(new long[] {n, units}, 1 - recurrentDropout, x.dtype())
              : Tensor.bernoulli(new long[] {n, units}, 1 - recurrentDropout, x.dtype(), seed + 1);
      mask = keep.mul(1.0 / (1 - recurrentDropout));
    }
    Tensor[] r =
        Tensor.recurrent(
            spec(),
            x,
            cell.kernel.value(),
            cell.recurrentKernel.value(),
            cell.bias == null ? null : cell.bias.value(),
            h0,
            c0,
            mask);
    Tensor seq = r[0];
    Tensor last = seq.slice(":, -1, :");
    if (stateful) {
      resetStates();
      states = new Tensor[stateCount()];
      states[0] = last.copy().detach();
      if (stateCount() > 1) {
        states[1] = r[1].copy().detach();
      }
    }
    Tensor out = returnSequences ? seq : last;
    if (!returnState) {
      return new Tensor[] {out};
    }
    List<Tensor> all = new ArrayList<>();
    all.add(out);
    all.add(last);
    if (stateCount() > 1) {
      all.add(r[1]);
    }
    return all.toArray(new Tensor[0]);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    if (batchSize > 0 && c.get("batch_input_shape") instanceof List<?> shape) {
      List<Object> full = new ArrayList<>(shape);
      full.set(0, batchSize);
      c.put("batch_input_shape", full);
    }
    c.put("units", units);
    c.put("activation", activation);
    if (cellCode != NativeCore.MLN_RNN_SIMPLE) {
      c.put("recurrent_activation", recurrentActivation);
    }
    c.put("use_bias", useBias);
    c.put("kernel_initializer", Configs.serialize(kernelInitializer));
    c.put("recurrent_initializer", Configs.serialize(recurrentInitializer));
    c.put("bias_initializer", Configs.serialize(biasInitializer));
    if (cellCode == NativeCore.MLN_RNN_LSTM) {
      c.put("unit_forget_bias", unitForgetBias());
    }
    c.put("kernel_regularizer", Configs.serialize(regularizers[0]));
    c.put("recurrent_regularizer", Configs.serialize(regularizers[1]));
    c.put("bias_regularizer", Configs.serialize(regularizers[2]));
    c.put("activity_regularizer", Configs.serialize(activityRegularizerValue));
    c.put("kernel_constraint", Configs.serialize(constraints[0]));
    c.put("recurrent_constraint", Configs.serialize(constraints[1]));
    c.put("bias_constraint", Configs.serialize(constraints[2]));
    c.put("dropout", dropout);
    c.put("recurrent_dropout", recurrentDropout);
    c.put("seed", seed);
    c.put("return_sequences", returnSequences);
    c.put("return_state", returnState);
    c.put("go_backwards", goBackwards);
    c.put("stateful", stateful);
    c.put("unroll", unroll);
    c.put("zero_output_for_mask", false);
    if (cellCode == NativeCore.MLN_RNN_GRU) {
      c.put("reset_after", resetAfter());
    }
    return c;
  }

  /** Reads the options every recurrent layer shares from a Keras config into {@code l}. */
  static <L extends Recurrent<L>> L readConfig(L l, Map<String, Object> c, Map<String, ?> custom) {
    Object act = c.get("activation");
    if (act instanceof String s) {
      l.activation(s);
    }
    Object ract = c.get("recurrent_activation");
    if (ract instanceof String s) {
      l.recurrentActivation(s);
    }
    l.useBias(Configs.bool(c, "use_bias", true));
    if (c.get("kernel_initializer") != null) {
      l.kernelInitializer(Configs.initializer(c.get("kernel_initializer"), custom));
    }
    if (c.get("recurrent_initializer") != null) {
      l.recurrentInitializer(Configs.initializer(c.get("recurrent_initializer"), custom));
    }
    if (c.get("bias_initializer") != null) {
      l.biasInitializer(Configs.initializer(c.get("bias_initializer"), custom));
    }
    l.kernelRegularizer(Configs.regularizer(c.get("kernel_regularizer"), custom));
    l.recurrentRegularizer(Configs.regularizer(c.get("recurrent_regularizer"), custom));
    l.biasRegularizer(Configs.regularizer(c.get("bias_regularizer"), custom));
    if (c.get("activity_regularizer") != null) {
      l.activityRegularizer(Configs.regularizer(c.get("activity_regularizer"), custom));
    }
    l.kernelConstraint(Configs.constraint(c.get("kernel_constraint"), custom));
    l.recurrentConstraint(Configs.constraint(c.get("recurrent_constraint"), custom));
    l.biasConstraint(Configs.constraint(c.get("bias_constraint"), custom));
    l.dropout(Configs.num(c, "dropout", 0));
    l.recurrentDropout(Configs.num(c, "recurrent_dropout", 0));
    l.seed(Configs.seed(c));
    l.returnSequences(Configs.bool(c, "return_sequences", false));
    l.returnState(Configs.bool(c, "return_state", false));
    l.goBackwards(Configs.bool(c, "go_backwards", false));
    l.stateful(Configs.bool(c, "stateful", false));
    l.unroll(Configs.bool(c, "unroll", false));
    Object bis = c.get("batch_input_shape");
    if (bis != null) {
      long[] full = Configs.shape(bis, l.className() + " config 'batch_input_shape'");
      if (full.length == 3 && full[0] > 0) {
        l.batchInputShape(full);
      }
    }
    return l;
  }

  /**
   * The weights of a recurrent layer, owned as Keras 3 owns them: by the layer's {@code cell}
   * attribute ({@code LSTMCell}, ...), so a .keras file keeps them at {@code
   * layers/lstm/cell/vars}. The layer runs the whole sequence natively with them ({@link
   * Tensor#recurrent}).
   */
  static final class Cell extends Layer {
    /** What the owning layer asks for. */
    record Spec(
        long units,
        int gates,
        boolean resetAfter,
        Initializer kernelInitializer,
        Initializer recurrentInitializer,
        Initializer biasInitializer,
        boolean useBias,
        boolean unitForgetBias,
        Regularizer[] regularizers,
        Constraint[] constraints) {}

    private final Spec spec;
    private final String kerasClass;
    private final java.util.function.Supplier<dev.myelin.RnnSpec> step;
    Variable kernel;
    Variable recurrentKernel;
    Variable bias;

    Cell(String kerasClass, Spec spec, java.util.function.Supplier<dev.myelin.RnnSpec> step) {
      this.kerasClass = kerasClass;
      this.spec = spec;
      this.step = step;
    }

    @Override
    protected String defaultNamePrefix() {
      return LayerNames.snakeCase(kerasClass == null ? "Cell" : kerasClass);
    }

    @Override
    public String className() {
      return kerasClass;
    }

    @Override
    public void build(long[] inputShape) {
      long in = inputShape[inputShape.length - 1];
      long u = spec.units();
      long ku = spec.gates() * u;
      Regularizer[] r = spec.regularizers();
      Constraint[] c = spec.constraints();
      kernel = addWeight("kernel", new long[] {in, ku}, spec.kernelInitializer(), r[0], c[0], true);
      recurrentKernel =
          addWeight(
              "recurrent_kernel",
              new long[] {u, ku},
              spec.recurrentInitializer(),
              r[1],
              c[1],
              true);
      if (spec.useBias()) {
        long[] shape = spec.resetAfter() ? new long[] {2, ku} : new long[] {ku};
        Initializer bi = spec.biasInitializer();
        if (spec.unitForgetBias()) {
          // Keras: zeros except ones for the forget gate (the second block of units).
          Initializer base = bi;
          bi =
              new Initializer() {
                @Override
                public Tensor apply(long[] s, dev.myelin.DType dtype) {
                  Tensor a = base.apply(new long[] {u}, dtype);
                  Tensor f = Tensor.ones(dtype, u);
                  Tensor b = base.apply(new long[] {2 * u}, dtype);
                  return Tensor.concat(0, a, f, b);
                }

                @Override
                public String name() {
                  return base.name();
                }
              };
        }
        bias = addWeight("bias", shape, bi, r[2], c[2], true);
      }
    }

    @Override
    public long[] computeOutputShape(long[][] inputShapes) {
      return new long[] {inputShapes[0][0], spec.units()};
    }

    /**
     * One step, as Keras's cell call: inputs x (N, F), h (N, units) and, for an LSTM, c; returns
     * the new h (the owner runs whole sequences natively instead).
     */
    @Override
    public Tensor call(Tensor[] inputs, boolean training) {
      Tensor x = inputs[0];
      Tensor seq = x.reshape(x.dim(0), 1, x.dim(1));
      Tensor[] out =
          Tensor.recurrent(
              step.get(),
              seq,
              kernel.value(),
              recurrentKernel.value(),
              bias == null ? null : bias.value(),
              inputs.length > 1 ? inputs[1] : null,
              inputs.length > 2 ? inputs[2] : null,
              null);
      return out[0].reshape(x.dim(0), spec.units());
    }
  }
}
