package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normal values (Keras {@code RandomNormal(mean=0.0, stddev=0.05)}). */
public final class RandomNormal implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        RandomNormal.class,
        "RandomNormal",
        List.of("random_normal", "normal"),
        (c, custom) ->
            new RandomNormal(
                Configs.num(c, "mean", 0), Configs.num(c, "stddev", 0.05), Configs.seed(c)));
  }

  private final double mean;
  private final double stddev;
  private final Long seed;

  /** Keras's defaults: mean 0, stddev 0.05, unseeded. */
  public RandomNormal() {
    this(0.0, 0.05, null);
  }

  /**
   * Normal values; a non-null {@code seed} repeats, {@code null} uses the calling thread's
   * generator.
   */
  public RandomNormal(double mean, double stddev, Long seed) {
    if (!(stddev >= 0)) {
      throw Errors.arg("RandomNormal", "stddev", "a value >= 0", stddev);
    }
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
  }

  /** Draws the values. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Draw.normal(shape, mean, stddev, dtype, seed);
  }

  /** {@code "random_normal"}. */
  @Override
  public String name() {
    return "random_normal";
  }

  /** {@code {mean, stddev, seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", mean);
    m.put("stddev", stddev);
    m.put("seed", seed);
    return m;
  }
}
