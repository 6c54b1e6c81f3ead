package dev.myelin.saving;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import java.util.Arrays;

/**
 * One named weight as stored in a weights file: its name, shape and values in row-major order, held
 * on the Java heap so files are read and written without a native tensor.
 *
 * <p>FLOAT32 values live in a {@code float[]}; FLOAT64, INT32 and INT64 values in a {@code
 * double[]} (integers written back with their integer type).
 */
public final class WeightArray {
  private final String name;
  private final long[] shape;
  private final DType dtype;
  private final float[] floats;
  private final double[] doubles;

  private WeightArray(String name, long[] shape, DType dtype, float[] floats, double[] doubles) {
    if (name == null || name.isEmpty()) {
      throw Errors.arg("WeightArray", "name", "a non-empty name", name == null ? "null" : "\"\"");
    }
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw Errors.arg("WeightArray", "shape", "non-negative dimensions", Arrays.toString(shape));
      }
      n *= d;
    }
    int len = floats != null ? floats.length : doubles.length;
    if (n != len) {
      throw Errors.arg(
          "WeightArray",
          "data",
          n + " values for shape " + Arrays.toString(shape),
          len + " values (weight " + name + ")");
    }
    this.name = name;
    this.shape = shape.clone();
    this.dtype = dtype;
    this.floats = floats;
    this.doubles = doubles;
  }

  /** A float32 weight; {@code data} is used without copying. */
  public static WeightArray of(String name, long[] shape, float[] data) {
    return new WeightArray(name, shape, DType.FLOAT32, data, null);
  }

  /** A float64 weight; {@code data} is used without copying. */
  public static WeightArray of(String name, long[] shape, double[] data) {
    return new WeightArray(name, shape, DType.FLOAT64, null, data);
  }

  /** A weight of integer {@code dtype} (INT32 or INT64) or FLOAT64 held as doubles. */
  public static WeightArray of(String name, long[] shape, DType dtype, double[] data) {
    if (dtype == DType.FLOAT32) {
      float[] f = new float[data.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) data[i];
      }
      return of(name, shape, f);
    }
    if (dtype != DType.FLOAT64 && dtype != DType.INT32 && dtype != DType.INT64) {
      throw Errors.arg("WeightArray", "dtype", "float32, float64, int32 or int64", dtype);
    }
    return new WeightArray(name, shape, dtype, null, data);
  }

  /** A copy of {@code t}'s values (float32 and float64 keep their type, integers become INT64). */
  public static WeightArray of(String name, Tensor t) {
    switch (t.dtype()) {
      case FLOAT32:
        return of(name, t.shape(), t.toFloatArray());
      case FLOAT64:
        return of(name, t.shape(), t.toDoubleArray());
      case INT32:
        return of(name, t.shape(), DType.INT32, t.toDoubleArray());
      default:
        return of(name, t.shape(), DType.INT64, t.toDoubleArray());
    }
  }

  /** The weight's name (e.g. {@code kernel}, or the index {@code 0} in a Keras 3 file). */
  public String name() {
    return name;
  }

  /** The shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** The element type as stored. */
  public DType dtype() {
    return dtype;
  }

  /** The number of values. */
  public int size() {
    return floats != null ? floats.length : doubles.length;
  }

  /** The values as floats (the stored array itself when FLOAT32, else a converted copy). */
  public float[] floats() {
    if (floats != null) {
      return floats;
    }
    float[] f = new float[doubles.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) doubles[i];
    }
    return f;
  }

  /** The values as doubles (the stored array itself unless FLOAT32, else a converted copy). */
  public double[] doubles() {
    if (doubles != null) {
      return doubles;
    }
    double[] d = new double[floats.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = floats[i];
    }
    return d;
  }

  /** A new tensor with these values: FLOAT32 or FLOAT64 as stored, integers as INT64. */
  public Tensor toTensor() {
    switch (dtype) {
      case FLOAT32:
        return Tensor.fromArray(floats, shape);
      case FLOAT64:
        return Tensor.fromArray(doubles, shape);
      default:
        long[] l = new long[doubles.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = (long) doubles[i];
        }
        return Tensor.fromArray(l, shape);
    }
  }

  /** {@code name shape dtype}, e.g. {@code kernel [2, 4] float32}. */
  @Override
  public String toString() {
    return name + " " + Arrays.toString(shape) + " " + dtype;
  }
}
