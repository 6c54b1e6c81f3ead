package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A 1-D convolution over time steps (Keras's {@code Conv1D}): each output step is the
 * cross-correlation of the kernel with a window of the input, plus a bias, through the activation.
 *
 * <p>Input: {@code (batch, steps, channels)}; output: {@code (batch, new_steps, filters)}, each
 * spatial size {@code n - (k - 1) * dilation} over the stride (rounded up) for "valid" and {@code
 * ceil(n / stride)} for "same" @Override boolean allowsCausal() { return true; } A 1-D convolution
 * over time steps (Keras's {@code Conv1D}): each output step is the cross-correlation of the kernel
 * with a window of the input, plus a bias, through the activation.. Kernel {@code (k, channels /
 * groups, filters)}, bias {@code (filters)}.
 *
 * <pre>{@code
 * model.add(new Conv1D(16, 3).activation("relu").inputShape(200, 1)); // 200 -> 198
 * }</pre>
 */
public class Conv1D extends BaseConv<Conv1D> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Conv1D.class,
        "Conv1D",
        List.of(),
        KERNEL_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /**
   * A Conv1D of {@code filters} outputs and a kernel of {@code kernelSize} (one value for every
   * spatial dim or one per dim).
   */
  public Conv1D(long filters, long... kernelSize) {
    super(1, filters, kernelSize);
    if (filters < 1) {
      throw error("filters", "a positive integer", filters);
    }
  }

  @Override
  boolean allowsCausal() {
    return true;
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

  /** A new Conv1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv1D fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Conv1D(filtersOf(c, "Conv1D"), kernelSizeOf(c, "Conv1D"))
        .applyConfig(c, customObjects, true);
  }
}
