package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
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

  private final NormalDraw args;

  /** Keras's defaults: mean 0, stddev 0.05, unseeded. */
  public TruncatedNormal() {
    this(0.0, 0.05, null);
  }

  /**
   * Normal values; a non-null {@code seed} repeats, {@code null} uses the calling thread's
   * generator.
   */
  public TruncatedNormal(double mean, double stddev, Long seed) {
    this.args = NormalDraw.checked("TruncatedNormal", mean, stddev, seed);
  }

  /** Draws the values. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Draw.truncated(shape, args.mean(), args.stddev(), dtype, args.seed());
  }

  /** {@code "truncated_normal"}. */
  @Override
  public String name() {
    return "truncated_normal";
  }

  /** {@code {mean, stddev, seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    return args.config();
  }
}
