package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A transposed 2-D convolution (Keras's {@code Conv2DTranspose}), sometimes called deconvolution:
 * input {@code (batch, spatial..., channels)}, output {@code (batch, grown spatial..., filters)};
 * see {@link BaseConvTranspose} for the sizes.
 *
 * <pre>{@code
 * model.add(new Conv2DTranspose(16, 3).strides(2).padding("same")); // 7x7 -> 14x14
 * }</pre>
 */
public class Conv2DTranspose extends BaseConvTranspose<Conv2DTranspose> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Conv2DTranspose.class,
        "Conv2DTranspose",
        List.of("Convolution2DTranspose"),
        TRANSPOSE_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /** A transposed convolution of {@code filters} outputs and a kernel of {@code kernelSize}. */
  public Conv2DTranspose(long filters, long... kernelSize) {
    super(2, filters, kernelSize);
  }

  /** A new Conv2DTranspose from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv2DTranspose fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Conv2DTranspose(filtersOf(c, "Conv2DTranspose"), kernelSizeOf(c, "Conv2DTranspose"))
        .applyTransposeConfig(c, customObjects);
  }
}
