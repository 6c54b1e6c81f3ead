package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A transposed 3-D convolution (Keras's {@code Conv3DTranspose}), sometimes called deconvolution:
 * input {@code (batch, spatial..., channels)}, output {@code (batch, grown spatial..., filters)};
 * see {@link BaseConvTranspose} for the sizes.
 *
 * <pre>{@code
 * model.add(new Conv3DTranspose(4, 2).strides(2)); // 8x8x8 -> 16x16x16
 * }</pre>
 */
public class Conv3DTranspose extends BaseConvTranspose<Conv3DTranspose> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Conv3DTranspose.class,
        "Conv3DTranspose",
        List.of("Convolution3DTranspose"),
        TRANSPOSE_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /** A transposed convolution of {@code filters} outputs and a kernel of {@code kernelSize}. */
  public Conv3DTranspose(long filters, long... kernelSize) {
    super(3, filters, kernelSize);
  }

  /** A new Conv3DTranspose from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv3DTranspose fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new Conv3DTranspose(filtersOf(c, "Conv3DTranspose"), kernelSizeOf(c, "Conv3DTranspose"))
        .applyTransposeConfig(c, customObjects);
  }
}
