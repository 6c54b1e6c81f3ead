package dev.myelin.data.random;

import dev.myelin.data.internal.Checks;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * scikit-learn's {@code sample_without_replacement(n_population, n_samples, method="auto")}: the
 * same choice of method (permutation, tracking selection or reservoir sampling) and the same draws.
 *
 * <pre>{@code
 * RandomState rng = new RandomState(0);
 * int[] picked = SampleWithoutReplacement.sample(1000, 5, rng);
 * // == sklearn.utils.random.sample_without_replacement(1000, 5, random_state=rng)
 * }</pre>
 */
public final class SampleWithoutReplacement {
  private SampleWithoutReplacement() {}

  /** Draws {@code nSamples} distinct integers from {@code 0..nPopulation-1}. */
  public static int[] sample(int nPopulation, int nSamples, RandomState rng) {
    Checks.check(nPopulation >= 0, "nPopulation", "a non-negative count", nPopulation);
    Checks.check(
        nSamples >= 0 && nSamples <= nPopulation,
        "nSamples",
        "a count in [0, nPopulation=" + nPopulation + "]",
        nSamples);
    double ratio = nPopulation != 0 ? (double) nSamples / nPopulation : 1.0;
    if (ratio > 0.01 && ratio < 0.99) {
      return Arrays.copyOf(rng.permutation(nPopulation), nSamples);
    }
    int[] out = new int[nSamples];
    if (ratio < 0.2) {
      Set<Long> selected = new HashSet<>();
      for (int i = 0; i < nSamples; i++) {
        long j = rng.randint(nPopulation);
        while (selected.contains(j)) {
          j = rng.randint(nPopulation);
        }
        selected.add(j);
        out[i] = (int) j;
      }
      return out;
    }
    for (int i = 0; i < nSamples; i++) {
      out[i] = i;
    }
    for (int i = nSamples; i < nPopulation; i++) {
      long j = rng.randint(0, i + 1);
      if (j < nSamples) {
        out[(int) j] = i;
      }
    }
    return out;
  }
}
