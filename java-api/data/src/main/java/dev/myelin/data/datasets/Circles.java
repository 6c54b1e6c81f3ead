package dev.myelin.data.datasets;

/**
 * {@code make_circles} by keyword with scikit-learn's defaults: {@code
 * SampleGenerators.circles().nSamples(1000).noise(0.1).factor(0.2).randomState(0).make()}.
 */
public final class Circles extends GeneratorOptions<Circles> {
  private Double noise;
  private double factor = 0.8;

  Circles() {}

  /** {@code noise}: the standard deviation of Gaussian noise (default none). */
  public Circles noise(double sd) {
    this.noise = sd;
    return this;
  }

  /** {@code factor}: the inner circle's radius relative to the outer one (default 0.8). */
  public Circles factor(double f) {
    this.factor = f;
    return this;
  }

  /** The samples and labels. */
  public LabeledDataset make() {
    return SampleGenerators.makeCircles(nSamples, shuffle, noise, seed(), factor);
  }
}
