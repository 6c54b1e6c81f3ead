package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.Arrays;

/**
 * A recurrent cell, Keras's cell protocol: one time step {@code call(input, states)} returning the
 * step's output and the new states, and {@link #stateSize()}. {@link RNN} runs a cell over a whole
 * sequence. The built-in cells ({@link SimpleRNNCell}, {@link LSTMCell}, {@link GRUCell} and {@link
 * StackedRNNCells} of them) run whole sequences natively; a cell written in Java runs step by step
 * from its tensor operations, differentiated automatically.
 *
 * <pre>{@code
 * class MinimalRNNCell extends RNNCell {
 *   final long units; Variable kernel, recurrent;
 *   MinimalRNNCell(long units) { this.units = units; }
 *   public long[] stateSize() { return new long[] {units}; }
 *   public void build(long[] inputShape) {
 *     kernel = addWeight("kernel", new long[] {inputShape[1], units}, Initializer.get("glorot_uniform"), true);
 *     recurrent = addWeight("recurrent_kernel", new long[] {units, units}, Initializer.get("orthogonal"), true);
 *   }
 *   public Tensor[] call(Tensor input, Tensor[] states) {
 *     Tensor h = input.matmul(kernel.value()).add(states[0].matmul(recurrent.value()));
 *     return new Tensor[] {h, h};   // the output, then the new states
 *   }
 * }
 * Layer rnn = new RNN(new MinimalRNNCell(32));
 * }</pre>
 */
public abstract class RNNCell extends Layer {
  /** A cell named after its class. */
  protected RNNCell() {}

  /** The size of each state the cell carries (Keras's {@code state_size}), e.g. {units, units}. */
  public abstract long[] stateSize();

  /** The size of the cell's output (Keras's {@code output_size}): by default the first state's. */
  public long outputSize() {
    return stateSize()[0];
  }

  /**
   * One time step: {@code input} (batch, features) and the states (each (batch, size)); returns the
   * step's output followed by the new states, one per {@link #stateSize()} entry.
   */
  public abstract Tensor[] call(Tensor input, Tensor[] states);

  /**
   * One time step in training ({@code training} true) or inference: {@link #call(Tensor, Tensor[])}
   * unless the cell behaves differently in training.
   */
  public Tensor[] call(Tensor input, Tensor[] states, boolean training) {
    return call(input, states);
  }

  /**
   * Where among the flattened states the previous step's output sits (Keras's masked step repeats
   * it): the first state, or for {@link StackedRNNCells} the last cell's first.
   */
  int previousOutputState() {
    return 0;
  }

  /** As a layer: inputs = the step's input then the states; the output is the step's output. */
  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return call(inputs[0], Arrays.copyOfRange(inputs, 1, inputs.length), training)[0];
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return new long[] {inputShapes[0][0], outputSize()};
  }
}
