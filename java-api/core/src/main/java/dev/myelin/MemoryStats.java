package dev.myelin;

/**
 * A snapshot of the native allocator's counters.
 *
 * @param liveBytes bytes currently allocated to tensors
 * @param peakBytes highest live bytes since start or {@link Myelin#resetPeakMemory()}
 * @param allocations allocations served
 * @param cacheHits allocations served from the allocator's cache
 * @param cachedBytes free bytes held in the cache for reuse
 * @param budgetBytes the native memory budget: live bytes never exceed it (see {@link
 *     Myelin#setMemoryBudget(long)})
 * @param cacheLimitBytes most free bytes the cache keeps; beyond it freed memory goes back to the
 *     system
 */
public record MemoryStats(
    long liveBytes,
    long peakBytes,
    long allocations,
    long cacheHits,
    long cachedBytes,
    long budgetBytes,
    long cacheLimitBytes) {}
