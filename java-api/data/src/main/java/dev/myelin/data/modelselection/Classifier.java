package dev.myelin.data.modelselection;

/** An {@link Estimator} that predicts class labels and their probabilities. */
public interface Classifier extends Estimator {
  /**
   * Class probabilities, one row per sample and one column per class of {@link #classes()}.
   *
   * @param x the samples
   * @return the probabilities
   */
  double[][] predictProba(double[][] x);

  /**
   * The sorted distinct labels seen by {@code fit} ({@code classes_}).
   *
   * @return the classes
   */
  double[] classes();

  @Override
  default boolean isClassifier() {
    return true;
  }
}
