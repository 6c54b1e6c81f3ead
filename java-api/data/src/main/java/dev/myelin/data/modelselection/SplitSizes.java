package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;

/**
 * scikit-learn's {@code _validate_shuffle_split}: turns fractions or counts into train and test
 * counts.
 */
final class SplitSizes {
  final int nTrain;
  final int nTest;

  private SplitSizes(int nTrain, int nTest) {
    this.nTrain = nTrain;
    this.nTest = nTest;
  }

  /** Sizes are a fraction in (0, 1) when a Double, a count when an Integer, unset when null. */
  static SplitSizes resolve(int nSamples, Number testSize, Number trainSize, double defaultTest) {
    Checks.check(nSamples > 0, "nSamples", "at least one sample", nSamples);
    if (testSize == null && trainSize == null) {
      testSize = defaultTest;
    }
    check("testSize", testSize, nSamples);
    check("trainSize", trainSize, nSamples);
    if (testSize instanceof Double && trainSize instanceof Double) {
      double sum = testSize.doubleValue() + trainSize.doubleValue();
      Checks.check(sum <= 1, "testSize + trainSize", "a sum in (0, 1]", sum);
    }
    double nTest = 0;
    double nTrain = 0;
    if (testSize != null) {
      nTest =
          testSize instanceof Double
              ? Math.ceil(testSize.doubleValue() * nSamples)
              : testSize.intValue();
    }
    if (trainSize != null) {
      nTrain =
          trainSize instanceof Double
              ? Math.floor(trainSize.doubleValue() * nSamples)
              : trainSize.intValue();
    }
    if (trainSize == null) {
      nTrain = nSamples - nTest;
    } else if (testSize == null) {
      nTest = nSamples - nTrain;
    }
    Checks.check(
        nTrain + nTest <= nSamples,
        "trainSize + testSize",
        "at most nSamples=" + nSamples + " samples",
        (long) (nTrain + nTest));
    Checks.check(
        (int) nTrain > 0,
        "trainSize",
        "a non-empty train set (nSamples=" + nSamples + ", testSize=" + testSize + ")",
        (int) nTrain);
    return new SplitSizes((int) nTrain, (int) nTest);
  }

  private static void check(String name, Number size, int nSamples) {
    if (size == null) {
      return;
    }
    if (size instanceof Double) {
      double f = size.doubleValue();
      Checks.check(f > 0 && f < 1, name, "a fraction in (0, 1) or a count", f);
    } else {
      Checks.check(
          size instanceof Integer || size instanceof Long, name, "a Double or an Integer", size);
      long n = size.longValue();
      Checks.check(n > 0 && n < nSamples, name, "a count in [1, " + (nSamples - 1) + "]", n);
    }
  }
}
