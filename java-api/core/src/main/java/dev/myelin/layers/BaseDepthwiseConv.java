package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.internal.Configs;
import java.util.Map;

/**
 * What {@link DepthwiseConv2D} and the separable convolutions share: a depthwise kernel (k...,
 * channels, depth_multiplier) convolving each input channel on its own (a grouped convolution with
 * one group per channel), and its initializer, regularizer and constraint (Keras's {@code
 * depthwise_*} arguments, held in the kernel's fields).
 *
 * @param <L> the concrete layer, which the fluent setters return
 */
public abstract class BaseDepthwiseConv<L extends BaseDepthwiseConv<L>> extends BaseConv<L> {
  long depthMultiplier = 1;

  BaseDepthwiseConv(int rank, long filters, long... kernelSize) {
    super(rank, filters, kernelSize);
  }

  @SuppressWarnings("unchecked")
  private L me() {
    return (L) this;
  }

  /** Outputs per input channel of the depthwise step (default 1). */
  public L depthMultiplier(long m) {
    if (m < 1) {
      throw error("depth_multiplier", "a positive integer", m);
    }
    this.depthMultiplier = m;
    return me();
  }

  /** Sets the depthwise kernel's initializer by Keras name (default "glorot_uniform"). */
  public L depthwiseInitializer(String name) {
    return kernelInitializer(name);
  }

  /** Sets the depthwise kernel's initializer. */
  public L depthwiseInitializer(Initializer init) {
    return kernelInitializer(init);
  }

  /** Adds a penalty on the depthwise kernel to the loss. */
  public L depthwiseRegularizer(Regularizer r) {
    return kernelRegularizer(r);
  }

  /** Constrains the depthwise kernel after each update. */
  public L depthwiseConstraint(Constraint c) {
    return kernelConstraint(c);
  }

  /** Builds the depthwise kernel (k..., channels, depth_multiplier); returns the channels. */
  long buildDepthwise(long[] inputShape, String weightName) {
    long c = inputChannels(inputShape);
    long[] shape = new long[rank + 2];
    System.arraycopy(kernelSize, 0, shape, 0, rank);
    shape[rank] = c;
    shape[rank + 1] = depthMultiplier;
    kernel = addWeight(weightName, shape, kernelInit(), kernelRegularizer, kernelConstraint, true);
    return c;
  }

  /**
   * The depthwise step: a convolution with one group per input channel, whose (k..., 1, C * m)
   * kernel is the depthwise kernel's own memory (output channel c * m + j is channel c's j-th).
   */
  Tensor depthwise(Tensor x, Tensor b, boolean withActivation) {
    Tensor k = kernel.value();
    long[] ks = k.shape();
    long channels = ks[rank];
    long[] grouped = ks.clone();
    grouped[rank] = 1;
    grouped[rank + 1] = channels * depthMultiplier;
    Tensor kg = k.reshape(grouped);
    dev.myelin.ConvOptions o = baseOptions().groups(Math.toIntExact(channels));
    if (withActivation) {
      return convolve(x, kg, b, o);
    }
    return asFloat(x, k).conv(kg, b, o);
  }

  void putDepthwise(Map<String, Object> c) {
    c.put("depthwise_initializer", Configs.serialize(kernelInit()));
  }

  /** Reads depth_multiplier and the depthwise_* keys. */
  L applyDepthwiseConfig(Map<String, Object> c, Map<String, ?> custom) {
    if (c.get("depth_multiplier") != null) {
      depthMultiplier(((Number) c.get("depth_multiplier")).longValue());
    }
    if (c.get("depthwise_initializer") != null) {
      depthwiseInitializer(Configs.initializer(c.get("depthwise_initializer"), custom));
    }
    depthwiseRegularizer(Configs.regularizer(c.get("depthwise_regularizer"), custom));
    depthwiseConstraint(Configs.constraint(c.get("depthwise_constraint"), custom));
    return applyConfig(c, custom, false);
  }
}
