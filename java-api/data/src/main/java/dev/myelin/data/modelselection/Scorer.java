package dev.myelin.data.modelselection;

/** A score of a fitted estimator on held-out data, higher is better (a scikit-learn scorer). */
@FunctionalInterface
public interface Scorer {
  /**
   * Scores {@code estimator} on {@code (x, y)}.
   *
   * @param estimator a fitted estimator
   * @param x the held-out samples
   * @param y their true targets
   * @return the score
   */
  double score(Estimator estimator, double[][] x, double[] y);
}
