package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * A depthwise convolution followed by a pointwise (1x1) one that mixes the channels (Keras's {@code
 * SeparableConv1D}/{@code 2D}): weights depthwise_kernel (k..., channels, depth_multiplier),
 * pointwise_kernel (1..., channels * depth_multiplier, filters), bias (filters).
 *
 * @param <L> the concrete layer, which the fluent setters return
 */
public abstract class BaseSeparableConv<L extends BaseSeparableConv<L>>
    extends BaseDepthwiseConv<L> {
  static final List<String> SEPARABLE_KEYS =
      withKeys(
          COMMON_KEYS,
          "depth_multiplier",
          "depthwise_initializer",
          "pointwise_initializer",
          "depthwise_regularizer",
          "pointwise_regularizer",
          "depthwise_constraint",
          "pointwise_constraint");

  private Initializer pointwiseInitializer;
  private Regularizer pointwiseRegularizer;
  private Constraint pointwiseConstraint;
  private Variable pointwiseKernel;

  BaseSeparableConv(int rank, long filters, long... kernelSize) {
    super(rank, filters, kernelSize);
    if (filters < 1) {
      throw error("filters", "a positive integer", filters);
    }
  }

  @SuppressWarnings("unchecked")
  private L me() {
    return (L) this;
  }

  /** Sets the pointwise kernel's initializer by Keras name (default "glorot_uniform"). */
  public L pointwiseInitializer(String name) {
    this.pointwiseInitializer = Initializer.get(name);
    return me();
  }

  /** Sets the pointwise kernel's initializer. */
  public L pointwiseInitializer(Initializer init) {
    this.pointwiseInitializer = init;
    return me();
  }

  /** Adds a penalty on the pointwise kernel to the loss. */
  public L pointwiseRegularizer(Regularizer r) {
    this.pointwiseRegularizer = r;
    return me();
  }

  /** Constrains the pointwise kernel after each update. */
  public L pointwiseConstraint(Constraint c) {
    this.pointwiseConstraint = c;
    return me();
  }

  /** The depthwise kernel (after build). */
  public Variable depthwiseKernel() {
    return kernel;
  }

  /** The pointwise kernel (after build). */
  public Variable pointwiseKernel() {
    return pointwiseKernel;
  }

  private Initializer pointwiseInit() {
    return pointwiseInitializer != null ? pointwiseInitializer : Initializer.get("glorot_uniform");
  }

  @Override
  void buildLast(long[] inputShape) {
    long c = buildDepthwise(inputShape, "depthwise_kernel");
    long[] shape = new long[rank + 2];
    java.util.Arrays.fill(shape, 1);
    shape[rank] = c * depthMultiplier;
    shape[rank + 1] = filters;
    pointwiseKernel =
        addWeight(
            "pointwise_kernel",
            shape,
            pointwiseInit(),
            pointwiseRegularizer,
            pointwiseConstraint,
            true);
    if (useBias) {
      bias =
          addWeight(
              "bias", new long[] {filters}, biasInit(), biasRegularizer, biasConstraint, true);
    }
  }

  @Override
  long[] outputShapeLast(long[] in) {
    return convOutputShape(in, filters);
  }

  @Override
  Tensor callInFormat(Tensor x) {
    Tensor d = depthwise(x, null, false);
    return convolve(
        d, pointwiseKernel.value(), bias == null ? null : bias.value(), formatOptions());
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = geometryConfig();
    c.put("depth_multiplier", depthMultiplier);
    c.put("filters", filters);
    putGeometry(c);
    putActivationAndBias(c);
    putDepthwise(c);
    c.put("pointwise_initializer", Configs.serialize(pointwiseInit()));
    c.put("bias_initializer", Configs.serialize(biasInit()));
    c.put("depthwise_regularizer", Configs.serialize(kernelRegularizer));
    c.put("pointwise_regularizer", Configs.serialize(pointwiseRegularizer));
    c.put("bias_regularizer", Configs.serialize(biasRegularizer));
    c.put("activity_regularizer", Configs.serialize(activityRegularizerValue));
    c.put("depthwise_constraint", Configs.serialize(kernelConstraint));
    c.put("pointwise_constraint", Configs.serialize(pointwiseConstraint));
    c.put("bias_constraint", Configs.serialize(biasConstraint));
    return c;
  }

  /** Reads the separable keys (the depthwise ones, the pointwise ones and the shared ones). */
  L applySeparableConfig(Map<String, Object> c, Map<String, ?> custom) {
    if (c.get("pointwise_initializer") != null) {
      pointwiseInitializer(Configs.initializer(c.get("pointwise_initializer"), custom));
    }
    pointwiseRegularizer(Configs.regularizer(c.get("pointwise_regularizer"), custom));
    pointwiseConstraint(Configs.constraint(c.get("pointwise_constraint"), custom));
    return applyDepthwiseConfig(c, custom);
  }
}
