package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/** Turns a fold number per sample into scikit-learn's (train, test) index pairs, both ascending. */
final class Folds {
  private Folds() {}

  /** The constructor checks KFold and StratifiedKFold share. */
  static void checkArguments(int nSplits, boolean shuffle, Long randomState) {
    Checks.check(nSplits >= 2, "nSplits", "at least 2", nSplits);
    Checks.check(
        shuffle || randomState == null, "randomState", "null when shuffle is false", randomState);
  }

  static List<Split> fromTestFolds(int[] testFold, int nSplits) {
    List<Split> out = new ArrayList<>();
    for (int f = 0; f < nSplits; f++) {
      int testCount = 0;
      for (int fold : testFold) {
        testCount += fold == f ? 1 : 0;
      }
      int[] train = new int[testFold.length - testCount];
      int[] test = new int[testCount];
      int a = 0;
      int b = 0;
      for (int i = 0; i < testFold.length; i++) {
        if (testFold[i] == f) {
          test[b++] = i;
        } else {
          train[a++] = i;
        }
      }
      out.add(new Split(train, test));
    }
    return out;
  }
}
