package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DataFrame and Series to and from core tensors. The float32 bit patterns were computed with numpy
 * 2.4 ({@code np.array(v).astype(np.float32).view(np.uint32)}).
 */
class TensorConversionTest {
  private static final double[] A = {0.1, 1 / 3.0, 1e-40, -0.0, 3.4028235677973366e+38, 123456.789};
  private static final int[] A_BITS = {
    0x3dcccccd, 0x3eaaaaab, 0x116c2, 0x80000000, 0x7f800000, 0x47f12065
  };
  private static final long[] B = {16777217L, (1L << 53) + 1, -(1L << 40) - 3, 7, 0, 1};
  private static final int[] B_BITS = {
    0x4b800000, 0x5a000000, 0xd3800000, 0x40e00000, 0, 0x3f800000
  };
  private static final boolean[] C = {true, false, true, true, false, false};

  private final DataFrame df =
      DataFrame.of(
          Series.of("a", A),
          Series.of("b", B),
          Series.of("c", C),
          Series.of("s", "u", "v", "w", "x", "y", "z"));

  private static int[] bits(float[] f) {
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Float.floatToRawIntBits(f[i]);
    }
    return out;
  }

  @Test
  void numericColumnsBecomeARowMajorFloat32MatrixBitExactly() {
    try (TensorScope scope = new TensorScope()) {
      Tensor t = df.toTensor("a", "b", "c");
      assertEquals(dev.myelin.DType.FLOAT32, t.dtype());
      assertArrayEquals(new long[] {6, 3}, t.shape());
      int[] expected = new int[18];
      for (int r = 0; r < 6; r++) {
        expected[3 * r] = A_BITS[r];
        expected[3 * r + 1] = B_BITS[r];
        expected[3 * r + 2] = C[r] ? 0x3f800000 : 0;
      }
      assertArrayEquals(expected, bits(t.toFloatArray()));
      // Column order follows the names given.
      Tensor swapped = df.toTensor("c", "a");
      assertEquals(Float.intBitsToFloat(A_BITS[2]), swapped.getFloat(2, 1));
      assertEquals(1f, swapped.getFloat(0, 0));
      // The same numbers as the existing float block.
      assertArrayEquals(df.toFloatArray("a", "b", "c").data(), t.toFloatArray());
    }
  }

  @Test
  void nonNumericColumnsAreNamedTogether() {
    DataFrame mixed = df.assign("d", Series.of("d", "1", "2", "3", "4", "5", "6"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> mixed.toTensor());
    assertTrue(e.getMessage().contains("'s' (object)"), e.getMessage());
    assertTrue(e.getMessage().contains("'d' (object)"), e.getMessage());
    assertTrue(e.getMessage().startsWith("toTensor"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> df.toTensor("a", "nope"));
    assertTrue(e.getMessage().contains("'nope'"), e.getMessage());
  }

  @Test
  void missingValuesFailUnlessAllowed() {
    DataFrame gaps =
        DataFrame.of(Series.of("x", 1.0, 2.0, Double.NaN, Double.NaN), Series.of("n", 1, 2, 3, 4))
            .withIndex(Series.of("id", "p", "q", "r", "s"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> gaps.toTensor());
    assertTrue(e.getMessage().contains("column 'x' has 2 missing"), e.getMessage());
    assertTrue(e.getMessage().contains("row 2 (label r)"), e.getMessage());
    try (Tensor t = gaps.toTensor(true)) {
      float[] v = t.toFloatArray();
      assertTrue(Float.isNaN(v[4]) && Float.isNaN(v[6]));
      assertEquals(4f, v[7]);
    }
    e =
        assertThrows(
            IllegalArgumentException.class, () -> gaps.toLabels("x", dev.myelin.DType.FLOAT32));
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("row 2"), e.getMessage());
  }

  @Test
  void aColumnBecomesLabels() {
    try (TensorScope scope = new TensorScope()) {
      Tensor l = df.toLabels("b", dev.myelin.DType.INT64);
      assertEquals(dev.myelin.DType.INT64, l.dtype());
      assertArrayEquals(new long[] {6}, l.shape());
      assertArrayEquals(B, l.toLongArray());
      Tensor f = df.toLabels("b", dev.myelin.DType.FLOAT32);
      assertArrayEquals(B_BITS, bits(f.toFloatArray()));
      Tensor c = df.get("c").toTensor(dev.myelin.DType.INT32);
      assertArrayEquals(new int[] {1, 0, 1, 1, 0, 0}, c.toIntArray());
      Tensor g = Series.of("y", 0.0, 2.0, 1.0).toTensor(dev.myelin.DType.INT64);
      assertArrayEquals(new long[] {0, 2, 1}, g.toLongArray());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> df.toLabels("a", dev.myelin.DType.INT64));
    assertTrue(
        e.getMessage().contains("column 'a', row 0") && e.getMessage().contains("0.1"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> df.toLabels("b", dev.myelin.DType.INT32));
    assertTrue(e.getMessage().contains("overflows int32"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> df.toLabels("s", dev.myelin.DType.INT64));
    assertTrue(e.getMessage().contains("'s' is object"), e.getMessage());
  }

  @Test
  void tensorsBecomeFramesWithNamedColumns() {
    try (TensorScope scope = new TensorScope()) {
      Tensor t = df.toTensor("a", "b", "c");
      DataFrame back = DataFrame.fromTensor(t, "a", "b", "c");
      assertEquals(List.of("a", "b", "c"), back.columns());
      assertEquals(DType.FLOAT64, back.get("b").dtype());
      for (int r = 0; r < 6; r++) {
        assertEquals(A_BITS[r], Float.floatToRawIntBits((float) back.get("a").getDouble(r)));
        assertEquals((double) Float.intBitsToFloat(B_BITS[r]), back.get("b").getDouble(r));
      }
      // float32 -> float64 -> float32 is the identity, bit for bit.
      try (Tensor again = back.toTensor()) {
        assertArrayEquals(bits(t.toFloatArray()), bits(again.toFloatArray()));
      }
      double[] d = {Math.PI, -1e300, Double.MIN_VALUE, 2.5};
      DataFrame f64 = DataFrame.fromTensor(Tensor.fromArray(d, 2, 2), "p", "q");
      assertEquals(Math.PI, f64.get("p").getDouble(0));
      assertEquals(Double.MIN_VALUE, f64.get("p").getDouble(1));
      assertEquals(-1e300, f64.get("q").getDouble(0));
      DataFrame ints = DataFrame.fromTensor(Tensor.fromArray(new long[] {B[1], -3}, 2));
      assertEquals(List.of("0"), ints.columns());
      assertEquals(DType.INT64, ints.get("0").dtype());
      assertEquals(B[1], ints.get("0").get(0));
      DataFrame bools =
          DataFrame.fromTensor(Tensor.fromArray(new boolean[] {true, false}, 2, 1), "m");
      assertEquals(DType.BOOL, bools.get("m").dtype());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DataFrame.fromTensor(t, "a", "b"));
      assertTrue(e.getMessage().startsWith("names: expected 3 column names"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> DataFrame.fromTensor(Tensor.zeros(2, 2, 2), "a", "b"));
      assertTrue(e.getMessage().contains("1-D or 2-D"), e.getMessage());
    }
  }
}
