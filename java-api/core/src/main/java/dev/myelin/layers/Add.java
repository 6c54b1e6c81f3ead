package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Adds its inputs element-wise (all of the same shape).
 *
 * <pre>{@code
 * KerasTensor s = new Add().apply(a, b);
 * }</pre>
 */
public class Add extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER, Add.class, "Add", List.of(), List.of(), (c, custom) -> fromConfig(c));
  }

  /** An add layer. */
  public Add() {}

  @Override
  protected void build(long[][] inputShapes) {
    if (inputShapes.length < 2) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Add): expected at least 2 inputs but got "
              + inputShapes.length);
    }
    for (long[] s : inputShapes) {
      if (!KerasTensor.compatible(s, inputShapes[0])) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\" (Add): expected inputs of the same shape, got "
                + KerasTensor.shapes(inputShapes));
      }
    }
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor y = inputs[0];
    for (int i = 1; i < inputs.length; i++) {
      y = y.add(inputs[i]);
    }
    return y;
  }

  /** A new Add from its Keras config, the inverse of {@link #getConfig()}. */
  public static Add fromConfig(Map<String, Object> c) {
    return new Add();
  }

  /** Add passes masks on (Keras's merge layers' {@code supports_masking}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /**
   * As Keras's {@code Merge.compute_mask}: the inputs' masks or-ed together when every input has
   * one, else none (a step counts when any input holds data there).
   */
  @Override
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    Tensor out = null;
    for (Tensor m : masks) {
      if (m == null) {
        return null;
      }
      out = out == null ? m : out.logicalOr(m);
    }
    return out;
  }
}
