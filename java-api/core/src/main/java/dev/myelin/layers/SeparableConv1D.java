package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A separable 1-D convolution (Keras's {@code SeparableConv1D}): a depthwise convolution of each
 * input channel followed by a pointwise convolution mixing the channels, with a bias and the
 * activation. Input {@code (batch, spatial..., channels)}; output {@code (batch, new spatial...,
 * filters)}.
 *
 * <pre>{@code
 * model.add(new SeparableConv1D(64, 3).padding("same").activation("relu"));
 * }</pre>
 */
public class SeparableConv1D extends BaseSeparableConv<SeparableConv1D> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        SeparableConv1D.class,
        "SeparableConv1D",
        List.of("SeparableConvolution1D"),
        SEPARABLE_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /** A separable convolution of {@code filters} outputs and a kernel of {@code kernelSize}. */
  public SeparableConv1D(long filters, long... kernelSize) {
    super(1, filters, kernelSize);
  }

  /** A new SeparableConv1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static SeparableConv1D fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new SeparableConv1D(filtersOf(c, "SeparableConv1D"), kernelSizeOf(c, "SeparableConv1D"))
        .applySeparableConfig(c, customObjects);
  }
}
