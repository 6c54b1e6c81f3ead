package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * A depthwise 2-D convolution (Keras's {@code DepthwiseConv2D}): each input channel is convolved
 * with its own {@code depth_multiplier} filters; output channel {@code c * m + j} is channel c's
 * j-th filter.
 *
 * <p>Input: {@code (batch, rows, cols, channels)}; output: {@code (batch, new_rows, new_cols,
 * channels * depth_multiplier)}. Kernel {@code (kh, kw, channels, depth_multiplier)}, bias {@code
 * (channels * depth_multiplier)}.
 *
 * <pre>{@code
 * model.add(new DepthwiseConv2D(3).depthMultiplier(2).padding("same"));
 * }</pre>
 */
public class DepthwiseConv2D extends BaseDepthwiseConv<DepthwiseConv2D> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        DepthwiseConv2D.class,
        "DepthwiseConv2D",
        List.of(),
        withKeys(
            COMMON_KEYS,
            "depth_multiplier",
            "depthwise_initializer",
            "depthwise_regularizer",
            "depthwise_constraint"),
        (c, custom) -> fromConfig(c, custom));
  }

  /** A depthwise convolution with a kernel of {@code kernelSize} (one value or two). */
  public DepthwiseConv2D(long... kernelSize) {
    super(2, 0, kernelSize);
  }

  @Override
  void buildLast(long[] inputShape) {
    long c = buildDepthwise(inputShape, "kernel");
    if (useBias) {
      bias =
          addWeight(
              "bias",
              new long[] {c * depthMultiplier},
              biasInit(),
              biasRegularizer,
              biasConstraint,
              true);
    }
  }

  @Override
  long[] outputShapeLast(long[] in) {
    long c = in[in.length - 1];
    return convOutputShape(in, c < 0 ? -1 : c * depthMultiplier);
  }

  @Override
  Tensor callInFormat(Tensor x) {
    return depthwise(x, bias == null ? null : bias.value(), true);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = geometryConfig();
    c.put("depth_multiplier", depthMultiplier);
    putGeometry(c);
    putActivationAndBias(c);
    putDepthwise(c);
    c.put("bias_initializer", Configs.serialize(biasInit()));
    c.put("depthwise_regularizer", Configs.serialize(kernelRegularizer));
    c.put("bias_regularizer", Configs.serialize(biasRegularizer));
    c.put("activity_regularizer", Configs.serialize(activityRegularizerValue));
    c.put("depthwise_constraint", Configs.serialize(kernelConstraint));
    c.put("bias_constraint", Configs.serialize(biasConstraint));
    return c;
  }

  /** A new DepthwiseConv2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static DepthwiseConv2D fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    return new DepthwiseConv2D(kernelSizeOf(c, "DepthwiseConv2D"))
        .applyDepthwiseConfig(c, customObjects);
  }
}
