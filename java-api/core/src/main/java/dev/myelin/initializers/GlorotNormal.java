package dev.myelin.initializers;

import java.util.Map;

/**
 * Glorot/Xavier normal: truncated, stddev sqrt(2 / (fan_in + fan_out)) (Keras {@code
 * "glorot_normal"}: VarianceScaling(1.0, fan_avg, truncated_normal)).
 */
public final class GlorotNormal extends VarianceScaling {
  /** Unseeded: draws from the calling thread's generator. */
  public GlorotNormal() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public GlorotNormal(Long seed) {
    super(1.0, "fan_avg", "truncated_normal", seed);
  }

  /** {@code "glorot_normal"}. */
  @Override
  public String name() {
    return "glorot_normal";
  }

  /** {@code {seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    return Draw.seedConfig(seed());
  }
}
