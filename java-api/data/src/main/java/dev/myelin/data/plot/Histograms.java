package dev.myelin.data.plot;

/** numpy-compatible histogram binning ({@code np.histogram} and {@code np.histogram2d}). */
final class Histograms {
  private Histograms() {}

  /**
   * {@code bins + 1} equal-width edges over [min, max]; a flat range widens to +-0.5 as numpy does.
   */
  static double[] edges(double[] values, int bins) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (min == max) {
      min -= 0.5;
      max += 0.5;
    }
    double[] edges = new double[bins + 1];
    for (int i = 0; i <= bins; i++) {
      edges[i] = min + (max - min) * i / bins;
    }
    return edges;
  }

  /**
   * The bin of {@code v} for equal-width edges, -1 outside; the last bin is closed on the right.
   */
  static int bin(double v, double[] edges) {
    int bins = edges.length - 1;
    double min = edges[0];
    double max = edges[bins];
    if (!(v >= min && v <= max)) {
      return -1;
    }
    int i = (int) ((v - min) / (max - min) * bins);
    return Math.min(i, bins - 1);
  }

  /** Counts per bin. */
  static double[] counts(double[] values, double[] edges) {
    double[] counts = new double[edges.length - 1];
    for (double v : values) {
      int i = bin(v, edges);
      if (i >= 0) {
        counts[i]++;
      }
    }
    return counts;
  }

  /**
   * The bar heights {@code plt.hist} draws: counts, or a density integrating to one, optionally
   * cumulative (so a cumulative density ends at 1).
   */
  static double[] heights(double[] values, double[] edges, boolean density, boolean cumulative) {
    double[] h = counts(values, edges);
    double total = 0;
    for (double c : h) {
      total += c;
    }
    if (density && total > 0) {
      for (int i = 0; i < h.length; i++) {
        h[i] /= total * (cumulative ? 1 : edges[i + 1] - edges[i]);
      }
    }
    if (cumulative) {
      for (int i = 1; i < h.length; i++) {
        h[i] += h[i - 1];
      }
    }
    return h;
  }
}
