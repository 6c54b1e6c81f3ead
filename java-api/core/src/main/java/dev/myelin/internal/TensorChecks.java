package dev.myelin.internal;

import dev.myelin.DType;
import java.util.Arrays;

/** Argument checks shared by Tensor and its op helpers (not public API). */
public final class TensorChecks {
  private TensorChecks() {}

  /** The number of elements of a shape (the shape of an existing tensor, already checked). */
  public static long numel(long[] s) {
    return numel(s, "numel");
  }

  /**
   * The number of elements of a shape, or an exception naming op when the product of its non-zero
   * dimensions overflows a long (like numpy, a zero dimension does not excuse the others).
   */
  public static long numel(long[] s, String op) {
    long extent = 1;
    boolean empty = false;
    try {
      for (long d : s) {
        if (d == 0) {
          empty = true;
        } else {
          extent = Math.multiplyExact(extent, d);
        }
      }
    } catch (ArithmeticException e) {
      throw Errors.arg(
          op,
          "shape",
          "at most " + Long.MAX_VALUE + " elements",
          Arrays.toString(s) + " (overflows)");
    }
    return empty ? 0 : extent;
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

  /** Rejects a null shape, a negative dimension or an overflowing element count, naming op. */
  public static void checkShape(long[] shape, String op) {
    if (shape == null) {
      throw Errors.arg(op, "shape", "a shape", "null");
    }
    for (long d : shape) {
      if (d < 0) {
        throw Errors.arg(op, "shape", "non-negative dimensions", Arrays.toString(shape));
      }
    }
    numel(shape, op);
  }

  /** Rejects a null dtype, naming op. */
  public static void checkDType(DType d, String op) {
    if (d == null) {
      throw Errors.arg(op, "dtype", "a DType", "null");
    }
  }
}
