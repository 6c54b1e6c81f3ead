package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * Glorot/Xavier normal: truncated, stddev sqrt(2 / (fan_in + fan_out)) (Keras {@code
 * "glorot_normal"}: VarianceScaling(1.0, fan_avg, truncated_normal)).
 */
public final class GlorotNormal extends VarianceScaling {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        GlorotNormal.class,
        "GlorotNormal",
        List.of("glorot_normal"),
        (c, custom) -> new GlorotNormal(Configs.seed(c)));
  }

  /** Unseeded: draws from the calling thread's generator. */
  public GlorotNormal() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public GlorotNormal(Long seed) {
    super("glorot_normal", 1.0, "fan_avg", "truncated_normal", seed);
  }
}
