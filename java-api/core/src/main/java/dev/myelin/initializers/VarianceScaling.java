package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}: with
 * {@code n} the fan of {@code mode} ({@code fan_avg} = mean of both), values have variance {@code
 * scale / max(1, n)}, from a normal truncated at two standard deviations (stddev {@code
 * sqrt(scale/n) / 0.87962566103423978}), an untruncated normal, or a uniform in {@code [-sqrt(3
 * scale/n), sqrt(3 scale/n))}.
 *
 * <pre>{@code
 * Initializer he = new VarianceScaling(2.0, "fan_in", "truncated_normal", 42L);
 * }</pre>
 */
public class VarianceScaling implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        VarianceScaling.class,
        "VarianceScaling",
        List.of("variance_scaling"),
        (c, custom) ->
            new VarianceScaling(
                Configs.num(c, "scale", 1),
                String.valueOf(c.getOrDefault("mode", "fan_in")),
                String.valueOf(c.getOrDefault("distribution", "truncated_normal")),
                Configs.seed(c)));
  }

  /** Stddev of a unit normal truncated to [-2, 2], which Keras divides out. */
  static final double TRUNCATED_STDDEV = .87962566103423978;

  private static final Set<String> MODES = Set.of("fan_in", "fan_out", "fan_avg");
  private static final Set<String> DISTRIBUTIONS =
      Set.of("truncated_normal", "untruncated_normal", "uniform");

  private final double scale;
  private final String mode;
  private final String distribution;
  private final Long seed;
  private final String preset;

  /** Keras's defaults: scale 1, fan_in, truncated_normal, unseeded. */
  public VarianceScaling() {
    this(1.0, "fan_in", "truncated_normal", null);
  }

  /**
   * Variance scaling with {@code mode} one of fan_in/fan_out/fan_avg and {@code distribution} one
   * of truncated_normal/untruncated_normal/uniform ({@code "normal"} means truncated_normal, as in
   * Keras); a non-null {@code seed} repeats, {@code null} uses the calling thread's generator.
   */
  public VarianceScaling(double scale, String mode, String distribution, Long seed) {
    this(null, scale, mode, distribution, seed);
  }

  /**
   * For the named presets (GlorotNormal, HeUniform, ...): {@code preset} is the Keras name that
   * {@link #name()} returns, and the config holds only the seed, as Keras's presets do.
   */
  VarianceScaling(String preset, double scale, String mode, String distribution, Long seed) {
    if (!(scale > 0)) {
      throw Errors.arg("VarianceScaling", "scale", "a positive value", scale);
    }
    if (mode == null || !MODES.contains(mode)) {
      throw Errors.arg("VarianceScaling", "mode", "one of fan_in, fan_out, fan_avg", quote(mode));
    }
    String dist = "normal".equals(distribution) ? "truncated_normal" : distribution;
    if (dist == null || !DISTRIBUTIONS.contains(dist)) {
      throw Errors.arg(
          "VarianceScaling",
          "distribution",
          "one of truncated_normal, untruncated_normal, uniform",
          quote(distribution));
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = dist;
    this.seed = seed;
    this.preset = preset;
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  /**
   * Keras's {@code compute_fans}: a scalar gives (1, 1), a vector (n, n), a matrix (rows, cols),
   * and a convolution kernel {@code (..., in, out)} gives {@code (in * r, out * r)} with {@code r}
   * the product of the leading (receptive field) dimensions.
   */
  public static long[] computeFans(long[] shape) {
    if (shape.length < 1) {
      return new long[] {1, 1};
    }
    if (shape.length == 1) {
      return new long[] {shape[0], shape[0]};
    }
    if (shape.length == 2) {
      return new long[] {shape[0], shape[1]};
    }
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptive *= shape[i];
    }
    return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }

  /** Draws the values for {@code shape}. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    long[] fans = computeFans(shape);
    double s = scale;
    switch (mode) {
      case "fan_in":
        s /= Math.max(1.0, fans[0]);
        break;
      case "fan_out":
        s /= Math.max(1.0, fans[1]);
        break;
      default:
        s /= Math.max(1.0, (fans[0] + fans[1]) / 2.0);
        break;
    }
    switch (distribution) {
      case "truncated_normal":
        return Draw.truncated(shape, 0.0, Math.sqrt(s) / TRUNCATED_STDDEV, dtype, seed);
      case "untruncated_normal":
        return Draw.normal(shape, 0.0, Math.sqrt(s), dtype, seed);
      default:
        double limit = Math.sqrt(3.0 * s);
        return Draw.uniform(shape, -limit, limit, dtype, seed);
    }
  }

  /** The scale factor. */
  public double scale() {
    return scale;
  }

  /** fan_in, fan_out or fan_avg. */
  public String mode() {
    return mode;
  }

  /** truncated_normal, untruncated_normal or uniform. */
  public String distribution() {
    return distribution;
  }

  /** The fixed seed, or null for the calling thread's generator. */
  public Long seed() {
    return seed;
  }

  /** {@code "variance_scaling"}, or a preset's own name (e.g. {@code "glorot_uniform"}). */
  @Override
  public String name() {
    return preset == null ? "variance_scaling" : preset;
  }

  /** {@code {scale, mode, distribution, seed}}; a preset's is {@code {seed}}. */
  @Override
  public Map<String, Object> getConfig() {
    if (preset != null) {
      return Draw.seedConfig(seed);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scale", scale);
    m.put("mode", mode);
    m.put("distribution", distribution);
    m.put("seed", seed);
    return m;
  }
}
