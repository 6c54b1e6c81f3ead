package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;
import dev.myelin.data.random.RandomState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stratified K-fold cross-validation, like scikit-learn's {@code StratifiedKFold}: classes are
 * encoded by order of first appearance, each fold gets a round-robin share of the sorted labels,
 * and with {@code shuffle} each class's fold assignment is shuffled.
 *
 * <pre>{@code
 * StratifiedKFold cv = new StratifiedKFold(3, true, 0L);
 * List<Split> folds = cv.split(labels);
 * int[] firstTest = folds.get(0).test();
 * }</pre>
 */
public final class StratifiedKFold {
  private final int nSplits;
  private final boolean shuffle;
  private final Long randomState;

  /** Creates the splitter; {@code randomState} must be null unless {@code shuffle} is set. */
  public StratifiedKFold(int nSplits, boolean shuffle, Long randomState) {
    Folds.checkArguments(nSplits, shuffle, randomState);
    this.nSplits = nSplits;
    this.shuffle = shuffle;
    this.randomState = randomState;
  }

  /** The {@code nSplits} splits of samples labelled {@code y}. */
  public List<Split> split(int[] y) {
    int n = y.length;
    Checks.check(nSplits <= n, "nSplits", "at most nSamples=" + n + " splits", nSplits);
    RandomState rng = shuffle ? Seeds.rng(randomState) : null;
    Map<Integer, Integer> codes = new LinkedHashMap<>();
    int[] encoded = new int[n];
    for (int i = 0; i < n; i++) {
      encoded[i] = codes.computeIfAbsent(y[i], k -> codes.size());
    }
    int nClasses = codes.size();
    int[] counts = new int[nClasses];
    for (int code : encoded) {
      counts[code]++;
    }
    int largest = 0;
    for (int count : counts) {
      largest = Math.max(largest, count);
    }
    Checks.check(
        nSplits <= largest,
        "nSplits",
        "at most the size of the largest class = " + largest,
        nSplits);
    int[] order = encoded.clone();
    java.util.Arrays.sort(order);
    int[][] allocation = new int[nSplits][nClasses];
    for (int i = 0; i < n; i++) {
      allocation[i % nSplits][order[i]]++;
    }
    int[] testFold = new int[n];
    for (int k = 0; k < nClasses; k++) {
      int[] folds = new int[counts[k]];
      int at = 0;
      for (int f = 0; f < nSplits; f++) {
        for (int r = 0; r < allocation[f][k]; r++) {
          folds[at++] = f;
        }
      }
      if (rng != null) {
        rng.shuffle(folds);
      }
      at = 0;
      for (int i = 0; i < n; i++) {
        if (encoded[i] == k) {
          testFold[i] = folds[at++];
        }
      }
    }
    return Folds.fromTestFolds(testFold, nSplits);
  }
}
