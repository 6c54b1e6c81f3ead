package dev.myelin.data.datasets;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What every scikit-learn generator takes by keyword: {@code n_samples}, {@code shuffle} and {@code
 * random_state}, with scikit-learn's defaults (100 samples, shuffled, a fresh seed per call when no
 * {@code randomState} is set, as {@code random_state=None}).
 *
 * @param <T> the concrete options type, returned by each setter for chaining
 */
public abstract class GeneratorOptions<T extends GeneratorOptions<T>> {
  int nSamples = 100;
  boolean shuffle = true;
  private Long randomState;

  GeneratorOptions() {}

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** {@code n_samples}: how many samples (default 100). */
  public T nSamples(int n) {
    this.nSamples = n;
    return self();
  }

  /** {@code shuffle}: whether the samples are shuffled (default true). */
  public T shuffle(boolean on) {
    this.shuffle = on;
    return self();
  }

  /** {@code random_state}: the seed that makes the draws repeatable (default: a fresh one). */
  public T randomState(long seed) {
    this.randomState = seed;
    return self();
  }

  /** The seed to use: the given one, or numpy's range of a fresh one. */
  long seed() {
    return randomState != null ? randomState : ThreadLocalRandom.current().nextLong(0, 1L << 32);
  }
}
