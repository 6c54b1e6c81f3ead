package dev.myelin.layers;

import dev.myelin.ConvOptions;
import dev.myelin.Tensor;
import dev.myelin.activations.Activations;
import java.util.List;
import java.util.Map;

/**
 * A transposed 2-D convolution (Keras's {@code Conv2DTranspose}, sometimes called deconvolution):
 * the gradient of a convolution with respect to its input, which grows the spatial size.
 *
 * <p>Input: {@code (batch, rows, cols, channels)}; output: {@code (batch, new_rows, new_cols,
 * filters)} with {@code new = n * stride + max(k' - stride, 0)} for "valid" and {@code n * stride}
 * for "same" ({@code k'} the dilated kernel size; Keras's rule with {@code output_padding=None}).
 * Kernel {@code (kh, kw, filters, channels)}, bias {@code (filters)}.
 *
 * <pre>{@code
 * model.add(new Conv2DTranspose(16, 3).strides(2).padding("same")); // 7x7 -> 14x14
 * }</pre>
 */
public class Conv2DTranspose extends BaseConv<Conv2DTranspose> {
  static {
    dev.myelin.saving.Registry.builtIn(
        dev.myelin.saving.Registry.Kind.LAYER,
        Conv2DTranspose.class,
        "Conv2DTranspose",
        List.of("Convolution2DTranspose"),
        withKeys(COMMON_KEYS, "kernel_initializer", "kernel_regularizer", "kernel_constraint"),
        (c, custom) -> fromConfig(c, custom));
  }

  /** A transposed convolution of {@code filters} outputs and a kernel of {@code kernelSize}. */
  public Conv2DTranspose(long filters, long... kernelSize) {
    super(2, filters, kernelSize);
    if (filters < 1) {
      throw error("filters", "a positive integer", filters);
    }
  }

  @Override
  public void build(long[] inputShape) {
    long c = inputChannels(inputShape);
    kernel =
        addWeight(
            "kernel",
            new long[] {kernelSize[0], kernelSize[1], filters, c},
            kernelInit(),
            kernelRegularizer,
            kernelConstraint,
            true);
    if (useBias) {
      bias =
          addWeight(
              "bias", new long[] {filters}, biasInit(), biasRegularizer, biasConstraint, true);
    }
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] out = inputShapes[0].clone();
    for (int i = 0; i < rank; i++) {
      out[i + 1] =
          out[i + 1] < 0
              ? -1
              : ConvOptions.transposeLength(
                  out[i + 1], kernelSize[i], strides[i], dilationRate[i], padding.equals("same"));
    }
    out[rank + 1] = filters;
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor k = kernel.value();
    Tensor b = bias == null ? null : bias.value();
    ConvOptions o = baseOptions();
    String fused = Activations.fusedName(activation);
    if (fused != null) {
      return asFloat(inputs[0], k).convTranspose(k, b, o.activation(fused));
    }
    Tensor y = asFloat(inputs[0], k).convTranspose(k, b, o);
    return activation == null ? y : activation.apply(y);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = geometryConfig();
    c.put("filters", filters);
    c.put("kernel_size", dev.myelin.saving.internal.Configs.shape(kernelSize));
    c.put("strides", dev.myelin.saving.internal.Configs.shape(strides));
    c.put("padding", padding);
    c.put("output_padding", null);
    c.put("data_format", "channels_last");
    c.put("dilation_rate", dev.myelin.saving.internal.Configs.shape(dilationRate));
    putActivationAndBias(c);
    putKernelComponents(c);
    return c;
  }

  /** A new Conv2DTranspose from its Keras config, the inverse of {@link #getConfig()}. */
  public static Conv2DTranspose fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    if (c.get("output_padding") != null) {
      throw new IllegalArgumentException(
          "Conv2DTranspose: argument 'output_padding' expected None but was "
              + c.get("output_padding"));
    }
    return new Conv2DTranspose(filtersOf(c, "Conv2DTranspose"), kernelSizeOf(c, "Conv2DTranspose"))
        .applyConfig(c, customObjects, true);
  }
}
