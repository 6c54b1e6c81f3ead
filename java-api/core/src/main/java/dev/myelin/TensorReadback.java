package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.internal.TensorChecks.numel;

import dev.myelin.internal.Errors;
import dev.myelin.internal.ForeignMemory;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reading a Tensor's values back into Java: arrays, item(), single elements by index and allClose.
 */
final class TensorReadback {
  private TensorReadback() {}

  /**
   * A view of {@code self}'s storage. It stays valid only while {@code self} is reachable: every
   * caller reads it completely and then names {@code self} in {@link Reachable#after}.
   */
  static ByteBuffer bytes(Tensor self, String op) {
    long x = self.h(op);
    return ForeignMemory.byteBuffer(NativeCore.mln_data(x), NativeCore.mln_nbytes(x));
  }

  static double readDouble(ByteBuffer b, DType d, int i) {
    switch (d) {
      case FLOAT32:
        return b.getFloat(i * 4);
      case FLOAT64:
        return b.getDouble(i * 8);
      case INT32:
        return b.getInt(i * 4);
      case INT64:
        return b.getLong(i * 8);
      case UINT8:
        return b.get(i) & 0xff;
      default:
        return b.get(i) != 0 ? 1 : 0;
    }
  }

  private static long readLong(ByteBuffer b, DType d, int i) {
    switch (d) {
      case FLOAT32:
        return (long) b.getFloat(i * 4);
      case FLOAT64:
        return (long) b.getDouble(i * 8);
      case INT32:
        return b.getInt(i * 4);
      case INT64:
        return b.getLong(i * 8);
      case UINT8:
        return b.get(i) & 0xff;
      default:
        return b.get(i) != 0 ? 1 : 0;
    }
  }

  private static int count(Tensor self, String op) {
    long n = numel(self.shp());
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(op + ": " + n + " elements do not fit a Java array");
    }
    return (int) n;
  }

  static float[] toFloatArray(Tensor self) {
    return Reachable.after(copyFloats(self), self);
  }

  private static float[] copyFloats(Tensor self) {
    String op = "toFloatArray";
    ByteBuffer b = bytes(self, op);
    int n = count(self, op);
    float[] out = new float[n];
    DType d = self.dtype();
    if (d == DType.FLOAT32) {
      b.asFloatBuffer().get(out);
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = (float) readDouble(b, d, i);
      }
    }
    return out;
  }

  static double[] toDoubleArray(Tensor self) {
    return Reachable.after(copyDoubles(self), self);
  }

  private static double[] copyDoubles(Tensor self) {
    String op = "toDoubleArray";
    ByteBuffer b = bytes(self, op);
    int n = count(self, op);
    double[] out = new double[n];
    DType d = self.dtype();
    if (d == DType.FLOAT64) {
      b.asDoubleBuffer().get(out);
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = readDouble(b, d, i);
      }
    }
    return out;
  }

  static int[] toIntArray(Tensor self) {
    return Reachable.after(copyInts(self), self);
  }

  private static int[] copyInts(Tensor self) {
    String op = "toIntArray";
    ByteBuffer b = bytes(self, op);
    int n = count(self, op);
    int[] out = new int[n];
    DType d = self.dtype();
    if (d == DType.INT32) {
      b.asIntBuffer().get(out);
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = (int) readLong(b, d, i);
      }
    }
    return out;
  }

  static long[] toLongArray(Tensor self) {
    return Reachable.after(copyLongs(self), self);
  }

  private static long[] copyLongs(Tensor self) {
    String op = "toLongArray";
    ByteBuffer b = bytes(self, op);
    int n = count(self, op);
    long[] out = new long[n];
    DType d = self.dtype();
    if (d == DType.INT64) {
      b.asLongBuffer().get(out);
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = readLong(b, d, i);
      }
    }
    return out;
  }

  static boolean[] toBooleanArray(Tensor self) {
    return Reachable.after(copyBooleans(self), self);
  }

  private static boolean[] copyBooleans(Tensor self) {
    String op = "toBooleanArray";
    ByteBuffer b = bytes(self, op);
    int n = count(self, op);
    boolean[] out = new boolean[n];
    DType d = self.dtype();
    for (int i = 0; i < n; i++) {
      out[i] = readDouble(b, d, i) != 0;
    }
    return out;
  }

  static double item(Tensor self) {
    String op = "item";
    self.h(op);
    long n = numel(self.shp());
    if (n != 1) {
      throw new IllegalStateException(
          "item: expected a tensor with exactly 1 element but shape was "
              + Arrays.toString(self.shp()));
    }
    return Reachable.after(readDouble(bytes(self, op), self.dtype(), 0), self);
  }

  private static int flatIndex(Tensor self, long[] idx, String op) {
    self.h(op);
    long[] s = self.shp();
    if (idx == null || idx.length != s.length) {
      throw Errors.arg(
          op, "indices", s.length + " indices", idx == null ? "null" : idx.length + " indices");
    }
    long f = 0;
    for (int i = 0; i < s.length; i++) {
      long k = idx[i] < 0 ? idx[i] + s[i] : idx[i];
      if (k < 0 || k >= s[i]) {
        throw new IndexOutOfBoundsException(
            op + ": index " + idx[i] + " is out of range for axis " + i + " with size " + s[i]);
      }
      f = f * s[i] + k;
    }
    return (int) f;
  }

  static float getFloat(Tensor self, long... indices) {
    int i = flatIndex(self, indices, "getFloat");
    return (float) Reachable.after(readDouble(bytes(self, "getFloat"), self.dtype(), i), self);
  }

  static double getDouble(Tensor self, long... indices) {
    int i = flatIndex(self, indices, "getDouble");
    return Reachable.after(readDouble(bytes(self, "getDouble"), self.dtype(), i), self);
  }

  static long getLong(Tensor self, long... indices) {
    int i = flatIndex(self, indices, "getLong");
    return Reachable.after(readLong(bytes(self, "getLong"), self.dtype(), i), self);
  }

  static boolean getBoolean(Tensor self, long... indices) {
    int i = flatIndex(self, indices, "getBoolean");
    return Reachable.after(readDouble(bytes(self, "getBoolean"), self.dtype(), i), self) != 0;
  }

  static boolean allClose(Tensor self, Tensor other, double rtol, double atol) {
    arg(other, "allClose", "other");
    self.h("allClose");
    if (!Arrays.equals(self.shp(), other.shp())) {
      return false;
    }
    double[] a = self.toDoubleArray();
    double[] b = other.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
        if (!(a[i] == b[i])) {
          return false;
        }
      }
    }
    return true;
  }
}
