package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the image preprocessing layers share: the rank check of images, the moves between Keras's
 * two image layouts, Keras's factor forms (a number f meaning [-|f|, |f|], or two numbers (low,
 * high)) and the config keys every one of them writes.
 *
 * <p>Images are channels-last ({@code (N, H, W, C)} or {@code (H, W, C)}) unless a layer's
 * data_format is channels_first ({@code (N, C, H, W)} or {@code (C, H, W)}). Keras 3 computes a
 * channels_first layer exactly as its channels_last twin on the transposed images (same draws, same
 * numbers), so the layers whose kernels are channels-last (resize, affine sampling) transpose in
 * and out, and the ones whose work is indexing or a reduction (crop, flip, contrast) address the
 * channels-first axes directly.
 */
final class ImageLayers {
  static final List<String> INTERPOLATIONS = List.of("bilinear", "nearest");
  static final List<String> FILL_MODES = List.of("reflect", "wrap", "constant", "nearest");

  private ImageLayers() {}

  /** Fails unless {@code shape} is images of rank 3 (one image) or 4 (a batch) in the format. */
  static void checkImages(Layer layer, long[] shape, boolean channelsFirst) {
    if (shape.length != 3 && shape.length != 4) {
      throw new IllegalArgumentException(
          "Layer \""
              + layer.name()
              + "\" ("
              + layer.className()
              + "): argument 'inputs' expected images of rank 3 "
              + (channelsFirst ? "(C, H, W) or 4 (N, C, H, W)" : "(H, W, C) or 4 (N, H, W, C)")
              + " but was shape "
              + KerasTensor.formatShape(shape));
    }
  }

  /** The height axis of images of rank {@code rank} (the width axis follows it). */
  static int heightAxis(int rank, boolean channelsFirst) {
    return channelsFirst ? rank - 2 : rank - 3;
  }

  /** {@code shape} with its height and width replaced (rank 3 or 4, in the format). */
  static long[] withSize(Layer layer, long[] shape, long height, long width, boolean cf) {
    checkImages(layer, shape, cf);
    long[] out = shape.clone();
    int h = heightAxis(out.length, cf);
    out[h] = height;
    out[h + 1] = width;
    return out;
  }

  /**
   * Channels-first images ({@code (N, C, H, W)} or {@code (C, H, W)}) transposed to channels last;
   * unchanged when {@code channelsFirst} is false.
   */
  static Tensor toLast(Tensor x, boolean channelsFirst) {
    if (!channelsFirst) {
      return x;
    }
    return x.rank() == 4 ? x.permute(0, 2, 3, 1) : x.permute(1, 2, 0);
  }

  /** Channels-last images transposed to channels first; unchanged when channelsFirst is false. */
  static Tensor toFirst(Tensor x, boolean channelsFirst) {
    if (!channelsFirst) {
      return x;
    }
    return x.rank() == 4 ? x.permute(0, 3, 1, 2) : x.permute(2, 0, 1);
  }

  /**
   * {@code channelsLast} applied to images in the format: channels-first images are transposed to
   * channels last and the result back (Keras's channels_first numbers are exactly these).
   */
  static Tensor viaLast(Tensor x, boolean channelsFirst, UnaryOperator<Tensor> channelsLast) {
    return toFirst(channelsLast.apply(toLast(x, channelsFirst)), channelsFirst);
  }

  /** Fails unless {@code value} is one of {@code names}. */
  static String choice(String layer, String argument, List<String> names, String value) {
    if (!names.contains(value)) {
      throw new IllegalArgumentException(
          layer
              + ": argument '"
              + argument
              + "' expected one of "
              + names
              + " but was "
              + (value == null ? "null" : '"' + value + '"'));
    }
    return value;
  }

  /** Fails unless {@code size} is at least 1. */
  static int positive(String layer, String argument, int size) {
    if (size < 1) {
      throw new IllegalArgumentException(
          layer + ": argument '" + argument + "' expected at least 1 but was " + size);
    }
    return size;
  }

  /**
   * The range of a RandomZoom or RandomTranslation factor: one number f means [-|f|, |f|], two
   * (low, high) are sorted; each must lie in [min, max] ({@code (min, max]} when {@code openMin}).
   */
  static double[] range(
      String layer, String argument, double[] f, double min, double max, boolean openMin) {
    checkCount(layer, argument, f);
    for (double v : f) {
      if (!(openMin ? v > min : v >= min) || !(v <= max)) {
        throw new IllegalArgumentException(
            layer
                + ": argument '"
                + argument
                + "' expected numbers in "
                + (openMin ? "(" : "[")
                + min
                + ", "
                + max
                + "] but was "
                + Arrays.toString(f));
      }
    }
    return f.length == 1 ? new double[] {-Math.abs(f[0]), Math.abs(f[0])} : sorted(f);
  }

  /**
   * The range of a {@code factor} as Keras's image layer base reads it with bounds [min, max]: one
   * number f in the bounds means [max(-|f|, min), |f|]; a pair (sorted) is rejected only when its
   * first value is above max or its second below min.
   */
  static double[] baseFactor(String layer, double[] f, double min, double max) {
    checkCount(layer, "factor", f);
    boolean ok = f.length == 1 ? f[0] >= min && f[0] <= max : !(f[0] > max) && !(f[1] < min);
    if (!ok || Double.isNaN(f[0]) || Double.isNaN(f[f.length - 1])) {
      throw new IllegalArgumentException(
          layer
              + ": argument 'factor' expected a number (or a list of two numbers) in the range ["
              + min
              + ", "
              + max
              + "] but was "
              + Arrays.toString(f));
    }
    return f.length == 1
        ? new double[] {Math.max(-Math.abs(f[0]), min), Math.abs(f[0])}
        : sorted(f);
  }

  private static double[] sorted(double[] f) {
    return new double[] {Math.min(f[0], f[1]), Math.max(f[0], f[1])};
  }

  private static void checkCount(String layer, String argument, double[] f) {
    if (f == null || f.length < 1 || f.length > 2) {
      throw new IllegalArgumentException(
          layer
              + ": argument '"
              + argument
              + "' expected a number or two numbers (low, high) but was "
              + (f == null ? "null" : Arrays.toString(f)));
    }
  }

  /** A factor as Keras writes it: a number, or the list [low, high]. */
  static Object factorConfig(double[] f) {
    return f.length == 1 ? (Object) f[0] : List.of(f[0], f[1]);
  }

  /** A factor of a config: a number or a list of two numbers; null stays null. */
  static double[] factorOf(Object o, String key) {
    if (o == null) {
      return null;
    }
    if (o instanceof Number n) {
      return new double[] {n.doubleValue()};
    }
    List<Object> l = Configs.list(o, key);
    double[] f = new double[l.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = ((Number) l.get(i)).doubleValue();
    }
    return f;
  }

  /** The batch size and rank-4 view of images of rank 3 or 4. */
  static Tensor batched(Layer layer, Tensor x, boolean channelsFirst) {
    checkImages(layer, x.shape(), channelsFirst);
    return x.rank() == 3 ? x.expandDims(0) : x;
  }

  /** The images as the layer's float32 compute dtype (Keras casts integer images). */
  static Tensor floats(Tensor x) {
    return x.dtype().isFloating() ? x : x.cast(DType.FLOAT32);
  }

  /** Puts the data_format key every image layer writes. */
  static void putDataFormat(Map<String, Object> c, boolean channelsFirst) {
    c.put("data_format", DataFormat.name(channelsFirst));
  }

  /**
   * Channels-last images {@code (N, H, W, C)} through per-axis interpolation matrices: {@code mh}
   * (H', H) on the rows, then {@code mw} (W', W) on the columns, as two batched matrix products
   * (differentiable through matmul and permute).
   */
  static Tensor separable(Tensor x, Tensor mh, Tensor mw) {
    // rows: (N, H, W, C) -> (N, W, C, H) @ Mh^T -> (N, H', W, C); then columns the same way
    Tensor rows = x.permute(0, 2, 3, 1).matmul(mh, false, true).permute(0, 3, 1, 2);
    return rows.permute(0, 1, 3, 2).matmul(mw, false, true).permute(0, 1, 3, 2);
  }

  /** A row-major (rows, cols) matrix as a detached constant of {@code dtype}. */
  static Tensor constantMatrix(double[] a, int rows, int cols, DType dtype) {
    try (Tensor t = Tensor.fromArray(a, rows, cols)) {
      return t.cast(dtype).detach();
    }
  }
}
