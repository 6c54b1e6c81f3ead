package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * He normal: truncated, stddev sqrt(2 / fan_in) (Keras {@code "he_normal"}: VarianceScaling(2.0,
 * fan_in, truncated_normal)).
 */
public final class HeNormal extends VarianceScaling {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        HeNormal.class,
        "HeNormal",
        List.of("he_normal"),
        (c, custom) -> new HeNormal(Configs.seed(c)));
  }

  /** Unseeded: draws from the calling thread's generator. */
  public HeNormal() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public HeNormal(Long seed) {
    super("he_normal", 2.0, "fan_in", "truncated_normal", seed);
  }
}
