package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, items 1, 2 and 8: shapes whose element counts or byte sizes overflow, requests no
 * machine can serve, and float-to-int conversions of NaN, infinities and out-of-range values.
 * Before the checked size arithmetic each call below crashed the JVM (SIGSEGV: a tiny buffer for a
 * huge shape), hung in the allocator, or returned a wrong size; now each throws at once, in this
 * same JVM.
 */
class SizeOverflowTest {
  private static final long H = (1L << 62) + 1; // H * 4 wraps around to 4

  private static void rejects(Class<? extends Throwable> type, String op, Supplier<Tensor> call) {
    Throwable t = assertThrows(Throwable.class, () -> call.get().close());
    assertTrue(type.isInstance(t), () -> "expected " + type.getSimpleName() + " but got " + t);
    assertTrue(t.getMessage().contains(op), () -> "message lacks '" + op + "': " + t.getMessage());
  }

  private static void outOfMemory(String op, String shape, Supplier<Tensor> call) {
    MyelinException e = assertThrows(MyelinException.class, () -> call.get().close());
    assertTrue(e.isOutOfMemory(), e::getMessage);
    assertTrue(e.getMessage().contains(op), e::getMessage);
    assertTrue(e.getMessage().contains(shape), e::getMessage);
    assertTrue(e.getMessage().contains("bytes"), e::getMessage);
  }

  @Test
  void overflowingCreationShapesAreArgumentErrors() {
    rejects(IllegalArgumentException.class, "eye", () -> Tensor.eye(1L << 32));
    rejects(
        IllegalArgumentException.class,
        "randomNormal",
        () -> Tensor.randomNormal(new long[] {H, 4}, 0, 1, DType.FLOAT64, 42));
    rejects(
        IllegalArgumentException.class,
        "full",
        () -> Tensor.full(-500, DType.FLOAT64, 1L << 61, H));
    rejects(IllegalArgumentException.class, "full", () -> Tensor.zeros(H, 4));
    rejects(IllegalArgumentException.class, "full", () -> Tensor.zeros(1L << 32, 1L << 32));
    rejects(
        IllegalArgumentException.class,
        "full",
        () -> Tensor.zeros(DType.FLOAT32, 1L << 40, 2147483647L));
  }

  @Test
  void unservableSizesAreImmediateMemoryErrors() {
    outOfMemory(
        "randomNormal",
        "(4611686018427387905,)",
        () -> Tensor.randomNormal(new long[] {H}, 0, 1, DType.FLOAT64, 42));
    outOfMemory(
        "randomUniform",
        "(2305843009213693952,)",
        () -> Tensor.randomUniform(new long[] {1L << 61}, 0, 1, DType.INT64, 42));
    outOfMemory("linspace", "(4611686018427387905,)", () -> Tensor.linspace(0, 1, H));
    outOfMemory("permutation", "(4611686018427387905,)", () -> Tensor.permutation(H, 7));
    outOfMemory("arange", "(4611686018427387904,)", () -> Tensor.arange(1L << 62));
    outOfMemory("empty", "(4611686018427387904,)", () -> Tensor.empty(DType.INT32, 1L << 62));
    // These three used to loop forever in the allocator's size classes.
    outOfMemory("arange", "(9223372036854775807,)", () -> Tensor.arange(Long.MAX_VALUE));
    outOfMemory("arange", "(9223372036854775807,)", () -> Tensor.arange(0.0, 3.0, 1e-300));
  }

  @Test
  void shapeOpsRejectOverflowingOutputs() {
    try (TensorScope s = new TensorScope()) {
      Tensor four = Tensor.ones(4);
      rejects(IllegalArgumentException.class, "tile", () -> four.tile(H));
      rejects(IllegalArgumentException.class, "repeat", () -> four.repeat(H, 0));
      long b = Long.MAX_VALUE - (1L << 19) + 1;
      Tensor wide = Tensor.ones(1 << 20, 16);
      rejects(
          IllegalArgumentException.class,
          "pad",
          () -> wide.pad(new long[] {b, 0}, new long[] {b, 0}));
      Tensor ids = Tensor.of(0L, 1L, 2L, 3L).reshape(4, 1);
      rejects(
          IllegalArgumentException.class, "oneHot", () -> ids.oneHot(1L << 62, DType.UINT8, 1, 0));
      Tensor z = Tensor.zeros(4, 3, 3, 4);
      rejects(IllegalArgumentException.class, "reshape", () -> z.reshape(H, 4, 36));
      rejects(IllegalArgumentException.class, "reshape", () -> z.reshape(H, 4, -1));
      // The native core is still healthy and sizes are right afterwards.
      assertEquals(144, z.reshape(4, 36).size());
      assertEquals(4 * 144, z.nbytes());
      assertEquals(0, Tensor.zeros(0, 1L << 40).size());
    }
  }

  @Test
  void getOfHugeIndicesIsAnIndexError() {
    try (TensorScope s = new TensorScope()) {
      Tensor z = Tensor.zeros(4, 3, 3, 4);
      assertThrows(IndexOutOfBoundsException.class, () -> z.get(1L << 40));
      assertThrows(IndexOutOfBoundsException.class, () -> z.get(0, Long.MIN_VALUE));
      assertThrows(IndexOutOfBoundsException.class, () -> z.getDouble(0, 0, 0, 1L << 40));
    }
  }

  // numpy 2.4.6 on x86-64, printed by running:
  //   np.array([nan, inf, -inf, 3e9, -3e9, 1e20, -1e20, 2.7, -2.7, 300., -1., 256.,
  //             2147483647., 2147483648., -2147483649., 9.3e18]).astype(np.int32 / int64 / uint8)
  private static final double[] SRC = {
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    3e9,
    -3e9,
    1e20,
    -1e20,
    2.7,
    -2.7,
    300.0,
    -1.0,
    256.0,
    2147483647.0,
    2147483648.0,
    -2147483649.0,
    9.3e18
  };
  private static final int M32 = Integer.MIN_VALUE;
  private static final long M64 = Long.MIN_VALUE;
  private static final long[] NUMPY_INT32 = {
    M32, M32, M32, M32, M32, M32, M32, 2, -2, 300, -1, 256, 2147483647, M32, M32, M32
  };
  private static final long[] NUMPY_INT64 = {
    M64,
    M64,
    M64,
    3000000000L,
    -3000000000L,
    M64,
    M64,
    2,
    -2,
    300,
    -1,
    256,
    2147483647L,
    2147483648L,
    -2147483649L,
    M64
  };
  private static final long[] NUMPY_UINT8 = {0, 0, 0, 0, 0, 0, 0, 2, 254, 44, 255, 0, 255, 0, 0, 0};

  @Test
  void floatToIntCastsMatchNumpy() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(SRC);
      assertArrayEquals(NUMPY_INT32, x.cast(DType.INT32).toLongArray());
      assertArrayEquals(NUMPY_INT64, x.cast(DType.INT64).toLongArray());
      assertArrayEquals(NUMPY_UINT8, x.cast(DType.UINT8).toLongArray());
      long[] ones = new long[SRC.length];
      java.util.Arrays.fill(ones, 1);
      assertArrayEquals(ones, x.cast(DType.BOOL).toLongArray());
    }
  }

  @Test
  void fullOfNanAndInfinityMatchesNumpy() {
    try (TensorScope s = new TensorScope()) {
      // np.full(3, np.nan).astype(np.int32) -> [-2147483648] * 3 (numpy 2.4.6, x86-64)
      assertArrayEquals(
          new long[] {M32, M32, M32}, Tensor.full(Double.NaN, DType.INT32, 3).toLongArray());
      assertArrayEquals(
          new long[] {M64, M64},
          Tensor.full(Double.POSITIVE_INFINITY, DType.INT64, 2).toLongArray());
      assertArrayEquals(new long[] {44}, Tensor.full(300, DType.UINT8, 1).toLongArray());
      assertEquals(M32, (long) Tensor.scalar(Double.NaN, DType.INT32).item());
    }
  }
}
