package dev.myelin.data.metrics;

import dev.myelin.models.Models;

/**
 * How {@link ClassificationReport} and {@link ConfusionMatrix} print: as the book shows them
 * (scikit-learn 0.19 and pandas 0.23) or as today's scikit-learn and numpy do. {@link #active()}
 * follows the Keras 2.2 switch ({@link Models#useKeras2Conventions}), so a program that turned the
 * book's {@code acc} names on also gets the book's report.
 *
 * <pre>{@code
 * Models.useKeras2Conventions(true);
 * System.out.print(ClassificationReport.classificationReport(y, pred, 2)); // "avg / total" row
 * }</pre>
 */
public enum ReportLayout {
  /**
   * The book's: the report ends with one {@code avg / total} row (support-weighted averages), and a
   * confusion matrix prints as a table labelled by class on both axes ({@code Predicted NAME}
   * columns, the book's {@code pretty_confusion_matrix}).
   */
  SKLEARN_0_19,
  /**
   * scikit-learn 1.x's: the report ends with {@code accuracy}, {@code macro avg} and {@code
   * weighted avg} rows, and a confusion matrix prints as the numpy array {@code confusion_matrix}
   * returns ({@code array([[40, 10], [ 7, 43]])}).
   */
  SKLEARN_1;

  /** {@link #SKLEARN_0_19} while the Keras 2.2 conventions are on, else {@link #SKLEARN_1}. */
  public static ReportLayout active() {
    return Models.keras2Conventions() ? SKLEARN_0_19 : SKLEARN_1;
  }
}
