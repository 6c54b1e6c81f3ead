package dev.myelin.data.datasets;

/**
 * {@code make_regression} by keyword with scikit-learn's defaults (100 features, 10 informative, no
 * bias, no noise; one target, no {@code effective_rank}).
 */
public final class Regression extends GeneratorOptions<Regression> {
  private int nFeatures = 100;
  private int nInformative = 10;
  private double bias;
  private double noise;

  Regression() {}

  /** {@code n_features} (default 100). */
  public Regression nFeatures(int n) {
    this.nFeatures = n;
    return this;
  }

  /** {@code n_informative} (default 10). */
  public Regression nInformative(int n) {
    this.nInformative = n;
    return this;
  }

  /** {@code bias} (default 0.0). */
  public Regression bias(double b) {
    this.bias = b;
    return this;
  }

  /** {@code noise}: the standard deviation of Gaussian noise on the target (default 0.0). */
  public Regression noise(double sd) {
    this.noise = sd;
    return this;
  }

  /** The samples and targets. */
  public Dataset make() {
    return SampleGenerators.makeRegression(
        nSamples, nFeatures, nInformative, bias, noise, shuffle, seed());
  }
}
