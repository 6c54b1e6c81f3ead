package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The native memory budget: collection under pressure, the out-of-memory error, the cache bound.
 */
class MemoryBudgetTest {
  private static final long MIB = 1L << 20;

  @AfterEach
  void restoreDefaults() {
    Myelin.setMemoryBudget(0);
    Myelin.setAllocatorCacheLimit(-1);
  }

  private static long residentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS line in /proc/self/status");
  }

  /** Runs {@code allocate} under a budget of the settled live bytes plus {@code headroom}. */
  private static void assertPeakStaysWithinBudget(long headroom, Runnable allocate)
      throws InterruptedException {
    long budget = MemoryTest.settledLiveBytes() + headroom;
    Myelin.setMemoryBudget(budget);
    Myelin.resetPeakMemory();
    allocate.run();
    long peak = Myelin.memoryStats().peakBytes();
    assertTrue(peak <= budget, "peak " + peak + " passed the budget " + budget);
  }

  @Test
  void unscopedFourMegabyteTensorsCollectWithinTheBudget() throws InterruptedException {
    // 400 MiB in all, never closed: only the GC frees them.
    assertPeakStaysWithinBudget(
        64 * MIB,
        () -> {
          for (int i = 0; i < 100; i++) {
            assertEquals(0.0, Tensor.zeros(1 << 20).sum().item());
          }
        });
  }

  @Test
  void manySmallUnscopedTensorsCollectWithinTheBudget() throws InterruptedException {
    // 300 MiB of 1 KiB tensors, never closed.
    assertPeakStaysWithinBudget(
        16 * MIB,
        () -> {
          for (int i = 0; i < 300_000; i++) {
            Tensor.zeros(256);
          }
        });
  }

  @Test
  void anAllocationLargerThanTheBudgetThrowsAClearOutOfMemoryError() throws InterruptedException {
    long budget = MemoryTest.settledLiveBytes() + 8 * MIB;
    Myelin.setMemoryBudget(budget);
    MyelinException e = assertThrows(MyelinException.class, () -> Tensor.zeros(4 << 20));
    assertTrue(e.isOutOfMemory());
    String m = e.getMessage();
    assertTrue(m.startsWith("full: shape (4194304,) of float32 (16777216 bytes): "), m);
    assertTrue(m.contains("out of native memory: allocating 16777216 bytes"), m);
    assertTrue(m.contains("native memory budget of " + budget + " bytes"), m);
    assertTrue(m.contains("-Dmyelin.memory.budget=SIZE"), m);
    assertTrue(m.contains("Myelin.setMemoryBudget"), m);
  }

  @Test
  void aBudgetFullOfReachableTensorsFailsAfterCollectingThenRecovers() throws InterruptedException {
    long budget = MemoryTest.settledLiveBytes() + 8 * MIB;
    Myelin.setMemoryBudget(budget);
    List<Tensor> held = new ArrayList<>();
    MyelinException e =
        assertThrows(
            MyelinException.class,
            () -> {
              for (int i = 0; i < 100; i++) {
                held.add(Tensor.zeros(1 << 18)); // 1 MiB each, kept reachable
              }
            });
    assertTrue(e.isOutOfMemory());
    assertTrue(e.getMessage().contains("even after garbage collection"), e.getMessage());
    assertTrue(held.size() >= 6, "held " + held.size());
    assertTrue(Myelin.memoryStats().liveBytes() <= budget);
    held.forEach(Tensor::close);
    Tensor.zeros(1 << 18).close();
  }

  @Test
  void freedMemoryBeyondTheCacheBoundGoesBackToTheSystem() throws IOException {
    Myelin.emptyCache();
    Myelin.setAllocatorCacheLimit(MIB);
    Tensor[] ts = new Tensor[160 * 1024]; // 160 MiB of 1 KiB tensors
    for (int i = 0; i < ts.length; i++) {
      ts[i] = Tensor.zeros(256);
    }
    long full = residentBytes();
    for (Tensor t : ts) {
      t.close();
    }
    MemoryStats s = Myelin.memoryStats();
    assertTrue(s.cachedBytes() <= MIB, "cached " + s.cachedBytes());
    long freed = residentBytes();
    // At most the last 64 MiB freed since the allocator's previous trim may stay resident.
    assertTrue(full - freed >= 80 * MIB, "resident bytes went from " + full + " to " + freed);
  }

  @Test
  void memoryStatsReportTheBudgetAndCacheBound() {
    long initial = Myelin.memoryStats().budgetBytes();
    assertTrue(initial > 0);
    Myelin.setMemoryBudget(80 * MIB);
    MemoryStats s = Myelin.memoryStats();
    assertEquals(80 * MIB, s.budgetBytes());
    assertEquals(10 * MIB, s.cacheLimitBytes()); // an eighth of the budget by default
    Myelin.setAllocatorCacheLimit(3 * MIB);
    assertEquals(3 * MIB, Myelin.memoryStats().cacheLimitBytes());
    Myelin.setMemoryBudget(0);
    assertEquals(initial, Myelin.memoryStats().budgetBytes());
  }
}
