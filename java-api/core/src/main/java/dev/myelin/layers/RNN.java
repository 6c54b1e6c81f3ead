package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.internal.NativeCore;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A recurrent layer over any cell, Keras's {@code RNN(cell)}: runs the cell over the time steps of
 * {@code (batch, timesteps, features)} and returns the last output {@code (batch, units)}, or all
 * of them with {@code returnSequences}; with {@code returnState} the last states follow. The
 * built-in cells ({@link SimpleRNNCell}, {@link LSTMCell}, {@link GRUCell}, and {@link
 * StackedRNNCells} of them) run the whole sequence in one native call each, as {@link SimpleRNN},
 * {@link LSTM} and {@link GRU} do (they are RNNs with those cells); a cell written in Java ({@link
 * RNNCell}) runs step by step. Masks ({@link Masks}) skip time steps as in Keras: the states carry
 * over and the output repeats the previous one ({@link #zeroOutputForMask}: zeros).
 *
 * <p>Input: the sequence, optionally followed by the initial states (Keras's {@code
 * initial_state=}); a stateful layer carries its last states over to the next batch.
 *
 * <pre>{@code
 * KerasTensor x = Input.of(10, 8);
 * KerasTensor y = new RNN(new LSTMCell(32)).returnSequences(true).apply(x);
 * KerasTensor z = new RNN(new StackedRNNCells(new GRUCell(16), new GRUCell(8))).apply(y);
 * }</pre>
 */
public class RNN extends Layer {
  /** The Keras config keys of the sequence options every recurrent layer reads (a setter each). */
  static final List<String> SEQUENCE_KEYS =
      List.of(
          "return_sequences",
          "return_state",
          "go_backwards",
          "stateful",
          "unroll",
          "zero_output_for_mask");

  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        RNN.class,
        "RNN",
        List.of(),
        SEQUENCE_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  final RNNCell cell;
  boolean returnSequences;
  boolean returnState;
  boolean goBackwards;
  boolean stateful;
  boolean unroll;
  boolean zeroOutputForMask;
  private long batchSize = -1;
  private Tensor[] states;

  /** Runs {@code cell} over sequences. */
  public RNN(RNNCell cell) {
    if (cell == null) {
      throw new IllegalArgumentException("RNN: argument 'cell' expected an RNNCell but was null");
    }
    this.cell = track("cell", cell);
  }

  /** The cell the layer runs. */
  public RNNCell cell() {
    return cell;
  }

  /** Returns the output of every step (default: only the last). */
  public RNN returnSequences(boolean on) {
    this.returnSequences = on;
    return this;
  }

  /** Also returns the last states as further outputs (use {@link #applyAll}). */
  public RNN returnState(boolean on) {
    this.returnState = on;
    return this;
  }

  /** Reads the sequence backwards and returns the outputs in that (reversed) order. */
  public RNN goBackwards(boolean on) {
    this.goBackwards = on;
    return this;
  }

  /**
   * Carries the last states of a batch over as the initial states of the next (Keras's {@code
   * stateful}); the batch size must stay the one of the first batch until {@link #resetStates()}.
   */
  public RNN stateful(boolean on) {
    this.stateful = on;
    return this;
  }

  /**
   * Accepted for Keras compatibility ({@code unroll}): the native kernel already runs the steps in
   * one call, and a Java cell's steps are unrolled anyway, so unrolling changes nothing here.
   */
  public RNN unroll(boolean on) {
    this.unroll = on;
    return this;
  }

  /**
   * Outputs zeros at masked time steps instead of repeating the previous output (Keras's {@code
   * zero_output_for_mask}, default false; {@link Bidirectional} sets it to {@code return_sequences}
   * as Keras does). The states carry over either way.
   */
  public RNN zeroOutputForMask(boolean on) {
    this.zeroOutputForMask = on;
    return this;
  }

  /**
   * Declares the full input shape, batch size first (Keras's {@code batch_input_shape=(1, 1, 1)}
   * for a stateful layer): batches of another size are then rejected naming both sizes.
   */
  public RNN batchInputShape(long... shape) {
    if (shape == null || shape.length != 3 || shape[0] <= 0) {
      throw new IllegalArgumentException(
          className()
              + ": argument 'batch_input_shape' expected (batch, timesteps, features) with a"
              + " positive batch but was "
              + Arrays.toString(shape));
    }
    super.inputShape(shape[1], shape[2]);
    this.batchSize = shape[0];
    return this;
  }

  /** The batch size declared by {@link #batchInputShape}, or -1. */
  long declaredBatchSize() {
    return batchSize;
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

  /** How many state tensors the layer carries (h; and c for an LSTM; all cells' for a stack). */
  int stateCount() {
    return cell.stateSize().length;
  }

  @Override
  protected void build(long[][] inputShapes) {
    long[] s = inputShapes[0];
    checkShapes(inputShapes);
    cell.ensureBuilt(new long[][] {{s[0], s[2]}});
  }

  private IllegalArgumentException badInput(String what) {
    return new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + "): " + what);
  }

  private void checkShapes(long[][] shapes) {
    long[] s = shapes[0];
    if (s.length != 3 || s[2] <= 0) {
      throw badInput(
          "expected an input of shape (batch, timesteps, features) with known features, got "
              + KerasTensor.formatShape(s));
    }
    if (shapes.length != 1 && shapes.length != 1 + stateCount()) {
      throw badInput(
          "expected the sequence alone or followed by "
              + stateCount()
              + " initial state(s) of shape (batch, "
              + Arrays.toString(cell.stateSize())
              + "), got "
              + (shapes.length - 1)
              + " state(s)");
    }
  }

  @Override
  protected void checkInputShapes(long[][] inputShapes) {
    checkShapes(inputShapes);
    long[][] built = cell.builtInputShapes();
    long f = built == null ? -1 : built[0][built[0].length - 1];
    if (f > 0 && inputShapes[0][2] != f) {
      throw shapeMismatch(new long[][] {{-1, -1, f}}, new long[][] {inputShapes[0]});
    }
  }

  @Override
  public long[][] computeOutputShapes(long[][] inputShapes) {
    long[] s = inputShapes[0];
    long u = cell.outputSize();
    long[] out = returnSequences ? new long[] {s[0], s[1], u} : new long[] {s[0], u};
    if (!returnState) {
      return new long[][] {out};
    }
    long[] sizes = cell.stateSize();
    long[][] r = new long[1 + sizes.length][];
    r[0] = out;
    for (int i = 0; i < sizes.length; i++) {
      r[1 + i] = new long[] {s[0], sizes[i]};
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
    return run(inputs, null, training);
  }

  /** Recurrent layers skip masked time steps (Keras's RNN with {@code mask}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** The input's mask goes on with the sequence ({@code return_sequences}), else none. */
  @Override
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    return returnSequences && masks.length > 0 ? masks[0] : null;
  }

  /**
   * Skips the time steps the sequence's mask marks false: the states carry over and the step's
   * output repeats the previous one (zeros with {@link #zeroOutputForMask}). As in Keras, the mask
   * reaches the call only when the sequence comes alone (no initial states).
   */
  @Override
  public Tensor[] callAll(Tensor[] inputs, Tensor[] masks, boolean training) {
    return run(inputs, inputs.length == 1 ? masks[0] : null, training);
  }

  private Tensor[] run(Tensor[] inputs, Tensor stepMask, boolean training) {
    Tensor x = inputs[0];
    if (x.rank() != 3) {
      throw badInput(
          "expected an input of rank 3 (batch, timesteps, features) but got shape "
              + Arrays.toString(x.shape()));
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
    Tensor[] initial = new Tensor[stateCount()];
    if (inputs.length > 1) {
      System.arraycopy(inputs, 1, initial, 0, Math.min(initial.length, inputs.length - 1));
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
      initial = states.clone();
    }
    if (stateful) {
      // The carried states change between batches: a traced step would replay stale ones.
      NativeCore.mln_plan_mark(name() + " is stateful (its states change between batches)");
    }
    Tensor steps = Masks.asFloat(stepMask, x.dtype());
    if (steps != null && (steps.rank() != 2 || steps.dim(0) != n || steps.dim(1) != x.dim(1))) {
      throw badInput(
          "expected a mask of shape "
              + Arrays.toString(new long[] {n, x.dim(1)})
              + " (batch, timesteps) but got "
              + Arrays.toString(steps.shape()));
    }
    // r[0]: the outputs of every step in processing order; then the last states
    Tensor[] r = CellRunner.run(cell, x, initial, steps, goBackwards, zeroOutputForMask, training);
    Tensor seq = r[0];
    if (stateful) {
      resetStates();
      states = new Tensor[r.length - 1];
      for (int i = 1; i < r.length; i++) {
        states[i - 1] = r[i].copy().detach();
      }
    }
    Tensor out = returnSequences ? seq : seq.slice(":, -1, :");
    if (!returnState) {
      return new Tensor[] {out};
    }
    Tensor[] all = r.clone();
    all[0] = out;
    return all;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    if (batchSize > 0 && c.get("batch_input_shape") instanceof List<?> shape) {
      List<Object> full = new ArrayList<>(shape);
      full.set(0, batchSize);
      c.put("batch_input_shape", full);
    }
    putCellOptions(c);
    c.put("return_sequences", returnSequences);
    c.put("return_state", returnState);
    c.put("go_backwards", goBackwards);
    c.put("stateful", stateful);
    c.put("unroll", unroll);
    c.put("zero_output_for_mask", zeroOutputForMask);
    putCellConfig(c);
    return c;
  }

  /** Writes the cell's options before the layer's flags (the flat configs of LSTM and the like). */
  void putCellOptions(Map<String, Object> c) {}

  /** Writes the cell after the layer's flags: Keras's {@code "cell"} entry. */
  void putCellConfig(Map<String, Object> c) {
    c.put("cell", serializedCell(cell));
  }

  /**
   * A cell as Keras serializes it: {@code keras.layers} for a built-in one, no module and its
   * {@code registered_name} for one registered with {@link Layers#register}.
   */
  static Map<String, Object> serializedCell(RNNCell cell) {
    String registered = Layers.registeredName(cell.className());
    Map<String, Object> m =
        Configs.serialized(
            registered == null ? "keras.layers" : null, cell.className(), cell.getConfig());
    if (registered != null) {
      m.put("registered_name", registered);
    }
    return m;
  }

  /**
   * Reads the options of the RNN layer itself (not its cell's) from a Keras config into {@code l}.
   */
  static <L extends RNN> L readLayerConfig(L l, Map<String, Object> c) {
    l.returnSequences(Configs.bool(c, "return_sequences", false));
    l.returnState(Configs.bool(c, "return_state", false));
    l.goBackwards(Configs.bool(c, "go_backwards", false));
    l.stateful(Configs.bool(c, "stateful", false));
    l.unroll(Configs.bool(c, "unroll", false));
    l.zeroOutputForMask(Configs.bool(c, "zero_output_for_mask", false));
    Object bis = c.get("batch_input_shape");
    if (bis != null) {
      long[] full = Configs.shape(bis, l.className() + " config 'batch_input_shape'");
      if (full.length == 3 && full[0] > 0) {
        l.batchInputShape(full);
      }
    }
    return l;
  }

  /** A new RNN from its Keras config: the cell's serialized config and the layer's options. */
  public static RNN fromConfig(Map<String, Object> c, Map<String, ?> custom) {
    return readLayerConfig(new RNN(cellFromConfig(c.get("cell"), "RNN config 'cell'", custom)), c);
  }

  /** A cell from its serialized Keras config ({@code class_name} and {@code config}). */
  static RNNCell cellFromConfig(Object o, String what, Map<String, ?> custom) {
    Map<String, Object> m = Configs.map(o, what);
    Layer l = Layers.fromConfig(Configs.className(m), Configs.map(m.get("config"), what), custom);
    if (!(l instanceof RNNCell cell)) {
      throw new IllegalArgumentException(
          what + ": expected a recurrent cell (RNNCell) but was " + l.className());
    }
    return cell;
  }
}
