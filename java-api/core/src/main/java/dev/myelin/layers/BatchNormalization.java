package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Ones;
import dev.myelin.initializers.Zeros;
import dev.myelin.internal.Recorder;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Normalizes each feature (the last axis) to zero mean and unit variance, then scales by {@code
 * gamma} and shifts by {@code beta}. In training it uses the batch's statistics and moves the
 * non-trainable {@code moving_mean} / {@code moving_variance} towards them ({@code moving = moving
 * * momentum + batch * (1 - momentum)}, biased batch variance as in Keras 3); at inference it uses
 * the moving statistics. Defaults: momentum 0.99, epsilon 1e-3.
 *
 * <pre>{@code
 * model.add(new Dense(1024).inputShape(64));
 * model.add(new BatchNormalization());
 * }</pre>
 */
public class BatchNormalization extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        BatchNormalization.class,
        "BatchNormalization",
        List.of(),
        List.of("momentum", "epsilon", "center", "scale"),
        (c, custom) -> fromConfig(c));
  }

  private double momentum = 0.99;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private Variable gamma;
  private Variable beta;
  private Variable movingMean;
  private Variable movingVariance;

  /** A batch normalization layer over the last axis with Keras's defaults. */
  public BatchNormalization() {}

  /** Sets the momentum of the moving statistics (default 0.99). */
  public BatchNormalization momentum(double m) {
    if (!(m >= 0 && m <= 1)) {
      throw new IllegalArgumentException(
          "BatchNormalization: argument 'momentum' expected a number in [0, 1] but was " + m);
    }
    this.momentum = m;
    return this;
  }

  /** Sets the small constant added to the variance (default 1e-3). */
  public BatchNormalization epsilon(double e) {
    if (!(e > 0)) {
      throw new IllegalArgumentException(
          "BatchNormalization: argument 'epsilon' expected a positive number but was " + e);
    }
    this.epsilon = e;
    return this;
  }

  /** Whether to add the learned offset beta (default true). */
  public BatchNormalization center(boolean on) {
    this.center = on;
    return this;
  }

  /** Whether to multiply by the learned scale gamma (default true). */
  public BatchNormalization scale(boolean on) {
    this.scale = on;
    return this;
  }

  @Override
  public BatchNormalization inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  /** The moving mean variable (after build). */
  public Variable movingMean() {
    return movingMean;
  }

  /** The moving variance variable (after build). */
  public Variable movingVariance() {
    return movingVariance;
  }

  @Override
  public void build(long[] inputShape) {
    long[] f = {inputShape[inputShape.length - 1]};
    if (f[0] <= 0) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (BatchNormalization): expected a known last axis, got input shape "
              + KerasTensor.formatShape(inputShape));
    }
    if (scale) {
      gamma = addWeight("gamma", f, Initializer.get("ones"), true);
    }
    if (center) {
      beta = addWeight("beta", f, Initializer.get("zeros"), true);
    }
    movingMean = addWeight("moving_mean", f, Initializer.get("zeros"), false);
    movingVariance = addWeight("moving_variance", f, Initializer.get("ones"), false);
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    Tensor mean;
    Tensor var;
    if (training) {
      int[] axes = new int[x.rank() - 1];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
      mean = x.mean(axes);
      var = x.var(axes);
      Recorder.pause();
      try {
        movingMean.assign(movingMean.value().mul(momentum).add(mean.mul(1 - momentum)));
        movingVariance.assign(movingVariance.value().mul(momentum).add(var.mul(1 - momentum)));
      } finally {
        Recorder.resume();
      }
    } else {
      mean = movingMean.value();
      var = movingVariance.value();
    }
    Tensor y = x.sub(mean).mul(var.add(epsilon).rsqrt());
    if (gamma != null) {
      y = y.mul(gamma.value());
    }
    if (beta != null) {
      y = y.add(beta.value());
    }
    return y;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", -1);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("center", center);
    c.put("scale", scale);
    c.put("beta_initializer", Configs.serialize(new Zeros()));
    c.put("gamma_initializer", Configs.serialize(new Ones()));
    c.put("moving_mean_initializer", Configs.serialize(new Zeros()));
    c.put("moving_variance_initializer", Configs.serialize(new Ones()));
    c.put("beta_regularizer", null);
    c.put("gamma_regularizer", null);
    c.put("beta_constraint", null);
    c.put("gamma_constraint", null);
    return c;
  }

  /** A new BatchNormalization from its Keras config, the inverse of {@link #getConfig()}. */
  public static BatchNormalization fromConfig(Map<String, Object> c) {
    int axis = (int) Configs.num(c, "axis", -1);
    if (axis != -1) {
      throw new IllegalArgumentException(
          "BatchNormalization config: argument 'axis' expected -1 (the last axis) but was " + axis);
    }
    return new BatchNormalization()
        .momentum(Configs.num(c, "momentum", 0.99))
        .epsilon(Configs.num(c, "epsilon", 1e-3))
        .center(Configs.bool(c, "center", true))
        .scale(Configs.bool(c, "scale", true));
  }
}
