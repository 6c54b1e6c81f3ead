package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adamax (Adam with the infinity norm) as Keras 3: {@code m <- m + (g - m)(1 - beta_1)}, {@code u
 * <- max(beta_2 * u, |g|)}, {@code w <- w - lr * m / ((1 - beta_1^t)(u + epsilon))}. Defaults:
 * learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(0.002);
 * }</pre>
 */
public final class Adamax extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        Adamax.class,
        "Adamax",
        List.of("adamax"),
        List.of("beta_1", "beta_2", "epsilon"),
        (c, custom) -> fromConfig(c));
  }

  private final Moments moments;

  /** Adamax with Keras's defaults. */
  public Adamax() {
    this(0.001);
  }

  /** Adamax with the given learning rate and Keras's other defaults. */
  public Adamax(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Adamax with every hyperparameter. */
  public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
    super("adamax", learningRate);
    this.moments = Moments.checked(this, beta1, beta2, epsilon);
  }

  /** Adamax whose learning rate follows {@code schedule}. */
  public Adamax(LearningRateSchedule schedule) {
    super("adamax", schedule);
    this.moments = Moments.DEFAULTS;
  }

  @Override
  protected OptimizerKind kind() {
    return OptimizerKind.ADAMAX;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"m", "u"};
  }

  @Override
  protected void hyperparameters(long step, double[] h) {
    moments.write(
        h,
        HyperparameterIndex.ADAMAX_BETA_1,
        HyperparameterIndex.ADAMAX_BETA_2,
        HyperparameterIndex.ADAMAX_EPSILON);
  }

  @Override
  protected Map<String, Object> ownConfig() {
    return moments.putInto(new LinkedHashMap<>());
  }

  /**
   * Adamax from its own config keys and the learning rate (Keras's defaults for missing ones);
   * {@link Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static Adamax fromConfig(Map<String, Object> c) {
    Moments m = Moments.fromConfig(c);
    return new Adamax(learningRate(c, 0.001), m.beta1(), m.beta2(), m.epsilon());
  }
}
