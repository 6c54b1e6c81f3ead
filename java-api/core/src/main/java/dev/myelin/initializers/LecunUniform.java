package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * LeCun uniform: limit sqrt(3 / fan_in) (Keras {@code "lecun_uniform"}: VarianceScaling(1.0,
 * fan_in, uniform)).
 */
public final class LecunUniform extends VarianceScaling {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        LecunUniform.class,
        "LecunUniform",
        List.of("lecun_uniform"),
        (c, custom) -> new LecunUniform(Configs.seed(c)));
  }

  /** Unseeded: draws from the calling thread's generator. */
  public LecunUniform() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public LecunUniform(Long seed) {
    super("lecun_uniform", 1.0, "fan_in", "uniform", seed);
  }
}
