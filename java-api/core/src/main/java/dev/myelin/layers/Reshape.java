package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reshapes every sample to {@code targetShape} (batch axis excluded; one entry may be -1).
 *
 * <pre>{@code
 * model.add(new Reshape(28, 28, 1).inputShape(784));
 * }</pre>
 */
public class Reshape extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Reshape.class,
        "Reshape",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final long[] targetShape;

  /** A reshape to {@code targetShape} per sample. */
  public Reshape(long... targetShape) {
    if (targetShape == null || targetShape.length == 0) {
      throw new IllegalArgumentException(
          "Reshape: argument 'targetShape' expected at least one dimension but was empty");
    }
    this.targetShape = targetShape.clone();
  }

  @Override
  public Reshape inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] in = inputShapes[0];
    long total = 1;
    for (int i = 1; i < in.length; i++) {
      total = in[i] < 0 || total < 0 ? -1 : total * in[i];
    }
    long known = 1;
    int unknown = -1;
    for (int i = 0; i < targetShape.length; i++) {
      if (targetShape[i] == -1) {
        unknown = i;
      } else {
        known *= targetShape[i];
      }
    }
    long[] out = new long[targetShape.length + 1];
    out[0] = in[0];
    System.arraycopy(targetShape, 0, out, 1, targetShape.length);
    if (unknown >= 0 && total >= 0) {
      out[unknown + 1] = total / known;
    }
    if (total >= 0 && (unknown >= 0 ? total % known != 0 : total != known)) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Reshape): cannot reshape input of shape "
              + KerasTensor.formatShape(in)
              + " to target shape "
              + Arrays.toString(targetShape)
              + ": the total size differs");
    }
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    long[] s = new long[targetShape.length + 1];
    s[0] = x.dim(0);
    System.arraycopy(targetShape, 0, s, 1, targetShape.length);
    return x.reshape(s);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    List<Long> t = new ArrayList<>();
    for (long d : targetShape) {
      t.add(d);
    }
    c.put("target_shape", t);
    return c;
  }

  /** A new Reshape from its Keras config, the inverse of {@link #getConfig()}. */
  public static Reshape fromConfig(Map<String, Object> c) {
    return new Reshape(
        Configs.shape(Configs.require(c, "target_shape", "Reshape"), "target_shape"));
  }
}
