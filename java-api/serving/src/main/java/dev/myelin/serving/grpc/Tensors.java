package dev.myelin.serving.grpc;

import com.google.protobuf.ByteString;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.Values;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/** Conversions between the wire forms of tensors (raw little-endian bytes, shapes) and floats. */
final class Tensors {
  private Tensors() {}

  /** The number of values of {@code shape}; sizes must be non-negative and the product fit. */
  static int count(String what, long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw ServingException.invalid(
            what + ": shape expected non-negative sizes but was " + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw ServingException.invalid(
            what + ": shape " + Arrays.toString(shape) + " expected at most 2^31-1 values");
      }
    }
    return (int) n;
  }

  /** The values sent as a tensor, checked to fill the shape. */
  static InferTensor tensor(String what, String name, long[] shape, int want, float[] data) {
    checkCount(what, shape, want, data.length);
    return new InferTensor(name, shape, data);
  }

  /** The integer values sent as a tensor, checked to fill the shape. */
  static InferTensor tensor(String what, String name, long[] shape, int want, long[] ints) {
    checkCount(what, shape, want, ints.length);
    return InferTensor.ofIntegers(name, shape, ints);
  }

  /** Checks that {@code got} values were sent for {@code want}. */
  static void checkCount(String what, long[] shape, int want, int got) {
    if (want != got) {
      throw ServingException.invalid(
          what
              + ": shape "
              + Arrays.toString(shape)
              + " expected "
              + want
              + " values but was "
              + got);
    }
  }

  /**
   * Reads {@code n} little-endian values of wire type {@code type} into a tensor named {@code name}
   * (see {@link Values}).
   */
  static InferTensor fromBytes(
      String what, String name, long[] shape, int n, ByteString raw, String type) {
    long width = Values.WIDTHS.getOrDefault(type, 1);
    if (n * width != raw.size()) {
      throw ServingException.invalid(
          what
              + ": shape "
              + Arrays.toString(shape)
              + " expected "
              + n * width
              + " bytes but was "
              + raw.size()
              + " ("
              + type
              + ")");
    }
    return Values.fromBytes(what, name, shape, raw.asReadOnlyByteBuffer(), n, type);
  }

  /** The float values as little-endian float32 bytes. */
  static ByteString toBytes(float[] data) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    return ByteString.copyFrom(b.array());
  }

  /** Float values from a protobuf repeated float field. */
  static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
