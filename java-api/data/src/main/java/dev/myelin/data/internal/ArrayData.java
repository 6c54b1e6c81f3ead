package dev.myelin.data.internal;

import dev.myelin.Tensor;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * The array-likes the toolkit's metrics, plots and splits accept, as scikit-learn accepts numpy
 * arrays, lists and pandas objects: Java arrays, {@link Series}, {@link DataFrame} and tensors (a
 * model's predictions go straight in). Each reader names the argument when a value does not fit.
 */
public final class ArrayData {
  private ArrayData() {}

  /**
   * Integer class labels from {@code int[]}, {@code long[]}, {@code boolean[]}, integral {@code
   * double[]}/{@code float[]}, a {@link Series}, a tensor of shape {@code (n,)} or {@code (n, 1)}
   * (bool tensors such as {@code pred.gt(0.5)} give 0/1) or a one-column matrix.
   */
  public static int[] labels(Object a, String arg) {
    if (a instanceof int[] i) {
      return i;
    }
    if (a instanceof Series s) {
      return s.toIntLabels();
    }
    if (a instanceof boolean[] b) {
      int[] r = new int[b.length];
      for (int k = 0; k < b.length; k++) {
        r[k] = b[k] ? 1 : 0;
      }
      return r;
    }
    double[] v = values(a, arg);
    int[] r = new int[v.length];
    for (int k = 0; k < v.length; k++) {
      if (v[k] != Math.rint(v[k]) || Math.abs(v[k]) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            arg
                + ": expected integer class labels (threshold probabilities first, e.g."
                + " pred.gt(0.5), or take pred.argmax(1)), got "
                + v[k]
                + " at index "
                + k);
      }
      r[k] = (int) v[k];
    }
    return r;
  }

  /**
   * One value per sample from {@code double[]}, {@code float[]}, {@code int[]}, {@code long[]},
   * {@code boolean[]}, a numeric {@link Series}, a tensor of shape {@code (n,)} or {@code (n, 1)}
   * or a one-column matrix ({@code double[][]}, {@code float[][]}, a one-column {@link DataFrame}).
   */
  public static double[] values(Object a, String arg) {
    if (a instanceof double[] d) {
      return d;
    }
    if (a instanceof float[] f) {
      double[] r = new double[f.length];
      for (int k = 0; k < f.length; k++) {
        r[k] = f[k];
      }
      return r;
    }
    if (a instanceof int[] i) {
      return java.util.Arrays.stream(i).asDoubleStream().toArray();
    }
    if (a instanceof long[] l) {
      return java.util.Arrays.stream(l).asDoubleStream().toArray();
    }
    if (a instanceof boolean[] b) {
      double[] r = new double[b.length];
      for (int k = 0; k < b.length; k++) {
        r[k] = b[k] ? 1 : 0;
      }
      return r;
    }
    if (a instanceof Series s) {
      return s.toDoubleArray();
    }
    if (a instanceof Tensor t) {
      if (t.rank() > 2 || (t.rank() == 2 && t.dim(1) != 1)) {
        throw new IllegalArgumentException(
            arg
                + ": expected one value per sample (a tensor of shape (n,) or (n, 1)), got shape "
                + java.util.Arrays.toString(t.shape())
                + "; for class probabilities take pred.argmax(1)");
      }
      return t.toDoubleArray();
    }
    if (a instanceof double[][] || a instanceof float[][] || a instanceof DataFrame) {
      double[][] m = matrix(a, arg);
      double[] r = new double[m.length];
      for (int k = 0; k < m.length; k++) {
        if (m[k].length != 1) {
          throw new IllegalArgumentException(
              arg + ": expected one value per sample (one column), got rows of " + m[k].length);
        }
        r[k] = m[k][0];
      }
      return r;
    }
    throw unsupported(a, arg, "a 1-D Java array, a Series or a tensor");
  }

  /**
   * Rows of features from {@code double[][]}, {@code float[][]}, a {@link DataFrame} (every column)
   * or a 2-D tensor; a 1-D array or tensor gives one column.
   */
  public static double[][] matrix(Object a, String arg) {
    if (a instanceof double[][] d) {
      return d;
    }
    if (a instanceof float[][] f) {
      double[][] r = new double[f.length][];
      for (int k = 0; k < f.length; k++) {
        r[k] = new double[f[k].length];
        for (int j = 0; j < f[k].length; j++) {
          r[k][j] = f[k][j];
        }
      }
      return r;
    }
    if (a instanceof DataFrame df) {
      return df.toDoubleMatrix();
    }
    if (a instanceof Tensor t && t.rank() == 2) {
      int rows = (int) t.dim(0);
      int cols = (int) t.dim(1);
      double[] flat = t.toDoubleArray();
      double[][] r = new double[rows][cols];
      for (int k = 0; k < rows; k++) {
        System.arraycopy(flat, k * cols, r[k], 0, cols);
      }
      return r;
    }
    if (a instanceof Tensor || a instanceof Series || a != null && a.getClass().isArray()) {
      double[] v = values(a, arg);
      double[][] r = new double[v.length][1];
      for (int k = 0; k < v.length; k++) {
        r[k][0] = v[k];
      }
      return r;
    }
    throw unsupported(a, arg, "double[][], float[][], a DataFrame or a 2-D tensor");
  }

  /** The number of samples (rows) of any supported array-like. */
  public static int length(Object a, String arg) {
    if (a instanceof DataFrame df) {
      return df.length();
    }
    if (a instanceof Series s) {
      return s.size();
    }
    if (a instanceof Tensor t) {
      return t.rank() == 0 ? 1 : (int) t.dim(0);
    }
    if (a != null && a.getClass().isArray()) {
      return java.lang.reflect.Array.getLength(a);
    }
    throw unsupported(a, arg, "an array, a DataFrame, a Series or a tensor");
  }

  /**
   * The rows {@code idx} of {@code a}, in that order, in {@code a}'s own type: Java arrays (rows
   * shared, not copied, for matrices), frames and series keep their index labels as pandas' {@code
   * iloc} does, tensors are gathered along axis 0.
   */
  @SuppressWarnings("unchecked")
  public static <T> T take(T a, int[] idx, String arg) {
    Object r;
    if (a instanceof DataFrame df) {
      List<Series> cols = new ArrayList<>();
      for (String c : df.columns()) {
        cols.add(take(df.get(c), idx, arg));
      }
      r = DataFrame.of(cols);
    } else if (a instanceof Series s) {
      List<Object> v = new ArrayList<>(idx.length);
      List<Object> labels = new ArrayList<>(idx.length);
      List<Object> index = s.index();
      for (int k : idx) {
        v.add(s.get(k));
        labels.add(index.get(k));
      }
      r = Series.ofList(s.name(), v, labels);
    } else if (a instanceof Tensor t) {
      try (Tensor i = Tensor.fromArray(idx, idx.length)) {
        r = t.take(i, 0);
      }
    } else if (a != null && a.getClass().isArray()) {
      Object out = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), idx.length);
      for (int k = 0; k < idx.length; k++) {
        java.lang.reflect.Array.set(out, k, java.lang.reflect.Array.get(a, idx[k]));
      }
      r = out;
    } else {
      throw unsupported(a, arg, "an array, a DataFrame, a Series or a tensor");
    }
    return (T) r;
  }

  private static IllegalArgumentException unsupported(Object a, String arg, String expected) {
    return new IllegalArgumentException(
        arg
            + ": expected "
            + expected
            + ", got "
            + (a == null ? "null" : a.getClass().getSimpleName()));
  }
}
