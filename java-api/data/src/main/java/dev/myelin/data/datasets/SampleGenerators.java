package dev.myelin.data.datasets;

import dev.myelin.data.internal.Checks;
import dev.myelin.data.random.RandomState;
import dev.myelin.data.random.SampleWithoutReplacement;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * scikit-learn's synthetic data generators ({@code sklearn.datasets.make_*}): the same {@code
 * randomState} gives the same samples, labels and order as scikit-learn 1.x.
 *
 * <pre>{@code
 * LabeledDataset moons = SampleGenerators.makeMoons(100, true, 0.1, 0);
 * double[][] x = moons.x();   // == make_moons(100, noise=0.1, random_state=0)[0]
 * int[] y = moons.labels();
 * }</pre>
 */
public final class SampleGenerators {
  private SampleGenerators() {}

  /**
   * Two interleaving half circles, like {@code make_moons(n_samples, shuffle, noise,
   * random_state)}; a null {@code noise} is numpy's {@code noise=None} (no draws for noise).
   */
  public static LabeledDataset makeMoons(
      int nSamples, boolean shuffle, Double noise, long randomState) {
    Checks.check(nSamples >= 0, "nSamples", "a non-negative count", nSamples);
    Checks.check(
        noise == null || noise >= 0, "noise", "null or a non-negative standard deviation", noise);
    return twoArcs(
        nSamples,
        Math.PI,
        true,
        t -> 1 - Math.cos(t),
        t -> 1 - Math.sin(t) - 0.5,
        shuffle,
        noise,
        randomState);
  }

  /**
   * Two concentric circles, like {@code make_circles(n_samples, shuffle, noise, random_state,
   * factor)}; a null {@code noise} is {@code noise=None}.
   */
  public static LabeledDataset makeCircles(
      int nSamples, boolean shuffle, Double noise, long randomState, double factor) {
    Checks.check(nSamples >= 0, "nSamples", "a non-negative count", nSamples);
    Checks.check(factor >= 0 && factor < 1, "factor", "a value in [0, 1)", factor);
    Checks.check(
        noise == null || noise >= 0, "noise", "null or a non-negative standard deviation", noise);
    return twoArcs(
        nSamples,
        2 * Math.PI,
        false,
        t -> Math.cos(t) * factor,
        t -> Math.sin(t) * factor,
        shuffle,
        noise,
        randomState);
  }

  /**
   * What make_moons and make_circles share: class 0 on the unit arc {@code (cos t, sin t)} for
   * {@code nSamples / 2} angles {@code t} spaced over {@code [0, span]} (the end included when
   * {@code endpoint}), class 1 at {@code (innerX(t), innerY(t))} for the other half, then
   * scikit-learn's optional shuffle and noise, in its order of draws.
   */
  private static LabeledDataset twoArcs(
      int nSamples,
      double span,
      boolean endpoint,
      DoubleUnaryOperator innerX,
      DoubleUnaryOperator innerY,
      boolean shuffle,
      Double noise,
      long randomState) {
    int nOut = nSamples / 2;
    int nIn = nSamples - nOut;
    RandomState rng = new RandomState(randomState);
    double[] outer = linspace(0, span, nOut, endpoint);
    double[] inner = linspace(0, span, nIn, endpoint);
    double[][] x = new double[nSamples][2];
    int[] y = new int[nSamples];
    for (int i = 0; i < nOut; i++) {
      x[i][0] = Math.cos(outer[i]);
      x[i][1] = Math.sin(outer[i]);
    }
    for (int i = 0; i < nIn; i++) {
      x[nOut + i][0] = innerX.applyAsDouble(inner[i]);
      x[nOut + i][1] = innerY.applyAsDouble(inner[i]);
      y[nOut + i] = 1;
    }
    LabeledDataset data = new LabeledDataset(x, y);
    if (shuffle) {
      data = shuffleRows(data.x(), data.labels(), rng);
    }
    if (noise != null) {
      addNoise(data.x(), noise, rng);
    }
    return data;
  }

  /**
   * Isotropic Gaussian blobs, like {@code make_blobs(n_samples, n_features, centers, cluster_std,
   * center_box, shuffle, random_state)} with an integer number of centers.
   */
  public static LabeledDataset makeBlobs(
      int nSamples,
      int nFeatures,
      int centers,
      double clusterStd,
      double[] centerBox,
      boolean shuffle,
      long randomState) {
    Checks.check(nSamples >= 1, "nSamples", "a positive count", nSamples);
    Checks.check(nFeatures >= 1, "nFeatures", "a positive count", nFeatures);
    Checks.check(centers >= 1, "centers", "a positive count", centers);
    Checks.check(clusterStd >= 0, "clusterStd", "a non-negative standard deviation", clusterStd);
    Checks.check(centerBox != null && centerBox.length == 2, "centerBox", "two values", "other");
    RandomState rng = new RandomState(randomState);
    double[][] centerRows = new double[centers][nFeatures];
    double range = centerBox[1] - centerBox[0];
    for (double[] row : centerRows) {
      for (int j = 0; j < nFeatures; j++) {
        row[j] = centerBox[0] + range * rng.randomSample();
      }
    }
    double[] stds = new double[centers];
    Arrays.fill(stds, clusterStd);
    return blobsAround(nSamples, centerRows, stds, shuffle, rng);
  }

  /**
   * Gaussian blobs around given centers, like {@code make_blobs(centers=array, cluster_std=...)}.
   */
  public static LabeledDataset makeBlobs(
      int nSamples, double[][] centers, double[] clusterStd, boolean shuffle, long randomState) {
    Checks.check(nSamples >= 1, "nSamples", "a positive count", nSamples);
    Checks.nonEmpty("centers", centers.length);
    Checks.sameLength("clusterStd", clusterStd.length, "centers", centers.length);
    return blobsAround(nSamples, centers, clusterStd, shuffle, new RandomState(randomState));
  }

  private static LabeledDataset blobsAround(
      int nSamples, double[][] centers, double[] stds, boolean shuffle, RandomState rng) {
    int nCenters = centers.length;
    int nFeatures = centers[0].length;
    int[] perCenter = new int[nCenters];
    for (int i = 0; i < nCenters; i++) {
      perCenter[i] = nSamples / nCenters + (i < nSamples % nCenters ? 1 : 0);
    }
    double[][] x = new double[nSamples][nFeatures];
    int[] y = new int[nSamples];
    int row = 0;
    for (int c = 0; c < nCenters; c++) {
      for (int i = 0; i < perCenter[c]; i++, row++) {
        for (int j = 0; j < nFeatures; j++) {
          x[row][j] = centers[c][j] + stds[c] * rng.standardNormal();
        }
        y[row] = c;
      }
    }
    return shuffle ? shuffleRows(x, y, rng) : new LabeledDataset(x, y);
  }

  /**
   * A random n-class problem, like {@code make_classification(n_samples, n_features,
   * random_state=s)} with scikit-learn's defaults for everything else.
   */
  public static LabeledDataset makeClassification(int nSamples, int nFeatures, long randomState) {
    return makeClassification(
        nSamples, nFeatures, 2, 2, 0, 2, 2, 0.01, 1.0, true, 0.0, 1.0, true, randomState);
  }

  /**
   * A random n-class problem with clusters on the vertices of a hypercube, like {@code
   * make_classification} with {@code weights=None} and scalar {@code shift} and {@code scale}.
   */
  public static LabeledDataset makeClassification(
      int nSamples,
      int nFeatures,
      int nInformative,
      int nRedundant,
      int nRepeated,
      int nClasses,
      int nClustersPerClass,
      double flipY,
      double classSep,
      boolean hypercube,
      double shift,
      double scale,
      boolean shuffle,
      long randomState) {
    Checks.check(nSamples >= 1, "nSamples", "a positive count", nSamples);
    Checks.check(nInformative >= 1, "nInformative", "a positive count", nInformative);
    Checks.check(
        nInformative + nRedundant + nRepeated <= nFeatures,
        "nFeatures",
        "at least nInformative + nRedundant + nRepeated = "
            + (nInformative + nRedundant + nRepeated),
        nFeatures);
    Checks.check(nClasses >= 1, "nClasses", "a positive count", nClasses);
    Checks.check(
        nClustersPerClass >= 1, "nClustersPerClass", "a positive count", nClustersPerClass);
    Checks.check(
        nInformative >= 31 || (long) nClasses * nClustersPerClass <= (1L << nInformative),
        "nInformative",
        "2^nInformative >= nClasses * nClustersPerClass = " + nClasses * nClustersPerClass,
        nInformative);
    Checks.check(flipY >= 0 && flipY <= 1, "flipY", "a fraction in [0, 1]", flipY);
    Checks.check(classSep > 0, "classSep", "a positive value", classSep);
    RandomState rng = new RandomState(randomState);
    int nRandom = nFeatures - nInformative - nRedundant - nRepeated;
    int nClusters = nClasses * nClustersPerClass;
    int[] perCluster = new int[nClusters];
    int assigned = 0;
    for (int k = 0; k < nClusters; k++) {
      perCluster[k] = (int) (nSamples * (1.0 / nClasses) / nClustersPerClass);
      assigned += perCluster[k];
    }
    for (int i = 0; i < nSamples - assigned; i++) {
      perCluster[i % nClusters]++;
    }
    double[][] x = new double[nSamples][nFeatures];
    int[] y = new int[nSamples];
    double[][] centroids = hypercube(nClusters, nInformative, rng);
    for (double[] centroid : centroids) {
      for (int d = 0; d < nInformative; d++) {
        centroid[d] = centroid[d] * (2 * classSep) - classSep;
      }
    }
    if (!hypercube) {
      double[] perRow = rng.uniform(0.0, 1.0, nClusters);
      double[] perColumn = rng.uniform(0.0, 1.0, nInformative);
      for (int k = 0; k < nClusters; k++) {
        for (int d = 0; d < nInformative; d++) {
          centroids[k][d] *= perRow[k];
        }
      }
      for (int k = 0; k < nClusters; k++) {
        for (int d = 0; d < nInformative; d++) {
          centroids[k][d] *= perColumn[d];
        }
      }
    }
    for (double[] row : x) {
      for (int d = 0; d < nInformative; d++) {
        row[d] = rng.standardNormal();
      }
    }
    int stop = 0;
    for (int k = 0; k < nClusters; k++) {
      int start = stop;
      stop = start + perCluster[k];
      double[][] a = randomSigned(nInformative, nInformative, rng);
      for (int i = start; i < stop; i++) {
        y[i] = k % nClasses;
        double[] mixed = dot(x[i], 0, nInformative, a);
        for (int d = 0; d < nInformative; d++) {
          x[i][d] = mixed[d] + centroids[k][d];
        }
      }
    }
    if (nRedundant > 0) {
      double[][] b = randomSigned(nInformative, nRedundant, rng);
      for (double[] row : x) {
        double[] redundant = dot(row, 0, nInformative, b);
        System.arraycopy(redundant, 0, row, nInformative, nRedundant);
      }
    }
    int n = nInformative + nRedundant;
    if (nRepeated > 0) {
      int[] source = new int[nRepeated];
      for (int r = 0; r < nRepeated; r++) {
        source[r] = (int) ((n - 1) * rng.randomSample() + 0.5);
      }
      for (double[] row : x) {
        for (int r = 0; r < nRepeated; r++) {
          row[n + r] = row[source[r]];
        }
      }
    }
    if (nRandom > 0) {
      for (double[] row : x) {
        for (int j = nFeatures - nRandom; j < nFeatures; j++) {
          row[j] = rng.standardNormal();
        }
      }
    }
    boolean[] flip = new boolean[nSamples];
    int flips = 0;
    for (int i = 0; i < nSamples; i++) {
      flip[i] = rng.randomSample() < flipY;
      flips += flip[i] ? 1 : 0;
    }
    long[] newLabels = rng.randint(0, nClasses, flips);
    for (int i = 0, f = 0; i < nSamples; i++) {
      if (flip[i]) {
        y[i] = (int) newLabels[f++];
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < nFeatures; j++) {
        row[j] = (row[j] + shift) * scale;
      }
    }
    if (!shuffle) {
      return new LabeledDataset(x, y);
    }
    LabeledDataset shuffled = shuffleRows(x, y, rng);
    int[] features = rng.permutation(nFeatures);
    permuteColumns(shuffled.x(), features);
    return shuffled;
  }

  /**
   * A random linear regression problem, like {@code make_regression(n_samples, n_features,
   * n_informative, bias=bias, noise=noise, shuffle=shuffle, random_state=s)} with one target and no
   * {@code effective_rank}.
   */
  public static Dataset makeRegression(
      int nSamples,
      int nFeatures,
      int nInformative,
      double bias,
      double noise,
      boolean shuffle,
      long randomState) {
    Checks.check(nSamples >= 1, "nSamples", "a positive count", nSamples);
    Checks.check(nFeatures >= 1, "nFeatures", "a positive count", nFeatures);
    Checks.check(nInformative >= 0, "nInformative", "a non-negative count", nInformative);
    Checks.check(noise >= 0, "noise", "a non-negative standard deviation", noise);
    int informative = Math.min(nFeatures, nInformative);
    RandomState rng = new RandomState(randomState);
    double[][] x = rng.standardNormal(nSamples, nFeatures);
    double[] truth = new double[nFeatures];
    for (int k = 0; k < informative; k++) {
      truth[k] = 100 * rng.randomSample();
    }
    double[] y = new double[nSamples];
    for (int i = 0; i < nSamples; i++) {
      double acc = 0.0;
      for (int k = 0; k < nFeatures; k++) {
        acc = Math.fma(x[i][k], truth[k], acc);
      }
      y[i] = acc + bias;
    }
    if (noise > 0.0) {
      for (int i = 0; i < nSamples; i++) {
        y[i] += 0.0 + noise * rng.standardNormal();
      }
    }
    if (!shuffle) {
      return new Dataset(x, y);
    }
    int[] order = rng.permutation(nSamples);
    double[][] xs = new double[nSamples][];
    double[] ys = new double[nSamples];
    for (int i = 0; i < nSamples; i++) {
      xs[i] = x[order[i]];
      ys[i] = y[order[i]];
    }
    int[] features = rng.permutation(nFeatures);
    permuteColumns(xs, features);
    return new Dataset(xs, ys);
  }

  /**
   * numpy's {@code linspace}: {@code start + i * step}, with the last point set to {@code stop}.
   */
  static double[] linspace(double start, double stop, int num, boolean endpoint) {
    double[] out = new double[num];
    int div = endpoint ? num - 1 : num;
    double delta = stop - start;
    double step = div > 0 ? delta / div : Double.NaN;
    for (int i = 0; i < num; i++) {
      out[i] = (div > 0 ? i * step : i * delta) + start;
    }
    if (endpoint && num > 1) {
      out[num - 1] = stop;
    }
    return out;
  }

  /**
   * scikit-learn's {@code _generate_hypercube}: distinct vertices as 0/1 rows, most significant bit
   * first.
   */
  private static double[][] hypercube(int samples, int dimensions, RandomState rng) {
    double[][] out = new double[samples][dimensions];
    int bitsDims = dimensions;
    int offset = 0;
    if (dimensions > 30) {
      offset = dimensions - 30;
      for (double[] row : out) {
        for (int d = 0; d < offset; d++) {
          row[d] = rng.randint(0, 2);
        }
      }
      bitsDims = 30;
    }
    int[] vertices = SampleWithoutReplacement.sample(1 << bitsDims, samples, rng);
    for (int s = 0; s < samples; s++) {
      for (int d = 0; d < bitsDims; d++) {
        out[s][offset + d] = (vertices[s] >>> (bitsDims - 1 - d)) & 1;
      }
    }
    return out;
  }

  private static double[][] randomSigned(int rows, int cols, RandomState rng) {
    double[][] out = new double[rows][cols];
    for (double[] row : out) {
      for (int j = 0; j < cols; j++) {
        row[j] = 2 * rng.randomSample() - 1;
      }
    }
    return out;
  }

  /**
   * One row times a matrix, accumulated with fused multiply-adds in index order as OpenBLAS's dgemm
   * kernels do on x86-64 with FMA, so that small products round like numpy's {@code np.dot}.
   */
  private static double[] dot(double[] row, int from, int length, double[][] matrix) {
    int cols = matrix[0].length;
    double[] out = new double[cols];
    for (int j = 0; j < cols; j++) {
      double acc = 0.0;
      for (int k = 0; k < length; k++) {
        acc = Math.fma(row[from + k], matrix[k][j], acc);
      }
      out[j] = acc;
    }
    return out;
  }

  private static LabeledDataset shuffleRows(double[][] x, int[] y, RandomState rng) {
    int[] order = rng.permutation(x.length);
    double[][] xs = new double[x.length][];
    int[] ys = new int[y.length];
    for (int i = 0; i < order.length; i++) {
      xs[i] = x[order[i]];
      ys[i] = y[order[i]];
    }
    return new LabeledDataset(xs, ys);
  }

  private static void addNoise(double[][] x, double noise, RandomState rng) {
    for (double[] row : x) {
      for (int j = 0; j < row.length; j++) {
        row[j] += 0.0 + noise * rng.standardNormal();
      }
    }
  }

  private static void permuteColumns(double[][] x, int[] columns) {
    for (int i = 0; i < x.length; i++) {
      double[] row = new double[columns.length];
      for (int j = 0; j < columns.length; j++) {
        row[j] = x[i][columns[j]];
      }
      x[i] = row;
    }
  }

  // ---- by keyword, with scikit-learn's defaults (issue 16) ----

  /**
   * {@code make_moons} by keyword: {@code moons().nSamples(1000).noise(0.1).randomState(0).make()}.
   */
  public static Moons moons() {
    return new Moons();
  }

  /** {@code make_circles} by keyword: {@code circles().noise(0.1).factor(0.2).make()}. */
  public static Circles circles() {
    return new Circles();
  }

  /**
   * {@code make_blobs} by keyword: {@code blobs().nSamples(1000).centers(2).randomState(0).make()}.
   */
  public static Blobs blobs() {
    return new Blobs();
  }

  /** {@code make_classification} by keyword. */
  public static Classification classification() {
    return new Classification();
  }

  /** {@code make_regression} by keyword. */
  public static Regression regression() {
    return new Regression();
  }
}
