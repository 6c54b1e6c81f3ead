package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;
import dev.myelin.data.random.RandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Random permutation cross-validator, like scikit-learn's {@code ShuffleSplit}: each split draws
 * {@code rng.permutation(n)}, the first {@code nTest} indices are the test set.
 *
 * <pre>{@code
 * ShuffleSplit cv = new ShuffleSplit(5, 0.25, null, 0L);
 * List<Split> splits = cv.split(100);
 * int[] firstTest = splits.get(0).test();
 * }</pre>
 */
public final class ShuffleSplit {
  private final int nSplits;
  private final Number testSize;
  private final Number trainSize;
  private final Long randomState;

  /**
   * Creates the splitter; sizes are fractions when Double, counts when Integer, or null (test
   * defaults to 0.1); a null {@code randomState} draws a fresh seed.
   */
  public ShuffleSplit(int nSplits, Number testSize, Number trainSize, Long randomState) {
    Checks.check(nSplits >= 1, "nSplits", "a positive count", nSplits);
    this.nSplits = nSplits;
    this.testSize = testSize;
    this.trainSize = trainSize;
    this.randomState = randomState;
  }

  /** The splits of {@code nSamples} samples. */
  public List<Split> split(int nSamples) {
    return split(nSamples, 0.1);
  }

  List<Split> split(int nSamples, double defaultTest) {
    SplitSizes sizes = SplitSizes.resolve(nSamples, testSize, trainSize, defaultTest);
    RandomState rng = Seeds.rng(randomState);
    List<Split> out = new ArrayList<>();
    for (int s = 0; s < nSplits; s++) {
      int[] permutation = rng.permutation(nSamples);
      int[] test = Arrays.copyOfRange(permutation, 0, sizes.nTest);
      int[] train = Arrays.copyOfRange(permutation, sizes.nTest, sizes.nTest + sizes.nTrain);
      out.add(new Split(train, test));
    }
    return out;
  }
}
