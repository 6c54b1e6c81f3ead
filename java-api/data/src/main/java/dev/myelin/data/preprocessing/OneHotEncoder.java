package dev.myelin.data.preprocessing;

import dev.myelin.data.internal.Checks;
import java.util.Arrays;

/**
 * One-hot encodes integer categorical columns, like scikit-learn's {@code OneHotEncoder} with dense
 * output: categories are sorted per column; unknown categories are an error, or all-zero when
 * {@code ignoreUnknown}.
 *
 * <pre>{@code
 * OneHotEncoder encoder = new OneHotEncoder(false);
 * double[][] onehot = encoder.fitTransform(new int[][] {{1, 7}, {2, 7}, {1, 9}});
 * int[][] back = encoder.inverseTransform(onehot);
 * }</pre>
 */
public final class OneHotEncoder {
  private final boolean ignoreUnknown;
  private int[][] categories;

  /** Creates an encoder; {@code ignoreUnknown} is {@code handle_unknown='ignore'}. */
  public OneHotEncoder(boolean ignoreUnknown) {
    this.ignoreUnknown = ignoreUnknown;
  }

  /** Learns the sorted categories of every column. */
  public OneHotEncoder fit(int[][] x) {
    int cols = checkRows(x);
    categories = new int[cols][];
    for (int j = 0; j < cols; j++) {
      final int column = j;
      categories[j] = Arrays.stream(x).mapToInt(row -> row[column]).distinct().sorted().toArray();
    }
    return this;
  }

  /** One column per category per feature, 1.0 where the sample has that category. */
  public double[][] transform(int[][] x) {
    Checks.check(categories != null, "encoder", "a fitted encoder (call fit first)", "not fitted");
    Checks.sameLength("x[0]", checkRows(x), "categories", categories.length);
    int width = 0;
    for (int[] c : categories) {
      width += c.length;
    }
    double[][] out = new double[x.length][width];
    for (int i = 0; i < x.length; i++) {
      int offset = 0;
      for (int j = 0; j < categories.length; j++) {
        int k = Arrays.binarySearch(categories[j], x[i][j]);
        Checks.check(
            k >= 0 || ignoreUnknown,
            "x[" + i + "][" + j + "]",
            "one of " + Arrays.toString(categories[j]) + " (or ignoreUnknown)",
            x[i][j]);
        if (k >= 0) {
          out[i][offset + k] = 1.0;
        }
        offset += categories[j].length;
      }
    }
    return out;
  }

  /** Fits and encodes {@code x}. */
  public double[][] fitTransform(int[][] x) {
    return fit(x).transform(x);
  }

  /** The category of each one-hot block (the largest entry wins). */
  public int[][] inverseTransform(double[][] onehot) {
    Checks.check(categories != null, "encoder", "a fitted encoder (call fit first)", "not fitted");
    int[][] out = new int[onehot.length][categories.length];
    for (int i = 0; i < onehot.length; i++) {
      int offset = 0;
      for (int j = 0; j < categories.length; j++) {
        int best = 0;
        for (int k = 1; k < categories[j].length; k++) {
          if (onehot[i][offset + k] > onehot[i][offset + best]) {
            best = k;
          }
        }
        out[i][j] = categories[j][best];
        offset += categories[j].length;
      }
    }
    return out;
  }

  /** The sorted categories of each column ({@code categories_}). */
  public int[][] categories() {
    Checks.check(categories != null, "encoder", "a fitted encoder (call fit first)", "not fitted");
    return Arrays.stream(categories).map(int[]::clone).toArray(int[][]::new);
  }

  private static int checkRows(int[][] x) {
    Checks.check(x != null && x.length > 0, "x", "a non-empty matrix", "no rows");
    for (int i = 1; i < x.length; i++) {
      Checks.sameLength("x[" + i + "]", x[i].length, "x[0]", x[0].length);
    }
    return x[0].length;
  }
}
