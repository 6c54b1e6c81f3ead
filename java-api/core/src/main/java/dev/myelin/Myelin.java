package dev.myelin;

import dev.myelin.internal.GlobalRandom;
import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;

/** Process-wide settings and information: versions, threads, allocator statistics, seeding. */
public final class Myelin {
  private Myelin() {}

  /** The native core's version, e.g. {@code "0.1.0"}. */
  public static String version() {
    Native.ensureLoaded();
    return NativeCore.mln_version();
  }

  /** The oneDNN version, e.g. {@code "3.11.0"}. */
  public static String onednnVersion() {
    Native.ensureLoaded();
    return NativeCore.mln_dnnl_version();
  }

  /** The highest CPU instruction set oneDNN dispatches to here, e.g. {@code "avx2"}. */
  public static String cpuIsa() {
    Native.ensureLoaded();
    return NativeCore.mln_cpu_isa();
  }

  /** Threads used by the native kernels. */
  public static int numThreads() {
    Native.ensureLoaded();
    return NativeCore.mln_get_num_threads();
  }

  /** Sets the native thread count for all later calls; {@code n <= 0} restores the default. */
  public static void setNumThreads(int n) {
    Native.ensureLoaded();
    NativeCore.mln_set_num_threads(n);
  }

  /** The native allocator's counters now. */
  public static MemoryStats memoryStats() {
    Native.ensureLoaded();
    long[] s = new long[5];
    NativeCore.mln_alloc_stats(s);
    return new MemoryStats(
        s[0],
        s[1],
        s[2],
        s[3],
        s[4],
        NativeCore.mln_alloc_budget(),
        NativeCore.mln_alloc_cache_limit());
  }

  /**
   * Sets the native memory budget in bytes ({@code bytes <= 0} restores the default). An allocation
   * that would take live native bytes over it first runs the garbage collector, so that unreachable
   * tensors are released, and then throws a {@link MyelinException} whose {@link
   * MyelinException#isOutOfMemory()} is true. The default is the system property {@code
   * myelin.memory.budget} (e.g. {@code 16g}), else the environment variable {@code
   * MYELIN_MEMORY_BUDGET_MB}, else half the physical memory.
   */
  public static void setMemoryBudget(long bytes) {
    Native.ensureLoaded();
    NativeCore.mln_alloc_set_budget(bytes);
  }

  /**
   * Sets the most free bytes the allocator caches for reuse, trimming the cache to it now ({@code
   * bytes < 0} restores the default: the property {@code myelin.memory.cache}, else {@code
   * MYELIN_ALLOCATOR_CACHE_MB}, else an eighth of the budget).
   */
  public static void setAllocatorCacheLimit(long bytes) {
    Native.ensureLoaded();
    NativeCore.mln_alloc_set_cache_limit(bytes);
  }

  /** Sets the peak-bytes counter to the current live bytes. */
  public static void resetPeakMemory() {
    Native.ensureLoaded();
    NativeCore.mln_alloc_reset_peak();
  }

  /** Returns every cached free block of the allocator to the system. */
  public static void emptyCache() {
    Native.ensureLoaded();
    NativeCore.mln_alloc_empty_cache();
  }

  /**
   * Seeds the calling thread's random generator, used by the random creation methods that take no
   * explicit seed (weight initializers, dropout masks, shuffling in {@code fit}), and resets its
   * offset to 0, so a thread drawing in the same order repeats.
   *
   * <p>Unlike Keras's process-wide {@code keras.utils.set_random_seed}, the generator is per
   * thread: draws on one thread never shift the numbers of another, so models built and trained on
   * separate threads, each after its own {@code setSeed}, get exactly the numbers of training them
   * one after the other. A thread that never calls {@code setSeed} (a new thread, a pool worker)
   * draws from its own unseeded stream: call {@code setSeed} at the start of each task that must be
   * reproducible.
   */
  public static void setSeed(long seed) {
    GlobalRandom.setSeed(seed);
  }

  /**
   * Where new tensors and model weights go outside every {@link DeviceScope}, on all threads
   * (Keras's default device; {@link Device#CPU} unless set). Ops run where their inputs are.
   */
  public static Device defaultDevice() {
    return DeviceScope.defaultDevice();
  }

  /**
   * Sets the process-wide default device (see {@link #defaultDevice()}); a device whose engine does
   * not serve is refused with the reason ({@link Device#cudaUnavailableReason()}).
   */
  public static void setDefaultDevice(Device device) {
    if (device == null) {
      throw new IllegalArgumentException(
          "Myelin.setDefaultDevice: argument 'device' expected a Device but was null");
    }
    DeviceScope.setDefaultDevice(device.requireServing("Myelin.setDefaultDevice"));
  }
}
