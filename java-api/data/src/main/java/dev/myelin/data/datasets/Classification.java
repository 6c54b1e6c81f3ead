package dev.myelin.data.datasets;

/**
 * {@code make_classification} by keyword with scikit-learn's defaults (20 features, 2 informative,
 * 2 redundant, 2 classes, 2 clusters per class, {@code flip_y=0.01}, {@code class_sep=1.0}, on a
 * hypercube, no shift, scale 1).
 */
public final class Classification extends GeneratorOptions<Classification> {
  private int nFeatures = 20;
  private int nInformative = 2;
  private int nRedundant = 2;
  private int nRepeated;
  private int nClasses = 2;
  private int nClustersPerClass = 2;
  private double flipY = 0.01;
  private double classSep = 1.0;
  private boolean hypercube = true;
  private double shift;
  private double scale = 1.0;

  Classification() {}

  /** {@code n_features} (default 20). */
  public Classification nFeatures(int n) {
    this.nFeatures = n;
    return this;
  }

  /** {@code n_informative} (default 2). */
  public Classification nInformative(int n) {
    this.nInformative = n;
    return this;
  }

  /** {@code n_redundant} (default 2). */
  public Classification nRedundant(int n) {
    this.nRedundant = n;
    return this;
  }

  /** {@code n_repeated} (default 0). */
  public Classification nRepeated(int n) {
    this.nRepeated = n;
    return this;
  }

  /** {@code n_classes} (default 2). */
  public Classification nClasses(int n) {
    this.nClasses = n;
    return this;
  }

  /** {@code n_clusters_per_class} (default 2). */
  public Classification nClustersPerClass(int n) {
    this.nClustersPerClass = n;
    return this;
  }

  /** {@code flip_y}: the fraction of labels assigned at random (default 0.01). */
  public Classification flipY(double f) {
    this.flipY = f;
    return this;
  }

  /** {@code class_sep} (default 1.0). */
  public Classification classSep(double s) {
    this.classSep = s;
    return this;
  }

  /** {@code hypercube} (default true). */
  public Classification hypercube(boolean on) {
    this.hypercube = on;
    return this;
  }

  /** {@code shift} (default 0.0). */
  public Classification shift(double s) {
    this.shift = s;
    return this;
  }

  /** {@code scale} (default 1.0). */
  public Classification scale(double s) {
    this.scale = s;
    return this;
  }

  /** The samples and labels. */
  public LabeledDataset make() {
    return SampleGenerators.makeClassification(
        nSamples,
        nFeatures,
        nInformative,
        nRedundant,
        nRepeated,
        nClasses,
        nClustersPerClass,
        flipY,
        classSep,
        hypercube,
        shift,
        scale,
        shuffle,
        seed());
  }
}
