package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;
import dev.myelin.data.random.RandomState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Stratified random splits that keep class proportions, like scikit-learn's {@code
 * StratifiedShuffleSplit} (same {@code _approximate_mode} allocation and the same draws).
 *
 * <pre>{@code
 * StratifiedShuffleSplit cv = new StratifiedShuffleSplit(3, 0.25, null, 42L);
 * List<Split> splits = cv.split(labels);
 * int[] test = splits.get(0).test();
 * }</pre>
 */
public final class StratifiedShuffleSplit {
  private final int nSplits;
  private final Number testSize;
  private final Number trainSize;
  private final Long randomState;

  /** Creates the splitter; sizes as in {@link ShuffleSplit}. */
  public StratifiedShuffleSplit(int nSplits, Number testSize, Number trainSize, Long randomState) {
    Checks.check(nSplits >= 1, "nSplits", "a positive count", nSplits);
    this.nSplits = nSplits;
    this.testSize = testSize;
    this.trainSize = trainSize;
    this.randomState = randomState;
  }

  /** The splits of samples labelled {@code y}. */
  public List<Split> split(int[] y) {
    return split(y, 0.1);
  }

  List<Split> split(int[] y, double defaultTest) {
    Checks.nonEmpty("y", y.length);
    SplitSizes sizes = SplitSizes.resolve(y.length, testSize, trainSize, defaultTest);
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < y.length; i++) {
      byClass.computeIfAbsent(y[i], k -> new ArrayList<>()).add(i);
    }
    int nClasses = byClass.size();
    int[][] classIndices = new int[nClasses][];
    long[] counts = new long[nClasses];
    int c = 0;
    for (var entry : byClass.entrySet()) {
      classIndices[c] = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
      counts[c] = classIndices[c].length;
      Checks.check(
          counts[c] >= 2,
          "y",
          "at least 2 members in every class (class " + entry.getKey() + ")",
          1);
      c++;
    }
    Checks.check(
        sizes.nTrain >= nClasses,
        "trainSize",
        "at least the number of classes = " + nClasses,
        sizes.nTrain);
    Checks.check(
        sizes.nTest >= nClasses,
        "testSize",
        "at least the number of classes = " + nClasses,
        sizes.nTest);
    RandomState rng = Seeds.rng(randomState);
    List<Split> out = new ArrayList<>();
    for (int s = 0; s < nSplits; s++) {
      long[] nI = approximateMode(counts, sizes.nTrain, rng);
      long[] remaining = new long[nClasses];
      for (int i = 0; i < nClasses; i++) {
        remaining[i] = counts[i] - nI[i];
      }
      long[] tI = approximateMode(remaining, sizes.nTest, rng);
      int[] train = new int[sizes.nTrain];
      int[] test = new int[sizes.nTest];
      int nTrain = 0;
      int nTest = 0;
      for (int i = 0; i < nClasses; i++) {
        int[] permutation = rng.permutation((int) counts[i]);
        for (int j = 0; j < nI[i]; j++) {
          train[nTrain++] = classIndices[i][permutation[j]];
        }
        for (int j = (int) nI[i]; j < nI[i] + tI[i]; j++) {
          test[nTest++] = classIndices[i][permutation[j]];
        }
      }
      out.add(
          new Split(
              rng.permutation(Arrays.copyOf(train, nTrain)),
              rng.permutation(Arrays.copyOf(test, nTest))));
    }
    return out;
  }

  /**
   * scikit-learn's {@code _approximate_mode}: ties in the remainders are broken with {@code rng}.
   */
  static long[] approximateMode(long[] classCounts, int nDraws, RandomState rng) {
    long total = 0;
    for (long count : classCounts) {
      total += count;
    }
    int n = classCounts.length;
    double[] continuous = new double[n];
    double[] floored = new double[n];
    double flooredSum = 0;
    for (int i = 0; i < n; i++) {
      continuous[i] = (double) classCounts[i] / total * nDraws;
      floored[i] = Math.floor(continuous[i]);
      flooredSum += floored[i];
    }
    int needToAdd = (int) (nDraws - flooredSum);
    if (needToAdd > 0) {
      double[] remainder = new double[n];
      for (int i = 0; i < n; i++) {
        remainder[i] = continuous[i] - floored[i];
      }
      double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
      for (int v = values.length - 1; v >= 0; v--) {
        int[] inds = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
          if (remainder[i] == values[v]) {
            inds[count++] = i;
          }
        }
        int addNow = Math.min(count, needToAdd);
        int[] chosen = rng.choice(count, addNow, false, null);
        for (int k : chosen) {
          floored[inds[k]] += 1;
        }
        needToAdd -= addNow;
        if (needToAdd == 0) {
          break;
        }
      }
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = (long) floored[i];
    }
    return out;
  }
}
