package dev.myelin.data.table;

import java.time.LocalDateTime;
import org.dflib.BooleanSeries;
import org.dflib.DoubleSeries;
import org.dflib.FloatSeries;
import org.dflib.IntSeries;
import org.dflib.LongSeries;
import org.dflib.Series;

/** Storage helpers over DFLib series: pandas-like type inference and row selection. */
final class Columns {
  private Columns() {}

  /** Whether {@code v} is a missing value: null, or a NaN float. */
  static boolean isMissing(Object v) {
    return v == null || (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN());
  }

  /** The dtype of stored values (primitive series map directly; object series are scanned). */
  static DType dtypeOf(Series<?> s) {
    if (s instanceof DoubleSeries || s instanceof FloatSeries) {
      return DType.FLOAT64;
    }
    if (s instanceof LongSeries || s instanceof IntSeries) {
      return DType.INT64;
    }
    if (s instanceof BooleanSeries) {
      return DType.BOOL;
    }
    boolean anyDate = false;
    for (int i = 0; i < s.size(); i++) {
      Object v = s.get(i);
      if (v == null) {
        continue;
      }
      if (!(v instanceof LocalDateTime)) {
        return DType.OBJECT;
      }
      anyDate = true;
    }
    return anyDate ? DType.DATETIME64 : DType.OBJECT;
  }

  /**
   * Stores boxed values the way pandas would type them: integers without gaps as int64, numbers
   * (with gaps) as float64, booleans without gaps as bool, anything else as objects.
   */
  static Series<?> normalize(Series<?> s) {
    if (s instanceof DoubleSeries || s instanceof LongSeries || s instanceof BooleanSeries) {
      return s;
    }
    if (s instanceof IntSeries is) {
      long[] out = new long[is.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = is.getInt(i);
      }
      return Series.ofLong(out);
    }
    if (s instanceof FloatSeries fs) {
      double[] out = new double[fs.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = fs.getFloat(i);
      }
      return Series.ofDouble(out);
    }
    int n = s.size();
    boolean allIntegral = n > 0;
    boolean allNumber = n > 0;
    boolean allBool = n > 0;
    boolean anyPresent = false;
    boolean anyMissing = false;
    for (int i = 0; i < n; i++) {
      Object v = s.get(i);
      if (isMissing(v)) {
        anyMissing = true;
        allBool = false;
        allIntegral = false;
        if (v == null) {
          continue;
        }
      } else {
        anyPresent = true;
      }
      boolean integral =
          v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
      allIntegral &= integral;
      allNumber &= v instanceof Number;
      allBool &= v instanceof Boolean;
    }
    if (!anyPresent) {
      return s;
    }
    if (allIntegral && !anyMissing) {
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = ((Number) s.get(i)).longValue();
      }
      return Series.ofLong(out);
    }
    if (allNumber) {
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        Object v = s.get(i);
        out[i] = v == null ? Double.NaN : ((Number) v).doubleValue();
      }
      return Series.ofDouble(out);
    }
    if (allBool) {
      boolean[] out = new boolean[n];
      for (int i = 0; i < n; i++) {
        out[i] = (Boolean) s.get(i);
      }
      return Series.ofBool(out);
    }
    return s;
  }

  /** The values at {@code rows}, keeping primitive storage. */
  static Series<?> take(Series<?> s, int[] rows) {
    if (s instanceof DoubleSeries ds) {
      double[] out = new double[rows.length];
      for (int i = 0; i < rows.length; i++) {
        out[i] = ds.getDouble(rows[i]);
      }
      return Series.ofDouble(out);
    }
    if (s instanceof LongSeries ls) {
      long[] out = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        out[i] = ls.getLong(rows[i]);
      }
      return Series.ofLong(out);
    }
    if (s instanceof BooleanSeries bs) {
      boolean[] out = new boolean[rows.length];
      for (int i = 0; i < rows.length; i++) {
        out[i] = bs.getBool(rows[i]);
      }
      return Series.ofBool(out);
    }
    Object[] out = new Object[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = s.get(rows[i]);
    }
    return Series.of(out);
  }

  /** The range {@code 0..n-1} as row numbers. */
  static int[] range(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }
}
