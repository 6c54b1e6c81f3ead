package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * A separable 2-D convolution (Keras's {@code SeparableConv2D}): a depthwise convolution of each
 * input channel followed by a pointwise convolution mixing the channels, with a bias and the
 * activation. Input {@code (batch, spatial..., channels)}; output {@code (batch, new spatial...,
 * filters)}.
 *
 * <pre>{@code
 * model.add(new SeparableConv2D(64, 3).padding("same").activation("relu"));
 * }</pre>
 */
public class SeparableConv2D extends BaseSeparableConv<SeparableConv2D> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        SeparableConv2D.class,
        "SeparableConv2D",
        List.of("SeparableConvolution2D"),
        SEPARABLE_KEYS,
        (c, custom) -> fromConfig(c, custom));
  }

  /** A separable convolution of {@code filters} outputs and a kernel of {@code kernelSize}. */
  public SeparableConv2D(long filters, long... kernelSize) {
    super(2, filters, kernelSize);
  }

  /** A new SeparableConv2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static SeparableConv2D fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new SeparableConv2D(filtersOf(c, "SeparableConv2D"), kernelSizeOf(c, "SeparableConv2D"))
        .applySeparableConfig(c, customObjects);
  }
}
