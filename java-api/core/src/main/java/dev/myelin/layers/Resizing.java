package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resizes images to {@code height x width}, as Keras 3's {@code Resizing}: channels-last ({@code
 * (N, H, W, C)} or {@code (H, W, C)}), or channels-first with {@code dataFormat("channels_first")};
 * {@code "bilinear"} (default) or {@code "nearest"} interpolation with half-pixel centres; with
 * {@code cropToAspectRatio(true)} the largest centred window of the target aspect ratio is resized
 * instead, with {@code padToAspectRatio(true)} the image is first padded with {@code fillValue} on
 * both sides of one axis (as many rows or columns on each side as Keras adds) up to that ratio.
 * {@code antialias(true)} makes a bilinear downsampling average over the whole footprint of each
 * output pixel (jax's scale_and_translate with the triangle kernel widened by the downsampling
 * factor); it changes nothing when upsampling or for "nearest". Differentiable.
 *
 * <pre>{@code
 * model.add(new Resizing(180, 180).cropToAspectRatio(true));
 * }</pre>
 */
public class Resizing extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Resizing.class,
        "Resizing",
        List.of(),
        List.of(
            "interpolation",
            "crop_to_aspect_ratio",
            "pad_to_aspect_ratio",
            "fill_mode",
            "fill_value",
            "antialias",
            "data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final int height;
  private final int width;
  private String interpolation = "bilinear";
  private boolean cropToAspectRatio;
  private boolean padToAspectRatio;
  private double fillValue;
  private boolean antialias;
  private boolean channelsFirst;
  // antialiasing matrices per (in, out, dtype), cached so a traced step sees the same constants
  private final Map<String, Tensor> matrices = new ConcurrentHashMap<>();

  /** A resize to {@code height x width} pixels. */
  public Resizing(int height, int width) {
    this.height = ImageLayers.positive("Resizing", "height", height);
    this.width = ImageLayers.positive("Resizing", "width", width);
  }

  /** Sets the interpolation: "bilinear" (default) or "nearest". */
  public Resizing interpolation(String value) {
    interpolation =
        ImageLayers.choice("Resizing", "interpolation", ImageLayers.INTERPOLATIONS, value);
    return this;
  }

  /** Whether to crop to the target aspect ratio before resizing (default false). */
  public Resizing cropToAspectRatio(boolean on) {
    if (on && padToAspectRatio) {
      throw bothAspectModes();
    }
    cropToAspectRatio = on;
    return this;
  }

  /** Whether to pad to the target aspect ratio before resizing (default false). */
  public Resizing padToAspectRatio(boolean on) {
    if (on && cropToAspectRatio) {
      throw bothAspectModes();
    }
    padToAspectRatio = on;
    return this;
  }

  private static IllegalArgumentException bothAspectModes() {
    return new IllegalArgumentException(
        "Resizing: argument 'pad_to_aspect_ratio' expected false when crop_to_aspect_ratio is"
            + " true but was true");
  }

  /** How padding fills: only "constant" (Keras's only mode for Resizing). */
  public Resizing fillMode(String mode) {
    ImageLayers.choice("Resizing", "fill_mode", List.of("constant"), mode);
    return this;
  }

  /** The value padding to the aspect ratio fills with (default 0). */
  public Resizing fillValue(double value) {
    fillValue = value;
    return this;
  }

  /** Whether a bilinear downsampling is antialiased (default false). */
  public Resizing antialias(boolean on) {
    antialias = on;
    return this;
  }

  /** Sets the image layout: "channels_last" (default) or "channels_first". */
  public Resizing dataFormat(String format) {
    channelsFirst = DataFormat.channelsFirst(format, "Resizing");
    return this;
  }

  /** The image layout, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  @Override
  public Resizing inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Resizing name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    return ImageLayers.withSize(this, inputShapes[0], height, width, channelsFirst);
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = ImageLayers.floats(inputs[0]);
    ImageLayers.checkImages(this, x.shape(), channelsFirst);
    return ImageLayers.viaLast(x, channelsFirst, this::resize);
  }

  /** The resize of channels-last images. */
  private Tensor resize(Tensor x) {
    if (cropToAspectRatio) {
      x = CenterCrop.aspectCrop(x, height, width, false);
    } else if (padToAspectRatio) {
      x = aspectPad(x);
    }
    int r = x.rank();
    long h = x.dim(r - 3);
    long w = x.dim(r - 2);
    if (antialias && "bilinear".equals(interpolation) && (h > height || w > width)) {
      return antialiased(x);
    }
    return x.resizeImages(height, width, interpolation);
  }

  /** Keras's pad_to_aspect_ratio: the same number of fill rows (or columns) on both sides. */
  private Tensor aspectPad(Tensor x) {
    int r = x.rank();
    long h = x.dim(r - 3);
    long w = x.dim(r - 2);
    long padH = Math.max(h, (long) ((double) (w * height) / width));
    long padW = Math.max(w, (long) ((double) (h * width) / height));
    long top = (padH - h) / 2;
    long left = (padW - w) / 2;
    if (top == 0 && left == 0) {
      return x;
    }
    long[] before = new long[r];
    if (top > 0) {
      before[r - 3] = top;
    } else {
      before[r - 2] = left;
    }
    return x.pad(before, before.clone(), fillValue);
  }

  /** The resize as two matrix products with jax's antialiased triangle-kernel weights. */
  private Tensor antialiased(Tensor x) {
    boolean single = x.rank() == 3;
    Tensor b = single ? x.reshape(1, x.dim(0), x.dim(1), x.dim(2)) : x;
    Tensor mh = matrix(b.dim(1), height, b);
    Tensor mw = matrix(b.dim(2), width, b);
    Tensor y = ImageLayers.separable(b, mh, mw);
    return single ? y.reshape(height, width, y.dim(3)) : y;
  }

  /**
   * jax.image.scale_and_translate's (out, in) weights for one axis: output o samples the input at s
   * = (o + 0.5) * in / out - 0.5 with the triangle kernel max(0, 1 - |s - i| / k), k = in / out
   * when downsampling (antialiasing) and 1 otherwise, each row normalized to sum 1.
   */
  private Tensor matrix(long in, long out, Tensor like) {
    String key = in + ">" + out + ":" + like.dtype();
    return matrices.computeIfAbsent(
        key,
        k -> {
          int n = Math.toIntExact(in);
          int m = Math.toIntExact(out);
          double inv = (double) in / out;
          double width = Math.max(inv, 1);
          double[] a = new double[Math.multiplyExact(m, n)];
          for (int o = 0; o < m; o++) {
            double s = (o + 0.5) * inv - 0.5;
            double sum = 0;
            for (int i = 0; i < n; i++) {
              double v = Math.max(0, 1 - Math.abs(s - i) / width);
              a[o * n + i] = v;
              sum += v;
            }
            // jax's guards: a near-zero total gives zeros, as does a sample outside the input
            boolean keep = Math.abs(sum) > 1000 * Math.ulp(1.0f) && s >= -0.5 && s <= n - 0.5;
            for (int i = 0; i < n; i++) {
              a[o * n + i] = keep ? a[o * n + i] / sum : 0;
            }
          }
          return ImageLayers.constantMatrix(a, m, n, like.dtype());
        });
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    ImageLayers.putDataFormat(c, channelsFirst);
    c.put("height", height);
    c.put("width", width);
    c.put("interpolation", interpolation);
    c.put("crop_to_aspect_ratio", cropToAspectRatio);
    c.put("pad_to_aspect_ratio", padToAspectRatio);
    c.put("fill_mode", "constant");
    c.put("fill_value", fillValue);
    c.put("antialias", antialias);
    return c;
  }

  /** A new Resizing from its Keras config, the inverse of {@link #getConfig()}. */
  public static Resizing fromConfig(Map<String, Object> c) {
    Resizing r =
        new Resizing(
            ((Number) Configs.require(c, "height", "Resizing")).intValue(),
            ((Number) Configs.require(c, "width", "Resizing")).intValue());
    Object i = c.get("interpolation");
    if (i != null) {
      r.interpolation(i.toString());
    }
    Object mode = c.get("fill_mode");
    if (mode != null) {
      r.fillMode(mode.toString());
    }
    return r.cropToAspectRatio(Configs.bool(c, "crop_to_aspect_ratio", false))
        .padToAspectRatio(Configs.bool(c, "pad_to_aspect_ratio", false))
        .fillValue(Configs.num(c, "fill_value", 0.0))
        .antialias(Configs.bool(c, "antialias", false))
        .dataFormat(DataFormat.name(DataFormat.read(c, "Resizing")));
  }
}
