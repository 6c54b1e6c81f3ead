package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nadam (Adam with Nesterov momentum, Dozat 2015) as Keras 3, with the momentum schedule {@code u_t
 * = beta_1 (1 - 0.5 * 0.96^t)} and its running product. Defaults: learning rate 0.001, beta_1 0.9,
 * beta_2 0.999, epsilon 1e-7.
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(0.002);
 * }</pre>
 */
public final class Nadam extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        Nadam.class,
        "Nadam",
        List.of("nadam"),
        List.of("beta_1", "beta_2", "epsilon"),
        (c, custom) -> fromConfig(c));
  }

  private final Moments moments;
  private double uProduct = 1.0;

  /** Nadam with Keras's defaults. */
  public Nadam() {
    this(0.001);
  }

  /** Nadam with the given learning rate and Keras's other defaults. */
  public Nadam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7);
  }

  /** Nadam with every hyperparameter. */
  public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
    super("nadam", learningRate);
    this.moments = Moments.checked(this, beta1, beta2, epsilon);
  }

  /** Nadam whose learning rate follows {@code schedule}. */
  public Nadam(LearningRateSchedule schedule) {
    super("nadam", schedule);
    this.moments = Moments.DEFAULTS;
  }

  @Override
  protected OptimizerKind kind() {
    return OptimizerKind.NADAM;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"momentum", "velocity"};
  }

  @Override
  protected void beforeStep(long step) {
    uProduct = uProduct * moments.beta1() * (1.0 - 0.5 * Math.pow(0.96, step));
  }

  /** Keras saves {@code u_product} after the slots. */
  @Override
  protected double[] extraState() {
    return new double[] {uProduct};
  }

  /**
   * {@code u_product} is a function of the step count alone, so it is recomputed from the restored
   * {@link #iterations()} in double precision (the value a run without saving has) rather than
   * taken from the float32 that Keras stores.
   */
  @Override
  protected void restoreExtraState(double[] values) {
    double u = 1.0;
    for (long t = 1; t <= iterations(); t++) {
      u = u * moments.beta1() * (1.0 - 0.5 * Math.pow(0.96, t));
    }
    uProduct = u;
  }

  @Override
  protected void hyperparameters(long step, double[] h) {
    moments.write(
        h,
        HyperparameterIndex.NADAM_BETA_1,
        HyperparameterIndex.NADAM_BETA_2,
        HyperparameterIndex.NADAM_EPSILON);
    h[HyperparameterIndex.NADAM_U_PRODUCT] = uProduct;
  }

  @Override
  protected Map<String, Object> ownConfig() {
    return moments.putInto(new LinkedHashMap<>());
  }

  /**
   * Nadam from its own config keys and the learning rate (Keras's defaults for missing ones);
   * {@link Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static Nadam fromConfig(Map<String, Object> c) {
    Moments m = Moments.fromConfig(c);
    return new Nadam(learningRate(c, 0.001), m.beta1(), m.beta2(), m.epsilon());
  }
}
