package dev.myelin.data.table;

import java.util.Arrays;

/** Reductions over doubles with pandas semantics: NaN values are skipped. */
final class Stats {
  private Stats() {}

  static int count(double[] v) {
    int n = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        n++;
      }
    }
    return n;
  }

  static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        s += x;
      }
    }
    return s;
  }

  static double mean(double[] v) {
    int n = count(v);
    return n == 0 ? Double.NaN : sum(v) / n;
  }

  /** Variance with {@code ddof} delta degrees of freedom (pandas' default is 1). */
  static double var(double[] v, int ddof) {
    int n = count(v);
    if (n - ddof <= 0) {
      return Double.NaN;
    }
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        ss += (x - m) * (x - m);
      }
    }
    return ss / (n - ddof);
  }

  static double std(double[] v, int ddof) {
    return Math.sqrt(var(v, ddof));
  }

  static double min(double[] v) {
    double m = Double.NaN;
    for (double x : v) {
      if (!Double.isNaN(x) && (Double.isNaN(m) || x < m)) {
        m = x;
      }
    }
    return m;
  }

  static double max(double[] v) {
    double m = Double.NaN;
    for (double x : v) {
      if (!Double.isNaN(x) && (Double.isNaN(m) || x > m)) {
        m = x;
      }
    }
    return m;
  }

  /** The non-NaN values, sorted ascending. */
  static double[] sortedValid(double[] v) {
    double[] out = new double[count(v)];
    int i = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        out[i++] = x;
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** The {@code q} quantile with linear interpolation (numpy's and pandas' default). */
  static double quantile(double[] v, double q) {
    return quantileSorted(sortedValid(v), q);
  }

  static double quantileSorted(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = pos - lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
  }

  /** Pearson correlation over the rows where both values are present. */
  static double pearson(double[] a, double[] b) {
    int n = 0;
    double sa = 0;
    double sb = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        n++;
        sa += a[i];
        sb += b[i];
      }
    }
    if (n < 2) {
      return Double.NaN;
    }
    double ma = sa / n;
    double mb = sb / n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      if (!Double.isNaN(a[i]) && !Double.isNaN(b[i])) {
        double da = a[i] - ma;
        double db = b[i] - mb;
        sab += da * db;
        saa += da * da;
        sbb += db * db;
      }
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
