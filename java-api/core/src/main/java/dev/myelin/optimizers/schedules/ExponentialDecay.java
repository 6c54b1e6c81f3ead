package dev.myelin.optimizers.schedules;

import java.util.Map;

/**
 * {@code initial * decay_rate ^ (step / decay_steps)}, with an integer exponent when {@code
 * staircase}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new ExponentialDecay(0.1, 100, 0.5, true);
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
  private final StepDecay d;

  /** The schedule; {@code decaySteps} must be positive. */
  public ExponentialDecay(
      double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
    d = new StepDecay("ExponentialDecay", initialLearningRate, decaySteps, decayRate, staircase);
  }

  @Override
  public double apply(long step) {
    return d.initialLearningRate() * Math.pow(d.decayRate(), d.progress(step));
  }

  @Override
  public String className() {
    return "ExponentialDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    return d.config();
  }
}
