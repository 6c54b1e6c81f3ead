package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.RnnSpec;
import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.activations.Activations;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.internal.NativeCore;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.internal.Configs;
import java.util.Map;

/**
 * The built-in cells ({@link SimpleRNNCell}, {@link LSTMCell}, {@link GRUCell}): Keras's cell
 * options and weights ({@code kernel} (features, k * units), {@code recurrent_kernel} (units, k *
 * units), {@code bias}), and a whole sequence in one native call ({@link Tensor#recurrent}) with
 * the cell's dropout masks drawn once per sequence. {@link SimpleRNN}, {@link LSTM} and {@link GRU}
 * own one as their {@code cell}; {@link RNN} runs one given to it the same way.
 *
 * @param <C> the concrete cell, so option setters chain
 */
public abstract class BaseRNNCell<C extends BaseRNNCell<C>> extends RNNCell {
  /** The Keras config keys every built-in cell reads besides units (one setter each). */
  static final java.util.List<String> KEYS =
      java.util.List.of(
          "activation",
          "recurrent_activation",
          "use_bias",
          "kernel_initializer",
          "recurrent_initializer",
          "bias_initializer",
          "kernel_regularizer",
          "recurrent_regularizer",
          "bias_regularizer",
          "kernel_constraint",
          "recurrent_constraint",
          "bias_constraint",
          "dropout",
          "recurrent_dropout",
          "seed");

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
  double dropout;
  double recurrentDropout;
  Long seed;
  Variable kernel;
  Variable recurrentKernel;
  Variable bias;

  BaseRNNCell(long units, int cellCode) {
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
  private C self() {
    return (C) this;
  }

  /** The gate count: 1, 4 (LSTM: i, f, c, o) or 3 (GRU: z, r, h). */
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

  @Override
  public long[] stateSize() {
    return cellCode == NativeCore.MLN_RNN_LSTM ? new long[] {units, units} : new long[] {units};
  }

  /** Sets the output activation by Keras name (default "tanh"). */
  public C activation(String name) {
    this.activation = checkActivation("activation", name);
    return self();
  }

  /** Sets the gate activation by Keras name (Keras 3: "sigmoid"; Keras 2: "hard_sigmoid"). */
  public C recurrentActivation(String name) {
    this.recurrentActivation = checkActivation("recurrent_activation", name);
    return self();
  }

  String checkActivation(String arg, String name) {
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
  public C useBias(boolean on) {
    this.useBias = on;
    return self();
  }

  /** Sets the input kernel's initializer (default "glorot_uniform"). */
  public C kernelInitializer(Initializer i) {
    this.kernelInitializer = i;
    return self();
  }

  /** Sets the recurrent kernel's initializer (default "orthogonal"). */
  public C recurrentInitializer(Initializer i) {
    this.recurrentInitializer = i;
    return self();
  }

  /** Sets the bias initializer (default "zeros"). */
  public C biasInitializer(Initializer i) {
    this.biasInitializer = i;
    return self();
  }

  /** Adds a penalty on the input kernel, the recurrent kernel or the bias (index 0, 1, 2). */
  C regularizer(int which, Regularizer r) {
    regularizers[which] = r;
    return self();
  }

  /** Constrains the input kernel, the recurrent kernel or the bias (index 0, 1, 2). */
  C constraint(int which, Constraint c) {
    constraints[which] = c;
    return self();
  }

  /** Adds a penalty on the input kernel to the loss. */
  public C kernelRegularizer(Regularizer r) {
    return regularizer(0, r);
  }

  /** Adds a penalty on the recurrent kernel to the loss. */
  public C recurrentRegularizer(Regularizer r) {
    return regularizer(1, r);
  }

  /** Adds a penalty on the bias to the loss. */
  public C biasRegularizer(Regularizer r) {
    return regularizer(2, r);
  }

  /** Constrains the input kernel after each update. */
  public C kernelConstraint(Constraint c) {
    return constraint(0, c);
  }

  /** Constrains the recurrent kernel after each update. */
  public C recurrentConstraint(Constraint c) {
    return constraint(1, c);
  }

  /** Constrains the bias after each update. */
  public C biasConstraint(Constraint c) {
    return constraint(2, c);
  }

  /** Drops this fraction of the input features in training (one mask for all steps). */
  public C dropout(double rate) {
    this.dropout = checkRate("dropout", rate);
    return self();
  }

  /** Drops this fraction of the previous state in training (one mask for all steps). */
  public C recurrentDropout(double rate) {
    this.recurrentDropout = checkRate("recurrent_dropout", rate);
    return self();
  }

  double checkRate(String arg, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          className() + ": argument '" + arg + "' expected a rate in [0, 1) but was " + rate);
    }
    return rate;
  }

  /** Seeds the dropout masks. */
  public C seed(Long s) {
    this.seed = s;
    return self();
  }

  @Override
  public C name(String newName) {
    super.name(newName);
    return self();
  }

  /** The input kernel (F, gates * units), after build. */
  public Variable kernel() {
    return kernel;
  }

  /** The recurrent kernel (units, gates * units), after build. */
  public Variable recurrentKernel() {
    return recurrentKernel;
  }

  /** The bias, or null without one, after build. */
  public Variable bias() {
    return bias;
  }

  /** What the native kernel runs for this cell, read at each call (the hard_sigmoid slope too). */
  RnnSpec spec(boolean goBackwards) {
    double slope = Activations.keras2HardSigmoid() ? 0.2 : 1.0 / 6.0;
    int act = RnnSpec.activationCode(activation);
    int ract =
        cellCode == NativeCore.MLN_RNN_SIMPLE ? act : RnnSpec.activationCode(recurrentActivation);
    return new RnnSpec(cellCode, act, ract, slope, goBackwards, resetAfter());
  }

  @Override
  public void build(long[] inputShape) {
    long in = inputShape[inputShape.length - 1];
    long u = units;
    long ku = gates() * u;
    kernel =
        addWeight(
            "kernel",
            new long[] {in, ku},
            kernelInitializer,
            regularizers[0],
            constraints[0],
            true);
    recurrentKernel =
        addWeight(
            "recurrent_kernel",
            new long[] {u, ku},
            recurrentInitializer,
            regularizers[1],
            constraints[1],
            true);
    if (useBias) {
      long[] shape = resetAfter() ? new long[] {2, ku} : new long[] {ku};
      Initializer bi = biasInitializer;
      if (unitForgetBias()) {
        // Keras: zeros except ones for the forget gate (the second block of units).
        Initializer base = bi;
        bi =
            new Initializer() {
              @Override
              public Tensor apply(long[] s, DType dtype) {
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
      bias = addWeight("bias", shape, bi, regularizers[2], constraints[2], true);
    }
  }

  /**
   * The whole sequence {@code x} (N, T, F) natively: returns the outputs of every step (N, T,
   * units, in processing order) and an LSTM's last c (else null). Dropout masks (training only) are
   * drawn once per sequence, as Keras's cells draw them; {@code steps} is the (N, T) 0/1 mask of
   * Keras's masking, or null.
   */
  Tensor[] sequence(
      Tensor x, Tensor h0, Tensor c0, Tensor steps, boolean goBackwards, boolean training) {
    long n = x.dim(0);
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
    return Tensor.recurrent(
        spec(goBackwards),
        x,
        kernel.value(),
        recurrentKernel.value(),
        bias == null ? null : bias.value(),
        h0,
        c0,
        mask,
        steps);
  }

  /** One step natively: the new h is the output and the first new state (c follows for an LSTM). */
  @Override
  public Tensor[] call(Tensor input, Tensor[] states, boolean training) {
    Tensor seq = input.reshape(input.dim(0), 1, input.dim(1));
    Tensor[] r =
        sequence(
            seq,
            states.length > 0 ? states[0] : null,
            states.length > 1 ? states[1] : null,
            null,
            false,
            training);
    Tensor h = r[0].reshape(input.dim(0), units);
    return r[1] == null ? new Tensor[] {h, h} : new Tensor[] {h, h, r[1]};
  }

  @Override
  public Tensor[] call(Tensor input, Tensor[] states) {
    return call(input, states, false);
  }

  /** Keras's cell config: units, the activations, the weight options, dropout and the seed. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    putOptions(c, false, null);
    return c;
  }

  /**
   * Writes the options that a cell and a layer owning it ({@link Recurrent}: SimpleRNN, LSTM, GRU,
   * whose config is flat) both save, each in the order Keras writes them: a layer ({@code asLayer})
   * puts unit_forget_bias after the initializers, adds its {@code activityRegularizer} after the
   * weight regularizers and leaves reset_after to its own config.
   */
  void putOptions(Map<String, Object> c, boolean asLayer, Regularizer activityRegularizer) {
    boolean lstm = cellCode == NativeCore.MLN_RNN_LSTM;
    c.put("units", units);
    c.put("activation", activation);
    if (cellCode != NativeCore.MLN_RNN_SIMPLE) {
      c.put("recurrent_activation", recurrentActivation);
    }
    c.put("use_bias", useBias);
    if (lstm && !asLayer) {
      c.put("unit_forget_bias", unitForgetBias());
    }
    c.put("kernel_initializer", Configs.serialize(kernelInitializer));
    c.put("recurrent_initializer", Configs.serialize(recurrentInitializer));
    c.put("bias_initializer", Configs.serialize(biasInitializer));
    if (lstm && asLayer) {
      c.put("unit_forget_bias", unitForgetBias());
    }
    c.put("kernel_regularizer", Configs.serialize(regularizers[0]));
    c.put("recurrent_regularizer", Configs.serialize(regularizers[1]));
    c.put("bias_regularizer", Configs.serialize(regularizers[2]));
    if (asLayer) {
      c.put("activity_regularizer", Configs.serialize(activityRegularizer));
    }
    c.put("kernel_constraint", Configs.serialize(constraints[0]));
    c.put("recurrent_constraint", Configs.serialize(constraints[1]));
    c.put("bias_constraint", Configs.serialize(constraints[2]));
    c.put("dropout", dropout);
    c.put("recurrent_dropout", recurrentDropout);
    if (cellCode == NativeCore.MLN_RNN_GRU && !asLayer) {
      c.put("reset_after", resetAfter());
    }
    c.put("seed", seed);
  }

  /** Reads the options every built-in cell shares from a Keras config into {@code l}. */
  static <C extends BaseRNNCell<?>> C readConfig(
      C l, Map<String, Object> c, Map<String, ?> custom) {
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
    l.kernelConstraint(Configs.constraint(c.get("kernel_constraint"), custom));
    l.recurrentConstraint(Configs.constraint(c.get("recurrent_constraint"), custom));
    l.biasConstraint(Configs.constraint(c.get("bias_constraint"), custom));
    l.dropout(Configs.num(c, "dropout", 0));
    l.recurrentDropout(Configs.num(c, "recurrent_dropout", 0));
    l.seed(Configs.seed(c));
    return l;
  }
}
