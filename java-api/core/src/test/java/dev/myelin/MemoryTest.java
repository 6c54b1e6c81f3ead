package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

public class MemoryTest {
  /** Live bytes once the GC backstop has released whatever earlier tests left unreachable. */
  public static long settledLiveBytes() throws InterruptedException {
    // The cleaner thread frees after the GC, late on a loaded machine: wait for three equal
    // readings.
    long prev = -1;
    long now = Myelin.memoryStats().liveBytes();
    int stable = 0;
    for (int i = 0; i < 50 && stable < 3; i++) {
      System.gc();
      Thread.sleep(50);
      prev = now;
      now = Myelin.memoryStats().liveBytes();
      stable = now == prev ? stable + 1 : 0;
    }
    return now;
  }

  @Test
  void aMillionScopedTensorsLeaveLiveBytesFlat() throws InterruptedException {
    long start = settledLiveBytes();
    Myelin.resetPeakMemory();
    Tensor a = Tensor.ones(32);
    Tensor b = Tensor.ones(32);
    for (int outer = 0; outer < 1000; outer++) {
      try (TensorScope s = new TensorScope()) {
        for (int i = 0; i < 1000; i++) {
          a.add(b);
        }
        assertEquals(1000, s.size());
      }
    }
    a.close();
    b.close();
    // Other test classes' unreachable tensors may be freed by the GC backstop meanwhile, so live
    // bytes can only fall below the start level, never rise above it.
    long end = Myelin.memoryStats().liveBytes();
    assertTrue(end <= start, "live bytes grew from " + start + " to " + end);
    // One scope's 1000 results (128 bytes each) plus a and b is all that was ever alive at once.
    long peak = Myelin.memoryStats().peakBytes();
    assertTrue(peak - start <= 1000 * 128 + 4096, "peak rose " + (peak - start) + " bytes");
  }

  @Test
  void closingFreesAndIsIdempotent() {
    long before = Myelin.memoryStats().liveBytes();
    Tensor t = Tensor.zeros(1024);
    assertTrue(Myelin.memoryStats().liveBytes() >= before + 4096);
    t.close();
    t.close();
    assertTrue(t.isClosed());
    assertTrue(Myelin.memoryStats().liveBytes() <= before);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.add(t));
    assertEquals("add: tensor was closed", e.getMessage());
  }

  @Test
  void scopesNestAndKeepMovesOutward() {
    Tensor kept;
    Tensor inner;
    Tensor outerOnly;
    try (TensorScope outer = new TensorScope()) {
      outerOnly = Tensor.zeros(2);
      try (TensorScope in = new TensorScope()) {
        inner = Tensor.ones(2);
        kept = in.keep(inner.mul(3));
      }
      assertTrue(inner.isClosed());
      assertArrayEquals(new float[] {3, 3}, kept.toFloatArray());
      Tensor detached = Tensor.ones(1).detach();
      assertTrue(outer.size() >= 2);
      outer.close();
      assertTrue(kept.isClosed() && outerOnly.isClosed());
      assertEquals(1f, detached.item());
      detached.close();
    }
    assertEquals(null, TensorScope.current());
  }

  @Test
  void unreachableTensorsAreFreedByTheGarbageCollector() throws InterruptedException {
    long start = settledLiveBytes();
    for (int i = 0; i < 100; i++) {
      Tensor.zeros(1000);
    }
    assertTrue(Myelin.memoryStats().liveBytes() >= start + 100 * 4000);
    assertEquals(start, settledLiveBytes());
  }

  @Test
  void wrappedMemoryReleaseRunsOnceAfterTheLastView() {
    ByteBuffer buf = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
    buf.asFloatBuffer().put(new float[] {1, 2, 3, 4});
    long address = new Pointer(buf).address();
    AtomicInteger released = new AtomicInteger();
    Tensor t = Tensor.wrap(address, new long[] {4}, DType.FLOAT32, released::incrementAndGet);
    assertEquals(address, t.address());
    Tensor view = t.reshape(2, 2);
    assertArrayEquals(new float[] {1, 2, 3, 4}, view.toFloatArray());
    t.close();
    assertEquals(0, released.get());
    buf.putFloat(0, 9);
    assertEquals(9f, view.getFloat(0, 0));
    view.close();
    assertEquals(1, released.get());
    view.close();
    assertEquals(1, released.get());
  }

  @Test
  void byteBufferIsAZeroCopyView() {
    try (Tensor t = Tensor.zeros(4)) {
      ByteBuffer b = t.asByteBuffer();
      assertTrue(b.isDirect());
      assertEquals(ByteOrder.nativeOrder(), b.order());
      assertEquals(16, b.capacity());
      assertEquals(t.address(), new Pointer(b).address());
      b.putFloat(8, 5f);
      assertArrayEquals(new float[] {0, 0, 5, 0}, t.toFloatArray());
    }
  }

  @Test
  void allocatorStatsAreReadable() {
    Tensor.zeros(8).close();
    MemoryStats s = Myelin.memoryStats();
    assertTrue(s.allocations() > 0);
    assertTrue(s.peakBytes() >= s.liveBytes());
    assertTrue(s.cacheHits() >= 0 && s.cachedBytes() >= 0);
  }

  @Test
  void smallAddCostIsMeasured() {
    Tensor a = Tensor.ones(32);
    Tensor b = Tensor.ones(32);
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      try (TensorScope s = new TensorScope()) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
          a.add(b);
        }
        best = Math.min(best, (System.nanoTime() - t0) / 100_000);
      }
    }
    a.close();
    b.close();
    System.out.println(
        "32-element add from Java, including scope and cleaner registration: " + best + " ns/op");
    assertTrue(best < 1_000_000);
  }
}
