package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A 2-D convolution over images, channels last (Keras's {@code Conv2D}): each output pixel is the
 * cross-correlation of the kernel with a window of the input (no kernel flip), plus a bias, through
 * the activation.
 *
 * <p>Input: {@code (batch, rows, cols, channels)}; output: {@code (batch, new_rows, new_cols,
 * filters)}, each spatial size {@code n - (k - 1) * dilation} over the stride (rounded up) for
 * "valid" and {@code ceil(n / stride)} for "same"A 2-D convolution over images, channels last
 * (Keras's {@code Conv2D}): each output pixel is the cross-correlation of the kernel with a window
 * of the input (no kernel flip), plus a bias, through the activation.. Kernel {@code (kh, kw,
 * channels / groups, filters)}, bias {@code (filters)}.
 *
 * <pre>{@code
 * model.add(new Conv2D(32, 3, 3).kernelInitializer("normal").inputShape(28, 28, 1)); // 28 -> 26
 * }</pre>
 */
public class Conv2D extends BaseConv<Conv2D> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Conv2D.class,
        "Conv2D",
        List.of(),
        KERNEL_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /**
   * A Conv2D of {@code filters} outputs and a kernel of {@code kernelSize} (one value for every
   * spatial dim or one per dim).
   */
  public Conv2D(long filters, long... kernelSize) {
    super(2, filters, kernelSize);
    if (filters < 1) {
      throw error("filters", "a positive integer", filters);
    }
  }

  @Override
  void buildLast(long[] inputShape) {
    buildPlain(inputShape);
  }

  @Override
  long[] outputShapeLast(long[] in) {
    return convOutputShape(in, filters);
  }

  @Override
  Tensor callInFormat(Tensor x) {
    return callPlain(x);
  }

  /** A new Conv2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv2D fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Conv2D(filtersOf(c, "Conv2D"), kernelSizeOf(c, "Conv2D"))
        .applyConfig(c, customObjects, true);
  }
}
