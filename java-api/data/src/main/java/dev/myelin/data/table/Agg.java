package dev.myelin.data.table;

/** An aggregation for group-by and pivot tables, with pandas semantics (missing values skipped). */
public enum Agg {
  /** The number of present values. */
  COUNT,
  /** The number of rows, missing values included. */
  SIZE,
  /** The sum. */
  SUM,
  /** The mean. */
  MEAN,
  /** The sample standard deviation (ddof=1). */
  STD,
  /** The sample variance (ddof=1). */
  VAR,
  /** The minimum. */
  MIN,
  /** The maximum. */
  MAX,
  /** The median. */
  MEDIAN,
  /** The first present value. */
  FIRST;

  /** Whether the result is an integer count. */
  boolean isCount() {
    return this == COUNT || this == SIZE;
  }

  /** Applies this aggregation to the rows {@code rows} of {@code column}. */
  Object apply(Series column, int[] rows) {
    Series part = column.take(rows);
    switch (this) {
      case COUNT:
        return (long) part.count();
      case SIZE:
        return (long) rows.length;
      case FIRST:
        for (int i = 0; i < part.size(); i++) {
          if (!part.isNull(i)) {
            return part.get(i);
          }
        }
        return null;
      default:
        break;
    }
    if ((part.dtype() == DType.INT64 && (this == SUM || this == MIN || this == MAX))
        || (part.dtype() == DType.BOOL && this == SUM)) {
      // pandas keeps integer sums, minima and maxima of int columns (and counts True values).
      long acc = this == MIN ? Long.MAX_VALUE : this == MAX ? Long.MIN_VALUE : 0;
      for (int i = 0; i < part.size(); i++) {
        long x = part.dtype() == DType.BOOL ? ((Boolean) part.get(i) ? 1 : 0) : (Long) part.get(i);
        acc = this == MIN ? Math.min(acc, x) : this == MAX ? Math.max(acc, x) : acc + x;
      }
      return acc;
    }
    double[] v = part.toDoubleArray();
    switch (this) {
      case SUM:
        return Stats.sum(v);
      case MEAN:
        return Stats.mean(v);
      case STD:
        return Stats.std(v, 1);
      case VAR:
        return Stats.var(v, 1);
      case MIN:
        return Stats.min(v);
      case MAX:
        return Stats.max(v);
      default:
        return Stats.quantile(v, 0.5);
    }
  }
}
