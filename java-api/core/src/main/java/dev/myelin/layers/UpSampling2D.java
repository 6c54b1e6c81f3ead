package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Repeats each row {@code size[0]} times and each column {@code size[1]} times (nearest-neighbour
 * upsampling): {@code (batch, rows, cols, channels)} gives {@code (batch, rows * size[0], cols *
 * size[1], channels)}.
 *
 * <pre>{@code
 * model.add(new UpSampling2D(2)); // (None, 7, 7, 16) -> (None, 14, 14, 16)
 * }</pre>
 */
public class UpSampling2D extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        UpSampling2D.class,
        "UpSampling2D",
        List.of(),
        List.of("interpolation"),
        (c, custom) -> fromConfig(c));
  }

  private final long[] size;

  /** Doubles rows and columns (Keras's default size (2, 2)). */
  public UpSampling2D() {
    this(2);
  }

  /** Upsampling by {@code size}: one value for both axes or (rows, cols), each >= 1. */
  public UpSampling2D(long... size) {
    if (size == null
        || (size.length != 1 && size.length != 2)
        || Arrays.stream(size).min().orElse(0) < 1) {
      throw new IllegalArgumentException(
          "UpSampling2D: argument 'size' expected 1 or 2 positive integers but was "
              + Arrays.toString(size));
    }
    this.size = size.length == 1 ? new long[] {size[0], size[0]} : size.clone();
  }

  /**
   * Sets the interpolation; only Keras's default {@code "nearest"} is implemented, and another name
   * is refused rather than silently treated as nearest.
   */
  public UpSampling2D interpolation(String name) {
    if (!"nearest".equals(name)) {
      throw new IllegalArgumentException(
          "UpSampling2D: argument 'interpolation' expected \"nearest\" but was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    return this;
  }

  @Override
  public UpSampling2D inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    ChannelsLast.checkRank(this, s, 2);
    long[] out = s.clone();
    for (int i = 0; i < 2; i++) {
      out[i + 1] = s[i + 1] < 0 ? -1 : s[i + 1] * size[i];
    }
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    ChannelsLast.checkRank(this, x.shape(), 2);
    return x.repeat(size[0], 1).repeat(size[1], 2);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", Pooling.list(size));
    c.put("data_format", "channels_last");
    c.put("interpolation", "nearest");
    return c;
  }

  /** A new UpSampling2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static UpSampling2D fromConfig(Map<String, Object> c) {
    ChannelsLast.check(c, "UpSampling2D");
    long[] s = Pooling.ints(c.get("size"), "UpSampling2D config 'size'");
    UpSampling2D l = s == null ? new UpSampling2D() : new UpSampling2D(s);
    Object interp = c.get("interpolation");
    return interp == null ? l : l.interpolation(interp.toString());
  }
}
