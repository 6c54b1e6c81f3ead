package dev.myelin.layers;

import dev.myelin.Variable;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.internal.NativeCore;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared part of {@link SimpleRNN}, {@link LSTM} and {@link GRU}: an {@link RNN} over the
 * matching built-in cell ({@link SimpleRNNCell}, {@link LSTMCell}, {@link GRUCell}), whose options
 * it sets and whose config it writes flat, as Keras's layers do. The weights belong to the {@code
 * cell} sub-layer (a .keras file keeps them at {@code layers/lstm/cell/vars}); the whole sequence
 * runs in one native call ({@link dev.myelin.Tensor#recurrent}) forward and backward.
 *
 * <p>Input: {@code (batch, timesteps, features)}, optionally followed by the initial states ({@code
 * h}, and {@code c} for an LSTM). Output: {@code (batch, units)}, or {@code (batch, timesteps,
 * units)} with {@code returnSequences}; with {@code returnState} the last states follow as further
 * outputs ({@link #applyAll}).
 *
 * @param <L> the concrete layer, so option setters chain
 */
public abstract class Recurrent<L extends Recurrent<L>> extends RNN {
  /**
   * The Keras config keys every recurrent layer reads besides units (one setter each): its cell's,
   * with the layer's activity_regularizer after bias_regularizer as Keras orders them, then the
   * sequence options of {@link RNN}.
   */
  static final List<String> KEYS = layerKeys();

  private static List<String> layerKeys() {
    List<String> k = new ArrayList<>(BaseRNNCell.KEYS);
    k.add(k.indexOf("bias_regularizer") + 1, "activity_regularizer");
    k.addAll(SEQUENCE_KEYS);
    return List.copyOf(k);
  }

  private Regularizer activityRegularizerValue;

  Recurrent(BaseRNNCell<?> cell) {
    super(cell);
  }

  @SuppressWarnings("unchecked")
  private L self() {
    return (L) this;
  }

  /** The built-in cell this layer runs. */
  BaseRNNCell<?> builtInCell() {
    return (BaseRNNCell<?>) cell;
  }

  /** The number of units (the size of the output and of each state). */
  public long units() {
    return builtInCell().units;
  }

  /** Sets the output activation by Keras name (default "tanh"). */
  public L activation(String name) {
    builtInCell().activation(name);
    return self();
  }

  /** Sets the gate activation by Keras name (Keras 3: "sigmoid"; Keras 2: "hard_sigmoid"). */
  public L recurrentActivation(String name) {
    builtInCell().recurrentActivation(name);
    return self();
  }

  /** Whether to add a bias (default true). */
  public L useBias(boolean on) {
    builtInCell().useBias(on);
    return self();
  }

  /** Sets the input kernel's initializer (default "glorot_uniform"). */
  public L kernelInitializer(Initializer i) {
    builtInCell().kernelInitializer(i);
    return self();
  }

  /** Sets the recurrent kernel's initializer (default "orthogonal"). */
  public L recurrentInitializer(Initializer i) {
    builtInCell().recurrentInitializer(i);
    return self();
  }

  /** Sets the bias initializer (default "zeros"). */
  public L biasInitializer(Initializer i) {
    builtInCell().biasInitializer(i);
    return self();
  }

  /** Adds a penalty on the input kernel to the loss. */
  public L kernelRegularizer(Regularizer r) {
    builtInCell().regularizer(0, r);
    return self();
  }

  /** Adds a penalty on the recurrent kernel to the loss. */
  public L recurrentRegularizer(Regularizer r) {
    builtInCell().regularizer(1, r);
    return self();
  }

  /** Adds a penalty on the bias to the loss. */
  public L biasRegularizer(Regularizer r) {
    builtInCell().regularizer(2, r);
    return self();
  }

  /** Constrains the input kernel after each update. */
  public L kernelConstraint(Constraint c) {
    builtInCell().constraint(0, c);
    return self();
  }

  /** Constrains the recurrent kernel after each update. */
  public L recurrentConstraint(Constraint c) {
    builtInCell().constraint(1, c);
    return self();
  }

  /** Constrains the bias after each update. */
  public L biasConstraint(Constraint c) {
    builtInCell().constraint(2, c);
    return self();
  }

  /** Drops this fraction of the input features in training (one mask for all steps). */
  public L dropout(double rate) {
    builtInCell().dropout(rate);
    return self();
  }

  /** Drops this fraction of the previous state in training (one mask for all steps). */
  public L recurrentDropout(double rate) {
    builtInCell().recurrentDropout(rate);
    return self();
  }

  /** Seeds the dropout masks. */
  public L seed(Long s) {
    builtInCell().seed(s);
    return self();
  }

  @Override
  public L returnSequences(boolean on) {
    super.returnSequences(on);
    return self();
  }

  @Override
  public L returnState(boolean on) {
    super.returnState(on);
    return self();
  }

  @Override
  public L goBackwards(boolean on) {
    super.goBackwards(on);
    return self();
  }

  @Override
  public L stateful(boolean on) {
    super.stateful(on);
    return self();
  }

  @Override
  public L unroll(boolean on) {
    super.unroll(on);
    return self();
  }

  @Override
  public L zeroOutputForMask(boolean on) {
    super.zeroOutputForMask(on);
    return self();
  }

  @Override
  public L batchInputShape(long... shape) {
    super.batchInputShape(shape);
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

  /** The input kernel (F, gates * units), after build. */
  public Variable kernel() {
    return builtInCell().kernel;
  }

  /** The recurrent kernel (units, gates * units), after build. */
  public Variable recurrentKernel() {
    return builtInCell().recurrentKernel;
  }

  /** The bias, or null without one, after build. */
  public Variable bias() {
    return builtInCell().bias;
  }

  /** Keras's flat config of SimpleRNN/LSTM/GRU: the cell's options, no "cell" entry. */
  @Override
  void putCellOptions(Map<String, Object> c) {
    builtInCell().putOptions(c, true, activityRegularizerValue);
  }

  @Override
  void putCellConfig(Map<String, Object> c) {
    if (builtInCell().cellCode == NativeCore.MLN_RNN_GRU) {
      c.put("reset_after", builtInCell().resetAfter());
    }
  }

  /** Reads the options every recurrent layer shares from a Keras config into {@code l}. */
  static <L extends Recurrent<L>> L readConfig(L l, Map<String, Object> c, Map<String, ?> custom) {
    BaseRNNCell.readConfig(l.builtInCell(), c, custom);
    if (c.get("activity_regularizer") != null) {
      l.activityRegularizer(Configs.regularizer(c.get("activity_regularizer"), custom));
    }
    return readLayerConfig(l, c);
  }
}
