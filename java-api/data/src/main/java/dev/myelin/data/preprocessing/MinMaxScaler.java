package dev.myelin.data.preprocessing;

import dev.myelin.data.internal.Checks;

/**
 * Scales each feature to a range, like scikit-learn's {@code MinMaxScaler}: {@code x * scale_ +
 * min_}, with a range of 1 for constant columns.
 *
 * <pre>{@code
 * MinMaxScaler scaler = new MinMaxScaler(0, 1);
 * double[][] scaled = scaler.fitTransform(x);
 * double[][] back = scaler.inverseTransform(scaled);
 * }</pre>
 */
public final class MinMaxScaler {
  private final double low;
  private final double high;
  private double[] scale;
  private double[] min;

  /** Creates a scaler to the feature range [{@code low}, {@code high}]. */
  public MinMaxScaler(double low, double high) {
    Checks.check(low < high, "featureRange", "low < high", "(" + low + ", " + high + ")");
    this.low = low;
    this.high = high;
  }

  /** Creates a scaler to [0, 1]. */
  public MinMaxScaler() {
    this(0, 1);
  }

  /** Learns each column's minimum and maximum. */
  public MinMaxScaler fit(double[][] x) {
    int cols = Matrices.checkMatrix("x", x);
    scale = new double[cols];
    min = new double[cols];
    for (int j = 0; j < cols; j++) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double[] row : x) {
        lo = Math.min(lo, row[j]);
        hi = Math.max(hi, row[j]);
      }
      double range = hi - lo;
      scale[j] = (high - low) / (range < 10 * Math.ulp(1.0) ? 1.0 : range);
      min[j] = low - lo * scale[j];
    }
    return this;
  }

  /** Scales {@code x} with the fitted ranges. */
  public double[][] transform(double[][] x) {
    Checks.check(scale != null, "scaler", "a fitted scaler (call fit first)", "not fitted");
    Checks.sameLength("x[0]", Matrices.checkMatrix("x", x), "scale", scale.length);
    double[][] out = new double[x.length][scale.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < scale.length; j++) {
        out[i][j] = x[i][j] * scale[j] + min[j];
      }
    }
    return out;
  }

  /** Fits on {@code x} and scales it. */
  public double[][] fitTransform(double[][] x) {
    return fit(x).transform(x);
  }

  /** Maps scaled values back to the original units. */
  public double[][] inverseTransform(double[][] x) {
    Checks.check(scale != null, "scaler", "a fitted scaler (call fit first)", "not fitted");
    Checks.sameLength("x[0]", Matrices.checkMatrix("x", x), "scale", scale.length);
    double[][] out = new double[x.length][scale.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < scale.length; j++) {
        out[i][j] = (x[i][j] - min[j]) / scale[j];
      }
    }
    return out;
  }
}
