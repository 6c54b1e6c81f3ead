package dev.myelin.data.decomposition;

import java.util.Arrays;

/**
 * scikit-learn's {@code PCA} for dense data with its exact solvers: the covariance matrix of the
 * centred data is diagonalised (cyclic Jacobi in float64), components are sorted by variance and
 * their signs fixed as {@code svd_flip(u_based_decision=False)} does (the largest-magnitude entry
 * of each component is positive). {@code nComponents} may be a count, a fraction of the variance to
 * keep (0 &lt; f &lt; 1) or null (all); {@code whiten} scales the projections to unit variance.
 *
 * <pre>{@code
 * PCA pca = new PCA(2);
 * double[][] xy = pca.fitTransform(vectors);   // (n, 2) for a scatter plot
 * pca.explainedVarianceRatio();
 * }</pre>
 *
 * <p>scikit-learn's {@code svd_solver='auto'} also picks these exact solvers unless the data has
 * more than 500 rows and columns and few components are asked for; then it uses a randomized SVD,
 * whose results differ from the exact ones in the last digits.
 */
public final class PCA {
  private final Double fraction;
  private final Integer count;
  private boolean whiten;
  private double[] mean;
  private double[][] components;
  private double[] explainedVariance;
  private double[] explainedVarianceRatio;
  private double[] singularValues;
  private double noiseVariance;

  /** Keeps every component ({@code n_components=None}). */
  public PCA() {
    this.fraction = null;
    this.count = null;
  }

  /** Keeps {@code nComponents} components. */
  public PCA(int nComponents) {
    if (nComponents < 0) {
      throw new IllegalArgumentException(
          "PCA: argument 'n_components' expected a non-negative integer but was " + nComponents);
    }
    this.count = nComponents;
    this.fraction = null;
  }

  /** Keeps the fewest components whose explained variance ratio exceeds {@code fraction}. */
  public PCA(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "PCA: argument 'n_components' expected a fraction in (0, 1) but was " + fraction);
    }
    this.fraction = fraction;
    this.count = null;
  }

  /** Whether projections are divided by the square roots of the explained variances. */
  public PCA whiten(boolean on) {
    this.whiten = on;
    return this;
  }

  /** Learns the mean and the components of {@code x} ({@code (n, d)}, n &gt;= 2). */
  public PCA fit(double[][] x) {
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException(
          "PCA: argument 'X' expected at least 2 samples but was " + n);
    }
    int d = x[0].length;
    for (int i = 0; i < n; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException(
            "PCA: argument 'X' expected rows of "
                + d
                + " values but row "
                + i
                + " has "
                + x[i].length);
      }
    }
    int maxComponents = Math.min(n, d);
    if (count != null && count > maxComponents) {
      throw new IllegalArgumentException(
          "PCA: argument 'n_components' expected at most min(n_samples, n_features) = "
              + maxComponents
              + " but was "
              + count);
    }
    mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] c = new double[d][d];
    double[] centred = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        centred[j] = row[j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ca = centred[a];
        for (int b = a; b < d; b++) {
          c[a][b] += ca * centred[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        c[a][b] /= n - 1;
        c[b][a] = c[a][b];
      }
    }
    double[][] v = new double[d][d];
    double[] eig = Jacobi.eigen(c, v);
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(eig[b], eig[a]));
    // Only min(n, d) directions carry variance; the rest are numerically zero.
    int k = maxComponents;
    double[] variance = new double[k];
    double[][] vt = new double[k][d];
    double total = 0;
    for (int i = 0; i < k; i++) {
      variance[i] = Math.max(0, eig[order[i]]);
      total += variance[i];
      int best = 0;
      for (int j = 0; j < d; j++) {
        vt[i][j] = v[j][order[i]];
        if (Math.abs(vt[i][j]) > Math.abs(vt[i][best])) {
          best = j;
        }
      }
      if (vt[i][best] < 0) {
        for (int j = 0; j < d; j++) {
          vt[i][j] = -vt[i][j];
        }
      }
    }
    double[] ratio = new double[k];
    for (int i = 0; i < k; i++) {
      ratio[i] = variance[i] / total;
    }
    int keep;
    if (count != null) {
      keep = count;
    } else if (fraction != null) {
      double cum = 0;
      keep = k;
      for (int i = 0; i < k; i++) {
        cum += ratio[i];
        if (cum > fraction) {
          keep = i + 1;
          break;
        }
      }
    } else {
      keep = k;
    }
    noiseVariance = 0;
    if (keep < k) {
      for (int i = keep; i < k; i++) {
        noiseVariance += variance[i];
      }
      noiseVariance /= k - keep;
    }
    components = Arrays.copyOf(vt, keep);
    explainedVariance = Arrays.copyOf(variance, keep);
    explainedVarianceRatio = Arrays.copyOf(ratio, keep);
    singularValues = new double[keep];
    for (int i = 0; i < keep; i++) {
      singularValues[i] = Math.sqrt(variance[i] * (n - 1));
    }
    return this;
  }

  /** Projects {@code x} on the components: {@code (x - mean) @ components.T}. */
  public double[][] transform(double[][] x) {
    if (components == null) {
      throw new IllegalStateException("PCA: call fit before transform");
    }
    int d = mean.length;
    double[][] out = new double[x.length][components.length];
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException(
            "PCA: argument 'X' expected rows of "
                + d
                + " values but row "
                + i
                + " has "
                + x[i].length);
      }
      for (int k = 0; k < components.length; k++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += (x[i][j] - mean[j]) * components[k][j];
        }
        out[i][k] = whiten ? s / Math.max(Math.sqrt(explainedVariance[k]), Math.ulp(1.0)) : s;
      }
    }
    return out;
  }

  /** {@link #fit} then {@link #transform}. */
  public double[][] fitTransform(double[][] x) {
    return fit(x).transform(x);
  }

  /** Maps projections back: {@code y @ components + mean} (undoing whitening). */
  public double[][] inverseTransform(double[][] y) {
    int d = mean.length;
    double[][] out = new double[y.length][d];
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < d; j++) {
        double s = mean[j];
        for (int k = 0; k < components.length; k++) {
          double yk = whiten ? y[i][k] * Math.sqrt(explainedVariance[k]) : y[i][k];
          s += yk * components[k][j];
        }
        out[i][j] = s;
      }
    }
    return out;
  }

  /** {@code components_}: one unit row per component, by decreasing variance. */
  public double[][] components() {
    return copy(components);
  }

  /** {@code mean_}. */
  public double[] mean() {
    return mean.clone();
  }

  /** {@code explained_variance_} (ddof = 1). */
  public double[] explainedVariance() {
    return explainedVariance.clone();
  }

  /** {@code explained_variance_ratio_}. */
  public double[] explainedVarianceRatio() {
    return explainedVarianceRatio.clone();
  }

  /** {@code singular_values_} of the centred data. */
  public double[] singularValues() {
    return singularValues.clone();
  }

  /** {@code noise_variance_}: the mean variance of the dropped components. */
  public double noiseVariance() {
    return noiseVariance;
  }

  /** {@code n_components_}. */
  public int nComponents() {
    return components.length;
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
