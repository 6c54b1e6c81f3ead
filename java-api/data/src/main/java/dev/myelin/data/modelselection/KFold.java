package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;
import java.util.List;

/**
 * K-fold cross-validation, like scikit-learn's {@code KFold}: consecutive folds (the first {@code n
 * % nSplits} one larger) over the indices, shuffled first when {@code shuffle} is set.
 *
 * <pre>{@code
 * KFold cv = new KFold(5, true, 1L);
 * for (Split s : cv.split(100)) { train(s.train()); evaluate(s.test()); }
 * }</pre>
 */
public final class KFold {
  private final int nSplits;
  private final boolean shuffle;
  private final Long randomState;

  /** Creates the splitter; {@code randomState} must be null unless {@code shuffle} is set. */
  public KFold(int nSplits, boolean shuffle, Long randomState) {
    Folds.checkArguments(nSplits, shuffle, randomState);
    this.nSplits = nSplits;
    this.shuffle = shuffle;
    this.randomState = randomState;
  }

  /** The {@code nSplits} splits of {@code nSamples} samples. */
  public List<Split> split(int nSamples) {
    Checks.check(
        nSplits <= nSamples, "nSplits", "at most nSamples=" + nSamples + " splits", nSplits);
    int[] indices = new int[nSamples];
    for (int i = 0; i < nSamples; i++) {
      indices[i] = i;
    }
    if (shuffle) {
      Seeds.rng(randomState).shuffle(indices);
    }
    int[] testFold = new int[nSamples];
    int current = 0;
    for (int f = 0; f < nSplits; f++) {
      int size = nSamples / nSplits + (f < nSamples % nSplits ? 1 : 0);
      for (int i = current; i < current + size; i++) {
        testFold[indices[i]] = f;
      }
      current += size;
    }
    return Folds.fromTestFolds(testFold, nSplits);
  }
}
