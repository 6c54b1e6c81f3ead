package dev.myelin.internal;

import java.util.Locale;

/**
 * Makes native memory pressure visible to the garbage collector: the native allocator calls {@link
 * #call} when an allocation would pass the memory budget, and this collects unreachable tensors
 * (whose Cleaners release their native bytes) before the allocation is retried.
 *
 * <p>The budget lives in the native allocator, so every allocation is covered, including those
 * inside fused kernels and replayed plans; a Java-side check before each native call could not see
 * them. The retry loop stays in native code and the policy (how often, how long to wait) here.
 */
public final class MemoryPressure extends NativeCore.PressureCallback {
  /** System property with the native memory budget, e.g. {@code 8g}, {@code 512m} or bytes. */
  public static final String BUDGET_PROPERTY = "myelin.memory.budget";

  /** System property with the allocator cache bound, in the same form. */
  public static final String CACHE_PROPERTY = "myelin.memory.cache";

  // Collections per failing allocation before it fails; each waits up to 20 ms * (attempt + 1)
  // for the Cleaner thread, so a truly full budget fails within about 0.7 s.
  private static final int MAX_ATTEMPTS = 8;
  private static final long WAIT_STEP_NANOS = 20_000_000L;

  // The native side keeps only the function pointer: this reference keeps the thunk alive.
  private static MemoryPressure installed;

  private MemoryPressure() {}

  /** Applies the system properties and installs the collector callback (once, at load time). */
  static synchronized void install() {
    String budget = System.getProperty(BUDGET_PROPERTY);
    if (budget != null) {
      NativeCore.mln_alloc_set_budget(parseSize(BUDGET_PROPERTY, budget));
    }
    String cache = System.getProperty(CACHE_PROPERTY);
    if (cache != null) {
      NativeCore.mln_alloc_set_cache_limit(parseSize(CACHE_PROPERTY, cache));
    }
    if (installed == null) {
      installed = new MemoryPressure();
      NativeCore.mln_alloc_set_pressure_callback(installed);
      NativeCollector.install();
    }
  }

  /** Parses {@code 123}, {@code 64k}, {@code 512m} or {@code 8g} (binary units) into bytes. */
  public static long parseSize(String what, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = 0;
      }
    }
    String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n > 0 && n <= (Long.MAX_VALUE >> shift)) {
        return n << shift;
      }
    } catch (NumberFormatException e) {
      // reported below with the expected form
    }
    throw Errors.arg(
        what, "size", "a positive size such as 8g, 512m, 64k or a byte count", "\"" + text + "\"");
  }

  @Override
  public int call(long requested, int attempt) {
    if (attempt < 0) {
      // live bytes passed the collection mark: ask for a collection without waiting for it
      NativeCollector.request();
      return 0;
    }
    if (attempt >= MAX_ATTEMPTS) {
      return 0;
    }
    try {
      System.gc();
      // The Cleaner thread releases tensors after the collection: wait until the request fits,
      // or for this attempt's share of time, and let the native side check again.
      long deadline = System.nanoTime() + WAIT_STEP_NANOS * (attempt + 1);
      long[] stats = new long[5];
      while (System.nanoTime() < deadline) {
        NativeCore.mln_alloc_stats(stats);
        if (stats[0] + requested <= NativeCore.mln_alloc_budget()) {
          break;
        }
        Thread.sleep(1);
      }
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    } catch (RuntimeException | Error e) {
      // Nothing may propagate into native code; the allocation then fails with its own message.
      return 0;
    }
  }
}
