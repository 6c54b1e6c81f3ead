package dev.myelin.bench.harness;

import java.util.Arrays;
import java.util.List;

/** Order statistics of measured values. */
public final class Stats {
  private Stats() {}

  /**
   * The {@code q}-quantile (0..1) by linear interpolation between order statistics (numpy's
   * default).
   */
  public static double quantile(double[] values, double q) {
    if (values.length == 0) {
      throw new IllegalArgumentException("quantile: argument 'values' is empty");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
  }

  /** The median. */
  public static double median(double[] values) {
    return quantile(values, 0.5);
  }

  /** The median of a list. */
  public static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
