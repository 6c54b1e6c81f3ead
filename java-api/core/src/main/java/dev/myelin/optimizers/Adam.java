package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam as Keras computes it: the bias correction is folded into the step size, {@code alpha = lr *
 * sqrt(1 - beta_2^t) / (1 - beta_1^t)}, and epsilon sits outside the root of the uncorrected second
 * moment: {@code m <- m + (g - m)(1 - beta_1)}, {@code v <- v + (g^2 - v)(1 - beta_2)}, {@code w <-
 * w - alpha * m / (sqrt(v) + epsilon)} (with amsgrad, {@code v} is the running maximum). This
 * differs slightly in numbers from the textbook form in the book, which corrects m and v
 * separately. Defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7, amsgrad false.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(0.05);
 * }</pre>
 */
public class Adam extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        Adam.class,
        "Adam",
        List.of("adam"),
        List.of("beta_1", "beta_2", "epsilon", "amsgrad"),
        (c, custom) -> fromConfig(c));
  }

  private final Moments moments;
  private final boolean amsgrad;

  /** Adam with Keras's defaults. */
  public Adam() {
    this(0.001);
  }

  /** Adam with the given learning rate and Keras's other defaults. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-7, false);
  }

  /** Adam with every hyperparameter. */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
    this("adam", learningRate, beta1, beta2, epsilon, amsgrad);
  }

  /** Adam whose learning rate follows {@code schedule}, with Keras's other defaults. */
  public Adam(LearningRateSchedule schedule) {
    super("adam", schedule);
    this.moments = Moments.DEFAULTS;
    this.amsgrad = false;
  }

  /** For subclasses (AdamW) with their own name. */
  protected Adam(
      String name,
      double learningRate,
      double beta1,
      double beta2,
      double epsilon,
      boolean amsgrad) {
    super(name, learningRate);
    this.moments = Moments.checked(this, beta1, beta2, epsilon);
    this.amsgrad = amsgrad;
  }

  @Override
  protected final OptimizerKind kind() {
    return OptimizerKind.ADAM;
  }

  @Override
  protected final String[] slotNames() {
    return amsgrad
        ? new String[] {"momentum", "velocity", "velocity_hat"}
        : new String[] {"momentum", "velocity"};
  }

  /** Keras creates momentum and velocity together, then (amsgrad) every velocity_hat. */
  @Override
  protected final String[][] slotGroups() {
    return amsgrad
        ? new String[][] {{"momentum", "velocity"}, {"velocity_hat"}}
        : new String[][] {{"momentum", "velocity"}};
  }

  @Override
  protected final void hyperparameters(long step, double[] h) {
    moments.write(
        h,
        HyperparameterIndex.ADAM_BETA_1,
        HyperparameterIndex.ADAM_BETA_2,
        HyperparameterIndex.ADAM_EPSILON);
    h[HyperparameterIndex.ADAM_AMSGRAD] = amsgrad ? 1 : 0;
  }

  @Override
  protected final Map<String, Object> ownConfig() {
    Map<String, Object> c = moments.putInto(new LinkedHashMap<>());
    c.put("amsgrad", amsgrad);
    return c;
  }

  /**
   * Adam from its own config keys and the learning rate (Keras's defaults for missing ones); {@link
   * Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static Adam fromConfig(Map<String, Object> c) {
    Moments m = Moments.fromConfig(c);
    return new Adam(
        learningRate(c, 0.001), m.beta1(), m.beta2(), m.epsilon(), flag(c, "amsgrad", false));
  }
}
