package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        List.of("interpolation"),
        (c, custom) -> fromConfig(c));
  }

  private final long[] size;
  private boolean bilinear;

  /** Per (input size, factor, dtype): the (out, in) interpolation matrix, detached. */
  private final Map<String, Tensor> weights = new ConcurrentHashMap<>();

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
    if (!bilinear) {
      return x.repeat(size[0], 1).repeat(size[1], 2);
    }
    // rows: (N, H, W, C) -> (N, W, C, H) @ Mh^T -> (N, W, C, H') -> (N, H', W, C); then columns
    Tensor rows = x.permute(0, 2, 3, 1).matmul(matrix(x.dim(1), size[0], x), false, true);
    Tensor h = rows.permute(0, 3, 1, 2);
    Tensor cols = h.permute(0, 1, 3, 2).matmul(matrix(x.dim(2), size[1], x), false, true);
    return cols.permute(0, 1, 3, 2);
  }

  /**
   * The (in * factor, in) matrix of linear interpolation at half-pixel centres: output o samples
   * the input at {@code (o + 0.5) / factor - 0.5}, clamped to [0, in - 1]. Cached per size so a
   * traced step sees the same constant each time.
   */
  private Tensor matrix(long in, long factor, Tensor like) {
    String key = in + "x" + factor + ":" + like.dtype();
    return weights.computeIfAbsent(
        key,
        k -> {
          int n = Math.toIntExact(in);
          int out = Math.toIntExact(Math.multiplyExact(in, factor));
          double[] m = new double[Math.multiplyExact(out, n)];
          for (int o = 0; o < out; o++) {
            double src = Math.min(Math.max((o + 0.5) / factor - 0.5, 0), n - 1);
            int i0 = (int) Math.floor(src);
            int i1 = Math.min(i0 + 1, n - 1);
            double f = src - i0;
            m[o * n + i0] += 1 - f;
            m[o * n + i1] += f;
          }
          try (Tensor t = Tensor.fromArray(m, out, n)) {
            return t.cast(like.dtype()).detach();
          }
        });
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("size", Pooling.list(size));
    c.put("data_format", "channels_last");
    c.put("interpolation", bilinear ? "bilinear" : "nearest");
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
