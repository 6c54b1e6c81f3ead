package dev.myelin.data.metrics;

import dev.myelin.data.internal.ArrayData;
import dev.myelin.data.internal.Checks;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A confusion matrix like scikit-learn's {@code confusion_matrix}: row {@code i} counts the samples
 * of true label {@code labels[i]}, column {@code j} those predicted {@code labels[j]}.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(yTrue, yPred);
 * long[][] counts = cm.counts();
 * System.out.println(cm);   // labelled table
 * }</pre>
 *
 * @param labels the sorted labels that index rows and columns
 * @param counts the counts, {@code labels.length x labels.length}
 */
public record ConfusionMatrix(int[] labels, long[][] counts) {

  /** Counts the pairs over the sorted union of true and predicted labels. */
  public static ConfusionMatrix of(int[] yTrue, int[] yPred) {
    Checks.nonEmpty("yTrue", yTrue.length);
    Checks.sameLength("yTrue", yTrue.length, "yPred", yPred.length);
    int[] labels =
        IntStream.concat(Arrays.stream(yTrue), Arrays.stream(yPred)).distinct().sorted().toArray();
    long[][] counts = new long[labels.length][labels.length];
    for (int i = 0; i < yTrue.length; i++) {
      counts[Arrays.binarySearch(labels, yTrue[i])][Arrays.binarySearch(labels, yPred[i])]++;
    }
    return new ConfusionMatrix(labels, counts);
  }

  /**
   * The matrix as the active {@link ReportLayout} prints it: the numpy array scikit-learn 1.x's
   * {@code confusion_matrix} returns ({@code array([[40, 10],\n [ 7, 43]])}), or, while the Keras
   * 2.2 conventions are on, the book's table labelled by class on both axes ({@code Predicted 0},
   * {@code Predicted 1} columns).
   */
  @Override
  public String toString() {
    return toString(ReportLayout.active());
  }

  /** The matrix in {@code layout}, the classes named by their labels' decimal text. */
  public String toString(ReportLayout layout) {
    Checks.check(layout != null, "layout", "a ReportLayout", "null");
    if (layout == ReportLayout.SKLEARN_0_19) {
      return toString(Arrays.stream(labels).mapToObj(String::valueOf).toArray(String[]::new));
    }
    return numpyRepr();
  }

  /**
   * numpy's repr of the int64 count array: every count right-aligned to the widest, rows under each
   * other. (numpy wraps rows longer than 75 characters; a matrix that wide is not wrapped.)
   */
  private String numpyRepr() {
    int width = 1;
    for (long[] row : counts) {
      for (long v : row) {
        width = Math.max(width, String.valueOf(v).length());
      }
    }
    String cell = "%" + width + "d";
    StringBuilder out = new StringBuilder("array([");
    for (int i = 0; i < counts.length; i++) {
      out.append(i == 0 ? "[" : ",\n       [");
      for (int j = 0; j < counts[i].length; j++) {
        out.append(j == 0 ? "" : ", ")
            .append(String.format(java.util.Locale.ROOT, cell, counts[i][j]));
      }
      out.append(']');
    }
    return out.append("])").toString();
  }

  /** {@link #of(int[], int[])} for any label arrays (int[], long[], Series, tensors, ...). */
  public static ConfusionMatrix of(Object yTrue, Object yPred) {
    return of(ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"));
  }

  /**
   * The book's {@code pretty_confusion_matrix(y_true, y_pred, labels=["Stay", "Leave"])}: a frame
   * indexed by the class names, with columns {@code Predicted NAME}; one name per sorted label.
   */
  public DataFrame toDataFrame(String... names) {
    return toDataFrame(names, "Predicted ");
  }

  /**
   * {@link #toDataFrame(String...)} with another column prefix: the book's iris matrix has the
   * columns {@code pred_setosa pred_versicolor pred_virginica} ({@code columnPrefix = "pred_"}).
   */
  public DataFrame toDataFrame(String[] names, String columnPrefix) {
    Checks.check(columnPrefix != null, "columnPrefix", "a string", "null");
    Checks.sameLength("names", names.length, "labels", labels.length);
    List<Series> cols = new ArrayList<>();
    for (int j = 0; j < labels.length; j++) {
      long[] col = new long[labels.length];
      for (int i = 0; i < labels.length; i++) {
        col[i] = counts[i][j];
      }
      cols.add(Series.of(columnPrefix + names[j], col));
    }
    return DataFrame.of(cols).withIndex(Series.of(null, names));
  }

  /** The table of {@link #toDataFrame(String...)}, as pandas prints it. */
  public String toString(String... names) {
    return toDataFrame(names).toString();
  }
}
