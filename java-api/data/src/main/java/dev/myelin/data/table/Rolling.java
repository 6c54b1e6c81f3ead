package dev.myelin.data.table;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * A rolling window over a series ({@code s.rolling(window)}): each row aggregates itself and the
 * {@code window - 1} rows before it; rows without a full window of present values are NaN, as in
 * pandas.
 */
public final class Rolling {
  private final Series source;
  private final int window;

  Rolling(Series source, int window) {
    this.source = source;
    this.window = window;
  }

  private Series apply(ToDoubleFunction<double[]> f) {
    double[] x = source.toDoubleArray();
    double[] out = new double[x.length];
    Arrays.fill(out, Double.NaN);
    for (int i = window - 1; i < x.length; i++) {
      double[] w = Arrays.copyOfRange(x, i - window + 1, i + 1);
      if (Stats.count(w) == window) {
        out[i] = f.applyAsDouble(w);
      }
    }
    return new Series(source.name(), org.dflib.Series.ofDouble(out), source.indexStorage());
  }

  /** The mean of each window. */
  public Series mean() {
    return apply(Stats::mean);
  }

  /** The sum of each window. */
  public Series sum() {
    return apply(Stats::sum);
  }

  /** The sample standard deviation (ddof=1) of each window. */
  public Series std() {
    return apply(w -> Stats.std(w, 1));
  }

  /** The minimum of each window. */
  public Series min() {
    return apply(Stats::min);
  }

  /** The maximum of each window. */
  public Series max() {
    return apply(Stats::max);
  }
}
