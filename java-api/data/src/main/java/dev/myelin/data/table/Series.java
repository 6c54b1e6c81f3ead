package dev.myelin.data.table;

import dev.myelin.data.internal.Checks;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dflib.BooleanSeries;
import org.dflib.DoubleSeries;
import org.dflib.LongSeries;

/**
 * One named column with pandas semantics: a dtype, missing values (NaN or null) that statistics
 * skip, and row labels (an index) that travel with the values through filters and sorts.
 *
 * <pre>{@code
 * Series age = titanic.get("Age");
 * double mean = age.mean();                         // NaN values skipped, like pandas
 * Series old = titanic.filter(age.gt(70)).get("Name");
 * }</pre>
 */
public final class Series implements dev.myelin.models.ArrayLike {
  private final String name;
  private final org.dflib.Series<?> values;
  private final org.dflib.Series<?> index;
  private final DType dtype;
  private final List<String> indexNames;

  Series(String name, org.dflib.Series<?> values, org.dflib.Series<?> index) {
    this(name, values, index, null);
  }

  Series(
      String name, org.dflib.Series<?> values, org.dflib.Series<?> index, List<String> indexNames) {
    this.name = name;
    this.indexNames =
        index == null || indexNames == null || indexNames.isEmpty()
            ? Collections.singletonList(null)
            : Collections.unmodifiableList(new ArrayList<>(indexNames));
    this.values = Columns.normalize(values);
    this.index = index;
    this.dtype = Columns.dtypeOf(this.values);
    if (index != null) {
      Checks.sameLength("values", values.size(), "index", index.size());
    }
  }

  /** A float64 series. */
  public static Series of(String name, double... values) {
    return new Series(name, org.dflib.Series.ofDouble(values.clone()), null);
  }

  /** An int64 series. */
  public static Series of(String name, long... values) {
    return new Series(name, org.dflib.Series.ofLong(values.clone()), null);
  }

  /** An int64 series from ints. */
  public static Series of(String name, int... values) {
    return new Series(
        name, org.dflib.Series.ofLong(Arrays.stream(values).asLongStream().toArray()), null);
  }

  /** A bool series. */
  public static Series of(String name, boolean... values) {
    return new Series(name, org.dflib.Series.ofBool(values.clone()), null);
  }

  /** An object series of strings ({@code null} is missing). */
  public static Series of(String name, String... values) {
    return new Series(name, org.dflib.Series.of((Object[]) values.clone()), null);
  }

  /** A series whose dtype is inferred from boxed values, as {@code pd.Series(list)} does. */
  public static Series ofList(String name, List<?> values) {
    return new Series(name, org.dflib.Series.of(values.toArray()), null);
  }

  /** A series with explicit row labels, as {@code pd.Series(values, index=labels)}. */
  public static Series ofList(String name, List<?> values, List<?> index) {
    Checks.sameLength("values", values.size(), "index", index.size());
    return new Series(
        name, org.dflib.Series.of(values.toArray()), org.dflib.Series.of(index.toArray()));
  }

  /** The column name (may be {@code null} for unnamed results). */
  public String name() {
    return name;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The number of values, missing ones included ({@code len(s)}). */
  public int size() {
    return values.size();
  }

  org.dflib.Series<?> storage() {
    return values;
  }

  org.dflib.Series<?> indexStorage() {
    return index;
  }

  /** The value at position {@code i} ({@code s.iloc[i]}); NaN or {@code null} when missing. */
  public Object get(int i) {
    checkPosition(i);
    return values.get(i);
  }

  /** The value at position {@code i} as a double; bools give 0/1 and missing values NaN. */
  public double getDouble(int i) {
    checkPosition(i);
    if (values instanceof DoubleSeries ds) {
      return ds.getDouble(i);
    }
    if (values instanceof LongSeries ls) {
      return ls.getLong(i);
    }
    if (values instanceof BooleanSeries bs) {
      return bs.getBool(i) ? 1 : 0;
    }
    Object v = values.get(i);
    if (v == null) {
      return Double.NaN;
    }
    throw new IllegalArgumentException(
        "column '"
            + name
            + "' (dtype "
            + dtype.pandasName()
            + "), row "
            + i
            + ": expected a number, got '"
            + v
            + "'");
  }

  /** Whether the value at position {@code i} is missing (NaN, NaT or null). */
  public boolean isNull(int i) {
    checkPosition(i);
    return Columns.isMissing(values.get(i));
  }

  private void checkPosition(int i) {
    Checks.check(i >= 0 && i < size(), "position", "0.." + (size() - 1), i);
  }

  /** The row label at position {@code i}: the position itself for a default (range) index. */
  public Object indexLabel(int i) {
    checkPosition(i);
    return index == null ? (Object) (long) i : index.get(i);
  }

  /** All row labels, in order. */
  public List<Object> index() {
    List<Object> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(indexLabel(i));
    }
    return out;
  }

  /**
   * The names of the index levels ({@code s.index.names}): one per level, several when rows are
   * labelled by key tuples (a pandas MultiIndex, as from {@code groupBy("a", "b").mean("v")}).
   */
  public List<String> indexNames() {
    return indexNames;
  }

  /**
   * {@code s.reset_index()}: a frame with the index levels as columns (named after the levels, or
   * {@code index}), then the values (named after the series, or {@code 0}), rows labelled 0..n-1.
   */
  public DataFrame resetIndex() {
    return DataFrame.of(this.rename(name == null ? "0" : name)).resetIndex();
  }

  /**
   * {@code s.unstack()}: the last index level becomes the columns (named by their values, sorted),
   * the other levels label the rows (sorted); missing combinations are NaN.
   */
  public DataFrame unstack() {
    return DataFrame.of(this.rename(name == null ? "0" : name)).unstack(false);
  }

  /** The value whose row label equals {@code label} ({@code s[label]} or {@code s.loc[label]}). */
  public Object loc(Object label) {
    for (int i = 0; i < size(); i++) {
      if (labelEquals(indexLabel(i), label)) {
        return values.get(i);
      }
    }
    throw new IllegalArgumentException(
        "label: expected one of " + abbreviate(index()) + ", got " + label);
  }

  /** The value whose row label equals {@code label}, as a double. */
  public double locDouble(Object label) {
    Object v = loc(label);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalArgumentException("label " + label + ": expected a number, got '" + v + "'");
  }

  static boolean labelEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
      for (int i = 0; i < x.size(); i++) {
        if (!labelEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  static String abbreviate(List<?> items) {
    return items.size() <= 20
        ? items.toString()
        : items.subList(0, 20) + " ... (" + items.size() + ")";
  }

  /** The same values under another name. */
  public Series rename(String newName) {
    return new Series(newName, values, index, indexNames);
  }

  /** The values as a list, missing ones as NaN or {@code null}. */
  public List<Object> toList() {
    List<Object> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(values.get(i));
    }
    return out;
  }

  // ---- statistics (missing values skipped) ----

  /** The values as doubles, missing as NaN; fails naming the column for non-numeric values. */
  public double[] toDoubleArray() {
    if (values instanceof DoubleSeries ds) {
      return ds.toDoubleArray();
    }
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** The values as float32, for tensors (missing values become NaN). */
  public float[] toFloatArray() {
    double[] d = toDoubleArray();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /**
   * Integer class labels for a classifier: int and bool columns as they are, integral floats
   * truncated, strings as their position among the sorted distinct values (as LabelEncoder does).
   */
  public int[] toIntLabels() {
    int[] out = new int[size()];
    if (dtype == DType.OBJECT) {
      List<String> classes = new ArrayList<>();
      for (Object v : unique()) {
        if (v == null) {
          throw new IllegalArgumentException(
              "column '" + name + "': missing value cannot be a label");
        }
        classes.add(v.toString());
      }
      Collections.sort(classes);
      for (int i = 0; i < out.length; i++) {
        out[i] = Collections.binarySearch(classes, values.get(i).toString());
      }
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      double d = getDouble(i);
      if (Double.isNaN(d) || d != Math.rint(d)) {
        throw new IllegalArgumentException(
            "column '" + name + "', row " + i + ": expected an integer label, got " + d);
      }
      out[i] = (int) d;
    }
    return out;
  }

  /**
   * The values as a 1-D tensor of {@code dtype} (see {@link DataFrame#toLabels}); a missing value
   * or a fraction for an integer dtype fails naming the series and row.
   */
  public dev.myelin.Tensor toTensor(dev.myelin.DType dtype) {
    return TensorConversion.labels(this, dtype);
  }

  /**
   * The values as a 1-D tensor for {@code model.fit(x, series)}: int64 for int and bool columns
   * (class ids; a float loss casts them), float32 for float columns.
   */
  @Override
  public dev.myelin.Tensor toTensor() {
    return toTensor(dtype == DType.FLOAT64 ? dev.myelin.DType.FLOAT32 : dev.myelin.DType.INT64);
  }

  /** The number of present (non-missing) values. */
  public int count() {
    int n = 0;
    for (int i = 0; i < size(); i++) {
      if (!Columns.isMissing(values.get(i))) {
        n++;
      }
    }
    return n;
  }

  /** The sum of present values. */
  public double sum() {
    return Stats.sum(toDoubleArray());
  }

  /** The mean of present values. */
  public double mean() {
    return Stats.mean(toDoubleArray());
  }

  /** The sample standard deviation (ddof=1, pandas' default; numpy's is ddof=0). */
  public double std() {
    return std(1);
  }

  /** The standard deviation with {@code ddof} delta degrees of freedom. */
  public double std(int ddof) {
    return Stats.std(toDoubleArray(), ddof);
  }

  /** The sample variance (ddof=1). */
  public double var() {
    return Stats.var(toDoubleArray(), 1);
  }

  /** The smallest present value. */
  public double min() {
    return Stats.min(toDoubleArray());
  }

  /** The largest present value. */
  public double max() {
    return Stats.max(toDoubleArray());
  }

  /** The median of present values. */
  public double median() {
    return quantile(0.5);
  }

  /** The {@code q} quantile with linear interpolation, as pandas computes it. */
  public double quantile(double q) {
    Checks.check(q >= 0 && q <= 1, "q", "a value in [0, 1]", q);
    return Stats.quantile(toDoubleArray(), q);
  }

  /**
   * Summary statistics: for numbers {@code count, mean, std, min, 25%, 50%, 75%, max}; for other
   * columns {@code count, unique, top, freq}.
   */
  public Series describe() {
    if (dtype.isNumeric()) {
      double[] v = toDoubleArray();
      double[] sorted = Stats.sortedValid(v);
      double[] out = {
        sorted.length,
        Stats.mean(v),
        Stats.std(v, 1),
        sorted.length == 0 ? Double.NaN : sorted[0],
        Stats.quantileSorted(sorted, 0.25),
        Stats.quantileSorted(sorted, 0.5),
        Stats.quantileSorted(sorted, 0.75),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]
      };
      return new Series(name, org.dflib.Series.ofDouble(out), org.dflib.Series.of(DESCRIBE_ROWS));
    }
    Series counts = valueCounts();
    Object top = counts.size() == 0 ? null : counts.indexLabel(0);
    Object freq = counts.size() == 0 ? null : counts.get(0);
    return new Series(
        name,
        org.dflib.Series.of((long) count(), (long) counts.size(), top, freq),
        org.dflib.Series.of("count", "unique", "top", "freq"));
  }

  static final Object[] DESCRIBE_ROWS = {"count", "mean", "std", "min", "25%", "50%", "75%", "max"};

  // ---- element-wise ----

  private Series mask(Predicate<Object> test) {
    boolean[] out = new boolean[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = test.test(values.get(i));
    }
    return new Series(name, org.dflib.Series.ofBool(out), index, indexNames);
  }

  private Series numericMask(DoublePredicate test) {
    double[] v = toDoubleArray();
    boolean[] out = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = !Double.isNaN(v[i]) && test.test(v[i]);
    }
    return new Series(name, org.dflib.Series.ofBool(out), index, indexNames);
  }

  /** {@code s > x} (missing values give false). */
  public Series gt(double x) {
    return numericMask(v -> v > x);
  }

  /** {@code s >= x}. */
  public Series ge(double x) {
    return numericMask(v -> v >= x);
  }

  /** {@code s < x}. */
  public Series lt(double x) {
    return numericMask(v -> v < x);
  }

  /** {@code s <= x}. */
  public Series le(double x) {
    return numericMask(v -> v <= x);
  }

  /** {@code s == x}; numbers compare by value, so {@code eq(1)} matches 1.0. */
  public Series eq(Object x) {
    return mask(v -> !Columns.isMissing(v) && labelEquals(v, x));
  }

  /** {@code s != x} (missing values are "not equal", as in pandas). */
  public Series ne(Object x) {
    return mask(v -> Columns.isMissing(v) || !labelEquals(v, x));
  }

  /** {@code s.isin(values)}. */
  public Series isIn(Object... candidates) {
    return mask(v -> Arrays.stream(candidates).anyMatch(c -> labelEquals(v, c)));
  }

  /** {@code s.isnull()}. */
  public Series isNa() {
    return mask(Columns::isMissing);
  }

  /** {@code s.notnull()}. */
  public Series notNa() {
    return mask(v -> !Columns.isMissing(v));
  }

  private boolean[] bools(String op) {
    Checks.check(
        dtype == DType.BOOL, op, "a bool series", dtype.pandasName() + " series '" + name + "'");
    boolean[] out = new boolean[size()];
    BooleanSeries bs = (BooleanSeries) values;
    for (int i = 0; i < out.length; i++) {
      out[i] = bs.getBool(i);
    }
    return out;
  }

  /** Element-wise {@code this & other} of two bool masks. */
  public Series and(Series other) {
    boolean[] a = bools("and");
    boolean[] b = other.bools("and");
    Checks.sameLength("this", a.length, "other", b.length);
    for (int i = 0; i < a.length; i++) {
      a[i] &= b[i];
    }
    return new Series(name, org.dflib.Series.ofBool(a), index, indexNames);
  }

  /** Element-wise {@code this | other} of two bool masks. */
  public Series or(Series other) {
    boolean[] a = bools("or");
    boolean[] b = other.bools("or");
    Checks.sameLength("this", a.length, "other", b.length);
    for (int i = 0; i < a.length; i++) {
      a[i] |= b[i];
    }
    return new Series(name, org.dflib.Series.ofBool(a), index, indexNames);
  }

  /** Element-wise {@code ~this} of a bool mask. */
  public Series not() {
    boolean[] a = bools("not");
    for (int i = 0; i < a.length; i++) {
      a[i] = !a[i];
    }
    return new Series(name, org.dflib.Series.ofBool(a), index, indexNames);
  }

  private Series arithmetic(java.util.function.DoubleUnaryOperator op) {
    double[] v = toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = op.applyAsDouble(v[i]);
    }
    return new Series(name, org.dflib.Series.ofDouble(v), index, indexNames);
  }

  private Series arithmetic(Series other, java.util.function.DoubleBinaryOperator op) {
    double[] a = toDoubleArray();
    double[] b = other.toDoubleArray();
    Checks.sameLength("this", a.length, "other", b.length);
    for (int i = 0; i < a.length; i++) {
      a[i] = op.applyAsDouble(a[i], b[i]);
    }
    return new Series(name, org.dflib.Series.ofDouble(a), index, indexNames);
  }

  /** {@code s + x} as float64. */
  public Series add(double x) {
    return arithmetic(v -> v + x);
  }

  /** {@code s - x} as float64. */
  public Series sub(double x) {
    return arithmetic(v -> v - x);
  }

  /** {@code s * x} as float64. */
  public Series mul(double x) {
    return arithmetic(v -> v * x);
  }

  /** {@code s / x} as float64. */
  public Series div(double x) {
    return arithmetic(v -> v / x);
  }

  /** Element-wise {@code s + other} (by position). */
  public Series add(Series other) {
    return arithmetic(other, Double::sum);
  }

  /** Element-wise {@code s - other} (by position). */
  public Series sub(Series other) {
    return arithmetic(other, (a, b) -> a - b);
  }

  /** Element-wise {@code s * other} (by position). */
  public Series mul(Series other) {
    return arithmetic(other, (a, b) -> a * b);
  }

  /** Element-wise {@code s / other} (by position). */
  public Series div(Series other) {
    return arithmetic(other, (a, b) -> a / b);
  }

  /** Values rounded half-to-even to {@code decimals} places, as numpy rounds. */
  public Series round(int decimals) {
    double scale = Math.pow(10, decimals);
    return arithmetic(v -> Double.isNaN(v) ? v : Math.rint(v * scale) / scale);
  }

  /** {@code s.map(dict)}: values missing from {@code mapping} become missing. */
  public Series map(Map<?, ?> mapping) {
    Object[] out = new Object[size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      Object hit = null;
      for (Map.Entry<?, ?> e : mapping.entrySet()) {
        if (!Columns.isMissing(v) && labelEquals(e.getKey(), v)) {
          hit = e.getValue();
          break;
        }
      }
      out[i] = hit;
    }
    return new Series(name, org.dflib.Series.of(out), index, indexNames);
  }

  /** {@code s.apply(f)}: {@code f} applied to every value (missing ones included). */
  public Series apply(Function<Object, ?> f) {
    Object[] out = new Object[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(values.get(i));
    }
    return new Series(name, org.dflib.Series.of(out), index, indexNames);
  }

  /** {@code s.fillna(value)}. */
  public Series fillNa(Object value) {
    Object[] out = new Object[size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      out[i] = Columns.isMissing(v) ? value : v;
    }
    return new Series(name, org.dflib.Series.of(out), index, indexNames);
  }

  // ---- selection and order ----

  Series take(int[] rows) {
    org.dflib.Series<?> idx =
        index == null
            ? org.dflib.Series.ofLong(Arrays.stream(rows).asLongStream().toArray())
            : Columns.take(index, rows);
    return new Series(name, Columns.take(values, rows), idx, indexNames);
  }

  /** The first {@code n} values. */
  public Series head(int n) {
    return take(Columns.range(Math.min(Math.max(n, 0), size())));
  }

  /** The first five values. */
  public Series head() {
    return head(5);
  }

  /** The last {@code n} values. */
  public Series tail(int n) {
    int k = Math.min(Math.max(n, 0), size());
    int[] rows = new int[k];
    for (int i = 0; i < k; i++) {
      rows[i] = size() - k + i;
    }
    return take(rows);
  }

  /** The values where the bool {@code mask} is true ({@code s[mask]}). */
  public Series filter(Series mask) {
    return take(DataFrame.maskRows(mask, size()));
  }

  /** Values sorted ascending, missing last (labels travel with values). */
  public Series sortValues() {
    return sortValues(true);
  }

  /** Values sorted, missing last in both directions as pandas does; the sort is stable. */
  public Series sortValues(boolean ascending) {
    Integer[] order = new Integer[size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Integer> cmp = (a, b) -> compareValues(values.get(a), values.get(b));
    Arrays.sort(order, missingLast(ascending ? cmp : cmp.reversed()));
    return take(Arrays.stream(order).mapToInt(Integer::intValue).toArray());
  }

  private Comparator<Integer> missingLast(Comparator<Integer> cmp) {
    return (a, b) -> {
      boolean ma = Columns.isMissing(values.get(a));
      boolean mb = Columns.isMissing(values.get(b));
      if (ma || mb) {
        return Boolean.compare(ma, mb);
      }
      return cmp.compare(a, b);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compareValues(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable ca && b != null && a.getClass() == b.getClass()) {
      return ca.compareTo(b);
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  /** Distinct values in order of first appearance; a missing value is included once. */
  public List<Object> unique() {
    List<Object> out = new ArrayList<>();
    Map<Object, Boolean> seen = new LinkedHashMap<>();
    boolean missingSeen = false;
    for (int i = 0; i < size(); i++) {
      Object v = values.get(i);
      if (Columns.isMissing(v)) {
        if (!missingSeen) {
          missingSeen = true;
          out.add(v);
        }
      } else if (seen.putIfAbsent(v, Boolean.TRUE) == null) {
        out.add(v);
      }
    }
    return out;
  }

  /** The number of distinct present values. */
  public int nUnique() {
    return (int) unique().stream().filter(v -> !Columns.isMissing(v)).count();
  }

  /**
   * Counts of each distinct present value, most frequent first (ties in order of first appearance);
   * the labels are the values.
   */
  public Series valueCounts() {
    Map<Object, long[]> counts = new LinkedHashMap<>();
    for (int i = 0; i < size(); i++) {
      Object v = values.get(i);
      if (!Columns.isMissing(v)) {
        counts.computeIfAbsent(v, k -> new long[1])[0]++;
      }
    }
    List<Map.Entry<Object, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
    long[] n = new long[entries.size()];
    Object[] labels = new Object[entries.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = entries.get(i).getValue()[0];
      labels[i] = entries.get(i).getKey();
    }
    return new Series(name, org.dflib.Series.ofLong(n), org.dflib.Series.of(labels));
  }

  /** {@code value_counts(normalize=True)}: each value's share of the present values. */
  public Series valueCounts(boolean normalize) {
    Series counts = valueCounts();
    return normalize ? counts.div(count()) : counts;
  }

  // ---- time series ----

  /**
   * Values moved down by {@code periods} rows (up when negative), the gap filled with missing; int
   * columns become float64 as in pandas.
   */
  public Series shift(int periods) {
    int n = size();
    int[] rows = new int[n];
    boolean[] gap = new boolean[n];
    for (int i = 0; i < n; i++) {
      int src = i - periods;
      gap[i] = src < 0 || src >= n;
      rows[i] = gap[i] ? 0 : src;
    }
    if (dtype == DType.INT64 || dtype == DType.FLOAT64) {
      double[] v = toDoubleArray();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = gap[i] ? Double.NaN : v[rows[i]];
      }
      return new Series(name, org.dflib.Series.ofDouble(out), index, indexNames);
    }
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      out[i] = gap[i] ? null : values.get(rows[i]);
    }
    return new Series(name, org.dflib.Series.of(out), index, indexNames);
  }

  /** {@code s.diff(periods)}: the change from {@code periods} rows earlier. */
  public Series diff(int periods) {
    return sub(shift(periods));
  }

  /** A rolling window of {@code window} rows ending at each row ({@code s.rolling(window)}). */
  public Rolling rolling(int window) {
    Checks.check(window > 0, "window", "a positive row count", window);
    return new Rolling(this, window);
  }

  /**
   * The exponentially weighted mean with smoothing {@code alpha}. With {@code adjust} (pandas'
   * default) each value is a weighted average with weights (1-alpha)^k; without it, the recursion
   * y0 = x0, yn = (1-alpha) y(n-1) + alpha xn.
   */
  public Series ewmMean(double alpha, boolean adjust) {
    Checks.check(alpha > 0 && alpha <= 1, "alpha", "a value in (0, 1]", alpha);
    double[] x = toDoubleArray();
    double[] out = new double[x.length];
    double num = 0;
    double den = 0;
    double y = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      if (adjust) {
        num *= 1 - alpha;
        den *= 1 - alpha;
        if (!Double.isNaN(x[i])) {
          num += x[i];
          den += 1;
        }
        out[i] = den == 0 ? Double.NaN : num / den;
      } else {
        if (!Double.isNaN(x[i])) {
          y = Double.isNaN(y) ? x[i] : (1 - alpha) * y + alpha * x[i];
        }
        out[i] = y;
      }
    }
    return new Series(name, org.dflib.Series.ofDouble(out), index, indexNames);
  }

  /**
   * {@code pd.to_datetime(s)}: strings in any common format (formats may differ row by row, e.g.
   * {@code 01-May-03} and {@code 2016/12/31}) become datetime64; fails naming the row otherwise.
   */
  public Series toDatetime() {
    if (dtype == DType.DATETIME64) {
      return this;
    }
    DateParsing parser = new DateParsing();
    Object[] out = new Object[size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      if (Columns.isMissing(v)) {
        continue;
      }
      LocalDateTime t = parser.parse(v.toString());
      if (t == null) {
        throw new IllegalArgumentException(
            "column '" + name + "', row " + i + ": expected a date, got '" + v + "'");
      }
      out[i] = t;
    }
    return new Series(name, org.dflib.Series.of(out), index, indexNames);
  }

  /**
   * Date-times plus {@code amounts} of {@code unit} row by row, as {@code date + pd.Timedelta(...)}
   * does.
   */
  public Series plus(Series amounts, ChronoUnit unit) {
    Checks.check(dtype == DType.DATETIME64, "this", "a datetime64 series", dtype.pandasName());
    Checks.sameLength("this", size(), "amounts", amounts.size());
    Object[] out = new Object[size()];
    for (int i = 0; i < out.length; i++) {
      LocalDateTime t = (LocalDateTime) values.get(i);
      double a = amounts.getDouble(i);
      out[i] = t == null || Double.isNaN(a) ? null : t.plus((long) a, unit);
    }
    return new Series(name, org.dflib.Series.of(out), index, indexNames);
  }

  /** A printout like pandas': label and value per row, then name and dtype. */
  @Override
  public String toString() {
    return Display.series(this);
  }
}
