package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The arguments, the (optionally staircased) progress {@code step / decay_steps} and the config
 * that {@link ExponentialDecay} and {@link InverseTimeDecay} share; each keeps only its formula.
 */
record StepDecay(
    String className,
    double initialLearningRate,
    long decaySteps,
    double decayRate,
    boolean staircase) {
  StepDecay {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException(
          className + ": argument 'decay_steps' expected a value > 0 but was " + decaySteps);
    }
  }

  /** {@code step / decay_steps}, floored when {@code staircase}. */
  double progress(long step) {
    double p = (double) step / decaySteps;
    return staircase ? Math.floor(p) : p;
  }

  /** Keras's config of the schedule. */
  Map<String, Object> config() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("decay_rate", decayRate);
    c.put("staircase", staircase);
    c.put("name", className);
    return c;
  }
}
