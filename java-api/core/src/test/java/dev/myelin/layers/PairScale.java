package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.initializers.Initializer;
import java.util.Map;

/**
 * A test layer with two outputs: {@code (x * w, x - x * w)}, one weight {@code w} per feature
 * (initially ones), as the Python twin of tests/fixtures/keras_sublayers.py ({@code
 * Custom>PairScale}).
 */
public final class PairScale extends Layer {
  private Variable w;

  @Override
  public void build(long[] inputShape) {
    w =
        addWeight(
            "w", new long[] {inputShape[inputShape.length - 1]}, Initializer.get("ones"), true);
  }

  @Override
  public Tensor[] callAll(Tensor[] inputs, boolean training) {
    Tensor y = inputs[0].mul(w.value());
    return new Tensor[] {y, inputs[0].sub(y)};
  }

  /** The first output alone (Keras's {@code layer(x)[0]}). */
  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return callAll(inputs, training)[0];
  }

  @Override
  public long[][] computeOutputShapes(long[][] inputShapes) {
    return new long[][] {inputShapes[0].clone(), inputShapes[0].clone()};
  }

  /** Rebuilds the layer from its config (it has no arguments of its own). */
  public static PairScale fromConfig(Map<String, Object> c) {
    return new PairScale();
  }

  /** Registers the class as Keras's {@code Custom>PairScale}. */
  public static void register() {
    Layers.register("PairScale", PairScale::fromConfig);
  }
}
