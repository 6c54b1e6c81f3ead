package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Repeats each step {@code size} times: {@code (batch, steps, channels)} gives {@code (batch, steps
 * * size, channels)}.
 *
 * <pre>{@code
 * model.add(new UpSampling1D(2)); // (None, 48, 8) -> (None, 96, 8)
 * }</pre>
 */
public class UpSampling1D extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        UpSampling1D.class,
        "UpSampling1D",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final long size;

  /** Doubles the steps (Keras's default size 2). */
  public UpSampling1D() {
    this(2);
  }

  /** Repeats each step {@code size} (>= 1) times. */
  public UpSampling1D(long size) {
    if (size < 1) {
      throw new IllegalArgumentException(
          "UpSampling1D: argument 'size' expected a positive integer but was " + size);
    }
    this.size = size;
  }

  @Override
  public UpSampling1D inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    DataFormat.checkRank(this, s, 1);
    long[] out = s.clone();
    out[1] = s[1] < 0 ? -1 : s[1] * size;
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    DataFormat.checkRank(this, x.shape(), 1);
    return x.repeat(size, 1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", size);
    return c;
  }

  /** A new UpSampling1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static UpSampling1D fromConfig(Map<String, Object> c) {
    long[] s = Pooling.ints(c.get("size"), "UpSampling1D config 'size'");
    return s == null ? new UpSampling1D() : new UpSampling1D(s[0]);
  }
}
