package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The garbage-collection backstop never frees a tensor while an op or a readback still uses it:
 * tensors made without a scope and dropped right after one use are read back intact while another
 * thread forces collections and a third reuses freed memory for tensors filled with 7.
 */
class ReachabilityTest {
  private static final long N = 1 << 20;

  @Test
  void unreferencedTensorsAreNotFreedWhileRead() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Thread gc =
        new Thread(
            () -> {
              while (!stop.get()) {
                System.gc();
                LockSupport.parkNanos(2_000_000);
              }
            });
    Thread sevens =
        new Thread(
            () -> {
              while (!stop.get()) {
                try (Tensor t = Tensor.full(7, DType.FLOAT32, N)) {
                  t.size();
                }
              }
            });
    // Compiled code may drop a reference as soon as its last use has passed (interpreted code keeps
    // it to the end of the method), so the race is only possible once the readback is compiled.
    for (int i = 0; i < 20_000; i++) {
      try (TensorScope warm = new TensorScope()) {
        Tensor.full(1, DType.FLOAT32, 16).toFloatArray();
        Tensor.full(1, DType.FLOAT32, 16).sum().item();
      }
    }
    gc.start();
    sevens.start();
    int reads = 0;
    int wrongArrays = 0;
    int wrongSums = 0;
    long deadline = System.nanoTime() + 15_000_000_000L;
    try {
      while (reads < 1500 && System.nanoTime() < deadline) {
        float[] a = Tensor.full(1, DType.FLOAT32, N).toFloatArray();
        for (float v : a) {
          if (v != 1f) {
            wrongArrays++;
            break;
          }
        }
        if (Tensor.full(1, DType.FLOAT32, N).sum().item() != N) {
          wrongSums++;
        }
        reads++;
      }
    } finally {
      stop.set(true);
      gc.join();
      sevens.join();
    }
    assertTrue(reads >= 50, "only " + reads + " reads");
    assertEquals(
        0,
        wrongArrays + wrongSums,
        wrongArrays + " arrays and " + wrongSums + " sums wrong of " + reads);
  }
}
