package dev.myelin.data.metrics;

import dev.myelin.data.internal.Checks;
import java.util.Arrays;
import java.util.stream.IntStream;

/** Per-class true positives, predicted counts and true counts over the sorted union of labels. */
final class ClassCounts {
  final int[] labels;
  final long[] truePositives;
  final long[] predicted;
  final long[] actual;

  ClassCounts(int[] yTrue, int[] yPred) {
    Checks.nonEmpty("yTrue", yTrue.length);
    Checks.sameLength("yTrue", yTrue.length, "yPred", yPred.length);
    labels =
        IntStream.concat(Arrays.stream(yTrue), Arrays.stream(yPred)).distinct().sorted().toArray();
    truePositives = new long[labels.length];
    predicted = new long[labels.length];
    actual = new long[labels.length];
    for (int i = 0; i < yTrue.length; i++) {
      int t = Arrays.binarySearch(labels, yTrue[i]);
      int p = Arrays.binarySearch(labels, yPred[i]);
      actual[t]++;
      predicted[p]++;
      if (t == p) {
        truePositives[t]++;
      }
    }
  }

  /** A ratio that is 0 when the denominator is 0 (scikit-learn's zero_division="warn"). */
  static double divide(double numerator, double denominator) {
    return denominator == 0 ? 0.0 : numerator / denominator;
  }

  double[] precision() {
    double[] out = new double[labels.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = divide(truePositives[k], predicted[k]);
    }
    return out;
  }

  double[] recall() {
    double[] out = new double[labels.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = divide(truePositives[k], actual[k]);
    }
    return out;
  }

  double[] f1() {
    double[] out = new double[labels.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = divide(2.0 * truePositives[k], (double) actual[k] + predicted[k]);
    }
    return out;
  }

  double macro(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  double weighted(double[] values) {
    double sum = 0;
    double weights = 0;
    for (int k = 0; k < values.length; k++) {
      sum += values[k] * actual[k];
      weights += actual[k];
    }
    return divide(sum, weights);
  }
}
