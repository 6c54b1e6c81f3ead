package dev.myelin.initializers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

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
    super(1.0, "fan_in", "truncated_normal", seed);
  }

  /** {@code "lecun_normal"}. */
  @Override
  public String name() {
    return "lecun_normal";
  }

  /** {@code {seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    return Draw.seedConfig(seed());
  }
}
