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
  private static final long SETTLE_MILLIS = 20;
  private static final int SETTLE_ROUNDS = 10;

  private static final Object LOCK = new Object();
  private static long step = DEFAULT_STEP;
  private static boolean requested;
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

  /** Sets {@link #step()} (bytes > 0) and re-arms the mark from the present live bytes. */
  public static void setStep(long bytes) {
    if (bytes <= 0) {
      throw Errors.arg("NativeCollector.setStep", "bytes", "a positive byte count", bytes);
    }
    Native.ensureLoaded();
    synchronized (LOCK) {
      step = bytes;
    }
    arm();
  }

  /** Collections the allocator asked for so far (for tests and the memory benchmark). */
  public static long collections() {
    synchronized (LOCK) {
      return collections;
    }
  }

  /**
   * Wakes the collector thread (called from inside an allocation: never blocks on a collection).
   */
  static void request() {
    synchronized (LOCK) {
      requested = true;
      LOCK.notifyAll();
    }
  }

  private static void arm() {
    long[] stats = new long[5];
    NativeCore.mln_alloc_stats(stats);
    long live = stats[0];
    NativeCore.mln_alloc_set_collect_mark(live + Math.max(live, step()));
  }

  private static void loop() {
    while (true) {
      try {
        synchronized (LOCK) {
          while (!requested) {
            LOCK.wait();
          }
          requested = false;
          collections++;
        }
        System.gc();
        long[] stats = new long[5];
        NativeCore.mln_alloc_stats(stats);
        long before = stats[0];
        // the Cleaner thread releases the tensors after the collection: wait while it makes
        // progress
        for (int i = 0; i < SETTLE_ROUNDS; i++) {
          Thread.sleep(SETTLE_MILLIS);
          NativeCore.mln_alloc_stats(stats);
          if (stats[0] >= before) {
            break;
          }
          before = stats[0];
        }
        arm();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | Error e) {
        // a failed round must not end the thread: the next request retries
        arm();
      }
    }
  }
}
