package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normal values redrawn until within two standard deviations of the mean (Keras {@code
 * TruncatedNormal(mean=0.0, stddev=0.05)}).
 */
public final class TruncatedNormal implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        TruncatedNormal.class,
        "TruncatedNormal",
        List.of("truncated_normal"),
        (c, custom) ->
            new TruncatedNormal(
                Configs.num(c, "mean", 0), Configs.num(c, "stddev", 0.05), Configs.seed(c)));
  }

  private final double mean;
  private final double stddev;
  private final Long seed;

  /** Keras's defaults: mean 0, stddev 0.05, unseeded. */
  public TruncatedNormal() {
    this(0.0, 0.05, null);
  }

  /**
   * Normal values; a non-null {@code seed} repeats, {@code null} uses the calling thread's
   * generator.
   */
  public TruncatedNormal(double mean, double stddev, Long seed) {
    if (!(stddev >= 0)) {
      throw Errors.arg("TruncatedNormal", "stddev", "a value >= 0", stddev);
    }
    this.mean = mean;
    this.stddev = stddev;
    this.seed = seed;
  }

  /** Draws the values. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Draw.truncated(shape, mean, stddev, dtype, seed);
  }

  /** {@code "truncated_normal"}. */
  @Override
  public String name() {
    return "truncated_normal";
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
