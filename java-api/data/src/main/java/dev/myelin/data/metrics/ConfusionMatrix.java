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

  /** A table with a header of predicted labels and one row per true label. */
  @Override
  public String toString() {
    int width = "true\\pred".length();
    for (int label : labels) {
      width = Math.max(width, String.valueOf(label).length());
    }
    for (long[] row : counts) {
      for (long v : row) {
        width = Math.max(width, String.valueOf(v).length());
      }
    }
    String cell = "%" + width + "s";
    StringBuilder out = new StringBuilder(String.format(cell, "true\\pred"));
    for (int label : labels) {
      out.append(' ').append(String.format(cell, label));
    }
    out.append('\n');
    for (int i = 0; i < labels.length; i++) {
      out.append(String.format(cell, labels[i]));
      for (long v : counts[i]) {
        out.append(' ').append(String.format(cell, v));
      }
      out.append('\n');
    }
    return out.toString();
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
    Checks.sameLength("names", names.length, "labels", labels.length);
    List<Series> cols = new ArrayList<>();
    for (int j = 0; j < labels.length; j++) {
      long[] col = new long[labels.length];
      for (int i = 0; i < labels.length; i++) {
        col[i] = counts[i][j];
      }
      cols.add(Series.of("Predicted " + names[j], col));
    }
    return DataFrame.of(cols).withIndex(Series.of(null, names));
  }

  /** The table of {@link #toDataFrame(String...)}, as pandas prints it. */
  public String toString(String... names) {
    return toDataFrame(names).toString();
  }
}
