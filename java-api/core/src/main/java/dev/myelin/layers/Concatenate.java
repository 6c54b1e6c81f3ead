package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Concatenates its inputs along {@code axis} (default -1, the last); the other axes must match.
 *
 * <pre>{@code
 * KerasTensor both = new Concatenate().apply(a, b); // (None, 3) + (None, 4) -> (None, 7)
 * }</pre>
 */
public class Concatenate extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Concatenate.class,
        "Concatenate",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final int axis;

  /** Concatenates along the last axis. */
  public Concatenate() {
    this(-1);
  }

  /**
   * Concatenates along {@code axis} (negative counts from the end; 0, the batch, is not allowed).
   */
  public Concatenate(int axis) {
    this.axis = axis;
  }

  private int norm(int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a <= 0 || a >= rank) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Concatenate): argument 'axis' expected a non-batch axis of a rank-"
              + rank
              + " input but was "
              + axis);
    }
    return a;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    if (inputShapes.length < 2) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Concatenate): expected at least 2 inputs but got "
              + inputShapes.length);
    }
    int a = norm(inputShapes[0].length);
    long[] out = inputShapes[0].clone();
    for (int i = 1; i < inputShapes.length; i++) {
      long[] s = inputShapes[i];
      boolean ok = s.length == out.length;
      for (int k = 0; ok && k < s.length; k++) {
        ok = k == a || k == 0 || s[k] == out[k] || s[k] < 0 || out[k] < 0;
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\" (Concatenate): inputs must match on every axis but "
                + axis
                + ", got "
                + KerasTensor.shapes(inputShapes));
      }
      out[a] = out[a] < 0 || s[a] < 0 ? -1 : out[a] + s[a];
    }
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return Tensor.concat(norm(inputs[0].rank()), inputs);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
    return c;
  }

  /** A new Concatenate from its Keras config, the inverse of {@link #getConfig()}. */
  public static Concatenate fromConfig(Map<String, Object> c) {
    return new Concatenate((int) Configs.num(c, "axis", -1));
  }

  /** Concatenate passes masks on (Keras's {@code supports_masking}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /**
   * As Keras's {@code Concatenate.compute_mask}: each input's mask widened to the input's shape
   * (all true for an input without one), the widened masks concatenated on the layer's axis, then
   * "any" over the last axis. Concatenating features thus ors the masks (an unmasked input makes
   * every step count); concatenating time steps joins the masks.
   */
  @Override
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    boolean any = false;
    for (Tensor m : masks) {
      any |= m != null;
    }
    if (!any) {
      return null;
    }
    Tensor[] wide = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor x = inputs[i];
      Tensor m = i < masks.length ? masks[i] : null;
      if (m == null) {
        wide[i] = x.onesLike().cast(DType.BOOL);
      } else {
        wide[i] = m.rank() < x.rank() ? m.expandDims(m.rank()).broadcastTo(x.shape()) : m;
      }
    }
    return Tensor.concat(norm(inputs[0].rank()), wide).any(-1);
  }
}
