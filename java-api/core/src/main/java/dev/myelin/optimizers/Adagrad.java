package dev.myelin.optimizers;

import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad as Keras 3: {@code acc <- acc + g^2}, {@code w <- w - lr * g / sqrt(acc + epsilon)}.
 * Defaults: learning rate 0.001, initial accumulator value 0.1, epsilon 1e-7.
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01);
 * }</pre>
 */
public final class Adagrad extends Optimizer {
  static {
    Registry.builtIn(
        Registry.Kind.OPTIMIZER,
        Adagrad.class,
        "Adagrad",
        List.of("adagrad"),
        List.of("initial_accumulator_value", "epsilon"),
        (c, custom) -> fromConfig(c));
  }

  private final double initialAccumulatorValue;
  private final double epsilon;

  /** Adagrad with Keras's defaults. */
  public Adagrad() {
    this(0.001);
  }

  /** Adagrad with the given learning rate and Keras's other defaults. */
  public Adagrad(double learningRate) {
    this(learningRate, 0.1, 1e-7);
  }

  /** Adagrad with every hyperparameter. */
  public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
    super("adagrad", learningRate);
    this.initialAccumulatorValue =
        checkRange("initial_accumulator_value", initialAccumulatorValue, 0, Double.MAX_VALUE);
    this.epsilon = checkRange("epsilon", epsilon, 0, Double.MAX_VALUE);
  }

  /** Adagrad whose learning rate follows {@code schedule}. */
  public Adagrad(LearningRateSchedule schedule) {
    super("adagrad", schedule);
    this.initialAccumulatorValue = 0.1;
    this.epsilon = 1e-7;
  }

  @Override
  protected OptimizerKind kind() {
    return OptimizerKind.ADAGRAD;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"accumulator"};
  }

  @Override
  protected double slotInitialValue(int index) {
    return initialAccumulatorValue;
  }

  @Override
  protected void hyperparameters(long step, double[] h) {
    h[HyperparameterIndex.ADAGRAD_EPSILON] = epsilon;
  }

  @Override
  protected Map<String, Object> ownConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_accumulator_value", initialAccumulatorValue);
    c.put("epsilon", epsilon);
    return c;
  }

  /**
   * Adagrad from its own config keys and the learning rate (Keras's defaults for missing ones);
   * {@link Optimizer#fromConfig} adds the keys every optimizer shares.
   */
  static Adagrad fromConfig(Map<String, Object> c) {
    double lr = learningRate(c, 0.001);
    return new Adagrad(lr, number(c, "initial_accumulator_value", 0.1), number(c, "epsilon", 1e-7));
  }
}
