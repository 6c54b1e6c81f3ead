package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * LeCun normal: truncated, stddev sqrt(1 / fan_in) (Keras {@code "lecun_normal"}:
 * VarianceScaling(1.0, fan_in, truncated_normal)).
 */
public final class LecunNormal extends VarianceScaling {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        LecunNormal.class,
        "LecunNormal",
        List.of("lecun_normal"),
        (c, custom) -> new LecunNormal(Configs.seed(c)));
  }

  /** Unseeded: draws from the calling thread's generator. */
  public LecunNormal() {
    this(null);
  }

  /**
   * With a fixed {@code seed} (same values every call), or {@code null} for the calling thread's
   * generator.
   */
  public LecunNormal(Long seed) {
    super("lecun_normal", 1.0, "fan_in", "truncated_normal", seed);
  }
}
