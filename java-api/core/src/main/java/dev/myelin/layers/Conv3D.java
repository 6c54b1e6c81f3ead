package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A 3-D convolution over volumes, channels last (Keras's {@code Conv3D}).
 *
 * <p>Input: {@code (batch, d1, d2, d3, channels)}; output: {@code (batch, new_d1, new_d2, new_d3,
 * filters)}, each spatial size {@code n - (k - 1) * dilation} over the stride (rounded up) for
 * "valid" and {@code ceil(n / stride)} for "same"A 3-D convolution over volumes, channels last
 * (Keras's {@code Conv3D}).. Kernel {@code (k1, k2, k3, channels / groups, filters)}, bias {@code
 * (filters)}.
 *
 * <pre>{@code
 * model.add(new Conv3D(8, 3).activation("relu").inputShape(16, 16, 16, 1));
 * }</pre>
 */
public class Conv3D extends BaseConv<Conv3D> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Conv3D.class,
        "Conv3D",
        List.of(),
        KERNEL_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /**
   * A Conv3D of {@code filters} outputs and a kernel of {@code kernelSize} (one value for every
   * spatial dim or one per dim).
   */
  public Conv3D(long filters, long... kernelSize) {
    super(3, filters, kernelSize);
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

  /** A new Conv3D from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv3D fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Conv3D(filtersOf(c, "Conv3D"), kernelSizeOf(c, "Conv3D"))
        .applyConfig(c, customObjects, true);
  }
}
