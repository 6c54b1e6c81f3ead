package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adadelta as Keras 3: {@code Eg <- rho * Eg + (1 - rho) * g^2}, {@code d = -sqrt(Ed + eps) * g /
 * sqrt(Eg + eps)}, {@code Ed <- rho * Ed + (1 - rho) * d^2}, {@code w <- w + lr * d}. Defaults:
 * learning rate 0.001, rho 0.95, epsilon 1e-7.
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(1.0);
 * }</pre>
 */
public final class Adadelta extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        Adadelta.class,
        "Adadelta",
        List.of("adadelta"),
        List.of("rho", "epsilon"),
        (c, custom) -> fromConfig(c));
  }

  private final double rho;
  private final double epsilon;

  /** Adadelta with Keras's defaults. */
  public Adadelta() {
    this(0.001);
  }

  /** Adadelta with the given learning rate and Keras's other defaults. */
  public Adadelta(double learningRate) {
    this(learningRate, 0.95, 1e-7);
  }

  /** Adadelta with every hyperparameter. */
  public Adadelta(double learningRate, double rho, double epsilon) {
    super("adadelta", learningRate);
    this.rho = checkRange("rho", rho, 0, 1);
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
  }

  /** Adadelta whose learning rate follows {@code schedule}. */
  public Adadelta(LearningRateSchedule schedule) {
    super("adadelta", schedule);
    this.rho = 0.95;
    this.epsilon = 1e-7;
  }

  @Override
  protected OptimizerKind kind() {
    return OptimizerKind.ADADELTA;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"accumulated_grad", "accumulated_delta_var"};
  }

  @Override
  protected void hyperparameters(long step, double[] h) {
    h[HyperparameterIndex.ADADELTA_RHO] = rho;
    h[HyperparameterIndex.ADADELTA_EPSILON] = epsilon;
  }

  @Override
  protected Map<String, Object> ownConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("rho", rho);
    c.put("epsilon", epsilon);
    return c;
  }

  /**
   * Adadelta from its own config keys and the learning rate (Keras's defaults for missing ones);
   * {@link Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static Adadelta fromConfig(Map<String, Object> c) {
    double lr = learningRate(c, 0.001);
    return new Adadelta(lr, number(c, "rho", 0.95), number(c, "epsilon", 1e-7));
  }
}
