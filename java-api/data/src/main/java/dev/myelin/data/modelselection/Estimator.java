package dev.myelin.data.modelselection;

/**
 * A scikit-learn style estimator over rows of features: {@code fit}, {@code predict}, {@code
 * score}. {@link CrossValScore#crossValScore} builds a fresh one per fold from a factory, as
 * scikit-learn clones the estimator it is given.
 */
public interface Estimator {
  /**
   * Trains on rows {@code x} with targets {@code y} (class labels for a classifier).
   *
   * @param x the samples, one row each
   * @param y one target per row
   */
  void fit(double[][] x, double[] y);

  /**
   * One prediction per row: a class label for a classifier, a value for a regressor.
   *
   * @param x the samples
   * @return the predictions
   */
  double[] predict(double[][] x);

  /**
   * The estimator's own score on {@code (x, y)}, used when no scoring is named (accuracy for
   * classifiers, by convention).
   *
   * @param x the samples
   * @param y the true targets
   * @return the score, higher is better
   */
  double score(double[][] x, double[] y);

  /**
   * Whether this is a classifier, which makes an integer {@code cv} stratified (scikit-learn's
   * {@code is_classifier}).
   *
   * @return false unless overridden
   */
  default boolean isClassifier() {
    return false;
  }
}
