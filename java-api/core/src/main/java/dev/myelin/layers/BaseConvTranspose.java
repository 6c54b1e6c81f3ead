package dev.myelin.layers;

import dev.myelin.ConvOptions;
import dev.myelin.Tensor;
import dev.myelin.activations.Activations;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What Keras's transposed convolutions share (Keras's {@code BaseConvTranspose}): the gradient of a
 * convolution with respect to its input, which grows the spatial size. Output sizes follow Keras's
 * {@code deconv_output_length}: with {@code output_padding=None} {@code n * stride + max(k' -
 * stride, 0)} for "valid" and {@code n * stride} for "same" ({@code k'} the dilated kernel size);
 * with an {@code output_padding} p (each below its stride) {@code (n - 1) * stride + k' + p} for
 * "valid" and {@code (n - 1) * stride + k' % 2 + p} for "same". Kernel {@code (k..., filters,
 * channels)}, bias {@code (filters)}.
 *
 * @param <L> the concrete layer, which the fluent setters return
 */
public abstract class BaseConvTranspose<L extends BaseConvTranspose<L>> extends BaseConv<L> {
  /** The keyword arguments of the transposed convolutions. */
  static final List<String> TRANSPOSE_KEYS =
      withKeys(COMMON_KEYS, "kernel_initializer", "kernel_regularizer", "kernel_constraint");

  private long[] outputPadding;

  /** A transposed convolution over {@code rank} spatial dims. */
  BaseConvTranspose(int rank, long filters, long... kernelSize) {
    super(rank, filters, kernelSize);
    if (filters < 1) {
      throw error("filters", "a positive integer", filters);
    }
  }

  /**
   * Keras's {@code output_padding}: one value for every spatial dim or one per dim, each {@code >=
   * 0} and below its stride; {@code null} (default) for Keras's None.
   */
  public L outputPadding(long... p) {
    if (p == null) {
      outputPadding = null;
    } else {
      if (p.length != 1 && p.length != rank) {
        throw error("output_padding", "1 or " + rank + " integers", Arrays.toString(p));
      }
      long[] r = new long[rank];
      for (int i = 0; i < rank; i++) {
        r[i] = p.length == 1 ? p[0] : p[i];
        if (r[i] < 0) {
          throw error("output_padding", "integers >= 0", Arrays.toString(p));
        }
      }
      outputPadding = r;
    }
    @SuppressWarnings("unchecked")
    L self = (L) this;
    return self;
  }

  /** Keras's {@code output_padding}, or null for None. */
  public long[] outputPadding() {
    return outputPadding == null ? null : outputPadding.clone();
  }

  /** Keras checks output_padding against the strides in the constructor; here at build time. */
  private void checkOutputPadding() {
    if (outputPadding == null) {
      return;
    }
    for (int i = 0; i < rank; i++) {
      if (outputPadding[i] >= strides[i]) {
        throw error(
            "output_padding",
            "values strictly less than the strides " + Arrays.toString(strides),
            Arrays.toString(outputPadding));
      }
    }
  }

  @Override
  void buildLast(long[] inputShape) {
    checkOutputPadding();
    long c = inputChannels(inputShape);
    kernel =
        addWeight(
            "kernel", kernelShape(c), kernelInit(), kernelRegularizer, kernelConstraint, true);
    if (useBias) {
      bias =
          addWeight(
              "bias", new long[] {filters}, biasInit(), biasRegularizer, biasConstraint, true);
    }
  }

  private long[] kernelShape(long channels) {
    long[] shape = new long[rank + 2];
    System.arraycopy(kernelSize, 0, shape, 0, rank);
    shape[rank] = filters;
    shape[rank + 1] = channels;
    return shape;
  }

  @Override
  long[] outputShapeLast(long[] in) {
    checkOutputPadding();
    long[] out = in.clone();
    for (int i = 0; i < rank; i++) {
      out[i + 1] =
          out[i + 1] < 0
              ? -1
              : ConvOptions.transposeLength(
                  out[i + 1],
                  kernelSize[i],
                  strides[i],
                  dilationRate[i],
                  padding.equals("same"),
                  outputPadding == null ? -1 : outputPadding[i]);
    }
    out[rank + 1] = filters;
    return out;
  }

  @Override
  Tensor callInFormat(Tensor x) {
    Tensor k = kernel.value();
    Tensor b = bias == null ? null : bias.value();
    ConvOptions o = baseOptions().outputPadding(outputPadding);
    String fused = Activations.fusedName(activation);
    if (fused != null) {
      return asFloat(x, k).convTranspose(k, b, o.activation(fused));
    }
    Tensor y = asFloat(x, k).convTranspose(k, b, o);
    return activation == null ? y : activation.apply(y);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = geometryConfig();
    c.put("filters", filters);
    c.put("kernel_size", dev.myelin.saving.internal.Configs.shape(kernelSize));
    c.put("strides", dev.myelin.saving.internal.Configs.shape(strides));
    c.put("padding", padding);
    c.put(
        "output_padding",
        outputPadding == null ? null : dev.myelin.saving.internal.Configs.shape(outputPadding));
    c.put("data_format", DataFormat.name(channelsFirst));
    c.put("dilation_rate", dev.myelin.saving.internal.Configs.shape(dilationRate));
    putActivationAndBias(c);
    putKernelComponents(c);
    return c;
  }

  /** Reads the config of a transposed convolution. */
  L applyTransposeConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    Object p = c.get("output_padding");
    outputPadding(p == null ? null : tuple(p, "output_padding", className()));
    return applyConfig(c, customObjects, true);
  }
}
