package dev.myelin.data.metrics;

import dev.myelin.data.internal.ArrayData;
import dev.myelin.data.internal.Checks;
import java.util.Arrays;

/**
 * Accuracy, precision, recall and F1 like scikit-learn's {@code sklearn.metrics} (labels are the
 * sorted union of true and predicted labels; 0/0 counts as 0, scikit-learn's default).
 *
 * <pre>{@code
 * double acc = ClassificationMetrics.accuracy(yTrue, yPred);
 * double f1 = ClassificationMetrics.f1(yTrue, yPred, Average.MACRO, 1);
 * double p = ClassificationMetrics.precision(yTrue, yPred, Average.BINARY, 1);
 * }</pre>
 */
public final class ClassificationMetrics {
  private ClassificationMetrics() {}

  /** The fraction of samples whose prediction equals the truth. */
  public static double accuracy(int[] yTrue, int[] yPred) {
    Checks.nonEmpty("yTrue", yTrue.length);
    Checks.sameLength("yTrue", yTrue.length, "yPred", yPred.length);
    long correct = 0;
    for (int i = 0; i < yTrue.length; i++) {
      correct += yTrue[i] == yPred[i] ? 1 : 0;
    }
    return (double) correct / yTrue.length;
  }

  /** Precision {@code tp / (tp + fp)}; {@code posLabel} is used only for {@link Average#BINARY}. */
  public static double precision(int[] yTrue, int[] yPred, Average average, int posLabel) {
    ClassCounts c = new ClassCounts(yTrue, yPred);
    if (average == Average.MICRO) {
      return ClassCounts.divide(sum(c.truePositives), sum(c.predicted));
    }
    return combine(c, c.precision(), average, posLabel);
  }

  /** Recall {@code tp / (tp + fn)}; {@code posLabel} is used only for {@link Average#BINARY}. */
  public static double recall(int[] yTrue, int[] yPred, Average average, int posLabel) {
    ClassCounts c = new ClassCounts(yTrue, yPred);
    if (average == Average.MICRO) {
      return ClassCounts.divide(sum(c.truePositives), sum(c.actual));
    }
    return combine(c, c.recall(), average, posLabel);
  }

  /**
   * F1 {@code 2 tp / (2 tp + fp + fn)}; {@code posLabel} is used only for {@link Average#BINARY}.
   */
  public static double f1(int[] yTrue, int[] yPred, Average average, int posLabel) {
    ClassCounts c = new ClassCounts(yTrue, yPred);
    if (average == Average.MICRO) {
      return ClassCounts.divide(
          2.0 * sum(c.truePositives), (double) sum(c.actual) + sum(c.predicted));
    }
    return combine(c, c.f1(), average, posLabel);
  }

  private static double combine(ClassCounts c, double[] perClass, Average average, int posLabel) {
    switch (average) {
      case MACRO:
        return c.macro(perClass);
      case WEIGHTED:
        return c.weighted(perClass);
      default:
        Checks.check(
            c.labels.length <= 2,
            "average",
            "MICRO, MACRO or WEIGHTED for " + c.labels.length + " classes",
            average);
        int k = Arrays.binarySearch(c.labels, posLabel);
        Checks.check(
            k >= 0 || c.labels.length < 2,
            "posLabel",
            "one of " + Arrays.toString(c.labels),
            posLabel);
        return k >= 0 ? perClass[k] : 0.0;
    }
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }

  // ---- array-likes (issue 16): labels as int[], long[], boolean[], Series or tensors ----

  /**
   * {@link #accuracy(int[], int[])} for any label arrays: a model's thresholded predictions go
   * straight in ({@code accuracy(yTest, model.predict(xTest).gt(0.5))}).
   */
  public static double accuracy(Object yTrue, Object yPred) {
    return accuracy(ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"));
  }

  /** Binary precision of class 1 (scikit-learn's defaults) for any label arrays. */
  public static double precision(Object yTrue, Object yPred) {
    return precision(
        ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"), Average.BINARY, 1);
  }

  /** Binary recall of class 1 (scikit-learn's defaults) for any label arrays. */
  public static double recall(Object yTrue, Object yPred) {
    return recall(
        ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"), Average.BINARY, 1);
  }

  /** Binary F1 of class 1 (scikit-learn's defaults) for any label arrays. */
  public static double f1(Object yTrue, Object yPred) {
    return f1(
        ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"), Average.BINARY, 1);
  }

  /** {@link #precision(int[], int[], Average, int)} for any label arrays. */
  public static double precision(Object yTrue, Object yPred, Average average, int posLabel) {
    return precision(
        ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"), average, posLabel);
  }

  /** {@link #recall(int[], int[], Average, int)} for any label arrays. */
  public static double recall(Object yTrue, Object yPred, Average average, int posLabel) {
    return recall(
        ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"), average, posLabel);
  }

  /** {@link #f1(int[], int[], Average, int)} for any label arrays. */
  public static double f1(Object yTrue, Object yPred, Average average, int posLabel) {
    return f1(
        ArrayData.labels(yTrue, "yTrue"), ArrayData.labels(yPred, "yPred"), average, posLabel);
  }
}
