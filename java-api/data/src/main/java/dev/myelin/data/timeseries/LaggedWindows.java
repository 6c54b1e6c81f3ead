package dev.myelin.data.timeseries;

import dev.myelin.Tensor;

/**
 * The book's {@code create_lagged_Xy_win(data, start_lag, window_len)} (and its multi-feature
 * {@code create_lagged_Xy_win_t}): for each time {@code t} with a full history, the {@code
 * windowLen} values from {@code t - startLag - windowLen + 1} to {@code t - startLag} (oldest
 * first) predict the value at {@code t}.
 *
 * <pre>{@code
 * LaggedWindows w = LaggedWindows.of(trainScaled, 1, 24);   // 93552 values -> 93528 windows
 * Tensor x = w.toTensor();                                   // (93528, 24, 1)
 * }</pre>
 *
 * @param x the windows, {@code samples x windowLen x features}, row-major
 * @param y the target at each window's time (the first feature of the series), one per sample
 * @param samples the number of windows: {@code n - (startLag + windowLen - 1)}
 * @param windowLen the window length
 * @param features the number of features per time step
 */
public record LaggedWindows(float[] x, float[] y, int samples, int windowLen, int features) {
  /** Windows over a single series (one feature). */
  public static LaggedWindows of(double[] series, int startLag, int windowLen) {
    double[][] rows = new double[series.length][];
    for (int i = 0; i < series.length; i++) {
      rows[i] = new double[] {series[i]};
    }
    return of(rows, startLag, windowLen);
  }

  /**
   * Windows over {@code series[t]} rows of features; the target is the first feature at {@code t}
   * (pandas drops the rows whose shifted values are missing, which are the first {@code startLag +
   * windowLen - 1}).
   */
  public static LaggedWindows of(double[][] series, int startLag, int windowLen) {
    if (startLag < 1) {
      throw new IllegalArgumentException(
          "LaggedWindows: argument 'startLag' expected at least 1 but was " + startLag);
    }
    if (windowLen < 1) {
      throw new IllegalArgumentException(
          "LaggedWindows: argument 'windowLen' expected at least 1 but was " + windowLen);
    }
    int f = series.length == 0 ? 1 : series[0].length;
    for (int t = 0; t < series.length; t++) {
      if (series[t].length != f) {
        throw new IllegalArgumentException(
            "LaggedWindows: argument 'series' expected rows of "
                + f
                + " features but row "
                + t
                + " has "
                + series[t].length);
      }
    }
    int first = startLag + windowLen - 1;
    int n = Math.max(0, series.length - first);
    float[] x = new float[n * windowLen * f];
    float[] y = new float[n];
    for (int s = 0; s < n; s++) {
      int t = s + first;
      for (int k = 0; k < windowLen; k++) {
        double[] row = series[t - first + k];
        for (int j = 0; j < f; j++) {
          x[(s * windowLen + k) * f + j] = (float) row[j];
        }
      }
      y[s] = (float) series[t][0];
    }
    return new LaggedWindows(x, y, n, windowLen, f);
  }

  /** The windows as a float32 tensor of shape {@code (samples, windowLen, features)}. */
  public Tensor toTensor() {
    return Tensor.fromArray(x, samples, windowLen, features);
  }

  /** The targets as a float32 tensor of shape {@code (samples, 1)}. */
  public Tensor targets() {
    return Tensor.fromArray(y, samples, 1);
  }
}
