package dev.myelin.data.datasets;

/**
 * {@code make_blobs} by keyword with scikit-learn's defaults (2 features, 3 centers, standard
 * deviation 1, centers drawn in (-10, 10)): {@code
 * SampleGenerators.blobs().nSamples(1000).centers(2).randomState(0).make()}.
 */
public final class Blobs extends GeneratorOptions<Blobs> {
  private int nFeatures = 2;
  private int centers = 3;
  private double[][] centerPoints;
  private double clusterStd = 1.0;
  private double[] centerBox = {-10.0, 10.0};

  Blobs() {}

  /** {@code n_features} (default 2; ignored when the centers are given as points). */
  public Blobs nFeatures(int n) {
    this.nFeatures = n;
    return this;
  }

  /** {@code centers} as a count, drawn in the center box (default 3). */
  public Blobs centers(int n) {
    this.centers = n;
    this.centerPoints = null;
    return this;
  }

  /** {@code centers} as fixed points, one row each. */
  public Blobs centers(double[][] points) {
    this.centerPoints = points;
    return this;
  }

  /** {@code cluster_std} (default 1.0). */
  public Blobs clusterStd(double sd) {
    this.clusterStd = sd;
    return this;
  }

  /** {@code center_box} (default (-10, 10)). */
  public Blobs centerBox(double lo, double hi) {
    this.centerBox = new double[] {lo, hi};
    return this;
  }

  /** The samples and labels. */
  public LabeledDataset make() {
    if (centerPoints != null) {
      double[] stds = new double[centerPoints.length];
      java.util.Arrays.fill(stds, clusterStd);
      return SampleGenerators.makeBlobs(nSamples, centerPoints, stds, shuffle, seed());
    }
    return SampleGenerators.makeBlobs(
        nSamples, nFeatures, centers, clusterStd, centerBox, shuffle, seed());
  }
}
