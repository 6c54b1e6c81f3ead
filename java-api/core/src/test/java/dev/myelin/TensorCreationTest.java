package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class TensorCreationTest {
  @Test
  void floatArraysRoundTrip() {
    try (Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}})) {
      assertArrayEquals(new long[] {2, 3}, t.shape());
      assertEquals(2, t.rank());
      assertEquals(6, t.size());
      assertEquals(DType.FLOAT32, t.dtype());
      assertEquals(Device.CPU, t.device());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloatArray());
      assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toDoubleArray());
      assertEquals(6f, t.getFloat(1, 2));
      assertEquals(4.0, t.getDouble(-1, 0));
    }
  }

  @Test
  void everyDTypeRoundTrips() {
    try (TensorScope s = new TensorScope()) {
      assertArrayEquals(new double[] {1.5, -2}, Tensor.of(1.5, -2).toDoubleArray());
      assertEquals(DType.FLOAT64, Tensor.of(new double[][] {{1}, {2}}).dtype());
      assertArrayEquals(new int[] {7, -8}, Tensor.of(7, -8).toIntArray());
      assertArrayEquals(new long[] {1L << 40, -3}, Tensor.of(1L << 40, -3L).toLongArray());
      assertArrayEquals(new boolean[] {true, false}, Tensor.of(true, false).toBooleanArray());
      assertEquals(DType.BOOL, Tensor.of(true, false).dtype());
      Tensor u8 = Tensor.fromArray(new byte[] {(byte) 200, 1}, 2);
      assertEquals(DType.UINT8, u8.dtype());
      assertArrayEquals(new int[] {200, 1}, u8.toIntArray());
      assertArrayEquals(new long[] {3, 1}, Tensor.of(new int[][] {{1}, {2}, {3}}).shape());
      assertArrayEquals(
          new long[] {2, 1, 2}, Tensor.of(new float[][][] {{{1, 2}}, {{3, 4}}}).shape());
      assertArrayEquals(
          new float[] {1, 2, 3, 4, 5, 6},
          Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 3, 2).toFloatArray());
    }
  }

  @Test
  void buffersAreCopied() {
    FloatBuffer heap = FloatBuffer.wrap(new float[] {9, 1, 2, 3, 4});
    heap.position(1);
    FloatBuffer direct =
        ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder()).asFloatBuffer();
    direct.put(new float[] {5, 6, 7, 8}).flip();
    try (TensorScope s = new TensorScope()) {
      assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.fromBuffer(heap, 2, 2).toFloatArray());
      assertArrayEquals(new float[] {5, 6, 7, 8}, Tensor.of(direct).toFloatArray());
      assertArrayEquals(
          new double[] {1, 2}, Tensor.of(DoubleBuffer.wrap(new double[] {1, 2})).toDoubleArray());
    }
  }

  @Test
  void fromArrayRejectsShapeMismatchNamingArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.fromArray(new float[] {1, 2, 3}, 2, 2));
    assertTrue(
        e.getMessage().contains("fromArray") && e.getMessage().contains("'shape'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("[2, 2]") && e.getMessage().contains("3 elements"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
  }

  @Test
  void scalarsAndFills() {
    try (TensorScope s = new TensorScope()) {
      Tensor sc = Tensor.scalar(2.5, DType.FLOAT64);
      assertEquals(0, sc.rank());
      assertEquals(2.5, sc.item());
      assertArrayEquals(new float[] {0, 0, 0, 0}, Tensor.zeros(2, 2).toFloatArray());
      assertArrayEquals(new int[] {1, 1, 1}, Tensor.ones(DType.INT32, 3).toIntArray());
      assertArrayEquals(new double[] {7, 7}, Tensor.full(7, DType.FLOAT64, 2).toDoubleArray());
      assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f}, Tensor.arange(0, 2, 0.5).toFloatArray());
      assertArrayEquals(new long[] {0, 1, 2}, Tensor.arange(3).toLongArray());
      assertArrayEquals(
          new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
      assertArrayEquals(
          new float[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3, 0, DType.FLOAT32).toFloatArray());
      assertArrayEquals(
          new float[] {0, 1, 0, 0, 0, 1}, Tensor.eye(2, 3, 1, DType.FLOAT32).toFloatArray());
    }
  }

  @Test
  void randomTensorsHaveTheRequestedDistribution() {
    try (TensorScope s = new TensorScope()) {
      float[] u = Tensor.randomUniform(new long[] {10000}, 2, 3, DType.FLOAT32, 1).toFloatArray();
      double mean = 0;
      for (float v : u) {
        assertTrue(v >= 2 && v < 3);
        mean += v / u.length;
      }
      assertEquals(2.5, mean, 0.02);
      Tensor n = Tensor.randomNormal(new long[] {20000}, 1, 2, DType.FLOAT64, 3);
      assertEquals(1, n.mean().item(), 0.05);
      assertEquals(2, n.std().item(), 0.05);
      for (double v :
          Tensor.truncatedNormal(new long[] {5000}, 0, 1, DType.FLOAT64, 4).toDoubleArray()) {
        assertTrue(Math.abs(v) <= 2);
      }
      double p = Tensor.bernoulli(new long[] {10000}, 0.3, DType.FLOAT32, 5).mean().item();
      assertEquals(0.3, p, 0.02);
      long[] perm = Tensor.permutation(10, 6).toLongArray();
      long[] sorted = perm.clone();
      java.util.Arrays.sort(sorted);
      assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    }
  }

  @Test
  void seedsAreDeterministicAcrossThreadCounts() {
    int before = Myelin.numThreads();
    try (TensorScope s = new TensorScope()) {
      Myelin.setNumThreads(1);
      Myelin.setSeed(42);
      float[] a1 = Tensor.randomNormal(new long[] {3000}, 0, 1, DType.FLOAT32).toFloatArray();
      float[] b1 = Tensor.randomUniform(new long[] {3000}, 0, 1, DType.FLOAT32).toFloatArray();
      double[] c1 =
          Tensor.truncatedNormal(new long[] {3000}, 0, 1, DType.FLOAT64, 9).toDoubleArray();
      Myelin.setNumThreads(2);
      Myelin.setSeed(42);
      float[] a2 = Tensor.randomNormal(new long[] {3000}, 0, 1, DType.FLOAT32).toFloatArray();
      float[] b2 = Tensor.randomUniform(new long[] {3000}, 0, 1, DType.FLOAT32).toFloatArray();
      double[] c2 =
          Tensor.truncatedNormal(new long[] {3000}, 0, 1, DType.FLOAT64, 9).toDoubleArray();
      assertArrayEquals(a1, a2);
      assertArrayEquals(b1, b2);
      assertArrayEquals(c1, c2);
      assertFalse(
          java.util.Arrays.equals(
              a1, Tensor.randomNormal(new long[] {3000}, 0, 1, DType.FLOAT32).toFloatArray()),
          "the global generator's offset advances per draw");
    } finally {
      Myelin.setNumThreads(before);
    }
  }

  @Test
  void identityEqualityAndAllClose() {
    try (TensorScope s = new TensorScope()) {
      Tensor a = Tensor.of(1f, 2f);
      Tensor b = Tensor.of(1f, 2.000001f);
      assertNotEquals(a, b);
      assertEquals(a, a);
      assertTrue(a.allClose(b));
      assertFalse(a.allClose(Tensor.of(1f, 2.1f)));
      assertFalse(a.allClose(Tensor.of(1f, 2f, 3f)));
    }
  }

  @Test
  void infoAndDevices() {
    assertEquals("0.1.0", Myelin.version());
    assertTrue(Myelin.onednnVersion().startsWith("3."));
    assertFalse(Myelin.cpuIsa().isEmpty());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.of("cuda:0"));
    assertTrue(e.getMessage().contains("no CUDA device/backend available"), e.getMessage());
    assertEquals(Device.CPU, Device.of("cpu"));
  }
}
