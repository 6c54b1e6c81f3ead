package dev.myelin.initializers;

import java.util.Map;

/**
 * LeCun uniform: limit sqrt(3 / fan_in) (Keras {@code "lecun_uniform"}: VarianceScaling(1.0,
 * fan_in, uniform)).
 */
public final class LecunUniform extends VarianceScaling {
  /** Unseeded: draws from the calling thread's generator. */
  public LecunUniform() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public LecunUniform(Long seed) {
    super(1.0, "fan_in", "uniform", seed);
  }

  /** {@code "lecun_uniform"}. */
  @Override
  public String name() {
    return "lecun_uniform";
  }

  /** {@code {seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    return Draw.seedConfig(seed());
  }
}
