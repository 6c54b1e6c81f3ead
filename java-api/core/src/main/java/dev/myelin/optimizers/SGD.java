package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent with optional momentum and Nesterov momentum, as Keras's {@code SGD}.
 *
 * <p>Without momentum: {@code w <- w - lr * g}. With momentum {@code mu}: {@code v <- mu * v - lr *
 * g}, then {@code w <- w + v}, or with Nesterov {@code w <- w + mu * v - lr * g}. Defaults:
 * learning rate 0.01, momentum 0, nesterov false.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.01, 0.3, true);
 * }</pre>
 */
public final class SGD extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        SGD.class,
        "SGD",
        List.of("sgd"),
        List.of("momentum", "nesterov"),
        (c, custom) -> fromConfig(c));
  }

  private final double momentum;
  private final boolean nesterov;

  /** SGD with Keras's defaults (learning rate 0.01, no momentum). */
  public SGD() {
    this(0.01);
  }

  /** SGD with the given learning rate and no momentum. */
  public SGD(double learningRate) {
    this(learningRate, 0.0, false);
  }

  /** SGD with the given learning rate and momentum (classic, not Nesterov). */
  public SGD(double learningRate, double momentum) {
    this(learningRate, momentum, false);
  }

  /** SGD with the given learning rate, momentum in [0, 1] and Nesterov flag. */
  public SGD(double learningRate, double momentum, boolean nesterov) {
    super("SGD", learningRate);
    this.momentum = checkRange("momentum", momentum, 0, 1);
    this.nesterov = nesterov;
  }

  /** SGD whose learning rate follows {@code schedule}. */
  public SGD(LearningRateSchedule schedule, double momentum, boolean nesterov) {
    super("SGD", schedule);
    this.momentum = checkRange("momentum", momentum, 0, 1);
    this.nesterov = nesterov;
  }

  /** The momentum factor. */
  public double momentum() {
    return momentum;
  }

  /** Whether Nesterov momentum is used. */
  public boolean nesterov() {
    return nesterov;
  }

  @Override
  protected OptimizerKind kind() {
    return OptimizerKind.SGD;
  }

  @Override
  protected String[] slotNames() {
    return momentum != 0 ? new String[] {"momentum"} : new String[0];
  }

  @Override
  protected void hyperparameters(long step, double[] h) {
    h[HyperparameterIndex.SGD_MOMENTUM] = momentum;
    h[HyperparameterIndex.SGD_NESTEROV] = nesterov ? 1 : 0;
  }

  @Override
  protected Map<String, Object> ownConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("momentum", momentum);
    c.put("nesterov", nesterov);
    return c;
  }

  /**
   * SGD from its own config keys and the learning rate (Keras's defaults for missing ones); {@link
   * Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static SGD fromConfig(Map<String, Object> c) {
    double lr = learningRate(c, 0.01);
    return new SGD(lr, number(c, "momentum", 0.0), flag(c, "nesterov", false));
  }
}
