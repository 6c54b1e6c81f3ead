package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Uniform values in {@code [minval, maxval)} (Keras {@code RandomUniform(-0.05, 0.05)}). */
public final class RandomUniform implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        RandomUniform.class,
        "RandomUniform",
        List.of("random_uniform", "uniform"),
        (c, custom) ->
            new RandomUniform(
                Configs.num(c, "minval", -0.05), Configs.num(c, "maxval", 0.05), Configs.seed(c)));
  }

  private final double minval;
  private final double maxval;
  private final Long seed;

  /** Keras's defaults: {@code [-0.05, 0.05)}, unseeded. */
  public RandomUniform() {
    this(-0.05, 0.05, null);
  }

  /**
   * Uniform values in {@code [minval, maxval)}; a non-null {@code seed} gives the same values on
   * every call, {@code null} draws from the calling thread's generator.
   */
  public RandomUniform(double minval, double maxval, Long seed) {
    if (!(minval <= maxval)) {
      throw Errors.arg("RandomUniform", "maxval", "a value >= minval " + minval, maxval);
    }
    this.minval = minval;
    this.maxval = maxval;
    this.seed = seed;
  }

  /** Draws the values. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Draw.uniform(shape, minval, maxval, dtype, seed);
  }

  /** {@code "random_uniform"}. */
  @Override
  public String name() {
    return "random_uniform";
  }

  /** {@code {minval, maxval, seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("minval", minval);
    m.put("maxval", maxval);
    m.put("seed", seed);
    return m;
  }
}
