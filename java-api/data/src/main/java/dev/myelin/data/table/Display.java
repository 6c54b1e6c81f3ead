package dev.myelin.data.table;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Text forms of series and frames, following pandas' printouts. */
final class Display {
  private static final int MAX_ROWS = 13;
  private static final int MAX_INFO_COLUMNS = 100;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Display() {}

  /** A value as a label or CSV cell: integral numbers without ".0" only when stored as ints. */
  static String label(Object v) {
    if (v instanceof LocalDateTime t) {
      return t.format(DATE_TIME);
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return String.valueOf(v);
  }

  /** The rows shown: all, or the first and last six past {@link #MAX_ROWS}. */
  private static List<Integer> shownRows(int n) {
    List<Integer> rows = new ArrayList<>();
    if (n <= MAX_ROWS) {
      for (int i = 0; i < n; i++) {
        rows.add(i);
      }
    } else {
      for (int i = 0; i < MAX_ROWS / 2; i++) {
        rows.add(i);
      }
      rows.add(-1);
      for (int i = n - MAX_ROWS / 2; i < n; i++) {
        rows.add(i);
      }
    }
    return rows;
  }

  /** Cells of one column, floats sharing one number of decimals as pandas prints them. */
  private static List<String> cells(Series s, List<Integer> rows) {
    int decimals = 1;
    if (s.dtype() == DType.FLOAT64) {
      for (int r : rows) {
        double v = r < 0 ? Double.NaN : s.getDouble(r);
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
          String t = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
          decimals = Math.max(decimals, t.length() - t.indexOf('.') - 1);
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (int r : rows) {
      if (r < 0) {
        out.add("...");
        continue;
      }
      Object v = s.get(r);
      if (s.dtype() == DType.FLOAT64) {
        double d = s.getDouble(r);
        out.add(Double.isNaN(d) ? "NaN" : String.format(Locale.ROOT, "%." + decimals + "f", d));
      } else if (v == null) {
        out.add(s.dtype() == DType.DATETIME64 ? "NaT" : "NaN");
      } else {
        out.add(label(v));
      }
    }
    return out;
  }

  private static String pad(String s, int width, boolean right) {
    if (s.length() >= width) {
      return s;
    }
    String fill = " ".repeat(width - s.length());
    return right ? fill + s : s + fill;
  }

  /**
   * The index labels of the shown rows, one list per level; a MultiIndex is sparsified as pandas
   * prints it (a level's label is blank while it and the levels before it repeat the row above).
   */
  private static List<List<String>> indexCells(List<Object> index, int levels, List<Integer> rows) {
    List<List<String>> out = new ArrayList<>();
    for (int l = 0; l < levels; l++) {
      out.add(new ArrayList<>());
    }
    List<?> previous = null;
    for (int r : rows) {
      if (r < 0) {
        for (int l = 0; l < levels; l++) {
          out.get(l).add(l == 0 ? "..." : "");
        }
        previous = null;
        continue;
      }
      if (levels == 1) {
        out.get(0).add(label(index.get(r)));
        continue;
      }
      List<?> key = (List<?>) index.get(r);
      boolean same = previous != null;
      for (int l = 0; l < levels; l++) {
        same = same && l < levels - 1 && Series.labelEquals(key.get(l), previous.get(l));
        out.get(l).add(same ? "" : label(key.get(l)));
      }
      previous = key;
    }
    return out;
  }

  private static int width(List<String> cells, String name) {
    int w = name == null ? 0 : name.length();
    return Math.max(w, cells.stream().mapToInt(String::length).max().orElse(0));
  }

  private static boolean anyName(List<String> names) {
    return names.stream().anyMatch(n -> n != null);
  }

  static String series(Series s) {
    List<Integer> rows = shownRows(s.size());
    List<String> values = cells(s, rows);
    List<String> names = s.indexNames();
    int levels = names.size();
    List<List<String>> labels = indexCells(s.index(), levels, rows);
    int[] lw = new int[levels];
    for (int l = 0; l < levels; l++) {
      // A single index level's name sits on its own line; MultiIndex names head their levels.
      lw[l] = width(labels.get(l), levels > 1 ? names.get(l) : null);
    }
    int vw = values.stream().mapToInt(String::length).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    if (anyName(names)) {
      List<String> head = new ArrayList<>();
      for (int l = 0; l < levels; l++) {
        head.add(pad(names.get(l) == null ? "" : names.get(l), lw[l], false));
      }
      sb.append(String.join("  ", head).stripTrailing()).append('\n');
    }
    for (int i = 0; i < rows.size(); i++) {
      List<String> parts = new ArrayList<>();
      for (int l = 0; l < levels; l++) {
        parts.add(pad(labels.get(l).get(i), lw[l], false));
      }
      sb.append(String.join("  ", parts))
          .append("    ")
          .append(pad(values.get(i), vw, true))
          .append('\n');
    }
    if (s.name() != null) {
      sb.append("Name: ").append(s.name()).append(", ");
    }
    if (s.size() > MAX_ROWS) {
      sb.append("Length: ").append(s.size()).append(", ");
    }
    return sb.append("dtype: ").append(s.dtype().pandasName()).toString();
  }

  static String frame(DataFrame df) {
    List<Integer> rows = shownRows(df.length());
    List<String> names = df.indexNames();
    int levels = names.size();
    List<List<String>> labels = indexCells(df.index(), levels, rows);
    boolean named = anyName(names);
    int[] lw = new int[levels];
    for (int l = 0; l < levels; l++) {
      lw[l] = width(labels.get(l), named ? names.get(l) : null);
    }
    int indexWidth = Arrays.stream(lw).sum() + levels - 1;
    List<List<String>> columns = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (String c : df.columns()) {
      List<String> cells = cells(df.get(c), rows);
      columns.add(cells);
      widths.add(Math.max(c.length(), cells.stream().mapToInt(String::length).max().orElse(0)));
    }
    StringBuilder sb = new StringBuilder(" ".repeat(indexWidth));
    for (int c = 0; c < columns.size(); c++) {
      sb.append("  ").append(pad(df.columns().get(c), widths.get(c), true));
    }
    int lineWidth = sb.length();
    sb.append('\n');
    if (named) {
      List<String> head = new ArrayList<>();
      for (int l = 0; l < levels; l++) {
        head.add(pad(names.get(l) == null ? "" : names.get(l), lw[l], false));
      }
      sb.append(pad(String.join(" ", head), lineWidth, false)).append('\n');
    }
    for (int i = 0; i < rows.size(); i++) {
      List<String> parts = new ArrayList<>();
      for (int l = 0; l < levels; l++) {
        parts.add(pad(labels.get(l).get(i), lw[l], false));
      }
      sb.append(String.join(" ", parts));
      for (int c = 0; c < columns.size(); c++) {
        sb.append("  ").append(pad(columns.get(c).get(i), widths.get(c), true));
      }
      sb.append('\n');
    }
    if (df.length() > MAX_ROWS) {
      sb.append('\n')
          .append('[')
          .append(df.length())
          .append(" rows x ")
          .append(df.columns().size())
          .append(" columns]");
    }
    return sb.toString().stripTrailing();
  }

  static String info(DataFrame df) {
    StringBuilder sb = new StringBuilder("<class 'pandas.core.frame.DataFrame'>\n");
    int n = df.length();
    List<Object> index = df.index();
    boolean range = df.indexName() == null && isRange(index);
    String entries =
        n == 0
            ? "0 entries"
            : n + " entries, " + label(index.get(0)) + " to " + label(index.get(n - 1));
    sb.append(range ? "RangeIndex: " : "Index: ").append(entries).append('\n');
    List<String> names = df.columns();
    Map<String, Integer> dtypeCounts = new TreeMap<>();
    long bytes = range ? 80 : 8L * n;
    boolean objects = false;
    List<String> lines = new ArrayList<>();
    int space = names.stream().mapToInt(String::length).max().orElse(0) + 4;
    for (String c : names) {
      Series s = df.get(c);
      dtypeCounts.merge(s.dtype().pandasName(), 1, Integer::sum);
      bytes += (s.dtype() == DType.BOOL ? 1L : 8L) * n;
      objects |= s.dtype() == DType.OBJECT;
      lines.add(pad(c, space, false) + s.count() + " non-null " + s.dtype().pandasName());
    }
    if (names.size() > MAX_INFO_COLUMNS) {
      sb.append("Columns: ")
          .append(names.size())
          .append(" entries, ")
          .append(names.get(0))
          .append(" to ")
          .append(names.get(names.size() - 1))
          .append('\n');
    } else {
      sb.append("Data columns (total ").append(names.size()).append(" columns):\n");
      lines.forEach(l -> sb.append(l).append('\n'));
    }
    List<String> counts = new ArrayList<>();
    dtypeCounts.forEach((k, v) -> counts.add(k + "(" + v + ")"));
    sb.append("dtypes: ").append(String.join(", ", counts)).append('\n');
    return sb.append("memory usage: ")
        .append(sizeOf(bytes, objects ? "+" : ""))
        .append('\n')
        .toString();
  }

  private static boolean isRange(List<Object> index) {
    for (int i = 0; i < index.size(); i++) {
      if (!(index.get(i) instanceof Number x) || x.longValue() != i) {
        return false;
      }
    }
    return true;
  }

  private static String sizeOf(double bytes, String qualifier) {
    double num = bytes;
    for (String unit : new String[] {"bytes", "KB", "MB", "GB", "TB"}) {
      if (num < 1024.0) {
        return String.format(Locale.ROOT, "%3.1f%s %s", num, qualifier, unit);
      }
      num /= 1024.0;
    }
    return String.format(Locale.ROOT, "%3.1f%s PB", num, qualifier);
  }
}
