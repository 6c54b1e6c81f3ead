package dev.myelin.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Philox key and counter of the calling thread: each draw takes a disjoint range of counter
 * values, so a seeded thread that draws in the same order gets the same numbers.
 *
 * <p>The state is per thread so that work on one thread never shifts the numbers drawn on another:
 * two models trained on two threads from {@code Myelin.setSeed} each get exactly what training them
 * one after the other gives. A thread that has not called {@link #setSeed} draws from its own key,
 * derived from a process-wide clock seed and the thread's order of first use, so unseeded threads
 * never repeat each other's numbers.
 */
public final class GlobalRandom {
  private static final long CLOCK_SEED = System.nanoTime() ^ 0x9E3779B97F4A7C15L;
  private static final AtomicLong UNSEEDED_THREADS = new AtomicLong();

  /** One thread's key and next counter. */
  private static final class State {
    long seed;
    long offset;
  }

  private static final ThreadLocal<State> STATE =
      ThreadLocal.withInitial(
          () -> {
            State s = new State();
            s.seed = mix(CLOCK_SEED + 0x9E3779B97F4A7C15L * UNSEEDED_THREADS.incrementAndGet());
            return s;
          });

  private GlobalRandom() {}

  /** splitmix64's finaliser: spreads consecutive stream numbers over the key space. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Sets the calling thread's seed and resets its offset. */
  public static void setSeed(long s) {
    State st = STATE.get();
    st.seed = s;
    st.offset = 0;
  }

  /**
   * Reserves counter space for {@code numel} values on the calling thread and returns {seed,
   * offset}. The reserved range is generous (16 counters per element) so that redrawing samplers
   * never overlap the next draw.
   */
  public static long[] next(long numel) {
    State st = STATE.get();
    long[] r = {st.seed, st.offset};
    st.offset += 16 * Math.max(numel, 1) + 64;
    return r;
  }
}
