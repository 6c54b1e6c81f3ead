package dev.myelin.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay (Loshchilov and Hutter) with an optional linear warmup, as Keras 3: after {@code
 * warmup_steps} steps rising linearly from {@code initial} to {@code warmup_target}, the rate
 * follows {@code start * ((1 - alpha) * 0.5 * (1 + cos(pi * t / decay_steps)) + alpha)} with t
 * capped at {@code decay_steps}.
 *
 * <pre>{@code
 * LearningRateSchedule s = new CosineDecay(0.1, 1000);
 * }</pre>
 */
public final class CosineDecay implements LearningRateSchedule {
  private final double initialLearningRate;
  private final long decaySteps;
  private final double alpha;
  private final Double warmupTarget;
  private final long warmupSteps;

  /** Cosine decay without warmup and alpha 0. */
  public CosineDecay(double initialLearningRate, long decaySteps) {
    this(initialLearningRate, decaySteps, 0.0, null, 0);
  }

  /** Cosine decay with every option ({@code warmupTarget} null for no warmup). */
  public CosineDecay(
      double initialLearningRate,
      long decaySteps,
      double alpha,
      Double warmupTarget,
      long warmupSteps) {
    if (decaySteps <= 0) {
      throw new IllegalArgumentException(
          "CosineDecay: argument 'decay_steps' expected a value > 0 but was " + decaySteps);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException(
          "CosineDecay: argument 'warmup_steps' expected a value >= 0 but was " + warmupSteps);
    }
    this.initialLearningRate = initialLearningRate;
    this.decaySteps = decaySteps;
    this.alpha = alpha;
    this.warmupTarget = warmupTarget;
    this.warmupSteps = warmupSteps;
  }

  @Override
  public double apply(long step) {
    if (warmupTarget == null) {
      return decayed(initialLearningRate, step);
    }
    if (step < warmupSteps) {
      return initialLearningRate
          + (warmupTarget - initialLearningRate) * ((double) step / warmupSteps);
    }
    return decayed(warmupTarget, step - warmupSteps);
  }

  private double decayed(double start, long step) {
    double t = Math.min(step, decaySteps);
    double cosine = 0.5 * (1.0 + Math.cos(Math.PI * t / decaySteps));
    return start * ((1 - alpha) * cosine + alpha);
  }

  @Override
  public String className() {
    return "CosineDecay";
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("initial_learning_rate", initialLearningRate);
    c.put("decay_steps", decaySteps);
    c.put("alpha", alpha);
    c.put("name", "CosineDecay");
    c.put("warmup_target", warmupTarget);
    c.put("warmup_steps", warmupSteps);
    return c;
  }
}
