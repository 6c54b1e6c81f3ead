package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.Ones;
import dev.myelin.initializers.Zeros;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Normalizes each feature (by default the last axis: the units of a Dense output, the channels of a
 * convolution's) to zero mean and unit variance over every other axis, then scales by {@code gamma}
 * and shifts by {@code beta}. In training it uses the batch's statistics and moves the
 * non-trainable {@code moving_mean} / {@code moving_variance} towards them ({@code moving = moving
 * * momentum + batch * (1 - momentum)}, biased batch variance as in Keras 3, updated in place so a
 * traced training step includes it); at inference it uses the moving statistics. Defaults: axis -1,
 * momentum 0.99, epsilon 1e-3.
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
        List.of("axis", "momentum", "epsilon", "center", "scale"),
        (c, custom) -> fromConfig(c));
  }

  /** Keras's backend.epsilon(), which its masked moments add to the count of unmasked values. */
  private static final double MASK_FUZZ = 1e-7;

  private int axis = -1;
  private int builtAxis = -1;
  private double momentum = 0.99;
  private double epsilon = 1e-3;
  private boolean center = true;
  private boolean scale = true;
  private Variable gamma;
  private Variable beta;
  private Variable movingMean;
  private Variable movingVariance;
  private boolean fused = true;

  /** A batch normalization layer over the last axis with Keras's defaults. */
  public BatchNormalization() {}

  /**
   * Sets the feature axis (default -1, the last; a non-negative axis counts the batch axis, as
   * Keras's {@code axis=3} on images).
   */
  public BatchNormalization axis(int a) {
    if (a == 0) {
      throw new IllegalArgumentException(
          "BatchNormalization: argument 'axis' expected a feature axis (not the batch axis 0) but"
              + " was 0");
    }
    this.axis = a;
    return this;
  }

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

  /**
   * Whether float32 inputs run oneDNN's fused batch_normalization primitive (default true) rather
   * than the composed elementwise and reduction ops (which float64 always uses). Both compute the
   * same function within float32 rounding; the switch exists so the two can be compared (tests,
   * {@code bin/myelin bench train cnn-bn}). Not part of the Keras config.
   */
  public BatchNormalization fused(boolean on) {
    this.fused = on;
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
    int r = inputShape.length;
    int a = axis < 0 ? axis + r : axis;
    if (a < 1 || a >= r) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (BatchNormalization): argument 'axis' expected a feature axis of an input of"
              + " rank "
              + r
              + " but was "
              + axis
              + " (input shape "
              + KerasTensor.formatShape(inputShape)
              + ")");
    }
    builtAxis = a;
    long[] f = {inputShape[a]};
    if (f[0] <= 0) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (BatchNormalization): expected a known size on axis "
              + axis
              + ", got input shape "
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
    return normalize(inputs[0], null, training);
  }

  /** BatchNormalization passes its input's mask on, as Keras 3's. */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /**
   * With a mask (one axis less than the input, as Keras checks), training takes the batch's mean
   * and variance over the unmasked positions only, as Keras 3's {@code _moments(inputs, mask)}.
   */
  @Override
  public Tensor[] callAll(Tensor[] inputs, Tensor[] masks, boolean training) {
    Tensor m = masks.length > 0 ? masks[0] : null;
    if (m != null && m.rank() != inputs[0].rank() - 1) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (BatchNormalization): argument 'mask' expected rank "
              + (inputs[0].rank() - 1)
              + " (one less than the input "
              + KerasTensor.formatShape(inputs[0].shape())
              + ") but was "
              + KerasTensor.formatShape(m.shape()));
    }
    return new Tensor[] {normalize(inputs[0], m, training)};
  }

  /**
   * The fused oneDNN primitive for float32 without a mask; the composed computation otherwise
   * (float64, a mask, or {@code fused(false)}).
   */
  private Tensor normalize(Tensor x, Tensor mask, boolean training) {
    if (mask == null
        && fused
        && x.dtype() == DType.FLOAT32
        && movingMean.value().dtype() == DType.FLOAT32) {
      return fusedCall(x, training);
    }
    return composed(x, mask, training);
  }

  /** One oneDNN batch_normalization primitive forward (and one backward on the tape). */
  private Tensor fusedCall(Tensor x, boolean training) {
    Tensor[] r =
        x.batchNormalization(
            gamma == null ? null : gamma.value(),
            beta == null ? null : beta.value(),
            training ? null : movingMean.value(),
            training ? null : movingVariance.value(),
            builtAxis,
            epsilon,
            training);
    if (training) {
      movingMean.assignMovingAverage(r[1], momentum);
      movingVariance.assignMovingAverage(r[2], momentum);
    }
    return r[0];
  }

  /**
   * The same computation from elementwise and reduction ops (float64, masks, and the reference).
   */
  private Tensor composed(Tensor x, Tensor mask, boolean training) {
    int r = x.rank();
    // the statistics and parameters have shape (features); for a feature axis other than the
    // last they are viewed as (1, .., features, .., 1) to broadcast
    long[] view = null;
    if (builtAxis != r - 1) {
      view = new long[r];
      java.util.Arrays.fill(view, 1);
      view[builtAxis] = x.dim(builtAxis);
    }
    Tensor mean;
    Tensor var;
    if (training) {
      int[] axes = new int[r - 1];
      for (int i = 0, k = 0; i < r; i++) {
        if (i != builtAxis) {
          axes[k++] = i;
        }
      }
      if (mask == null) {
        mean = x.mean(axes);
        var = x.var(axes);
      } else {
        // Keras: sum(where(mask, x, 0)) / (count + epsilon()), the same for the squared
        // deviations; epsilon() is Keras's fuzz factor 1e-7, not the layer's epsilon
        Tensor w = Masks.asFloat(mask, x.dtype()).expandDims(r - 1);
        Tensor count = w.broadcastTo(x.shape()).sum(axes).add(MASK_FUZZ);
        mean = x.mul(w).sum(axes).div(count);
        Tensor d = x.sub(shaped(mean, view)).mul(w);
        var = d.mul(d).sum(axes).div(count);
      }
      movingMean.assignMovingAverage(mean, momentum);
      movingVariance.assignMovingAverage(var, momentum);
    } else {
      mean = movingMean.value();
      var = movingVariance.value();
    }
    Tensor y = x.sub(shaped(mean, view)).mul(shaped(var.add(epsilon).rsqrt(), view));
    if (gamma != null) {
      y = y.mul(shaped(gamma.value(), view));
    }
    if (beta != null) {
      y = y.add(shaped(beta.value(), view));
    }
    return y;
  }

  private static Tensor shaped(Tensor t, long[] view) {
    return view == null ? t : t.reshape(view);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("axis", axis);
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
    Object a = c.get("axis");
    // Keras accepts an int or a list of axes; one feature axis is what this layer normalizes over
    if (a instanceof java.util.List<?> l && l.size() == 1) {
      a = l.get(0);
    }
    if (a != null && !(a instanceof Number)) {
      throw new IllegalArgumentException(
          "BatchNormalization config: argument 'axis' expected one integer axis but was " + a);
    }
    return new BatchNormalization()
        .axis(a == null ? -1 : ((Number) a).intValue())
        .momentum(Configs.num(c, "momentum", 0.99))
        .epsilon(Configs.num(c, "epsilon", 1e-3))
        .center(Configs.bool(c, "center", true))
        .scale(Configs.bool(c, "scale", true));
  }
}
