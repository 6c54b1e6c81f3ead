package dev.myelin.data.table;

/**
 * Table values as a row-major float32 block with its shape, ready for the tensor factory of the
 * core ({@code Tensor.of(m.data(), m.shape())}) without another copy.
 *
 * @param data row-major values, {@code rows * columns} long
 * @param rows the number of rows
 * @param columns the number of columns
 */
public record FloatMatrix(float[] data, int rows, int columns) {
  /** The shape as tensors take it: {@code {rows, columns}}. */
  public long[] shape() {
    return new long[] {rows, columns};
  }

  /** The value at {@code row}, {@code column}. */
  public float get(int row, int column) {
    return data[row * columns + column];
  }
}
