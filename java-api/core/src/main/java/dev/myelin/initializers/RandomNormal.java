package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
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

  private final NormalDraw args;

  /** Keras's defaults: mean 0, stddev 0.05, unseeded. */
  public RandomNormal() {
    this(0.0, 0.05, null);
  }

  /**
   * Normal values; a non-null {@code seed} repeats, {@code null} uses the calling thread's
   * generator.
   */
  public RandomNormal(double mean, double stddev, Long seed) {
    this.args = NormalDraw.checked("RandomNormal", mean, stddev, seed);
  }

  /** Draws the values. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Draw.normal(shape, args.mean(), args.stddev(), dtype, args.seed());
  }

  /** {@code "random_normal"}. */
  @Override
  public String name() {
    return "random_normal";
  }

  /** {@code {mean, stddev, seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    return args.config();
  }
}
