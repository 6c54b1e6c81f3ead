package dev.myelin.data.preprocessing;

import dev.myelin.data.internal.Checks;

/**
 * Keras's {@code to_categorical}: integer class vectors to one-hot rows.
 *
 * <pre>{@code
 * double[][] onehot = Categorical.toCategorical(new int[] {0, 2, 1}, 3);
 * // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * }</pre>
 */
public final class Categorical {
  private Categorical() {}

  /** One row per label with a 1 in column {@code y[i]}; {@code numClasses <= 0} means max + 1. */
  public static double[][] toCategorical(int[] y, int numClasses) {
    int classes = numClasses;
    if (classes <= 0) {
      for (int label : y) {
        classes = Math.max(classes, label + 1);
      }
    }
    double[][] out = new double[y.length][classes];
    for (int i = 0; i < y.length; i++) {
      Checks.check(
          y[i] >= 0 && y[i] < classes,
          "y[" + i + "]",
          "a class in [0, " + (classes - 1) + "]",
          y[i]);
      out[i][y[i]] = 1.0;
    }
    return out;
  }

  /**
   * Keras's {@code to_categorical(y)} for any label array ({@code int[]}, {@code long[]}, a {@code
   * Series}, a tensor): as many columns as the largest label + 1.
   */
  public static double[][] toCategorical(Object y) {
    return toCategorical(dev.myelin.data.internal.ArrayData.labels(y, "y"), 0);
  }
}
