package dev.myelin.applications;

import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Nearest-neighbour image search over bottleneck features, as the book does it with {@code
 * DistanceMetric.get_metric('euclidean').pairwise(X)} and {@code
 * pd.Series(dist[i]).sort_values().head(9)}: euclidean distances in float64 between the rows of a
 * (samples, features) tensor.
 */
public final class ImageSearch {
  private ImageSearch() {}

  /** One neighbour: the row index and its euclidean distance to the query row. */
  public record Neighbor(int index, double distance) {}

  /** The (n, n) float64 tensor of euclidean distances between the rows of {@code features}. */
  public static Tensor pairwiseDistances(Tensor features) {
    double[][] x = rows(features);
    int n = x.length;
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double v = distance(x[i], x[j]);
        d[i * n + j] = v;
        d[j * n + i] = v;
      }
    }
    return Tensor.of(d).reshape(n, n);
  }

  /** The {@code k} rows nearest to row {@code query} (itself first, at distance 0), ascending. */
  public static List<Neighbor> nearest(Tensor features, int query, int k) {
    return ranked(features, query, k, Comparator.comparingDouble(Neighbor::distance));
  }

  /** The {@code k} rows farthest from row {@code query}, farthest first. */
  public static List<Neighbor> farthest(Tensor features, int query, int k) {
    return ranked(features, query, k, Comparator.comparingDouble(Neighbor::distance).reversed());
  }

  private static List<Neighbor> ranked(
      Tensor features, int query, int k, Comparator<Neighbor> order) {
    double[][] x = rows(features);
    if (query < 0 || query >= x.length) {
      throw new IllegalArgumentException(
          "ImageSearch: argument 'query' expected 0.." + (x.length - 1) + " but was " + query);
    }
    if (k < 1) {
      throw new IllegalArgumentException("ImageSearch: argument 'k' expected >= 1 but was " + k);
    }
    List<Neighbor> all = new ArrayList<>();
    for (int j = 0; j < x.length; j++) {
      all.add(new Neighbor(j, j == query ? 0.0 : distance(x[query], x[j])));
    }
    // a stable sort: equal distances keep the lower index first
    all.sort(order);
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int f = 0; f < a.length; f++) {
      double t = a[f] - b[f];
      s += t * t;
    }
    return Math.sqrt(s);
  }

  private static double[][] rows(Tensor features) {
    long[] s = features.shape();
    if (s.length != 2) {
      throw new IllegalArgumentException(
          "ImageSearch: argument 'features' expected rank 2 (samples, features) but was shape "
              + Arrays.toString(s));
    }
    double[] v = features.toDoubleArray();
    int n = (int) s[0];
    int f = (int) s[1];
    double[][] r = new double[n][];
    for (int i = 0; i < n; i++) {
      r[i] = Arrays.copyOfRange(v, i * f, (i + 1) * f);
    }
    return r;
  }
}
