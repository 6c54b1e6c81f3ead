package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * Glorot/Xavier uniform: limit sqrt(6 / (fan_in + fan_out)); the default kernel initializer (Keras
 * {@code "glorot_uniform"}: VarianceScaling(1.0, fan_avg, uniform)).
 */
public final class GlorotUniform extends VarianceScaling {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        GlorotUniform.class,
        "GlorotUniform",
        List.of("glorot_uniform"),
        (c, custom) -> new GlorotUniform(Configs.seed(c)));
  }

  /** Unseeded: draws from the calling thread's generator. */
  public GlorotUniform() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public GlorotUniform(Long seed) {
    super("glorot_uniform", 1.0, "fan_avg", "uniform", seed);
  }
}
