package dev.myelin.data.text;

import dev.myelin.Tensor;
import java.util.Arrays;

/**
 * A compressed sparse row matrix (scipy's {@code csr_matrix}): row {@code r} holds the values
 * {@code data[indptr[r] .. indptr[r+1])} at the columns {@code indices[...]}, ascending. What the
 * vectorizers return; {@link #denseRows} and {@link SparseBatches} densify it a batch at a time.
 */
public final class CsrMatrix {
  private final int rows;
  private final int cols;
  private final int[] indptr;
  private final int[] indices;
  private final double[] data;
  private final boolean integral;

  /**
   * A matrix from its CSR arrays (not copied); {@code integral} marks counts (printed as int64, as
   * scipy would).
   */
  public CsrMatrix(
      int rows, int cols, int[] indptr, int[] indices, double[] data, boolean integral) {
    if (indptr.length != rows + 1 || indptr[0] != 0 || indptr[rows] != indices.length) {
      throw new IllegalArgumentException(
          "CsrMatrix: argument 'indptr' expected "
              + (rows + 1)
              + " offsets from 0 to "
              + indices.length
              + " but was length "
              + indptr.length);
    }
    if (data.length != indices.length) {
      throw new IllegalArgumentException(
          "CsrMatrix: argument 'data' expected length "
              + indices.length
              + " (as indices) but was "
              + data.length);
    }
    for (int r = 0; r < rows; r++) {
      if (indptr[r + 1] < indptr[r]) {
        throw new IllegalArgumentException(
            "CsrMatrix: argument 'indptr' expected non-decreasing offsets but row "
                + r
                + " ends first");
      }
      for (int k = indptr[r]; k < indptr[r + 1]; k++) {
        if (indices[k] < 0 || indices[k] >= cols) {
          throw new IndexOutOfBoundsException(
              "CsrMatrix: argument 'indices' expected columns in [0, "
                  + cols
                  + ") but row "
                  + r
                  + " holds "
                  + indices[k]);
        }
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.indptr = indptr;
    this.indices = indices;
    this.data = data;
    this.integral = integral;
  }

  /** The number of rows. */
  public int rows() {
    return rows;
  }

  /** The number of columns. */
  public int cols() {
    return cols;
  }

  /** The number of stored values (scipy's {@code nnz}). */
  public int nnz() {
    return indices.length;
  }

  /** The row offsets (a copy). */
  public int[] indptr() {
    return indptr.clone();
  }

  /** The column of each stored value (a copy). */
  public int[] indices() {
    return indices.clone();
  }

  /** The stored values (a copy). */
  public double[] data() {
    return data.clone();
  }

  /** The value at {@code (r, c)} (0 when not stored). */
  public double get(int r, int c) {
    if (r < 0 || r >= rows || c < 0 || c >= cols) {
      throw new IndexOutOfBoundsException(
          "CsrMatrix.get: argument '(r, c)' expected within ("
              + rows
              + ", "
              + cols
              + ") but was ("
              + r
              + ", "
              + c
              + ")");
    }
    int k = Arrays.binarySearch(indices, indptr[r], indptr[r + 1], c);
    return k >= 0 ? data[k] : 0;
  }

  /**
   * The rows at {@code rows} in that order (scipy's {@code x[rows]}), e.g. a split's training rows.
   */
  public CsrMatrix selectRows(int[] rows) {
    int[] ptr = new int[rows.length + 1];
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= this.rows) {
        throw new IndexOutOfBoundsException(
            "CsrMatrix.selectRows: argument 'rows' expected indices in [0, "
                + this.rows
                + ") but rows["
                + i
                + "] was "
                + r);
      }
      ptr[i + 1] = ptr[i] + indptr[r + 1] - indptr[r];
    }
    int[] idx = new int[ptr[rows.length]];
    double[] val = new double[idx.length];
    for (int i = 0; i < rows.length; i++) {
      int from = indptr[rows[i]];
      int n = indptr[rows[i] + 1] - from;
      System.arraycopy(indices, from, idx, ptr[i], n);
      System.arraycopy(data, from, val, ptr[i], n);
    }
    return new CsrMatrix(rows.length, cols, ptr, idx, val, integral);
  }

  /** The whole matrix as dense rows (scipy's {@code toarray()}). */
  public double[][] toDense() {
    double[][] out = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int k = indptr[r]; k < indptr[r + 1]; k++) {
        out[r][indices[k]] = data[k];
      }
    }
    return out;
  }

  /**
   * Rows {@code order[from .. to)} as one row-major float32 block of {@code (to - from) x cols}.
   */
  public float[] denseRows(int[] order, int from, int to) {
    float[] out = new float[(to - from) * cols];
    for (int i = from; i < to; i++) {
      int r = order == null ? i : order[i];
      int base = (i - from) * cols;
      for (int k = indptr[r]; k < indptr[r + 1]; k++) {
        out[base + indices[k]] = (float) data[k];
      }
    }
    return out;
  }

  /**
   * The whole matrix as a dense float32 tensor (the book's {@code todense()}; small inputs only).
   */
  public Tensor toTensor() {
    return Tensor.fromArray(denseRows(null, 0, rows), rows, cols);
  }

  /** The book's (scipy 1.1) description, e.g. {@code <5572x3000 sparse matrix of type ...>}. */
  @Override
  public String toString() {
    return "<"
        + rows
        + "x"
        + cols
        + " sparse matrix of type '<class 'numpy."
        + (integral ? "int64" : "float64")
        + "'>' with "
        + nnz()
        + " stored elements in Compressed Sparse Row format>";
  }
}
