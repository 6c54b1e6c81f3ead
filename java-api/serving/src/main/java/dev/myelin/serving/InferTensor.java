package dev.myelin.serving;

import java.util.Arrays;

/**
 * One named tensor of a request or a response, row-major, independent of any wire format. Every
 * front end decodes into and encodes from this form. Values are float32 ({@code data}), or, for
 * request tensors that arrived as integers or booleans, exact 64-bit integers ({@code ints}) that
 * the backend converts to the model input's dtype ({@link ModelRepository}): exactly one of the two
 * is set. Outputs are always float32.
 *
 * @param name the input or output name (may be empty when the request gives none)
 * @param shape the shape, batch axis first
 * @param data the float32 values, {@code product(shape)} of them, or null when {@code ints} holds
 *     them
 * @param ints the integer values, or null when {@code data} holds them
 */
public record InferTensor(String name, long[] shape, float[] data, long[] ints) {
  /** Checks that the values fill the shape. */
  public InferTensor {
    if ((data == null) == (ints == null)) {
      throw new IllegalArgumentException(
          "InferTensor: arguments 'data' and 'ints' expected exactly one set but were "
              + (data == null ? "both null" : "both set"));
    }
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
    int got = data != null ? data.length : ints.length;
    if (n != got) {
      throw ServingException.invalid(
          "tensor '"
              + name
              + "': shape "
              + Arrays.toString(shape)
              + " expected "
              + n
              + " values but was "
              + got);
    }
  }

  /** A float32 tensor. */
  public InferTensor(String name, long[] shape, float[] data) {
    this(name, shape, data, null);
  }

  /** A tensor of integer values, kept exact until the model input's dtype is known. */
  public static InferTensor ofIntegers(String name, long[] shape, long[] ints) {
    return new InferTensor(name, shape, null, ints);
  }

  /** Whether the values are integers ({@link #ints()}) rather than float32 ({@link #data()}). */
  public boolean isInteger() {
    return ints != null;
  }

  /** The size of the first (batch) axis. */
  public int rows() {
    return shape.length == 0 ? 1 : (int) shape[0];
  }

  /** The same values under another name. */
  public InferTensor named(String newName) {
    return new InferTensor(newName, shape, data, ints);
  }
}
