package dev.myelin.data.datasets;

/**
 * {@code make_moons} by keyword with scikit-learn's defaults: {@code
 * SampleGenerators.moons().nSamples(1000).noise(0.1).randomState(0).make()} is {@code
 * make_moons(n_samples=1000, noise=0.1, random_state=0)}.
 */
public final class Moons extends GeneratorOptions<Moons> {
  private Double noise;

  Moons() {}

  /** {@code noise}: the standard deviation of Gaussian noise (default none). */
  public Moons noise(double sd) {
    this.noise = sd;
    return this;
  }

  /** The samples and labels. */
  public LabeledDataset make() {
    return SampleGenerators.makeMoons(nSamples, shuffle, noise, seed());
  }
}
