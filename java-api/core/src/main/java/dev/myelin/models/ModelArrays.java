package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.losses.SparseCategoricalCrossentropy;

/**
 * Turns what a user has in hand (Java arrays, the data toolkit's frames and series, tensors) into
 * the tensors {@link Model#fit(Object, Object, FitOptions)} and friends take, as Keras's {@code
 * fit(x, y)} takes any array-like. New tensors belong to the caller's scope.
 */
final class ModelArrays {
  private ModelArrays() {}

  /** The input array {@code x} as a tensor (float arrays become float32). */
  static Tensor input(String op, String arg, Object x) {
    if (x instanceof Tensor t) {
      return t;
    }
    if (x instanceof ArrayLike a) {
      return a.toTensor();
    }
    if (x instanceof double[][] d) {
      return Tensor.of(d);
    }
    if (x instanceof float[][] f) {
      return Tensor.of(f);
    }
    if (x instanceof int[][] i) {
      return Tensor.of(i);
    }
    if (x instanceof long[][] l) {
      return Tensor.of(l);
    }
    if (x instanceof double[] d) {
      return Tensor.fromArray(d, d.length).cast(DType.FLOAT32);
    }
    if (x instanceof float[] f) {
      return Tensor.fromArray(f, f.length);
    }
    if (x instanceof int[] i) {
      return Tensor.fromArray(i, i.length);
    }
    if (x instanceof long[] l) {
      return Tensor.fromArray(l, l.length);
    }
    if (x instanceof boolean[] b) {
      return Tensor.fromArray(b, b.length);
    }
    throw new IllegalArgumentException(
        op
            + ": argument '"
            + arg
            + "' expected a Tensor, a DataFrame/Series, double[][], float[][],"
            + " int[][], long[][] or a 1-D Java array but was "
            + (x == null ? "null" : x.getClass().getSimpleName()));
  }

  /**
   * The target array {@code y} as a tensor: integer labels stay integers for the sparse categorical
   * cross-entropy (which wants class ids) and become float32 for every other loss, as Keras casts
   * {@code y} to the output's dtype; double values become float32.
   */
  static Tensor target(Model m, String op, Object y) {
    Tensor t = input(op, "y", y);
    boolean sparse = m.loss() instanceof SparseCategoricalCrossentropy;
    if (t.dtype() == DType.FLOAT64 || (!t.dtype().isFloating() && !sparse)) {
      return t.cast(DType.FLOAT32);
    }
    return t;
  }
}
