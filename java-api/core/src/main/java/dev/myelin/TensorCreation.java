package dev.myelin;

import static dev.myelin.Tensor.NO_DIMS;
import static dev.myelin.Tensor.make;
import static dev.myelin.internal.TensorChecks.checkDType;
import static dev.myelin.internal.TensorChecks.checkShape;
import static dev.myelin.internal.TensorChecks.numel;

import dev.myelin.internal.Errors;
import dev.myelin.internal.ForeignMemory;
import dev.myelin.internal.GlobalRandom;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.NativeCore.ReleaseCallback;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** Tensor's factories: from Java arrays and buffers, filled, ranges, random, foreign memory. */
final class TensorCreation {
  private static final String FROM_ARRAY = "fromArray";

  private TensorCreation() {}

  /** A native result on the calling thread's current device (a scope's, else the default). */
  private static Tensor placed(long h, String op) {
    return DeviceScope.place(make(h, op));
  }

  private static void checkCount(String op, long expected, int actual, long[] shape) {
    if (expected != actual) {
      throw Errors.arg(
          op,
          "shape",
          Arrays.toString(shape) + " to hold the data's " + actual + " elements",
          Arrays.toString(shape) + " (" + expected + " elements)");
    }
  }

  /** The checks every {@code fromArray} makes before native code reads {@code data}. */
  private static void checkArray(Object data, long[] shape) {
    if (data == null) {
      throw Errors.arg(FROM_ARRAY, "data", "an array", "null");
    }
    checkShape(shape, FROM_ARRAY);
    checkCount(FROM_ARRAY, numel(shape), java.lang.reflect.Array.getLength(data), shape);
  }

  static Tensor fromArray(float[] data, long... shape) {
    checkArray(data, shape);
    return placed(
        NativeCore.mln_from_data(0, shape.length, shape, data, 4L * data.length), FROM_ARRAY);
  }

  static Tensor fromArray(double[] data, long... shape) {
    checkArray(data, shape);
    return placed(
        NativeCore.mln_from_data(1, shape.length, shape, data, 8L * data.length), FROM_ARRAY);
  }

  static Tensor fromArray(int[] data, long... shape) {
    checkArray(data, shape);
    return placed(
        NativeCore.mln_from_data(2, shape.length, shape, data, 4L * data.length), FROM_ARRAY);
  }

  static Tensor fromArray(long[] data, long... shape) {
    checkArray(data, shape);
    return placed(
        NativeCore.mln_from_data(3, shape.length, shape, data, 8L * data.length), FROM_ARRAY);
  }

  static Tensor fromArray(byte[] data, long... shape) {
    checkArray(data, shape);
    return placed(NativeCore.mln_from_data(4, shape.length, shape, data, data.length), FROM_ARRAY);
  }

  static Tensor fromArray(boolean[] data, long... shape) {
    checkArray(data, shape);
    byte[] b = new byte[data.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (data[i] ? 1 : 0);
    }
    return placed(NativeCore.mln_from_data(5, shape.length, shape, b, b.length), FROM_ARRAY);
  }

  static Tensor fromBuffer(FloatBuffer data, long... shape) {
    if (data == null) {
      throw Errors.arg("fromBuffer", "data", "a FloatBuffer", "null");
    }
    float[] a = new float[data.remaining()];
    data.duplicate().get(a);
    return fromArray(a, shape);
  }

  static Tensor fromBuffer(DoubleBuffer data, long... shape) {
    if (data == null) {
      throw Errors.arg("fromBuffer", "data", "a DoubleBuffer", "null");
    }
    double[] a = new double[data.remaining()];
    data.duplicate().get(a);
    return fromArray(a, shape);
  }

  static Tensor of(FloatBuffer data) {
    return fromBuffer(data, data == null ? 0 : data.remaining());
  }

  static Tensor of(DoubleBuffer data) {
    return fromBuffer(data, data == null ? 0 : data.remaining());
  }

  static Tensor of(float... data) {
    return fromArray(data, data == null ? 0 : data.length);
  }

  static Tensor of(double... data) {
    return fromArray(data, data == null ? 0 : data.length);
  }

  static Tensor of(int... data) {
    return fromArray(data, data == null ? 0 : data.length);
  }

  static Tensor of(long... data) {
    return fromArray(data, data == null ? 0 : data.length);
  }

  static Tensor of(boolean... data) {
    return fromArray(data, data == null ? 0 : data.length);
  }

  private static int rowLength(Object[] rows, String op) {
    if (rows == null) {
      throw Errors.arg(op, "rows", "an array", "null");
    }
    int cols = -1;
    for (int i = 0; i < rows.length; i++) {
      Object r = rows[i];
      if (r == null) {
        throw Errors.arg(op, "rows[" + i + "]", "an array", "null");
      }
      int n = java.lang.reflect.Array.getLength(r);
      if (cols >= 0 && n != cols) {
        throw Errors.arg(
            op, "rows[" + i + "]", "length " + cols + " (rectangular data)", "length " + n);
      }
      cols = n;
    }
    return Math.max(cols, 0);
  }

  /** Copies the {@code c}-long rows of a rectangular 2-D array into the flat array {@code flat}. */
  private static <A> A flatRows(Object[] rows, int c, A flat) {
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * c, c);
    }
    return flat;
  }

  static Tensor of(float[][] rows) {
    int c = rowLength(rows, "of");
    return fromArray(flatRows(rows, c, new float[rows.length * c]), rows.length, c);
  }

  static Tensor of(double[]... rows) {
    int c = rowLength(rows, "of");
    return fromArray(flatRows(rows, c, new double[rows.length * c]), rows.length, c);
  }

  static Tensor of(int[][] rows) {
    int c = rowLength(rows, "of");
    return fromArray(flatRows(rows, c, new int[rows.length * c]), rows.length, c);
  }

  static Tensor of(long[][] rows) {
    int c = rowLength(rows, "of");
    return fromArray(flatRows(rows, c, new long[rows.length * c]), rows.length, c);
  }

  static Tensor of(boolean[][] rows) {
    int c = rowLength(rows, "of");
    return fromArray(flatRows(rows, c, new boolean[rows.length * c]), rows.length, c);
  }

  static Tensor of(float[][][] data) {
    int b = rowLength(data, "of");
    int r = data.length == 0 ? 0 : rowLength(data[0], "of");
    float[] d = new float[data.length * b * r];
    int k = 0;
    for (int i = 0; i < data.length; i++) {
      if (rowLength(data[i], "of") != r || data[i].length != b) {
        throw Errors.arg(
            "of", "data[" + i + "]", b + "x" + r + " (rectangular data)", "another shape");
      }
      for (float[] row : data[i]) {
        System.arraycopy(row, 0, d, k, r);
        k += r;
      }
    }
    return fromArray(d, data.length, b, r);
  }

  static Tensor scalar(double value, DType dtype) {
    checkDType(dtype, "scalar");
    return placed(NativeCore.mln_full(dtype.code(), 0, NO_DIMS, value), "scalar");
  }

  static Tensor scalar(double value) {
    return scalar(value, DType.FLOAT32);
  }

  static Tensor full(double value, DType dtype, long... shape) {
    checkDType(dtype, "full");
    checkShape(shape, "full");
    return placed(NativeCore.mln_full(dtype.code(), shape.length, shape, value), "full");
  }

  static Tensor zeros(DType dtype, long... shape) {
    return full(0, dtype, shape);
  }

  static Tensor zeros(long... shape) {
    return full(0, DType.FLOAT32, shape);
  }

  static Tensor ones(DType dtype, long... shape) {
    return full(1, dtype, shape);
  }

  static Tensor ones(long... shape) {
    return full(1, DType.FLOAT32, shape);
  }

  static Tensor empty(DType dtype, long... shape) {
    checkDType(dtype, "empty");
    checkShape(shape, "empty");
    return placed(NativeCore.mln_empty(dtype.code(), shape.length, shape), "empty");
  }

  static Tensor zerosLike(Tensor self) {
    return fullLike(self, 0);
  }

  static Tensor onesLike(Tensor self) {
    return fullLike(self, 1);
  }

  /** Like PyTorch's zeros_like: on self's device, whatever the current scope says. */
  private static Tensor fullLike(Tensor self, double value) {
    try (DeviceScope s = new DeviceScope(self.device())) {
      return full(value, self.dtype(), self.shp());
    }
  }

  static Tensor arange(double start, double stop, double step, DType dtype) {
    checkDType(dtype, "arange");
    if (step == 0 || Double.isNaN(step)) {
      throw Errors.arg("arange", "step", "a non-zero number", step);
    }
    long n = (long) Math.max(0, Math.ceil((stop - start) / step));
    return placed(NativeCore.mln_arange(dtype.code(), start, step, n), "arange");
  }

  static Tensor arange(double start, double stop, double step) {
    return arange(start, stop, step, DType.FLOAT32);
  }

  static Tensor arange(long n) {
    if (n < 0) {
      throw Errors.arg("arange", "n", "a non-negative count", n);
    }
    return placed(NativeCore.mln_arange(DType.INT64.code(), 0, 1, n), "arange");
  }

  static Tensor linspace(double start, double stop, long n, DType dtype) {
    checkDType(dtype, "linspace");
    if (n < 0) {
      throw Errors.arg("linspace", "n", "a non-negative count", n);
    }
    return placed(NativeCore.mln_linspace(dtype.code(), start, stop, n), "linspace");
  }

  static Tensor linspace(double start, double stop, long n) {
    return linspace(start, stop, n, DType.FLOAT32);
  }

  static Tensor eye(long rows, long cols, long k, DType dtype) {
    checkDType(dtype, "eye");
    return placed(NativeCore.mln_eye(dtype.code(), rows, cols, k), "eye");
  }

  static Tensor eye(long n) {
    return eye(n, n, 0, DType.FLOAT32);
  }

  private static long[] draw(long[] shape) {
    return GlobalRandom.next(numel(shape));
  }

  static Tensor randomUniform(long[] shape, double low, double high, DType dtype, long seed) {
    checkShape(shape, "randomUniform");
    checkDType(dtype, "randomUniform");
    return placed(
        NativeCore.mln_random_uniform(dtype.code(), shape.length, shape, low, high, seed, 0),
        "randomUniform");
  }

  static Tensor randomUniform(long[] shape, double low, double high, DType dtype) {
    checkShape(shape, "randomUniform");
    checkDType(dtype, "randomUniform");
    long[] so = draw(shape);
    return placed(
        NativeCore.mln_random_uniform(dtype.code(), shape.length, shape, low, high, so[0], so[1]),
        "randomUniform");
  }

  static Tensor randomNormal(long[] shape, double mean, double stddev, DType dtype, long seed) {
    checkShape(shape, "randomNormal");
    checkDType(dtype, "randomNormal");
    return placed(
        NativeCore.mln_random_normal(dtype.code(), shape.length, shape, mean, stddev, seed, 0),
        "randomNormal");
  }

  static Tensor randomNormal(long[] shape, double mean, double stddev, DType dtype) {
    checkShape(shape, "randomNormal");
    checkDType(dtype, "randomNormal");
    long[] so = draw(shape);
    return placed(
        NativeCore.mln_random_normal(dtype.code(), shape.length, shape, mean, stddev, so[0], so[1]),
        "randomNormal");
  }

  static Tensor truncatedNormal(long[] shape, double mean, double stddev, DType dtype, long seed) {
    checkShape(shape, "truncatedNormal");
    checkDType(dtype, "truncatedNormal");
    return placed(
        NativeCore.mln_random_truncated_normal(
            dtype.code(), shape.length, shape, mean, stddev, seed, 0),
        "truncatedNormal");
  }

  static Tensor truncatedNormal(long[] shape, double mean, double stddev, DType dtype) {
    checkShape(shape, "truncatedNormal");
    checkDType(dtype, "truncatedNormal");
    long[] so = draw(shape);
    return placed(
        NativeCore.mln_random_truncated_normal(
            dtype.code(), shape.length, shape, mean, stddev, so[0], so[1]),
        "truncatedNormal");
  }

  static Tensor bernoulli(long[] shape, double p, DType dtype, long seed) {
    checkShape(shape, "bernoulli");
    checkDType(dtype, "bernoulli");
    return placed(
        NativeCore.mln_random_bernoulli(dtype.code(), shape.length, shape, p, seed, 0),
        "bernoulli");
  }

  static Tensor bernoulli(long[] shape, double p, DType dtype) {
    checkShape(shape, "bernoulli");
    checkDType(dtype, "bernoulli");
    long[] so = draw(shape);
    return placed(
        NativeCore.mln_random_bernoulli(dtype.code(), shape.length, shape, p, so[0], so[1]),
        "bernoulli");
  }

  static Tensor permutation(long n, long seed) {
    return placed(NativeCore.mln_random_permutation(n, seed, 0), "permutation");
  }

  static Tensor permutation(long n) {
    long[] so = GlobalRandom.next(n);
    return placed(NativeCore.mln_random_permutation(n, so[0], so[1]), "permutation");
  }

  static Tensor wrap(
      long address, long[] shape, DType dtype, Runnable onRelease, boolean readOnly) {
    String op = readOnly ? "wrapReadOnly" : "wrap";
    checkShape(shape, op);
    checkDType(dtype, op);
    if (address == 0 && numel(shape) > 0) {
      throw Errors.arg(op, "address", "a non-null address", "0");
    }
    long ctx = ForeignMemory.register(onRelease);
    ReleaseCallback release = onRelease == null ? null : ForeignMemory.CALLBACK;
    long h =
        readOnly
            ? NativeCore.mln_wrap_readonly(dtype.code(), shape.length, shape, address, release, ctx)
            : NativeCore.mln_wrap(dtype.code(), shape.length, shape, address, release, ctx);
    if (h == 0) {
      ForeignMemory.unregister(ctx);
    }
    return make(h, op);
  }
}
