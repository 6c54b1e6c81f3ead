package dev.myelin.internal;

/**
 * Collects tensors that a program dropped without closing them, promptly and off the caller's
 * thread. The JVM's collector cannot see native bytes: a loop of {@code predict} calls without a
 * {@code TensorScope} makes little Java garbage and much native garbage, so the heap might not be
 * collected before the native memory budget is reached. The allocator therefore asks for a
 * collection when its live bytes pass a mark ({@code mln_alloc_set_collect_mark}); this daemon
 * thread runs {@link System#gc()}, lets the Cleaner release what became unreachable, and sets the
 * next mark above what then stays live: twice the live bytes, and at least {@link #step()} more.
 *
 * <p>The request comes from inside an allocation and must not wait, so it only wakes this thread;
 * the budget's own callback ({@link MemoryPressure}) still collects synchronously when an
 * allocation would pass the budget.
 */
public final class NativeCollector {
  /** System property with the growth of live native bytes that asks for a collection. */
  public static final String STEP_PROPERTY = "myelin.memory.collectStep";

  private static final long DEFAULT_STEP = 64L << 20;
  // How long the Cleaner gets to release the collected tensors before the next mark is set.
  private static final long SETTLE_MILLIS = 5;
  private static final int SETTLE_ROUNDS = 40;

  private static final Object LOCK = new Object();
  private static long step = DEFAULT_STEP;
  private static boolean requested;
  // A round (collection, Cleaner, next mark) is under way.
  private static boolean running;
  private static final long BACKPRESSURE_MILLIS = 500;
  private static Thread thread;
  private static long collections;

  private NativeCollector() {}

  /** Reads the step property, starts the thread and arms the first mark (once, at load time). */
  static void install() {
    synchronized (LOCK) {
      String s = System.getProperty(STEP_PROPERTY);
      if (s != null) {
        step = MemoryPressure.parseSize(STEP_PROPERTY, s);
      }
      if (thread == null) {
        thread = new Thread(NativeCollector::loop, "myelin-native-collector");
        thread.setDaemon(true);
        thread.start();
      }
    }
    arm();
  }

  /** The growth of live native bytes that asks for a collection, in bytes. */
  public static long step() {
    synchronized (LOCK) {
      return step;
    }
  }

  /**
   * Sets {@link #step()} (bytes > 0) and re-arms the mark one step above the present live bytes.
   * Not twice them: what is live now may be garbage that no collection has released yet (an earlier
   * part of the program dropped it), and doubling it would let the next stretch of the program grow
   * that much again before the first collection.
   */
  public static void setStep(long bytes) {
    if (bytes <= 0) {
      throw Errors.arg("NativeCollector.setStep", "bytes", "a positive byte count", bytes);
    }
    Native.ensureLoaded();
    synchronized (LOCK) {
      step = bytes;
    }
    NativeCore.mln_alloc_set_collect_mark(live() + bytes);
  }

  /** Collections the allocator asked for so far (for tests and the memory benchmark). */
  public static long collections() {
    synchronized (LOCK) {
      return collections;
    }
  }

  /**
   * Called from inside an allocation that passed the mark. The first call wakes the collector
   * thread and arms a second mark one step higher; an allocation that passes it while the round is
   * still running waits for the round (at most {@link #BACKPRESSURE_MILLIS}), so a loop that makes
   * garbage faster than the collector frees it is slowed instead of growing without bound.
   */
  static void request() {
    synchronized (LOCK) {
      if (!running) {
        running = true;
        requested = true;
        LOCK.notifyAll();
        NativeCore.mln_alloc_set_collect_mark(live() + step);
        return;
      }
      long deadline = System.nanoTime() + BACKPRESSURE_MILLIS * 1_000_000L;
      try {
        while (running && System.nanoTime() < deadline) {
          LOCK.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Arms the next mark and releases the allocations waiting for this round. A round that freed at
   * least half of the {@code start} bytes live when it began (the program made garbage) sets the
   * mark one step above the least live bytes it saw; otherwise the program holds that memory, and
   * the mark doubles, so that a program with much live memory is not collected every step.
   */
  private static void finish(long start, long least) {
    long live = live();
    long step = step();
    long mark = least <= start / 2 ? least + step : live + Math.max(live, step);
    NativeCore.mln_alloc_set_collect_mark(mark);
    synchronized (LOCK) {
      running = false;
      LOCK.notifyAll();
    }
  }

  /** Arms the first mark: twice the live bytes, and at least one step above them. */
  private static void arm() {
    long live = live();
    NativeCore.mln_alloc_set_collect_mark(live + Math.max(live, step()));
  }

  private static long live() {
    long[] stats = new long[5];
    NativeCore.mln_alloc_stats(stats);
    return stats[0];
  }

  private static void loop() {
    while (true) {
      long start = 0;
      long least = 0;
      try {
        synchronized (LOCK) {
          while (!requested) {
            LOCK.wait();
          }
          requested = false;
          collections++;
        }
        start = live();
        least = start;
        System.gc();
        // the Cleaner thread releases the tensors after the collection: watch it for a while
        for (int i = 0; i < SETTLE_ROUNDS && least > start / 2; i++) {
          Thread.sleep(SETTLE_MILLIS);
          least = Math.min(least, live());
        }
        finish(start, least);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // a failed round must not end the thread: the next request retries
        finish(start, least);
      }
    }
  }
}
