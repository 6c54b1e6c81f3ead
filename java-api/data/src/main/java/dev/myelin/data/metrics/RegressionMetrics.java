package dev.myelin.data.metrics;

import dev.myelin.data.internal.Checks;

/**
 * Regression scores like scikit-learn's {@code r2_score}, {@code mean_squared_error} and {@code
 * mean_absolute_error}.
 *
 * <pre>{@code
 * double r2 = RegressionMetrics.r2(yTrue, yPred);
 * double mse = RegressionMetrics.mse(yTrue, yPred);
 * double mae = RegressionMetrics.mae(yTrue, yPred);
 * }</pre>
 */
public final class RegressionMetrics {
  private RegressionMetrics() {}

  /** The mean of squared errors. */
  public static double mse(double[] yTrue, double[] yPred) {
    check(yTrue, yPred);
    double sum = 0;
    for (int i = 0; i < yTrue.length; i++) {
      double d = yTrue[i] - yPred[i];
      sum += d * d;
    }
    return sum / yTrue.length;
  }

  /** The mean of absolute errors. */
  public static double mae(double[] yTrue, double[] yPred) {
    check(yTrue, yPred);
    double sum = 0;
    for (int i = 0; i < yTrue.length; i++) {
      sum += Math.abs(yTrue[i] - yPred[i]);
    }
    return sum / yTrue.length;
  }

  /**
   * The coefficient of determination {@code 1 - SS_res / SS_tot}; for constant {@code yTrue} it is
   * 1 for a perfect prediction and 0 otherwise, as in scikit-learn.
   */
  public static double r2(double[] yTrue, double[] yPred) {
    check(yTrue, yPred);
    double mean = 0;
    for (double v : yTrue) {
      mean += v;
    }
    mean /= yTrue.length;
    double residual = 0;
    double totalSquares = 0;
    for (int i = 0; i < yTrue.length; i++) {
      residual += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i]);
      totalSquares += (yTrue[i] - mean) * (yTrue[i] - mean);
    }
    if (totalSquares == 0) {
      return residual == 0 ? 1.0 : 0.0;
    }
    return 1 - residual / totalSquares;
  }

  private static void check(double[] yTrue, double[] yPred) {
    Checks.nonEmpty("yTrue", yTrue.length);
    Checks.sameLength("yTrue", yTrue.length, "yPred", yPred.length);
  }

  // ---- array-likes (issue 16): double[], float[], Series, tensors of shape (n,) or (n, 1) ----

  /** {@link #mse(double[], double[])} for any value arrays (a model's predictions included). */
  public static double mse(Object yTrue, Object yPred) {
    return mse(
        dev.myelin.data.internal.ArrayData.values(yTrue, "yTrue"),
        dev.myelin.data.internal.ArrayData.values(yPred, "yPred"));
  }

  /** {@link #mae(double[], double[])} for any value arrays. */
  public static double mae(Object yTrue, Object yPred) {
    return mae(
        dev.myelin.data.internal.ArrayData.values(yTrue, "yTrue"),
        dev.myelin.data.internal.ArrayData.values(yPred, "yPred"));
  }

  /** {@link #r2(double[], double[])} for any value arrays. */
  public static double r2(Object yTrue, Object yPred) {
    return r2(
        dev.myelin.data.internal.ArrayData.values(yTrue, "yTrue"),
        dev.myelin.data.internal.ArrayData.values(yPred, "yPred"));
  }
}
