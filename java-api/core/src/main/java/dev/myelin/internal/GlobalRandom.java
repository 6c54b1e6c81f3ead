package dev.myelin.internal;

/**
 * The process-wide Philox key and counter: each draw takes a disjoint range of counter values, so a
 * seeded program that draws in the same order gets the same numbers.
 */
public final class GlobalRandom {
  private static long seed = System.nanoTime() ^ 0x9E3779B97F4A7C15L;
  private static long offset;

  private GlobalRandom() {}

  /** Sets the seed and resets the offset. */
  public static synchronized void setSeed(long s) {
    seed = s;
    offset = 0;
  }

  /**
   * Reserves counter space for {@code numel} values and returns {seed, offset}. The reserved range
   * is generous (16 counters per element) so that redrawing samplers never overlap the next draw.
   */
  public static synchronized long[] next(long numel) {
    long[] r = {seed, offset};
    offset += 16 * Math.max(numel, 1) + 64;
    return r;
  }
}
