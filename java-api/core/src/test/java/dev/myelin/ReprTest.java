package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** toString() must match numpy's repr (expected strings derived from numpy's arrayprint rules). */
@ExtendWith(TensorScopePerTest.class)
class ReprTest {
  @Test
  void smallArrays() {
    assertEquals(
        "array([[1., 2.],\n       [3., 4.]], dtype=float32)",
        Tensor.of(new float[][] {{1, 2}, {3, 4}}).toString());
    assertEquals("array([1. , 2.5])", Tensor.of(1.0, 2.5).toString());
    assertEquals("array([  1, -20, 300], dtype=int32)", Tensor.of(1, -20, 300).toString());
    assertEquals("array([0, 1, 2])", Tensor.arange(3).toString());
    assertEquals("array([ True, False])", Tensor.of(true, false).toString());
    assertEquals(
        "array([200,   1], dtype=uint8)",
        Tensor.fromArray(new byte[] {(byte) 200, 1}, 2).toString());
    assertEquals("array([1.e-05, 1.e+00], dtype=float32)", Tensor.of(1e-5f, 1f).toString());
    assertEquals("array([0.1, 0.3])", Tensor.of(0.1, 0.1 + 0.2).toString());
    assertEquals(
        "array([0.33333334, 2.        ], dtype=float32)", Tensor.of(1f / 3, 2f).toString());
    assertEquals("array(1.5, dtype=float32)", Tensor.scalar(1.5).toString());
    assertEquals("array(3.)", Tensor.scalar(3, DType.FLOAT64).toString());
    assertEquals(
        "array([nan, inf, -1.], dtype=float32)",
        Tensor.of(Float.NaN, Float.POSITIVE_INFINITY, -1f).toString());
    assertEquals("array([-0.5,  1. ])", Tensor.of(-0.5, 1).toString());
  }

  @Test
  void higherRanksAndEmpty() {
    assertEquals(
        "array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, 7]]])",
        Tensor.arange(8).reshape(2, 2, 2).toString());
    assertEquals("array([], dtype=float32)", Tensor.zeros(0).toString());
    assertEquals("array([], shape=(2, 0), dtype=float32)", Tensor.zeros(2, 0).toString());
  }

  @Test
  void longRowsWrapAt75Columns() {
    assertEquals(
        "array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n"
            + "       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])",
        Tensor.arange(30).toString());
  }

  @Test
  void summarisesBeyondAThousandElements() {
    assertEquals(
        "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n"
            + "       1.999e+03], dtype=float32)",
        Tensor.arange(0, 2000, 1).toString());
    assertEquals(
        "array([   0,    1,    2, ..., 1997, 1998, 1999])", Tensor.arange(2000).toString());
    assertEquals(
        "array([[   0,    1,    2, ...,   47,   48,   49],\n"
            + "       [  50,   51,   52, ...,   97,   98,   99],\n"
            + "       [ 100,  101,  102, ...,  147,  148,  149],\n"
            + "       ...,\n"
            + "       [1850, 1851, 1852, ..., 1897, 1898, 1899],\n"
            + "       [1900, 1901, 1902, ..., 1947, 1948, 1949],\n"
            + "       [1950, 1951, 1952, ..., 1997, 1998, 1999]])",
        Tensor.arange(2000).reshape(40, 50).toString());
  }

  @Test
  void closedTensorPrintsItsState() {
    Tensor t = Tensor.of(1f);
    t.close();
    assertEquals("Tensor(closed)", t.toString());
  }
}
