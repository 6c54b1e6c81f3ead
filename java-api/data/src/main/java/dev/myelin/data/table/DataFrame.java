package dev.myelin.data.table;

import dev.myelin.Tensor;
import dev.myelin.data.internal.Checks;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dflib.Index;
import org.dflib.JoinType;

/**
 * A table of named, typed columns with pandas semantics and pandas method names in Java spelling.
 * Frames are immutable: every operation returns a new frame. Columns are stored in a DFLib {@code
 * DataFrame}; rows carry labels (an index), by default their positions 0..n-1.
 *
 * <pre>{@code
 * DataFrame df = Csv.read(Path.of("../data/titanic-train.csv"));
 * df.filter(df.get("Age").gt(70)).select("Name", "Age").head();
 * df.groupBy("Pclass", "Survived").count("PassengerId");
 * }</pre>
 */
public final class DataFrame implements dev.myelin.models.ArrayLike {
  private final org.dflib.DataFrame frame;
  private final org.dflib.Series<?> index;

  /** Index level names: one per level (a single null for an unnamed index). */
  private final List<String> indexNames;

  DataFrame(org.dflib.DataFrame frame, org.dflib.Series<?> index, String indexName) {
    this(frame, index, Collections.singletonList(indexName));
  }

  DataFrame(org.dflib.DataFrame frame, org.dflib.Series<?> index, List<String> indexNames) {
    this.frame = frame;
    this.index = index;
    this.indexNames =
        indexNames == null || indexNames.isEmpty()
            ? Collections.singletonList(null)
            : Collections.unmodifiableList(new ArrayList<>(indexNames));
  }

  /** A frame of the given columns (all the same length; names must be distinct). */
  public static DataFrame of(Series... columns) {
    return of(Arrays.asList(columns));
  }

  /** A frame of the given columns; the row labels of the first column are kept. */
  public static DataFrame of(List<Series> columns) {
    String[] names = new String[columns.size()];
    org.dflib.Series<?>[] data = new org.dflib.Series<?>[columns.size()];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.length; i++) {
      Series s = columns.get(i);
      names[i] = s.name() == null ? String.valueOf(i) : s.name();
      Checks.check(seen.add(names[i]), "columns", "distinct names", "'" + names[i] + "' twice");
      if (i > 0) {
        Checks.sameLength(names[0], data[0].size(), names[i], s.size());
      }
      data[i] = s.storage();
    }
    org.dflib.Series<?> idx = columns.isEmpty() ? null : columns.get(0).indexStorage();
    List<String> levels = columns.isEmpty() ? null : columns.get(0).indexNames();
    return new DataFrame(org.dflib.DataFrame.byColumn(Index.of(names)).of(data), idx, levels);
  }

  /**
   * {@code pd.DataFrame(rows, columns=names)}: rows of boxed values, each column typed from its
   * values.
   */
  public static DataFrame fromRows(List<String> columns, List<? extends List<?>> rows) {
    List<Series> out = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      Object[] v = new Object[rows.size()];
      for (int r = 0; r < v.length; r++) {
        List<?> row = rows.get(r);
        Checks.check(
            row.size() == columns.size(),
            "rows[" + r + "]",
            columns.size() + " values",
            row.size());
        v[r] = row.get(c);
      }
      out.add(new Series(columns.get(c), org.dflib.Series.of(v), null));
    }
    return of(out);
  }

  /** {@code pd.DataFrame(matrix, columns=names)} for a numeric matrix. */
  public static DataFrame fromMatrix(double[][] matrix, String... columns) {
    List<Series> out = new ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      double[] v = new double[matrix.length];
      for (int r = 0; r < v.length; r++) {
        Checks.check(
            matrix[r].length == columns.length,
            "matrix[" + r + "]",
            columns.length + " values",
            matrix[r].length);
        v[r] = matrix[r][c];
      }
      out.add(Series.of(columns[c], v));
    }
    return of(out);
  }

  // ---- shape and inspection ----

  /** The number of rows ({@code len(df)}). */
  public int length() {
    return frame.height();
  }

  /** {@code df.shape}: rows, columns. */
  public int[] shape() {
    return new int[] {frame.height(), frame.width()};
  }

  /** The column names, in order ({@code df.columns}). */
  public List<String> columns() {
    return List.of(frame.getColumnsIndex().toArray());
  }

  /** Each column's dtype ({@code df.dtypes}). */
  public Map<String, DType> dtypes() {
    Map<String, DType> out = new LinkedHashMap<>();
    for (String c : columns()) {
      out.put(c, get(c).dtype());
    }
    return out;
  }

  /** Whether a column of that name exists. */
  public boolean hasColumn(String column) {
    return frame.getColumnsIndex().contains(column);
  }

  /**
   * The column {@code column} ({@code df['Age']} or {@code df.Age}); an unknown name fails listing
   * the columns there are.
   */
  public Series get(String column) {
    requireColumns(column);
    return new Series(column, frame.getColumn(column), index, indexNames);
  }

  void requireColumns(String... names) {
    for (String n : names) {
      if (!hasColumn(n)) {
        throw new IllegalArgumentException(
            "column '" + n + "' not found; available columns: " + columns());
      }
    }
  }

  /** The row labels, in order ({@code df.index}). */
  public List<Object> index() {
    return firstColumnOrRange().index();
  }

  private Series firstColumnOrRange() {
    return new Series(
        null, index == null ? org.dflib.Series.ofLong(new long[length()]) : index, index);
  }

  /** The name of the index ({@code null} for the default range index). */
  public String indexName() {
    return indexNames.size() == 1 ? indexNames.get(0) : null;
  }

  /**
   * The names of the index levels ({@code df.index.names}): one per level, several for a MultiIndex
   * (rows labelled by key tuples, e.g. after {@code groupBy("a", "b").agg(...)}).
   */
  public List<String> indexNames() {
    return indexNames;
  }

  /** Whether rows are labelled by tuples of several levels (a pandas MultiIndex). */
  public boolean hasMultiIndex() {
    return indexNames.size() > 1;
  }

  /** The first five rows. */
  public DataFrame head() {
    return head(5);
  }

  /** The first {@code n} rows. */
  public DataFrame head(int n) {
    return take(Columns.range(Math.min(Math.max(n, 0), length())));
  }

  /** The last {@code n} rows. */
  public DataFrame tail(int n) {
    int k = Math.min(Math.max(n, 0), length());
    int[] rows = new int[k];
    for (int i = 0; i < k; i++) {
      rows[i] = length() - k + i;
    }
    return take(rows);
  }

  /**
   * {@code df.info()} as pandas 0.23 prints it: index range, per-column non-null counts and dtypes
   * (a summary line past 100 columns), dtype counts and memory usage.
   */
  public String info() {
    return Display.info(this);
  }

  /**
   * {@code df.describe()}: count, mean, std, min, 25%, 50%, 75% and max of every int and float
   * column (pandas leaves out bool and object columns).
   */
  public DataFrame describe() {
    List<Series> out = new ArrayList<>();
    for (String c : columns()) {
      Series s = get(c);
      if (s.dtype() == DType.INT64 || s.dtype() == DType.FLOAT64) {
        out.add(s.describe());
      }
    }
    Checks.check(!out.isEmpty(), "describe", "at least one numeric column", columns());
    return of(out);
  }

  /** Every float column rounded to {@code decimals} places ({@code df.round(2)}). */
  public DataFrame round(int decimals) {
    List<Series> out = new ArrayList<>();
    for (String c : columns()) {
      Series s = get(c);
      out.add(s.dtype() == DType.FLOAT64 ? s.round(decimals) : s);
    }
    return of(out);
  }

  // ---- selection ----

  DataFrame take(int[] rows) {
    List<Series> out = new ArrayList<>();
    for (String c : columns()) {
      out.add(new Series(c, Columns.take(frame.getColumn(c), rows), null));
    }
    org.dflib.Series<?> idx =
        index == null
            ? org.dflib.Series.ofLong(Arrays.stream(rows).asLongStream().toArray())
            : Columns.take(index, rows);
    DataFrame taken = of(out);
    return new DataFrame(taken.frame, idx, indexNames);
  }

  /** The columns {@code columns}, in that order ({@code df[['Embarked', 'Ticket']]}). */
  public DataFrame select(String... columns) {
    requireColumns(columns);
    return new DataFrame(frame.cols(columns).select(), index, indexNames);
  }

  /** The frame without the given columns ({@code df.drop(cols, axis=1)}). */
  public DataFrame drop(String... columns) {
    requireColumns(columns);
    return new DataFrame(frame.colsExcept(columns).select(), index, indexNames);
  }

  /** The row at position {@code row} as a series labelled by column name ({@code df.iloc[3]}). */
  public Series iloc(int row) {
    Checks.check(row >= 0 && row < length(), "row", "0.." + (length() - 1), row);
    List<Object> values = new ArrayList<>();
    for (String c : columns()) {
      values.add(frame.getColumn(c).get(row));
    }
    return new Series(
        String.valueOf(firstColumnOrRange().indexLabel(row)),
        org.dflib.Series.of(values.toArray()),
        org.dflib.Series.of(columns().toArray()));
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive), as {@code df.iloc[from:to]}. */
  public DataFrame iloc(int from, int to) {
    int a = from < 0 ? Math.max(length() + from, 0) : Math.min(from, length());
    int b = to < 0 ? Math.max(length() + to, 0) : Math.min(to, length());
    int[] rows = new int[Math.max(b - a, 0)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = a + i;
    }
    return take(rows);
  }

  /** The value in the row labelled {@code rowLabel} and column {@code column} ({@code df.loc}). */
  public Object loc(Object rowLabel, String column) {
    requireColumns(column);
    List<Object> labels = index();
    for (int i = 0; i < labels.size(); i++) {
      if (Series.labelEquals(labels.get(i), rowLabel)) {
        return frame.getColumn(column).get(i);
      }
    }
    throw new IllegalArgumentException(
        "row label: expected one of " + Series.abbreviate(labels) + ", got " + rowLabel);
  }

  /**
   * Rows whose label lies between {@code from} and {@code to}, both included, as label slices do
   * ({@code df.loc[from:to]}, e.g. with dates); a {@code null} bound is open.
   */
  public DataFrame locRange(Object from, Object to) {
    List<Object> labels = index();
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      Object l = labels.get(i);
      if ((from == null || Series.compareValues(l, from) >= 0)
          && (to == null || Series.compareValues(l, to) <= 0)) {
        rows.add(i);
      }
    }
    return take(rows.stream().mapToInt(Integer::intValue).toArray());
  }

  static int[] maskRows(Series mask, int length) {
    Checks.check(mask.dtype() == DType.BOOL, "mask", "a bool series", mask.dtype().pandasName());
    Checks.sameLength("mask", mask.size(), "rows", length);
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < mask.size(); i++) {
      if ((Boolean) mask.get(i)) {
        rows.add(i);
      }
    }
    return rows.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The rows where the bool {@code mask} is true ({@code df[df['Age'] > 70]}). */
  public DataFrame filter(Series mask) {
    return take(maskRows(mask, length()));
  }

  /**
   * {@code df.query(expr)}: comparisons of columns with numbers or quoted strings, joined by {@code
   * and}/{@code or}/{@code not} (or {@code & | ~}) and parentheses; names with spaces go in
   * backticks. Example: {@code df.query("Age > 70 and Sex == 'male'")}.
   */
  public DataFrame query(String expression) {
    return filter(new Query(expression, this).parse());
  }

  /** Rows sorted by {@code column}, missing values last; the sort is stable. */
  public DataFrame sortValues(String column, boolean ascending) {
    requireColumns(column);
    return take(sortOrder(column, ascending));
  }

  private int[] sortOrder(String column, boolean ascending) {
    Series s = new Series(column, frame.getColumn(column), null);
    Series sorted = s.sortValues(ascending);
    int[] rows = new int[sorted.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = ((Number) sorted.indexLabel(i)).intValue();
    }
    return rows;
  }

  /** Rows without a missing value in any column ({@code df.dropna()}). */
  public DataFrame dropNa() {
    boolean[] keep = new boolean[length()];
    Arrays.fill(keep, true);
    for (String c : columns()) {
      Series s = get(c);
      for (int i = 0; i < keep.length; i++) {
        keep[i] &= !s.isNull(i);
      }
    }
    return filter(Series.of("keep", keep));
  }

  // ---- derived columns ----

  /**
   * The frame with column {@code name} set to {@code values}, replacing a column of that name or
   * appending one ({@code df['IsFemale'] = df['Sex'] == 'female'}).
   */
  public DataFrame assign(String name, Series values) {
    Checks.sameLength("rows", length(), "values", values.size());
    List<Series> out = new ArrayList<>();
    boolean replaced = false;
    for (String c : columns()) {
      if (c.equals(name)) {
        out.add(values.rename(name));
        replaced = true;
      } else {
        out.add(get(c));
      }
    }
    if (!replaced) {
      out.add(values.rename(name));
    }
    return withRowsOf(of(out));
  }

  private DataFrame withRowsOf(DataFrame columnsOnly) {
    return new DataFrame(columnsOnly.frame, index, indexNames);
  }

  /** The frame with columns renamed by {@code mapping} ({@code df.rename(columns=...)}). */
  public DataFrame rename(Map<String, String> mapping) {
    requireColumns(mapping.keySet().toArray(new String[0]));
    return new DataFrame(frame.cols().as(mapping), index, indexNames);
  }

  /** The frame with all columns renamed, in order ({@code df.columns = [...]}). */
  public DataFrame withColumnNames(String... names) {
    Checks.check(names.length == frame.width(), "names", frame.width() + " names", names.length);
    return new DataFrame(frame.cols().as(names), index, indexNames);
  }

  /** The column {@code column} becomes the row labels ({@code df.set_index(column)}). */
  public DataFrame setIndex(String column) {
    Series s = get(column);
    return new DataFrame(frame.colsExcept(column).select(), s.storage(), column);
  }

  /** The frame with the given row labels ({@code df.index = labels}). */
  public DataFrame withIndex(Series labels) {
    Checks.sameLength("rows", length(), "labels", labels.size());
    return new DataFrame(frame, labels.storage(), labels.name());
  }

  /**
   * The row labels become the first columns (named after the index levels: the index name or {@code
   * index} for one level, {@code level_i} for an unnamed level of several) and rows are labelled
   * 0..n-1 again ({@code df.reset_index()}).
   */
  public DataFrame resetIndex() {
    List<Series> out = new ArrayList<>();
    List<Object> labels = index();
    if (hasMultiIndex()) {
      for (int l = 0; l < indexNames.size(); l++) {
        Object[] v = new Object[labels.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = ((List<?>) labels.get(i)).get(l);
        }
        String n = indexNames.get(l);
        out.add(new Series(n == null ? "level_" + l : n, org.dflib.Series.of(v), null));
      }
    } else {
      out.add(
          new Series(
              indexName() == null ? "index" : indexName(),
              firstColumnOrRange().take(Columns.range(length())).indexStorage(),
              null));
    }
    for (String c : columns()) {
      out.add(new Series(c, frame.getColumn(c), null));
    }
    return of(out);
  }

  /**
   * The columns become the row labels, several making a MultiIndex of key tuples ({@code
   * df.set_index(['a', 'b'])}).
   */
  public DataFrame setIndex(String first, String... more) {
    if (more.length == 0) {
      return setIndex(first);
    }
    List<String> keys = new ArrayList<>();
    keys.add(first);
    keys.addAll(Arrays.asList(more));
    requireColumns(keys.toArray(new String[0]));
    Object[] labels = new Object[length()];
    for (int i = 0; i < labels.length; i++) {
      List<Object> key = new ArrayList<>();
      for (String k : keys) {
        key.add(frame.getColumn(k).get(i));
      }
      labels[i] = Collections.unmodifiableList(key);
    }
    return new DataFrame(
        frame.colsExcept(keys.toArray(new String[0])).select(), org.dflib.Series.of(labels), keys);
  }

  /**
   * {@code df.unstack()} for a frame with a MultiIndex: the last index level moves to the columns,
   * which pandas makes a column MultiIndex {@code (column, value)}; here it is flattened to {@code
   * column_value} names (as {@code df.columns = ['_'.join(map(str, c)) for c in df.columns]}). Rows
   * are the sorted remaining keys, columns the sorted last-level values; missing combinations are
   * NaN (turning int columns into float64).
   */
  public DataFrame unstack() {
    return unstack(true);
  }

  DataFrame unstack(boolean prefixColumns) {
    Checks.check(
        hasMultiIndex(), "unstack", "a frame with a MultiIndex (several index levels)", indexNames);
    int levels = indexNames.size();
    List<Object> labels = index();
    java.util.Comparator<List<?>> byKey = GroupBy::compareKeys;
    java.util.TreeMap<List<Object>, Integer> rowKeys = new java.util.TreeMap<>(byKey);
    java.util.TreeMap<List<Object>, Integer> colKeys = new java.util.TreeMap<>(byKey);
    for (Object l : labels) {
      List<?> t = (List<?>) l;
      rowKeys.put(new ArrayList<>(t.subList(0, levels - 1)), 0);
      colKeys.put(Arrays.asList(t.get(levels - 1)), 0);
    }
    int r = 0;
    for (Map.Entry<List<Object>, Integer> e : rowKeys.entrySet()) {
      e.setValue(r++);
    }
    int c = 0;
    for (Map.Entry<List<Object>, Integer> e : colKeys.entrySet()) {
      e.setValue(c++);
    }
    int[][] at = new int[rowKeys.size()][colKeys.size()];
    for (int[] row : at) {
      Arrays.fill(row, -1);
    }
    for (int i = 0; i < labels.size(); i++) {
      List<?> t = (List<?>) labels.get(i);
      int rr = rowKeys.get(new ArrayList<>(t.subList(0, levels - 1)));
      int cc = colKeys.get(Arrays.asList(t.get(levels - 1)));
      Checks.check(at[rr][cc] < 0, "unstack", "unique index entries", "the key " + t + " twice");
      at[rr][cc] = i;
    }
    // pandas reshapes all columns as one block: a single absent combination makes every int
    // column float64 (NaN-capable), not just the columns with a hole.
    boolean holes = labels.size() < rowKeys.size() * colKeys.size();
    List<Series> out = new ArrayList<>();
    for (String name : columns()) {
      org.dflib.Series<?> col = frame.getColumn(name);
      boolean widen = holes && get(name).dtype() == DType.INT64;
      for (Map.Entry<List<Object>, Integer> e : colKeys.entrySet()) {
        Object[] v = new Object[rowKeys.size()];
        for (int i = 0; i < v.length; i++) {
          int src = at[i][e.getValue()];
          v[i] =
              src < 0 ? null : widen ? (Object) ((Long) col.get(src)).doubleValue() : col.get(src);
        }
        String label = Display.label(e.getKey().get(0));
        out.add(
            new Series(prefixColumns ? name + "_" + label : label, org.dflib.Series.of(v), null));
      }
    }
    Object[] rowLabels =
        rowKeys.keySet().stream()
            .map(k -> levels == 2 ? k.get(0) : Collections.unmodifiableList(k))
            .toArray();
    return new DataFrame(
        of(out).frame, org.dflib.Series.of(rowLabels), indexNames.subList(0, levels - 1));
  }

  // ---- combining ----

  /**
   * {@code pd.concat(frames, axis)}: axis 0 stacks rows of frames with the same columns (any
   * order), axis 1 puts the columns of frames with the same length side by side.
   */
  public static DataFrame concat(int axis, DataFrame... frames) {
    Checks.nonEmpty("frames", frames.length);
    Checks.check(axis == 0 || axis == 1, "axis", "0 or 1", axis);
    if (axis == 1) {
      List<Series> out = new ArrayList<>();
      for (DataFrame f : frames) {
        for (String c : f.columns()) {
          out.add(f.get(c));
        }
      }
      return of(out);
    }
    List<String> names = frames[0].columns();
    org.dflib.DataFrame[] parts = new org.dflib.DataFrame[frames.length];
    List<Object> labels = new ArrayList<>();
    for (int i = 0; i < frames.length; i++) {
      Checks.check(
          new HashSet<>(frames[i].columns()).equals(new HashSet<>(names)),
          "frames[" + i + "]",
          "columns " + names,
          frames[i].columns());
      parts[i] = frames[i].frame.cols(names.toArray(new String[0])).select();
      labels.addAll(frames[i].index());
    }
    org.dflib.DataFrame joined =
        parts[0].vConcat(JoinType.inner, Arrays.copyOfRange(parts, 1, parts.length));
    List<Series> out = new ArrayList<>();
    for (String c : names) {
      out.add(new Series(c, joined.getColumn(c), null));
    }
    return new DataFrame(
        of(out).frame, org.dflib.Series.of(labels.toArray()), frames[0].indexNames);
  }

  /**
   * {@code pd.merge(this, right, on=keys)}: an inner join on columns both frames have; overlapping
   * other names get {@code _x} and {@code _y}.
   */
  public DataFrame merge(DataFrame right, String... on) {
    return merge(right, How.INNER, on);
  }

  /**
   * {@code pd.merge(this, right, how=how, on=keys)}: rows are ordered as pandas orders them (left
   * order for inner and left joins, right order for right joins, sorted keys for outer joins), the
   * keys appear once, overlapping other names get {@code _x} and {@code _y}, and cells of a row
   * without a partner are missing (int columns there become float64).
   */
  public DataFrame merge(DataFrame right, How how, String... on) {
    Checks.nonEmpty("on", on.length);
    return Merge.merge(this, right, how, on, on, "_x", "_y");
  }

  /**
   * {@code pd.merge(this, right, how=how, left_on=leftOn, right_on=rightOn)}: keys of different
   * names are kept as two columns (missing on the side without a partner).
   */
  public DataFrame merge(DataFrame right, How how, String[] leftOn, String[] rightOn) {
    return merge(right, how, leftOn, rightOn, "_x", "_y");
  }

  /**
   * The general {@code pd.merge(..., suffixes=(leftSuffix, rightSuffix))}; pass the same array as
   * {@code leftOn} and {@code rightOn} for {@code on=}.
   */
  public DataFrame merge(
      DataFrame right,
      How how,
      String[] leftOn,
      String[] rightOn,
      String leftSuffix,
      String rightSuffix) {
    Checks.check(right != null, "right", "a frame", "null");
    return Merge.merge(this, right, how, leftOn, rightOn, leftSuffix, rightSuffix);
  }

  /**
   * Groups rows by the values of {@code keys} ({@code df.groupby(keys)}); groups come out sorted by
   * key and rows with a missing key are left out, as in pandas.
   */
  public GroupBy groupBy(String... keys) {
    Checks.nonEmpty("keys", keys.length);
    requireColumns(keys);
    return new GroupBy(this, keys);
  }

  /**
   * {@code df.pivot_table(index=, columns=, values=, aggfunc=)}: one row per value of {@code
   * index}, one column per value of {@code columns} (named by the value), cells aggregating {@code
   * values}; empty cells are missing.
   */
  public DataFrame pivotTable(String index, String columns, String values, Agg aggfunc) {
    return pivotTable(new String[] {index}, columns, values, aggfunc);
  }

  /**
   * {@code df.pivot_table(index=[a, b], columns=, values=, aggfunc=)}: rows labelled by the sorted
   * key tuples of the {@code index} columns (a MultiIndex when there are several), one column per
   * value of {@code columns}, cells aggregating {@code values}; empty cells are missing, and rows
   * or columns with nothing but missing cells are left out (pandas' {@code dropna=True}).
   */
  public DataFrame pivotTable(String[] index, String columns, String values, Agg aggfunc) {
    Checks.nonEmpty("index", index.length);
    requireColumns(index);
    requireColumns(columns, values);
    Checks.check(aggfunc != null, "aggfunc", "an aggregation", "null");
    GroupBy rows = groupBy(index);
    GroupBy cols = groupBy(columns);
    String[] both = Arrays.copyOf(index, index.length + 1);
    both[index.length] = columns;
    GroupBy cells = groupBy(both);
    Series valueColumn = get(values);
    List<Series> out = new ArrayList<>();
    for (int c = 0; c < cols.keys().size(); c++) {
      Object colKey = cols.keys().get(c).get(0);
      Object[] cell = new Object[rows.keys().size()];
      for (int r = 0; r < cell.length; r++) {
        List<Object> key = new ArrayList<>(rows.keys().get(r));
        key.add(colKey);
        int[] members = cells.rowsOf(key);
        cell[r] = members == null ? null : aggfunc.apply(valueColumn, members);
      }
      out.add(new Series(Display.label(colKey), org.dflib.Series.of(cell), null));
    }
    // pandas' dropna=True: columns, then rows, whose cells are all missing are left out.
    out.removeIf(s -> s.count() == 0);
    List<Integer> keep = new ArrayList<>();
    for (int r = 0; r < rows.keys().size(); r++) {
      boolean any = false;
      for (Series s : out) {
        any |= !s.isNull(r);
      }
      if (any) {
        keep.add(r);
      }
    }
    Object[] labels =
        keep.stream()
            .map(r -> index.length == 1 ? rows.keys().get(r).get(0) : (Object) rows.keys().get(r))
            .toArray();
    DataFrame all = of(out);
    DataFrame kept = all.take(keep.stream().mapToInt(Integer::intValue).toArray());
    return new DataFrame(kept.frame, org.dflib.Series.of(labels), Arrays.asList(index));
  }

  /**
   * {@code pd.get_dummies(df, columns=...)}: each named column (every object column when none are
   * named) is replaced by 0/1 int columns {@code column_value}, one per sorted distinct value,
   * appended after the other columns.
   */
  public DataFrame getDummies(String... columns) {
    List<String> targets = new ArrayList<>(Arrays.asList(columns));
    if (targets.isEmpty()) {
      for (String c : columns()) {
        if (get(c).dtype() == DType.OBJECT) {
          targets.add(c);
        }
      }
    }
    requireColumns(targets.toArray(new String[0]));
    List<Series> out = new ArrayList<>();
    for (String c : columns()) {
      if (!targets.contains(c)) {
        out.add(get(c));
      }
    }
    for (String c : targets) {
      DataFrame dummies = getDummies(get(c), c);
      for (String d : dummies.columns()) {
        out.add(dummies.get(d));
      }
    }
    return withRowsOf(of(out));
  }

  /**
   * {@code pd.get_dummies(series, prefix=prefix)}: a 0/1 int column per sorted distinct present
   * value, named {@code prefix_value} (just the value when {@code prefix} is null).
   */
  public static DataFrame getDummies(Series series, String prefix) {
    List<Object> levels = new ArrayList<>();
    for (Object v : series.unique()) {
      if (!Columns.isMissing(v)) {
        levels.add(v);
      }
    }
    levels.sort(Series::compareValues);
    List<Series> out = new ArrayList<>();
    for (Object level : levels) {
      long[] v = new long[series.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = Series.labelEquals(series.get(i), level) ? 1 : 0;
      }
      String label = Display.label(level);
      out.add(
          new Series(
              prefix == null ? label : prefix + "_" + label,
              org.dflib.Series.ofLong(v),
              series.indexStorage()));
    }
    return of(out);
  }

  // ---- statistics ----

  /**
   * {@code df.corr()}: Pearson correlations between the int, float and bool columns over rows where
   * both are present; labelled by column name on both axes.
   */
  public DataFrame corr() {
    List<String> names = new ArrayList<>();
    List<double[]> data = new ArrayList<>();
    for (String c : columns()) {
      Series s = get(c);
      if (s.dtype().isNumeric()) {
        names.add(c);
        data.add(s.toDoubleArray());
      }
    }
    List<Series> out = new ArrayList<>();
    for (int j = 0; j < names.size(); j++) {
      double[] col = new double[names.size()];
      for (int i = 0; i < names.size(); i++) {
        col[i] = i == j ? 1.0 : Stats.pearson(data.get(i), data.get(j));
      }
      out.add(Series.of(names.get(j), col));
    }
    return new DataFrame(of(out).frame, org.dflib.Series.of(names.toArray()), (String) null);
  }

  // ---- conversions for tensors ----

  private List<String> numericColumns(String... columns) {
    List<String> names = columns.length == 0 ? columns() : Arrays.asList(columns);
    requireColumns(names.toArray(new String[0]));
    return names;
  }

  private double[] numericValues(String column) {
    Series s = get(column);
    if (s.dtype().isNumeric()) {
      return s.toDoubleArray();
    }
    double[] out = new double[s.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = s.get(i);
      try {
        out[i] = v == null ? Double.NaN : Double.parseDouble(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "column '"
                + column
                + "' (dtype "
                + s.dtype().pandasName()
                + "), row "
                + i
                + " (label "
                + index().get(i)
                + "): expected a number, got '"
                + v
                + "'",
            e);
      }
    }
    return out;
  }

  /**
   * The named columns (all columns when none are named) as a {@code [rows][columns]} double matrix,
   * as {@code df[cols].values}; bools give 0/1, missing values NaN, and a non-numeric value fails
   * naming its column and row.
   */
  public double[][] toDoubleMatrix(String... columns) {
    List<String> names = numericColumns(columns);
    double[][] out = new double[length()][names.size()];
    for (int c = 0; c < names.size(); c++) {
      double[] v = numericValues(names.get(c));
      for (int r = 0; r < v.length; r++) {
        out[r][c] = v[r];
      }
    }
    return out;
  }

  /**
   * The named columns (all when none are named) as a row-major float32 block with its shape, the
   * form the core's tensor factory takes; value rules as {@link #toDoubleMatrix}.
   */
  public FloatMatrix toFloatArray(String... columns) {
    List<String> names = numericColumns(columns);
    int rows = length();
    int cols = names.size();
    float[] data = new float[rows * cols];
    for (int c = 0; c < cols; c++) {
      double[] v = numericValues(names.get(c));
      for (int r = 0; r < rows; r++) {
        data[r * cols + c] = (float) v[r];
      }
    }
    return new FloatMatrix(data, rows, cols);
  }

  /**
   * The column {@code column} as int class labels (see {@link Series#toIntLabels}), for sparse
   * labels or {@code toCategorical}.
   */
  public int[] toIntLabels(String column) {
    return get(column).toIntLabels();
  }

  /**
   * The named columns (all columns when none are named) as a float32 {@code (rows, columns)}
   * tensor, row-major, filled straight from the stored columns; ints and floats are rounded to
   * float32 as numpy's {@code astype(np.float32)} does, bools give 0/1. Object or datetime columns
   * fail, all named in one message, and so does a missing value (naming column, row and label).
   */
  public Tensor toTensor(String... columns) {
    return TensorConversion.toTensor(this, numericColumns(columns), false);
  }

  /**
   * Every column as a float32 {@code (rows, columns)} tensor (see {@link #toTensor(String...)}):
   * what {@code model.fit(frame, ...)} trains on, as Keras takes {@code df.values}.
   */
  @Override
  public Tensor toTensor() {
    return toTensor(new String[0]);
  }

  /**
   * As {@link #toTensor(String...)}, but with {@code allowNaN} missing values become NaN instead of
   * failing.
   */
  public Tensor toTensor(boolean allowNaN, String... columns) {
    return TensorConversion.toTensor(this, numericColumns(columns), allowNaN);
  }

  /**
   * The column {@code column} as a 1-D labels tensor of {@code dtype}: int32/int64 (integral values
   * only, bools as 0/1) for sparse labels, float32/float64 for binary or regression targets. A
   * missing value, a fraction for an int dtype or a string column fails naming the column.
   */
  public Tensor toLabels(String column, dev.myelin.DType dtype) {
    return TensorConversion.labels(get(column), dtype);
  }

  /**
   * {@code pd.DataFrame(tensor, columns=names)}: a 2-D tensor (or a 1-D one with one name) as a
   * frame, float tensors as float64 columns (float32 values widened exactly), integer tensors as
   * int64, bool as bool; without names the columns are called 0, 1, 2, ...
   */
  public static DataFrame fromTensor(Tensor tensor, String... names) {
    return TensorConversion.fromTensor(tensor, names);
  }

  // ---- output ----

  /** Writes the frame as CSV with a header and without the index ({@code to_csv(index=False)}). */
  public void toCsv(Path file) {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter printer =
            new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
      printer.printRecord(columns());
      List<Series> cols = new ArrayList<>();
      for (String c : columns()) {
        cols.add(get(c));
      }
      for (int r = 0; r < length(); r++) {
        List<Object> row = new ArrayList<>(cols.size());
        for (Series s : cols) {
          Object v = s.get(r);
          row.add(Columns.isMissing(v) ? "" : Display.label(v));
        }
        printer.printRecord(row);
      }
    } catch (IOException e) {
      throw new DataFileException(file, 0, null, "cannot write: " + e, e);
    }
  }

  /** The values as rows of boxed values (missing as NaN or null). */
  public List<List<Object>> toRows() {
    List<Series> cols = new ArrayList<>();
    for (String c : columns()) {
      cols.add(get(c));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r < length(); r++) {
      List<Object> row = new ArrayList<>();
      for (Series s : cols) {
        row.add(s.get(r));
      }
      rows.add(Collections.unmodifiableList(row));
    }
    return rows;
  }

  /**
   * A printout like pandas': a header, labelled rows (the middle elided past 13 rows), the shape.
   */
  @Override
  public String toString() {
    return Display.frame(this);
  }
}
