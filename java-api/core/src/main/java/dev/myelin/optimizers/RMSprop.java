package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop as Keras 3 computes it: {@code v <- rho * v + (1 - rho) * g^2}, then {@code w <- w - lr *
 * g / sqrt(v + epsilon)} (centered: {@code v - mean_g^2 + epsilon} under the root; with momentum
 * the increment accumulates in a momentum slot). Defaults: learning rate 0.001, rho 0.9, momentum
 * 0, epsilon 1e-7, centered false.
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(0.01);
 * }</pre>
 */
public final class RMSprop extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        RMSprop.class,
        "RMSprop",
        List.of("rmsprop"),
        List.of("rho", "momentum", "epsilon", "centered"),
        (c, custom) -> fromConfig(c));
  }

  private final double rho;
  private final double momentum;
  private final double epsilon;
  private final boolean centered;

  /** RMSprop with Keras's defaults. */
  public RMSprop() {
    this(0.001);
  }

  /** RMSprop with the given learning rate and Keras's other defaults. */
  public RMSprop(double learningRate) {
    this(learningRate, 0.9, 0.0, 1e-7, false);
  }

  /** RMSprop with every hyperparameter. */
  public RMSprop(
      double learningRate, double rho, double momentum, double epsilon, boolean centered) {
    super("rmsprop", learningRate);
    this.rho = checkRange("rho", rho, 0, 1);
    this.momentum = checkRange("momentum", momentum, 0, 1);
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
    this.centered = centered;
  }

  /** RMSprop whose learning rate follows {@code schedule}, with Keras's other defaults. */
  public RMSprop(LearningRateSchedule schedule) {
    super("rmsprop", schedule);
    this.rho = 0.9;
    this.momentum = 0.0;
    this.epsilon = 1e-7;
    this.centered = false;
  }

  @Override
  protected OptimizerKind kind() {
    return OptimizerKind.RMSPROP;
  }

  @Override
  protected String[] slotNames() {
    List<String> names = new ArrayList<>();
    names.add("velocity");
    if (momentum > 0) {
      names.add("momentum");
    }
    if (centered) {
      names.add("average_gradient");
    }
    return names.toArray(new String[0]);
  }

  /** Keras creates every velocity, then every momentum, then every average gradient. */
  @Override
  protected String[][] slotGroups() {
    String[] names = slotNames();
    String[][] groups = new String[names.length][];
    for (int i = 0; i < names.length; i++) {
      groups[i] = new String[] {names[i]};
    }
    return groups;
  }

  @Override
  protected void hyperparameters(long step, double[] h) {
    h[HyperparameterIndex.RMSPROP_RHO] = rho;
    h[HyperparameterIndex.RMSPROP_MOMENTUM] = momentum;
    h[HyperparameterIndex.RMSPROP_CENTERED] = centered ? 1 : 0;
    h[HyperparameterIndex.RMSPROP_EPSILON] = epsilon;
  }

  @Override
  protected Map<String, Object> ownConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("rho", rho);
    c.put("momentum", momentum);
    c.put("epsilon", epsilon);
    c.put("centered", centered);
    return c;
  }

  /**
   * RMSprop from its own config keys and the learning rate (Keras's defaults for missing ones);
   * {@link Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static RMSprop fromConfig(Map<String, Object> c) {
    double lr = learningRate(c, 0.001);
    return new RMSprop(
        lr,
        number(c, "rho", 0.9),
        number(c, "momentum", 0.0),
        number(c, "epsilon", 1e-7),
        flag(c, "centered", false));
  }
}
