package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code initial / (1 + decay_rate * step / decay_steps)}, with an integer {@code step /
 * decay_steps} when {@code staircase}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new InverseTimeDecay(0.1, 1, 0.5, false);
 * }</pre>
 */
public final class InverseTimeDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double decayRate;
  private final boolean staircase;

  /** The schedule; {@code decaySteps} must be positive. */
  public InverseTimeDecay(
      double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException(
          "InverseTimeDecay: argument 'decay_steps' expected a value > 0 but was " + decaySteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
    this.decayRate = decayRate;
    this.staircase = staircase;
  }

  @Override
  public double apply(long step) {
    double p = (double) step / decaySteps;
    if (staircase) {
      p = Math.floor(p);
    }
    return initialLearningRate / (1.0 + decayRate * p);
  }

  @Override
  public String className() {
    return "InverseTimeDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("decay_rate", decayRate);
    c.put("staircase", staircase);
    c.put("name", "InverseTimeDecay");
    return c;
  }
}
