package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.MemoryStats;
import dev.myelin.MemoryTest;
import dev.myelin.Myelin;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Batch-1 {@code predict} (issue 14): a Dense layer at 1-4 rows runs the column-split product of
 * {@code gemv.cpp} instead of oneDNN's matmul. It sums each output's products in input order,
 * oneDNN in its own blocked order, so a row predicted alone equals the same row predicted in a
 * batch of 256 up to float rounding (1e-6 on softmax probabilities), and equals itself bit for bit
 * on every thread and every call.
 */
@ExtendWith(TensorScopePerTest.class)
class BatchOnePredictTest {

  /** The benchmark's mlp (784 -> 512 relu -> 256 relu -> 10 softmax), seed 21. */
  private static Sequential mlp() {
    Myelin.setSeed(21);
    Sequential s = new Sequential();
    s.add(new Dense(512).activation("relu").inputShape(784));
    s.add(new Dense(256).activation("relu"));
    s.add(new Dense(10).activation("softmax"));
    return s;
  }

  private static Tensor pixels(long rows) {
    return Tensor.randomUniform(new long[] {rows, 784}, 0, 1, DType.FLOAT32);
  }

  @Test
  void aRowAloneEqualsItsRowInABatchWithinFloatRounding() {
    Sequential m = mlp();
    Tensor x = pixels(256);
    float[] batch = m.predictOnBatch(x).toFloatArray();
    for (int r : new int[] {0, 7, 255}) {
      float[] one = m.predictOnBatch(x.slice(Slice.range(r, r + 1))).toFloatArray();
      float[] want = Arrays.copyOfRange(batch, r * 10, r * 10 + 10);
      assertArrayEquals(want, one, 1e-6f, "row " + r);
    }
  }

  @Test
  void tracedBatchOneEqualsEagerBitForBit() {
    Sequential m = mlp();
    Tensor one = pixels(1);
    m.runEagerly(true);
    float[] eager = m.predictOnBatch(one).toFloatArray();
    m.runEagerly(false);
    assertArrayEquals(eager, m.predictOnBatch(one).toFloatArray(), 0f);
    assertArrayEquals(eager, m.predictOnBatch(one).toFloatArray(), 0f);
  }

  @Test
  void steadyStateBatchOneAllocatesOnlyFromTheCache() throws InterruptedException {
    Sequential m = mlp();
    Tensor one = pixels(1);
    m.warmUp(1);
    int recorded = m.tracedPredict().recordings();
    MemoryTest.settledLiveBytes();
    MemoryStats before = Myelin.memoryStats();
    for (int i = 0; i < 300; i++) {
      try (TensorScope s = new TensorScope()) {
        m.predictOnBatch(one);
      }
    }
    MemoryStats after = Myelin.memoryStats();
    assertEquals(recorded, m.tracedPredict().recordings(), "no plan was recorded again");
    long allocations = after.allocations() - before.allocations();
    assertTrue(allocations >= 300, "every call allocates its result: " + allocations);
    assertEquals(allocations, after.cacheHits() - before.cacheHits(), "all from the cache");
    assertEquals(before.liveBytes(), after.liveBytes(), "live bytes return to where they were");
  }

  @Test
  void severalThreadsPredictingOneRowAtOnceGetOneThreadsNumbers() throws Exception {
    Sequential m = mlp();
    Tensor x = pixels(8).detach();
    float[][] want = new float[8][];
    for (int r = 0; r < 8; r++) {
      want[r] = m.predictOnBatch(x.slice(Slice.range(r, r + 1))).toFloatArray();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        final int start = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    int r = (start + i) % 8;
                    try (TensorScope s = new TensorScope()) {
                      float[] got = m.predictOnBatch(x.slice(Slice.range(r, r + 1))).toFloatArray();
                      if (!Arrays.equals(want[r], got)) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : fs) {
        assertTrue(f.get(), "a thread got other numbers than one thread alone");
      }
    } finally {
      pool.shutdown();
      x.close();
    }
  }
}
