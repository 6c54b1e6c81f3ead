package dev.myelin.data.table;

import dev.myelin.Tensor;
import dev.myelin.data.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import org.dflib.BooleanSeries;
import org.dflib.DoubleSeries;
import org.dflib.LongSeries;

/**
 * Frames and series to and from core tensors, reading DFLib's primitive columns straight into one
 * row-major array (no per-row boxing, no intermediate {@code double[][]}).
 */
final class TensorConversion {
  private TensorConversion() {}

  /** Fails naming every column that is not int, float or bool, with its dtype. */
  static void requireNumeric(DataFrame df, List<String> names, String op) {
    List<String> bad = new ArrayList<>();
    for (String c : names) {
      DType t = df.get(c).dtype();
      if (!t.isNumeric()) {
        bad.add("'" + c + "' (" + t.pandasName() + ")");
      }
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          op
              + ": expected int, float or bool columns, got non-numeric "
              + String.join(", ", bad)
              + "; encode them first (getDummies, LabelEncoder) or leave them out");
    }
  }

  /** Fails naming the column, the first missing row (with its label) and how many there are. */
  static void missingValue(Series s, int row, String op) {
    int count = 0;
    for (int i = 0; i < s.size(); i++) {
      if (s.isNull(i)) {
        count++;
      }
    }
    throw new IllegalArgumentException(
        op
            + ": column '"
            + s.name()
            + "' has "
            + count
            + " missing value(s), the first at row "
            + row
            + " (label "
            + Display.label(s.indexLabel(row))
            + "); fill or drop them first (fillNa, dropNa) or allow NaN");
  }

  /** The columns as a float32 {@code (rows, columns)} tensor. */
  static Tensor toTensor(DataFrame df, List<String> names, boolean allowNaN) {
    String op = "toTensor";
    Checks.nonEmpty("columns", names.size());
    df.requireColumns(names.toArray(new String[0]));
    requireNumeric(df, names, op);
    int rows = df.length();
    int cols = names.size();
    float[] data = new float[rows * cols];
    for (int c = 0; c < cols; c++) {
      Series s = df.get(names.get(c));
      org.dflib.Series<?> v = s.storage();
      for (int r = 0, at = c; r < rows; r++, at += cols) {
        float f;
        if (v instanceof DoubleSeries ds) {
          double d = ds.getDouble(r);
          if (Double.isNaN(d) && !allowNaN) {
            missingValue(s, r, op);
          }
          f = (float) d;
        } else if (v instanceof LongSeries ls) {
          f = (float) ls.getLong(r);
        } else if (v instanceof BooleanSeries bs) {
          f = bs.getBool(r) ? 1f : 0f;
        } else {
          Object o = v.get(r);
          if (o == null) {
            if (!allowNaN) {
              missingValue(s, r, op);
            }
            f = Float.NaN;
          } else {
            f = ((Number) o).floatValue();
          }
        }
        data[at] = f;
      }
    }
    return Tensor.fromArray(data, rows, cols);
  }

  /** A series as a 1-D labels tensor of {@code dtype} (int32/int64 need integral values). */
  static Tensor labels(Series s, dev.myelin.DType dtype) {
    String op = "toLabels";
    Checks.check(dtype != null, "dtype", "a tensor dtype", "null");
    if (!s.dtype().isNumeric()) {
      throw new IllegalArgumentException(
          op
              + ": column '"
              + s.name()
              + "' is "
              + s.dtype().pandasName()
              + ", expected int, float or bool values; encode strings first (LabelEncoder,"
              + " Series.toIntLabels)");
    }
    int n = s.size();
    org.dflib.Series<?> v = s.storage();
    switch (dtype) {
      case INT64, INT32 -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          if (v instanceof LongSeries ls) {
            out[i] = ls.getLong(i);
          } else if (s.isNull(i)) {
            missingValue(s, i, op);
          } else {
            double d = s.getDouble(i);
            if (d != Math.rint(d) || Math.abs(d) > 0x1p63) {
              throw new IllegalArgumentException(
                  op
                      + ": column '"
                      + s.name()
                      + "', row "
                      + i
                      + ": expected an integer label for "
                      + dtype.numpyName()
                      + ", got "
                      + d);
            }
            out[i] = (long) d;
          }
          if (dtype == dev.myelin.DType.INT32 && (int) out[i] != out[i]) {
            throw new IllegalArgumentException(
                op + ": column '" + s.name() + "', row " + i + ": " + out[i] + " overflows int32");
          }
        }
        if (dtype == dev.myelin.DType.INT64) {
          return Tensor.fromArray(out, n);
        }
        int[] narrow = new int[n];
        for (int i = 0; i < n; i++) {
          narrow[i] = (int) out[i];
        }
        return Tensor.fromArray(narrow, n);
      }
      case FLOAT32, FLOAT64 -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          if (s.isNull(i)) {
            missingValue(s, i, op);
          }
          out[i] = s.getDouble(i);
        }
        if (dtype == dev.myelin.DType.FLOAT64) {
          return Tensor.fromArray(out, n);
        }
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) out[i];
        }
        return Tensor.fromArray(f, n);
      }
      default ->
          throw new IllegalArgumentException(
              op + ": dtype: expected int32, int64, float32 or float64, got " + dtype.numpyName());
    }
  }

  /** A frame with one column per tensor column, typed from the tensor's dtype. */
  static DataFrame fromTensor(Tensor t, String[] names) {
    Checks.check(t != null, "tensor", "a tensor", "null");
    long[] shape = t.shape();
    Checks.check(
        shape.length == 1 || shape.length == 2,
        "tensor",
        "a 1-D or 2-D tensor",
        "shape " + java.util.Arrays.toString(shape));
    int rows = Math.toIntExact(shape[0]);
    int cols = shape.length == 1 ? 1 : Math.toIntExact(shape[1]);
    String[] cn = names;
    if (cn == null || cn.length == 0) {
      cn = new String[cols];
      for (int c = 0; c < cols; c++) {
        cn[c] = String.valueOf(c);
      }
    }
    Checks.check(
        cn.length == cols,
        "names",
        cols + " column names for shape " + java.util.Arrays.toString(shape),
        cn.length);
    List<Series> out = new ArrayList<>();
    dev.myelin.DType dt = t.dtype();
    if (dt.isFloating()) {
      double[] all = dt == dev.myelin.DType.FLOAT64 ? t.toDoubleArray() : widen(t.toFloatArray());
      for (int c = 0; c < cols; c++) {
        double[] v = new double[rows];
        for (int r = 0; r < rows; r++) {
          v[r] = all[r * cols + c];
        }
        out.add(Series.of(cn[c], v));
      }
    } else if (dt == dev.myelin.DType.BOOL) {
      boolean[] all = t.toBooleanArray();
      for (int c = 0; c < cols; c++) {
        boolean[] v = new boolean[rows];
        for (int r = 0; r < rows; r++) {
          v[r] = all[r * cols + c];
        }
        out.add(Series.of(cn[c], v));
      }
    } else {
      long[] all = t.toLongArray();
      for (int c = 0; c < cols; c++) {
        long[] v = new long[rows];
        for (int r = 0; r < rows; r++) {
          v[r] = all[r * cols + c];
        }
        out.add(Series.of(cn[c], v));
      }
    }
    return DataFrame.of(out);
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
