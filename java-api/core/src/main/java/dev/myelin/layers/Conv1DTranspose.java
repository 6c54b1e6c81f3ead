package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A transposed 1-D convolution (Keras's {@code Conv1DTranspose}), sometimes called deconvolution:
 * input {@code (batch, spatial..., channels)}, output {@code (batch, grown spatial..., filters)};
 * see {@link BaseConvTranspose} for the sizes.
 *
 * <pre>{@code
 * model.add(new Conv1DTranspose(8, 3).strides(2).padding("same")); // 50 -> 100
 * }</pre>
 */
public class Conv1DTranspose extends BaseConvTranspose<Conv1DTranspose> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Conv1DTranspose.class,
        "Conv1DTranspose",
        List.of("Convolution1DTranspose"),
        TRANSPOSE_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /** A transposed convolution of {@code filters} outputs and a kernel of {@code kernelSize}. */
  public Conv1DTranspose(long filters, long... kernelSize) {
    super(1, filters, kernelSize);
  }

  /** A new Conv1DTranspose from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv1DTranspose fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Conv1DTranspose(filtersOf(c, "Conv1DTranspose"), kernelSizeOf(c, "Conv1DTranspose"))
        .applyTransposeConfig(c, customObjects);
  }
}
