package dev.myelin.internal;

import dev.myelin.DType;
import java.util.Arrays;

/** Argument checks shared by Tensor and its op helpers (not public API). */
public final class TensorChecks {
  private TensorChecks() {}

  /** The number of elements of a shape. */
  public static long numel(long[] s) {
    long n = 1;
    for (long d : s) {
      n *= d;
    }
    return n;
  }

  /**
   * {@code axis} with a negative value counted from the end, or an exception naming op and
   * argument.
   */
  public static int normAxis(int axis, int rank, String op, String name) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          op
              + ": argument '"
              + name
              + "' expected an axis in ["
              + (-rank)
              + ", "
              + rank
              + ") but was "
              + axis);
    }
    return a;
  }

  /** Rejects a null shape or a negative dimension, naming op. */
  public static void checkShape(long[] shape, String op) {
    if (shape == null) {
      throw Errors.arg(op, "shape", "a shape", "null");
    }
    for (long d : shape) {
      if (d < 0) {
        throw Errors.arg(op, "shape", "non-negative dimensions", Arrays.toString(shape));
      }
    }
  }

  /** Rejects a null dtype, naming op. */
  public static void checkDType(DType d, String op) {
    if (d == null) {
      throw Errors.arg(op, "dtype", "a DType", "null");
    }
  }
}
