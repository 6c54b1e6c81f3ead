package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Upsamples rows by {@code size[0]} and columns by {@code size[1]}: {@code (batch, rows, cols,
 * channels)} gives {@code (batch, rows * size[0], cols * size[1], channels)}. With {@code
 * "nearest"} (the default) each row and column is repeated; with {@code "bilinear"} each output
 * pixel interpolates its input neighbours at half-pixel centres, clamped at the borders (Keras's
 * {@code ops.image.resize}).
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
        List.of("interpolation", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final long[] size;
  private boolean bilinear;
  private boolean channelsFirst;

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

  /** Sets the interpolation, {@code "nearest"} (default) or {@code "bilinear"}. */
  public UpSampling2D interpolation(String name) {
    if (!"nearest".equals(name) && !"bilinear".equals(name)) {
      throw new IllegalArgumentException(
          "UpSampling2D: argument 'interpolation' expected \"nearest\" or \"bilinear\" but was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    this.bilinear = "bilinear".equals(name);
    return this;
  }

  /** Sets the data format, "channels_last" (default; null means it too) or "channels_first". */
  public UpSampling2D dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, "UpSampling2D");
    return this;
  }

  /** The data format, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  @Override
  public UpSampling2D inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    DataFormat.checkRank(this, s, 2, channelsFirst);
    long[] out = s.clone();
    int first = DataFormat.spatialStart(channelsFirst);
    for (int i = 0; i < 2; i++) {
      out[i + first] = s[i + first] < 0 ? -1 : s[i + first] * size[i];
    }
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    DataFormat.checkRank(this, x.shape(), 2, channelsFirst);
    int first = DataFormat.spatialStart(channelsFirst);
    if (!bilinear || x.numel() == 0) { // an empty batch or image has nothing to interpolate
      return x.repeat(size[0], first).repeat(size[1], first + 1);
    }
    // one native resize in the layout the input has: half-pixel centres clamped at the borders
    // are jax.image.resize's taps for an integer factor, so Keras's numbers without a permute
    long rows = Math.multiplyExact(x.dim(first), size[0]);
    long cols = Math.multiplyExact(x.dim(first + 1), size[1]);
    return x.resizeImages(rows, cols, "bilinear", dataFormat());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", Pooling.list(size));
    c.put("data_format", dataFormat());
    c.put("interpolation", bilinear ? "bilinear" : "nearest");
    return c;
  }

  /** A new UpSampling2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static UpSampling2D fromConfig(Map<String, Object> c) {
    long[] s = Pooling.ints(c.get("size"), "UpSampling2D config 'size'");
    UpSampling2D l = s == null ? new UpSampling2D() : new UpSampling2D(s);
    l.dataFormat(DataFormat.name(DataFormat.read(c, "UpSampling2D")));
    Object interp = c.get("interpolation");
    return interp == null ? l : l.interpolation(interp.toString());
  }
}
