package dev.myelin.serving;

import java.util.Arrays;

/**
 * One named float32 tensor of a request or a response, row-major, independent of any wire format.
 * Every front end decodes into and encodes from this form.
 *
 * @param name the input or output name (may be empty when the request gives none)
 * @param shape the shape, batch axis first
 * @param data the values, {@code product(shape)} of them
 */
public record InferTensor(String name, long[] shape, float[] data) {
  /** Checks that the data fills the shape. */
  public InferTensor {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw ServingException.invalid(
            "tensor '"
                + name
                + "': shape expected non-negative sizes but was "
                + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n != data.length) {
      throw ServingException.invalid(
          "tensor '"
              + name
              + "': shape "
              + Arrays.toString(shape)
              + " expected "
              + n
              + " values but was "
              + data.length);
    }
  }

  /** The size of the first (batch) axis. */
  public int rows() {
    return shape.length == 0 ? 1 : (int) shape[0];
  }

  /** The same data under another name. */
  public InferTensor named(String newName) {
    return new InferTensor(newName, shape, data);
  }
}
