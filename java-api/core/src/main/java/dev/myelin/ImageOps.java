package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tensor's image operations on channels-last images, a batch {@code [N, H, W, C]} or one image
 * {@code [H, W, C]}: resizing (differentiable) and projective sampling with Keras's fill modes (not
 * differentiable). Integer images are cast to float32 first, as Keras's layers cast to their
 * compute dtype. The numerics are Keras 3's on jax (see {@code docs/preprocessing-layers.md}).
 */
final class ImageOps {
  /** Keras's interpolation names and their native codes (from myelin.h). */
  private static final Map<String, Integer> INTERPOLATIONS =
      orderedMap(
          "bilinear", NativeCore.MLN_IMAGE_BILINEAR, "nearest", NativeCore.MLN_IMAGE_NEAREST);

  /** Keras's fill modes and their native codes (from myelin.h). */
  private static final Map<String, Integer> FILL_MODES =
      orderedMap(
          "reflect", NativeCore.MLN_FILL_REFLECT,
          "wrap", NativeCore.MLN_FILL_WRAP,
          "constant", NativeCore.MLN_FILL_CONSTANT,
          "nearest", NativeCore.MLN_FILL_NEAREST);

  private static Map<String, Integer> orderedMap(Object... kv) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Integer) kv[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  private ImageOps() {}

  /** The native code of a name in {@code codes}, or an IllegalArgumentException naming it. */
  private static int code(String op, String argument, Map<String, Integer> codes, String name) {
    Integer c = name == null ? null : codes.get(name);
    if (c == null) {
      throw Errors.arg(
          op, argument, "one of " + codes.keySet(), name == null ? "null" : '"' + name + '"');
    }
    return c;
  }

  /** The images as a float batch of rank 4, or an IllegalArgumentException for another rank. */
  private static Tensor batch(Tensor images, String op) {
    arg(images, op, "images");
    int r = images.rank();
    if (r != 3 && r != 4) {
      throw Errors.arg(
          op,
          "images",
          "rank 3 [H, W, C] or rank 4 [N, H, W, C]",
          "rank " + r + " " + Arrays.toString(images.shape()));
    }
    Tensor x = images.dtype().isFloating() ? images : images.cast(DType.FLOAT32);
    return r == 3 ? x.expandDims(0) : x;
  }

  private static Tensor unbatch(Tensor y, Tensor images) {
    return images.rank() == 3 ? y.squeeze(0) : y;
  }

  static Tensor resize(Tensor images, long height, long width, String interpolation) {
    return resize(images, height, width, interpolation, "channels_last");
  }

  /**
   * {@link #resize(Tensor, long, long, String)} in Keras's {@code dataFormat}: channels-first
   * images ({@code [N, C, H, W]} or {@code [C, H, W]}) are resized natively, plane by plane, with
   * the same numerics and no permutation.
   */
  static Tensor resize(
      Tensor images, long height, long width, String interpolation, String dataFormat) {
    String op = "resize";
    int interp = code(op, "interpolation", INTERPOLATIONS, interpolation);
    boolean cf = "channels_first".equals(dataFormat);
    if (!cf && !"channels_last".equals(dataFormat)) {
      throw Errors.arg(op, "data_format", "\"channels_last\" or \"channels_first\"", dataFormat);
    }
    if (height < 1) {
      throw Errors.arg(op, "height", "at least 1", height);
    }
    if (width < 1) {
      throw Errors.arg(op, "width", "at least 1", width);
    }
    Tensor x = batch(images, op);
    long[] in = x.shape();
    long inHeight = in[cf ? 2 : 1];
    long inWidth = in[cf ? 3 : 2];
    Tensor out =
        make(
            Reachable.after(
                cf
                    ? NativeCore.mln_image_resize_cf(x.h(op), height, width, interp)
                    : NativeCore.mln_image_resize(x.h(op), height, width, interp),
                x),
            op);
    if (Recorder.active()) {
      record(
          op,
          (gy, ins, o, needs) ->
              new Tensor[] {
                make(
                    Reachable.after(
                        cf
                            ? NativeCore.mln_image_resize_cf_backward(
                                gy.h(op), inHeight, inWidth, interp)
                            : NativeCore.mln_image_resize_backward(
                                gy.h(op), inHeight, inWidth, interp),
                        gy),
                    op + " backward")
              },
          out,
          x);
    }
    return unbatch(out, images);
  }

  static Tensor affineTransform(
      Tensor images, Tensor transforms, String interpolation, String fillMode, double fillValue) {
    String op = "affineTransform";
    int interp = code(op, "interpolation", INTERPOLATIONS, interpolation);
    int mode = code(op, "fillMode", FILL_MODES, fillMode);
    arg(transforms, op, "transforms");
    Tensor x = batch(images, op);
    Tensor t = transforms.rank() == 1 ? transforms.expandDims(0) : transforms;
    long n = x.dim(0);
    if (t.rank() != 2 || t.dim(1) != 8 || (t.dim(0) != n && t.dim(0) != 1)) {
      throw Errors.arg(
          op,
          "transforms",
          "shape [8], [1, 8] or [" + n + ", 8]",
          Arrays.toString(transforms.shape()));
    }
    if (!t.dtype().isFloating()) {
      t = t.cast(DType.FLOAT32);
    }
    Tensor out =
        make(
            Reachable.after(
                NativeCore.mln_image_affine(x.h(op), t.h(op), interp, mode, fillValue), x, t),
            op);
    return unbatch(out, images);
  }
}
