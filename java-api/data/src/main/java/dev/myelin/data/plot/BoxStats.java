package dev.myelin.data.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * matplotlib's box plot as lines: {@code cbook.boxplot_stats} (numpy's linear percentiles, Tukey
 * whiskers at 1.5 IQR, fliers beyond them) laid out by {@code Axes.bxp} (boxes at 1, 2, ..., width
 * {@code clip(0.15 * (n - 1), 0.15, 0.5)}, caps half as wide), black boxes, whiskers and caps,
 * orange medians, fliers as hollow black circles ({@code flierprops}: 'o', facecolor none).
 */
final class BoxStats {
  private static final double WHIS = 1.5;
  // flierprops markersize 6 pt (lines.markersize) at 100 dpi, the size of the other markers.
  private static final double FLIER_SIZE = 8;

  private BoxStats() {}

  /** The box positions 1..n ({@code boxplot}'s default {@code positions}). */
  static double[] positions(int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = i + 1;
    }
    return p;
  }

  /** {@code np.percentile(sorted, q)} with the default linear method, as numpy computes it. */
  static double percentile(double[] sorted, double q) {
    int n = sorted.length;
    double quantile = q / 100;
    // numpy's _compute_virtual_index with alpha = beta = 1: n*q + (1 - q) - 1.
    double index = n * quantile + (1 - quantile) - 1;
    int lo = (int) Math.max(0, Math.min(n - 1, Math.floor(index)));
    int hi = Math.min(n - 1, lo + 1);
    double t = index - Math.floor(index);
    double a = sorted[lo];
    double b = sorted[hi];
    double diff = b - a;
    // numpy's _lerp: from the nearer end, so t = 1 gives b exactly.
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /** The lines and fliers of every box, as series the XY painter draws (none in the legend). */
  static List<XyPainter.Series> series(List<double[]> groups) {
    int n = groups.size();
    double width = Math.max(0.15, Math.min(0.5, 0.15 * (n - 1)));
    double half = width / 2;
    double cap = width / 4;
    Color black = Color.BLACK;
    List<XyPainter.Series> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double p = i + 1;
      double[] x = groups.get(i).clone();
      Arrays.sort(x);
      double q1 = percentile(x, 25);
      double med = percentile(x, 50);
      double q3 = percentile(x, 75);
      double iqr = q3 - q1;
      double hiVal = q3 + WHIS * iqr;
      double loVal = q1 - WHIS * iqr;
      double whisHi = q3;
      double whisLo = q1;
      for (double v : x) {
        if (v <= hiVal) {
          whisHi = Math.max(whisHi, v);
        }
        if (v >= loVal) {
          whisLo = Math.min(whisLo, v);
        }
      }
      List<Double> fliers = new ArrayList<>();
      for (double v : x) {
        if (v < whisLo || v > whisHi) {
          fliers.add(v);
        }
      }
      double nan = Double.NaN;
      out.add(
          line(
              new double[] {p - half, p + half, p + half, p - half, p - half},
              new double[] {q1, q1, q3, q3, q1},
              black));
      out.add(
          line(new double[] {p, p, nan, p, p}, new double[] {q1, whisLo, nan, q3, whisHi}, black));
      out.add(
          line(
              new double[] {p - cap, p + cap, nan, p - cap, p + cap},
              new double[] {whisLo, whisLo, nan, whisHi, whisHi},
              black));
      out.add(line(new double[] {p - half, p + half}, new double[] {med, med}, Palette.color(1)));
      if (!fliers.isEmpty()) {
        double[] fx = new double[fliers.size()];
        Arrays.fill(fx, p);
        double[] fy = fliers.stream().mapToDouble(Double::doubleValue).toArray();
        out.add(
            new XyPainter.Series(
                "_fliers" + i,
                fx,
                fy,
                XyPainter.Kind.SCATTER,
                new LineStyle(false, null, LineStyle.HOLLOW_CIRCLE, null),
                black,
                FLIER_SIZE,
                false));
      }
    }
    return out;
  }

  private static XyPainter.Series line(double[] x, double[] y, Color color) {
    return new XyPainter.Series(
        "_box", x, y, XyPainter.Kind.LINE, LineStyle.SOLID, color, 0, false);
  }
}
