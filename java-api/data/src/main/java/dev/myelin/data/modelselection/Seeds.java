package dev.myelin.data.modelselection;

import dev.myelin.data.random.RandomState;

/** Turns an optional seed into a generator, like scikit-learn's {@code check_random_state}. */
final class Seeds {
  private Seeds() {}

  static RandomState rng(Long seed) {
    return new RandomState(seed != null ? seed : System.nanoTime() & 0xffffffffL);
  }
}
