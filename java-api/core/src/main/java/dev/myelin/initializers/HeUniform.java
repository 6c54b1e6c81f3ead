package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * He uniform: limit sqrt(6 / fan_in) (Keras {@code "he_uniform"}: VarianceScaling(2.0, fan_in,
 * uniform)).
 */
public final class HeUniform extends VarianceScaling {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        HeUniform.class,
        "HeUniform",
        List.of("he_uniform"),
        (c, custom) -> new HeUniform(Configs.seed(c)));
  }

  /** Unseeded: draws from the calling thread's generator. */
  public HeUniform() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public HeUniform(Long seed) {
    super("he_uniform", 2.0, "fan_in", "uniform", seed);
  }
}
