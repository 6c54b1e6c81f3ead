package dev.myelin.data.preprocessing;

import dev.myelin.data.internal.Checks;

/** Shape checks shared by the scalers. */
final class Matrices {
  private Matrices() {}

  /** Checks that {@code x} is a non-empty rectangular matrix and returns its column count. */
  static int checkMatrix(String name, double[][] x) {
    Checks.check(x != null && x.length > 0, name, "a non-empty matrix", "no rows");
    int cols = x[0].length;
    for (int i = 1; i < x.length; i++) {
      Checks.sameLength(name + "[" + i + "]", x[i].length, name + "[0]", cols);
    }
    return cols;
  }
}
