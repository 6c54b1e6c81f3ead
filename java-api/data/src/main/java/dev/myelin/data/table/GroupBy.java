package dev.myelin.data.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dflib.IntSeries;

/**
 * Rows of a frame grouped by key columns ({@code df.groupby(keys)}), with aggregations. Groups are
 * sorted by key; a row with a missing key belongs to no group. Results are labelled by the key (a
 * list of values when there are several keys).
 *
 * <pre>{@code
 * Series counts = df.groupBy("Pclass", "Survived").count("PassengerId");
 * DataFrame means = df.groupBy("Survived").agg(Map.of("Age", Agg.MEAN)).resetIndex();
 * }</pre>
 */
public final class GroupBy {
  private final DataFrame source;
  private final String[] keyColumns;
  private final List<List<Object>> keys = new ArrayList<>();
  private final List<int[]> members = new ArrayList<>();

  GroupBy(DataFrame source, String[] keyColumns) {
    this.source = source;
    this.keyColumns = keyColumns.clone();
    org.dflib.DataFrame frame =
        org.dflib.DataFrame.byColumn(keyColumns)
            .of(
                Arrays.stream(keyColumns)
                    .map(k -> source.get(k).storage())
                    .toArray(org.dflib.Series<?>[]::new));
    org.dflib.GroupBy groups = frame.group(keyColumns);
    List<Object[]> found = new ArrayList<>();
    for (Object groupKey : groups.getGroupKeys()) {
      IntSeries rows = groups.getGroupIndex(groupKey);
      int first = rows.getInt(0);
      List<Object> key = new ArrayList<>();
      boolean missing = false;
      for (String k : keyColumns) {
        Object v = frame.getColumn(k).get(first);
        missing |= Columns.isMissing(v);
        key.add(v);
      }
      if (!missing) {
        found.add(new Object[] {key, rows.toIntArray()});
      }
    }
    found.sort((a, b) -> compareKeys((List<?>) a[0], (List<?>) b[0]));
    for (Object[] f : found) {
      @SuppressWarnings("unchecked")
      List<Object> key = (List<Object>) f[0];
      keys.add(List.copyOf(key));
      members.add((int[]) f[1]);
    }
  }

  /** Orders key tuples value by value, as sorted group keys are. */
  static int compareKeys(List<?> ka, List<?> kb) {
    for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
      int c = Series.compareValues(ka.get(i), kb.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  /** The group keys, sorted; each is a list with one value per key column. */
  public List<List<Object>> keys() {
    return keys;
  }

  /** The number of groups. */
  public int size() {
    return keys.size();
  }

  int[] rowsOf(List<Object> key) {
    for (int g = 0; g < keys.size(); g++) {
      List<Object> k = keys.get(g);
      boolean same = true;
      for (int i = 0; i < k.size(); i++) {
        same &= Series.labelEquals(k.get(i), key.get(i));
      }
      if (same) {
        return members.get(g);
      }
    }
    return null;
  }

  /** The rows of the group with key {@code key} ({@code get_group}). */
  public DataFrame getGroup(Object... key) {
    int[] rows = rowsOf(Arrays.asList(key));
    if (rows == null) {
      throw new IllegalArgumentException(
          "key: expected one of " + keys + ", got " + Arrays.toString(key));
    }
    return source.take(rows);
  }

  private Object label(int group) {
    return keyColumns.length == 1 ? keys.get(group).get(0) : keys.get(group);
  }

  /**
   * {@code df.groupby(keys)[column].agg(aggfunc)}: one value per group, labelled by the group key.
   */
  public Series agg(String column, Agg aggfunc) {
    Series values = source.get(column);
    Object[] out = new Object[keys.size()];
    Object[] labels = new Object[keys.size()];
    for (int g = 0; g < out.length; g++) {
      out[g] = aggfunc.apply(values, members.get(g));
      labels[g] = label(g);
    }
    return new Series(column, org.dflib.Series.of(out), org.dflib.Series.of(labels), keyNames());
  }

  private List<String> keyNames() {
    return Arrays.asList(keyColumns);
  }

  /**
   * {@code df.groupby(keys).agg({...})}: one column per entry of {@code aggregations}, rows
   * labelled by the group key (a key tuple, i.e. a MultiIndex, for several keys); {@code
   * resetIndex()} turns the keys into the first columns, {@code unstack()} moves the last key to
   * the columns. Aggregations are applied in the map's iteration order.
   */
  public DataFrame agg(Map<String, Agg> aggregations) {
    source.requireColumns(aggregations.keySet().toArray(new String[0]));
    List<Series> out = new ArrayList<>();
    for (Map.Entry<String, Agg> e : new LinkedHashMap<>(aggregations).entrySet()) {
      out.add(agg(e.getKey(), e.getValue()));
    }
    return DataFrame.of(out);
  }

  /** {@code agg(column, COUNT)}: present values per group. */
  public Series count(String column) {
    return agg(column, Agg.COUNT);
  }

  /** {@code agg(column, SUM)}. */
  public Series sum(String column) {
    return agg(column, Agg.SUM);
  }

  /** {@code agg(column, MEAN)}. */
  public Series mean(String column) {
    return agg(column, Agg.MEAN);
  }

  /** {@code agg(column, STD)}: the sample standard deviation (ddof=1). */
  public Series std(String column) {
    return agg(column, Agg.STD);
  }

  /** {@code agg(column, MIN)}. */
  public Series min(String column) {
    return agg(column, Agg.MIN);
  }

  /** {@code agg(column, MAX)}. */
  public Series max(String column) {
    return agg(column, Agg.MAX);
  }

  /** {@code agg(column, MEDIAN)}. */
  public Series median(String column) {
    return agg(column, Agg.MEDIAN);
  }

  /** Rows per group ({@code groupby(keys).size()}). */
  public Series size(String name) {
    Object[] out = new Object[keys.size()];
    Object[] labels = new Object[keys.size()];
    for (int g = 0; g < out.length; g++) {
      out[g] = (long) members.get(g).length;
      labels[g] = label(g);
    }
    return new Series(name, org.dflib.Series.of(out), org.dflib.Series.of(labels), keyNames());
  }
}
