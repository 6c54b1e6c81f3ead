package dev.myelin.optimizers.schedules;

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
  private final StepDecay d;

  /** The schedule; {@code decaySteps} must be positive. */
  public InverseTimeDecay(
      double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    d = new StepDecay("InverseTimeDecay", initialLearningRate, decaySteps, decayRate, staircase);
  }

  @Override
  public double apply(long step) {
    return d.initialLearningRate() / (1.0 + d.decayRate() * d.progress(step));
  }

  @Override
  public String className() {
    return "InverseTimeDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    return d.config();
  }
}
