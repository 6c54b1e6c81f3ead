package dev.myelin;

/**
 * One axis of a slicing expression, with Python semantics: a range {@code start:stop:step}
 * (negative values count from the end, out-of-range bounds are clamped, negative steps walk
 * backwards) or a single integer index, which removes the axis.
 */
public final class Slice {
  private static final Slice ALL = new Slice(null, null, 1, false);

  final Long start;
  final Long stop;
  final long step;
  final boolean index;

  private Slice(Long start, Long stop, long step, boolean index) {
    if (step == 0) {
      throw new IllegalArgumentException(
          "slice: argument 'step' expected a non-zero value but was 0");
    }
    this.start = start;
    this.stop = stop;
    this.step = step;
    this.index = index;
  }

  /** The whole axis ({@code :}). */
  public static Slice all() {
    return ALL;
  }

  /** {@code start:stop}. */
  public static Slice range(long start, long stop) {
    return new Slice(start, stop, 1, false);
  }

  /** {@code start:stop:step}. */
  public static Slice range(long start, long stop, long step) {
    return new Slice(start, stop, step, false);
  }

  /** {@code start:}. */
  public static Slice from(long start) {
    return new Slice(start, null, 1, false);
  }

  /** {@code :stop}. */
  public static Slice to(long stop) {
    return new Slice(null, stop, 1, false);
  }

  /** {@code ::step}, e.g. {@code every(-1)} reverses the axis. */
  public static Slice every(long step) {
    return new Slice(null, null, step, false);
  }

  /**
   * A general slice; null bounds mean "from the beginning" / "to the end" for the step's direction.
   */
  public static Slice of(Long start, Long stop, long step) {
    return new Slice(start, stop, step, false);
  }

  /** A single index (negative counts from the end); the axis is removed from the result. */
  public static Slice index(long i) {
    return new Slice(i, null, 1, true);
  }

  /** Whether this slice is a single index. */
  public boolean isIndex() {
    return index;
  }

  /**
   * Normalises this slice for an axis of size {@code dim} like Python's {@code slice.indices}:
   * returns {start, stop, step}; an index returns {i, i + 1, 1} after a range check.
   */
  long[] normalize(long dim, int axis, String op) {
    if (index) {
      long i = start < 0 ? start + dim : start;
      if (i < 0 || i >= dim) {
        throw new IndexOutOfBoundsException(
            op + ": index " + start + " is out of range for axis " + axis + " with size " + dim);
      }
      return new long[] {i, i + 1, 1};
    }
    long lower = step > 0 ? 0 : -1;
    long upper = step > 0 ? dim : dim - 1;
    long s = bound(start, step < 0 ? upper : lower, dim, lower, upper);
    long e = bound(stop, step < 0 ? lower : upper, dim, lower, upper);
    return new long[] {s, e, step};
  }

  /**
   * One end of a slice as Python resolves it: {@code ifNull} when omitted, else counted from the
   * end when negative and clamped to [lower, upper].
   */
  private static long bound(Long v, long ifNull, long dim, long lower, long upper) {
    if (v == null) {
      return ifNull;
    }
    long x = v < 0 ? v + dim : v;
    return x < lower ? lower : (x > upper ? upper : x);
  }

  /** Parses one comma-free numpy component like {@code "1:3"}, {@code "::-1"} or {@code "-2"}. */
  static Slice parse(String token, String spec) {
    String t = token.trim();
    try {
      if (!t.contains(":")) {
        return index(Long.parseLong(t));
      }
      String[] parts = t.split(":", -1);
      if (parts.length > 3) {
        throw new NumberFormatException();
      }
      Long s = parts[0].isBlank() ? null : Long.parseLong(parts[0].trim());
      Long e = parts[1].isBlank() ? null : Long.parseLong(parts[1].trim());
      long st = parts.length < 3 || parts[2].isBlank() ? 1 : Long.parseLong(parts[2].trim());
      if (st == 0) {
        throw new IllegalArgumentException(
            "slice: argument 'spec' expected a non-zero step but was \"" + spec + "\"");
      }
      return new Slice(s, e, st, false);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "slice: argument 'spec' expected components like \"1:3\", \"::-1\", \"2\" or \"...\" but was \""
              + spec
              + "\"");
    }
  }

  /** Returns the numpy form, e.g. {@code "1:3:2"}. */
  @Override
  public String toString() {
    if (index) {
      return Long.toString(start);
    }
    return (start == null ? "" : start)
        + ":"
        + (stop == null ? "" : stop)
        + (step == 1 ? "" : ":" + step);
  }
}
