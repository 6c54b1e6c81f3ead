package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.internal.TensorChecks.numel;

import dev.myelin.internal.Errors;
import dev.myelin.internal.ForeignMemory;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

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
    // Every other dtype converts to double exactly (and floats truncate the same way from it);
    // only int64 needs its own read to keep all 64 bits.
    return d == DType.INT64 ? b.getLong(i * 8) : (long) readDouble(b, d, i);
  }

  private static int count(Tensor self, String op) {
    long n = numel(self.shp());
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(op + ": " + n + " elements do not fit a Java array");
    }
    return (int) n;
  }

  /**
   * Sets element {@code i} of {@code out} from element {@code i} of a buffer of dtype {@code d}.
   */
  private interface ElementCopy<A> {
    void set(A out, int i, ByteBuffer b, DType d);
  }

  /**
   * {@code self}'s values in a new Java array: one bulk copy when the tensor's dtype is {@code
   * bulkType} (the array's own type), else converted element by element.
   */
  private static <A> A copy(
      Tensor self,
      String op,
      IntFunction<A> alloc,
      DType bulkType,
      BiConsumer<ByteBuffer, A> bulk,
      ElementCopy<A> each) {
    ByteBuffer b = bytes(self, op);
    int n = count(self, op);
    A out = alloc.apply(n);
    DType d = self.dtype();
    if (d == bulkType) {
      bulk.accept(b, out);
    } else {
      for (int i = 0; i < n; i++) {
        each.set(out, i, b, d);
      }
    }
    return out;
  }

  static float[] toFloatArray(Tensor self) {
    float[] out =
        copy(
            self,
            "toFloatArray",
            float[]::new,
            DType.FLOAT32,
            (b, o) -> b.asFloatBuffer().get(o),
            (o, i, b, d) -> o[i] = (float) readDouble(b, d, i));
    return Reachable.after(out, self);
  }

  static double[] toDoubleArray(Tensor self) {
    double[] out =
        copy(
            self,
            "toDoubleArray",
            double[]::new,
            DType.FLOAT64,
            (b, o) -> b.asDoubleBuffer().get(o),
            (o, i, b, d) -> o[i] = readDouble(b, d, i));
    return Reachable.after(out, self);
  }

  /**
   * Rows of a 2-D tensor as {@code double[rows][cols]} (a model's predictions as plain Java), a 1-D
   * tensor as one column.
   */
  static double[][] toDoubleMatrix(Tensor self) {
    if (self.rank() != 1 && self.rank() != 2) {
      throw new IllegalArgumentException(
          "toDoubleMatrix: argument 'tensor' expected rank 1 or 2 but was rank "
              + self.rank()
              + " (shape "
              + java.util.Arrays.toString(self.shape())
              + ")");
    }
    double[] flat = toDoubleArray(self);
    int rows = (int) self.dim(0);
    int cols = self.rank() == 2 ? (int) self.dim(1) : 1;
    double[][] out = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * cols, out[r], 0, cols);
    }
    return out;
  }

  static int[] toIntArray(Tensor self) {
    int[] out =
        copy(
            self,
            "toIntArray",
            int[]::new,
            DType.INT32,
            (b, o) -> b.asIntBuffer().get(o),
            (o, i, b, d) -> o[i] = (int) readLong(b, d, i));
    return Reachable.after(out, self);
  }

  static long[] toLongArray(Tensor self) {
    long[] out =
        copy(
            self,
            "toLongArray",
            long[]::new,
            DType.INT64,
            (b, o) -> b.asLongBuffer().get(o),
            (o, i, b, d) -> o[i] = readLong(b, d, i));
    return Reachable.after(out, self);
  }

  static boolean[] toBooleanArray(Tensor self) {
    // No dtype is stored as Java booleans, so every element goes through the conversion.
    boolean[] out =
        copy(
            self,
            "toBooleanArray",
            boolean[]::new,
            null,
            (b, o) -> {},
            (o, i, b, d) -> o[i] = readDouble(b, d, i) != 0);
    return Reachable.after(out, self);
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
