package dev.myelin.data.preprocessing;

import dev.myelin.data.internal.Checks;

/**
 * Standardizes features to zero mean and unit variance, like scikit-learn's {@code StandardScaler}:
 * population standard deviation, and a scale of 1 for constant columns.
 *
 * <pre>{@code
 * StandardScaler scaler = new StandardScaler(true, true);
 * double[][] train = scaler.fitTransform(xTrain);
 * double[][] test = scaler.transform(xTest);
 * }</pre>
 */
public final class StandardScaler {
  private final boolean withMean;
  private final boolean withStd;
  private double[] mean;
  private double[] scale;

  /** Creates a scaler that centers when {@code withMean} and scales when {@code withStd}. */
  public StandardScaler(boolean withMean, boolean withStd) {
    this.withMean = withMean;
    this.withStd = withStd;
  }

  /** Creates a scaler that centers and scales (scikit-learn's defaults). */
  public StandardScaler() {
    this(true, true);
  }

  /** Learns the per-column mean and standard deviation of {@code x}. */
  public StandardScaler fit(double[][] x) {
    int cols = Matrices.checkMatrix("x", x);
    int n = x.length;
    mean = new double[cols];
    scale = new double[cols];
    for (double[] row : x) {
      for (int j = 0; j < cols; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < cols; j++) {
      mean[j] /= n;
    }
    for (int j = 0; j < cols; j++) {
      double sum = 0;
      for (double[] row : x) {
        double d = row[j] - mean[j];
        sum += d * d;
      }
      double var = sum / n;
      double eps = Math.ulp(1.0);
      double bound = n * eps * var + (n * mean[j] * eps) * (n * mean[j] * eps);
      // scikit-learn's _is_constant_feature: such columns keep a scale of 1.
      scale[j] = var <= bound ? 1.0 : Math.sqrt(var);
    }
    return this;
  }

  /** Standardizes {@code x} with the fitted statistics. */
  public double[][] transform(double[][] x) {
    checkFitted(x);
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        double v = withMean ? x[i][j] - mean[j] : x[i][j];
        out[i][j] = withStd ? v / scale[j] : v;
      }
    }
    return out;
  }

  /** Fits on {@code x} and standardizes it. */
  public double[][] fitTransform(double[][] x) {
    return fit(x).transform(x);
  }

  /** Maps standardized values back to the original units. */
  public double[][] inverseTransform(double[][] x) {
    checkFitted(x);
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[mean.length];
      for (int j = 0; j < mean.length; j++) {
        double v = withStd ? x[i][j] * scale[j] : x[i][j];
        out[i][j] = withMean ? v + mean[j] : v;
      }
    }
    return out;
  }

  /** The fitted per-column means ({@code mean_}). */
  public double[] mean() {
    Checks.check(mean != null, "scaler", "a fitted scaler", "not fitted");
    return mean.clone();
  }

  /** The fitted per-column scales ({@code scale_}), 1 for constant columns. */
  public double[] scale() {
    Checks.check(scale != null, "scaler", "a fitted scaler", "not fitted");
    return scale.clone();
  }

  private void checkFitted(double[][] x) {
    Checks.check(mean != null, "scaler", "a fitted scaler (call fit first)", "not fitted");
    Checks.sameLength("x[0]", Matrices.checkMatrix("x", x), "mean", mean.length);
  }

  /** {@link #fitTransform(double[][])} for any matrix-like ({@code DataFrame}, tensor, ...). */
  public double[][] fitTransform(Object x) {
    return fitTransform(dev.myelin.data.internal.ArrayData.matrix(x, "x"));
  }
}
