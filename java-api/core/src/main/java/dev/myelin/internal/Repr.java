package dev.myelin.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * numpy's {@code repr} of an array (numpy >= 1.14 defaults: precision 8, floatmode "maxprec", line
 * width 75, threshold 1000, 3 edge items), ported from numpy's arrayprint module.
 */
public final class Repr {
  private static final int LINE_WIDTH = 75;
  private static final int PRECISION = 8;
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final String PREFIX = "array(";

  private Repr() {}

  /**
   * Formats like numpy's repr, reading element i (row-major) through {@code values}; only the
   * printed elements are read, so summarised huge tensors are cheap.
   */
  public static String format(LongToDoubleFunction values, long[] shape, String dtype) {
    boolean implied = dtype.equals("float64") || dtype.equals("int64") || dtype.equals("bool");
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    String lst;
    if (size == 0) {
      if (shape.length == 1) {
        lst = "[]";
      } else {
        StringBuilder sb = new StringBuilder("[], shape=(");
        for (int i = 0; i < shape.length; i++) {
          sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        if (shape.length == 1) {
          sb.append(',');
        }
        lst = sb.append(')').toString();
      }
    } else {
      boolean summary = size > THRESHOLD;
      Elem fmt = formatter(summaryValues(values, shape, summary), dtype, shape.length == 0);
      String indent = " ".repeat(PREFIX.length() + 1);
      long[] strides = new long[shape.length];
      long st = 1;
      for (int i = shape.length - 1; i >= 0; i--) {
        strides[i] = st;
        st *= shape[i];
      }
      Ctx c = new Ctx(values, shape, strides, fmt, summary);
      lst = c.recurse(0, 0, indent, LINE_WIDTH - 1);
    }
    boolean skipDtype = implied && size > 0;
    String arr = PREFIX + lst + (skipDtype ? ")" : ",");
    if (skipDtype) {
      return arr;
    }
    String dtypeStr = "dtype=" + dtype + ")";
    int lastLine = arr.length() - (arr.lastIndexOf('\n') + 1);
    String spacer = " ";
    if (lastLine + dtypeStr.length() + 1 > LINE_WIDTH) {
      spacer = "\n" + " ".repeat(PREFIX.length());
    }
    return arr + spacer + dtypeStr;
  }

  /** The values numpy uses to size the format: all, or only the edge items when summarising. */
  private static double[] summaryValues(LongToDoubleFunction v, long[] shape, boolean summary) {
    List<Double> out = new ArrayList<>();
    long[] strides = new long[shape.length];
    long st = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = st;
      st *= shape[i];
    }
    collect(v, shape, strides, 0, 0, out, summary);
    double[] r = new double[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = out.get(i);
    }
    return r;
  }

  private static void collect(
      LongToDoubleFunction v,
      long[] shape,
      long[] strides,
      int axis,
      long off,
      List<Double> out,
      boolean summary) {
    if (axis == shape.length) {
      out.add(v.applyAsDouble(off));
      return;
    }
    long n = shape[axis];
    for (long i = 0; i < n; i++) {
      if (summary && n > 2 * EDGE && i == EDGE) {
        i = n - EDGE;
      }
      collect(v, shape, strides, axis + 1, off + i * strides[axis], out, summary);
    }
  }

  /** Formats one element. */
  private interface Elem {
    String apply(double x);
  }

  private static Elem formatter(double[] data, String dtype, boolean zeroD) {
    switch (dtype) {
      case "bool":
        return x -> x != 0 ? (zeroD ? "True" : " True") : "False";
      case "float32":
      case "float64":
        return new FloatFormat(data, dtype.equals("float32"));
      default:
        int w = 0;
        for (double x : data) {
          w = Math.max(w, Long.toString((long) x).length());
        }
        int width = w;
        return x -> pad(Long.toString((long) x), width);
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /** numpy's FloatingFormat with floatmode "maxprec". */
  private static final class FloatFormat implements Elem {
    final boolean f32;
    boolean exp;
    int padLeft;
    int padRight;
    int precision = PRECISION;
    int expSize = -1;

    FloatFormat(double[] data, boolean f32) {
      this.f32 = f32;
      List<Double> finite = new ArrayList<>();
      boolean negInf = false;
      boolean nonFinite = false;
      for (double x : data) {
        if (Double.isFinite(x)) {
          finite.add(x);
        } else {
          nonFinite = true;
          negInf |= x == Double.NEGATIVE_INFINITY;
        }
      }
      double max = 0;
      double min = Double.POSITIVE_INFINITY;
      boolean anyNonZero = false;
      for (double x : finite) {
        double a = Math.abs(x);
        if (a != 0) {
          anyNonZero = true;
          max = Math.max(max, a);
          min = Math.min(min, a);
        }
      }
      if (anyNonZero && (max >= 1e8 || min < 0.0001 || max / min > 1000.)) {
        exp = true;
      }
      if (finite.isEmpty()) {
        padLeft = 0;
        padRight = 0;
      } else if (exp) {
        int fracMax = 0;
        int intMax = 0;
        int expMax = 0;
        for (double x : finite) {
          String[] p = scientific(x);
          intMax = Math.max(intMax, p[0].length());
          fracMax = Math.max(fracMax, p[1].length());
          expMax = Math.max(expMax, p[2].length());
        }
        expSize = expMax;
        precision = fracMax;
        padLeft = intMax;
        padRight = expSize + 2 + precision;
      } else {
        for (double x : finite) {
          String[] p = positional(x);
          padLeft = Math.max(padLeft, p[0].length());
          padRight = Math.max(padRight, p[1].length());
        }
      }
      if (nonFinite) {
        int offset = padRight + 1;
        padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (negInf ? 1 : 0) - offset));
      }
    }

    /** Shortest decimal that round-trips to x in its own precision. */
    private BigDecimal shortest(double x) {
      BigDecimal exact = new BigDecimal(x);
      for (int p = 1; p <= 17; p++) {
        BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        double back =
            f32 ? (double) Float.parseFloat(r.toString()) : Double.parseDouble(r.toString());
        if (back == x) {
          return r;
        }
      }
      return exact;
    }

    /** {sign+int digits, fraction digits} of the positional form with at most 8 decimals. */
    private String[] positional(double x) {
      boolean neg = x < 0 || (x == 0 && 1 / x < 0);
      BigDecimal b = shortest(Math.abs(x));
      if (b.scale() > PRECISION) {
        b = b.setScale(PRECISION, RoundingMode.HALF_EVEN);
      }
      b = b.stripTrailingZeros();
      String s = b.scale() <= 0 ? b.setScale(0).toPlainString() : b.toPlainString();
      int dot = s.indexOf('.');
      String ip = dot < 0 ? s : s.substring(0, dot);
      String fp = dot < 0 ? "" : s.substring(dot + 1);
      return new String[] {(neg ? "-" : "") + ip, fp};
    }

    /** {sign+leading digit, fraction digits, exponent with sign and at least 2 digits}. */
    private String[] scientific(double x) {
      boolean neg = x < 0 || (x == 0 && 1 / x < 0);
      double a = Math.abs(x);
      if (a == 0) {
        return new String[] {neg ? "-0" : "0", "", "+00"};
      }
      BigDecimal b = shortest(a);
      if (b.precision() > PRECISION + 1) {
        b = b.round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
      }
      b = b.stripTrailingZeros();
      String digits = b.unscaledValue().toString();
      int e = digits.length() - 1 - b.scale();
      String ip = digits.substring(0, 1);
      String fp = digits.substring(1);
      String es = Integer.toString(Math.abs(e));
      if (es.length() < 2) {
        es = "0" + es;
      }
      return new String[] {(neg ? "-" : "") + ip, fp, (e < 0 ? "-" : "+") + es};
    }

    @Override
    public String apply(double x) {
      if (!Double.isFinite(x)) {
        String r = Double.isNaN(x) ? "nan" : (x < 0 ? "-inf" : "inf");
        return pad(r, padLeft + padRight + 1);
      }
      if (exp) {
        String[] p = scientific(x);
        StringBuilder sb = new StringBuilder(pad(p[0], padLeft)).append('.').append(p[1]);
        for (int i = p[1].length(); i < precision; i++) {
          sb.append('0');
        }
        String digits = p[2].substring(1);
        while (digits.length() < expSize - 1) {
          digits = "0" + digits;
        }
        return sb.append('e').append(p[2].charAt(0)).append(digits).toString();
      }
      String[] p = positional(x);
      StringBuilder sb = new StringBuilder(pad(p[0], padLeft)).append('.').append(p[1]);
      for (int i = p[1].length(); i < padRight; i++) {
        sb.append(' ');
      }
      return sb.toString();
    }
  }

  /** The recursive layout of numpy's {@code _formatArray}. */
  private static final class Ctx {
    final LongToDoubleFunction v;
    final long[] shape;
    final long[] strides;
    final Elem fmt;
    final boolean summary;
    final String separator = ", ";

    Ctx(LongToDoubleFunction v, long[] shape, long[] strides, Elem fmt, boolean summary) {
      this.v = v;
      this.shape = shape;
      this.strides = strides;
      this.fmt = fmt;
      this.summary = summary;
    }

    String recurse(int axis, long off, String hanging, int currWidth) {
      int axesLeft = shape.length - axis;
      if (axesLeft == 0) {
        return fmt.apply(v.applyAsDouble(off));
      }
      String nextHanging = hanging + " ";
      int nextWidth = currWidth - 1;
      long n = shape[axis];
      boolean show = summary && 2 * EDGE < n;
      long leading = show ? EDGE : 0;
      long trailing = show ? EDGE : n;
      long stride = strides[axis];
      StringBuilder s = new StringBuilder();
      if (axesLeft == 1) {
        int elemWidth = currWidth - 1;
        String[] line = {hanging};
        for (long i = 0; i < leading; i++) {
          extend(
              s,
              line,
              recurse(axis + 1, off + i * stride, nextHanging, nextWidth),
              elemWidth,
              hanging);
          line[0] += separator;
        }
        if (show) {
          extend(s, line, "...", elemWidth, hanging);
          line[0] += separator;
        }
        for (long i = trailing; i > 1; i--) {
          extend(
              s,
              line,
              recurse(axis + 1, off + (n - i) * stride, nextHanging, nextWidth),
              elemWidth,
              hanging);
          line[0] += separator;
        }
        extend(
            s,
            line,
            recurse(axis + 1, off + (n - 1) * stride, nextHanging, nextWidth),
            elemWidth,
            hanging);
        s.append(line[0]);
      } else {
        String lineSep = "," + "\n".repeat(axesLeft - 1);
        for (long i = 0; i < leading; i++) {
          s.append(hanging)
              .append(recurse(axis + 1, off + i * stride, nextHanging, nextWidth))
              .append(lineSep);
        }
        if (show) {
          s.append(hanging).append("...").append(lineSep);
        }
        for (long i = trailing; i > 1; i--) {
          s.append(hanging)
              .append(recurse(axis + 1, off + (n - i) * stride, nextHanging, nextWidth))
              .append(lineSep);
        }
        s.append(hanging).append(recurse(axis + 1, off + (n - 1) * stride, nextHanging, nextWidth));
      }
      return "[" + s.substring(hanging.length()) + "]";
    }

    private static void extend(
        StringBuilder s, String[] line, String word, int width, String nextPrefix) {
      boolean wrap = line[0].length() + word.length() > width;
      if (line[0].length() <= nextPrefix.length()) {
        wrap = false;
      }
      if (wrap) {
        s.append(line[0].stripTrailing()).append('\n');
        line[0] = nextPrefix;
      }
      line[0] += word;
    }
  }
}
