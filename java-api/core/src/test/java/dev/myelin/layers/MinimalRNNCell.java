package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.initializers.Initializer;
import java.util.Map;

/**
 * A user-written cell, {@code h = tanh(x K + h R)} (Keras's guide example, no bias), registered as
 * {@code Custom>MinimalRNNCell} like its Python twin in tests/fixtures/keras_cells.py.
 */
public class MinimalRNNCell extends RNNCell {
  private final long units;
  Variable kernel;
  Variable recurrentKernel;

  /** A cell of {@code units} outputs. */
  public MinimalRNNCell(long units) {
    this.units = units;
  }

  @Override
  public long[] stateSize() {
    return new long[] {units};
  }

  @Override
  public void build(long[] inputShape) {
    kernel =
        addWeight(
            "kernel",
            new long[] {inputShape[inputShape.length - 1], units},
            Initializer.get("glorot_uniform"),
            true);
    recurrentKernel =
        addWeight(
            "recurrent_kernel", new long[] {units, units}, Initializer.get("orthogonal"), true);
  }

  @Override
  public Tensor[] call(Tensor input, Tensor[] states) {
    Tensor h = input.matmul(kernel.value()).add(states[0].matmul(recurrentKernel.value())).tanh();
    return new Tensor[] {h, h};
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    return c;
  }

  /** Registers the class as Keras's {@code Custom>MinimalRNNCell}. */
  public static void register() {
    Layers.register(
        "MinimalRNNCell", c -> new MinimalRNNCell(((Number) c.get("units")).longValue()));
  }
}
