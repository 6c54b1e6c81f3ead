package dev.myelin.data.modelselection;

import dev.myelin.data.internal.ArrayData;
import dev.myelin.data.internal.Checks;

/**
 * Splits sample indices into a train and a test set, like scikit-learn's {@code train_test_split}
 * (ShuffleSplit, or StratifiedShuffleSplit when {@code stratify} is given; same draws).
 *
 * <pre>{@code
 * var s = new TrainTestSplit().testSize(0.25).randomState(42).split(x, y);
 * model.fit(s.xTrain(), s.yTrain(), options);   // also s.xTest(), s.yTest(), s.indices()
 * }</pre>
 */
public final class TrainTestSplit {
  private Number testSize;
  private Number trainSize;
  private Long randomState;
  private boolean shuffle = true;
  private int[] stratify;

  /** Creates a splitter with scikit-learn's defaults (test fraction 0.25, shuffled). */
  public TrainTestSplit() {}

  /** Sets the test set as a fraction of the samples, in (0, 1). */
  public TrainTestSplit testSize(double fraction) {
    this.testSize = fraction;
    return this;
  }

  /** Sets the test set as a number of samples. */
  public TrainTestSplit testSize(int count) {
    this.testSize = count;
    return this;
  }

  /** Sets the train set as a fraction of the samples, in (0, 1). */
  public TrainTestSplit trainSize(double fraction) {
    this.trainSize = fraction;
    return this;
  }

  /** Sets the train set as a number of samples. */
  public TrainTestSplit trainSize(int count) {
    this.trainSize = count;
    return this;
  }

  /** Sets the seed of the numpy-compatible generator ({@code random_state}). */
  public TrainTestSplit randomState(long seed) {
    this.randomState = seed;
    return this;
  }

  /** Whether to shuffle before splitting (default true). */
  public TrainTestSplit shuffle(boolean shuffle) {
    this.shuffle = shuffle;
    return this;
  }

  /** Keeps the class proportions of {@code labels} in both sets. */
  public TrainTestSplit stratify(int[] labels) {
    this.stratify = labels;
    return this;
  }

  /** Splits {@code nSamples} samples. */
  public Split split(int nSamples) {
    if (stratify != null) {
      Checks.sameLength("stratify", stratify.length, "samples", nSamples);
    }
    SplitSizes sizes = SplitSizes.resolve(nSamples, testSize, trainSize, 0.25);
    if (!shuffle) {
      Checks.check(stratify == null, "stratify", "null when shuffle is false", "labels");
      int[] train = new int[sizes.nTrain];
      int[] test = new int[sizes.nTest];
      for (int i = 0; i < train.length; i++) {
        train[i] = i;
      }
      for (int i = 0; i < test.length; i++) {
        test[i] = sizes.nTrain + i;
      }
      return new Split(train, test);
    }
    if (stratify != null) {
      return new StratifiedShuffleSplit(1, sizes.nTest, sizes.nTrain, randomState)
          .split(stratify)
          .get(0);
    }
    return new ShuffleSplit(1, sizes.nTest, sizes.nTrain, randomState).split(nSamples).get(0);
  }

  /**
   * Keeps the class proportions of any label array ({@code int[]}, {@code long[]}, a {@code
   * Series}, a tensor).
   */
  public TrainTestSplit stratify(Object labels) {
    return stratify(ArrayData.labels(labels, "stratify"));
  }

  /**
   * Splits {@code x} and {@code y} as {@code train_test_split(X, y)} does, each part in its
   * argument's type ({@code double[][]}, {@code int[]}, {@code DataFrame}, {@code Series}, a
   * tensor, ...), with the same rows and order as scikit-learn for the same {@code randomState}.
   */
  public <X, Y> TrainTest<X, Y> split(X x, Y y) {
    int n = ArrayData.length(x, "x");
    Checks.sameLength("x", n, "y", ArrayData.length(y, "y"));
    Split s = split(n);
    return new TrainTest<>(
        ArrayData.take(x, s.train(), "x"),
        ArrayData.take(x, s.test(), "x"),
        ArrayData.take(y, s.train(), "y"),
        ArrayData.take(y, s.test(), "y"),
        s);
  }
}
