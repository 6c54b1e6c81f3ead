package dev.myelin.data.table;

import dev.myelin.data.internal.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Database-style joins of two frames with pandas' {@code merge} semantics: row order (left order
 * for inner and left joins, right order for right joins, sorted keys for outer joins), one column
 * for keys of the same name on both sides, suffixes for other overlapping names, missing values
 * where a row has no partner (ints becoming float64 there) and missing keys matching each other.
 */
final class Merge {
  /** A missing key value; pandas matches missing keys with each other. */
  private static final Object MISSING =
      new Object() {
        @Override
        public String toString() {
          return "NaN";
        }
      };

  private Merge() {}

  static DataFrame merge(
      DataFrame left,
      DataFrame right,
      How how,
      String[] leftOn,
      String[] rightOn,
      String leftSuffix,
      String rightSuffix) {
    Checks.check(how != null, "how", "INNER, LEFT, RIGHT or OUTER", "null");
    Checks.nonEmpty("leftOn", leftOn.length);
    Checks.sameLength("leftOn", leftOn.length, "rightOn", rightOn.length);
    Checks.check(leftSuffix != null && rightSuffix != null, "suffixes", "two strings", "null");
    left.requireColumns(leftOn);
    right.requireColumns(rightOn);
    Set<String> shared = new HashSet<>();
    for (int i = 0; i < leftOn.length; i++) {
      if (leftOn[i].equals(rightOn[i])) {
        shared.add(leftOn[i]);
      }
    }
    List<List<Object>> lk = keys(left, leftOn);
    List<List<Object>> rk = keys(right, rightOn);
    List<int[]> pairs = pairs(how, lk, rk);

    List<Series> out = new ArrayList<>();
    Set<String> rightNames = new HashSet<>(right.columns());
    Set<String> leftNames = new HashSet<>(left.columns());
    for (String c : left.columns()) {
      Series l = left.get(c);
      if (shared.contains(c)) {
        Series r = right.get(c);
        out.add(column(c, pairs, l, r, true));
      } else {
        out.add(column(rightNames.contains(c) ? c + leftSuffix : c, pairs, l, null, false));
      }
    }
    for (String c : right.columns()) {
      if (!shared.contains(c)) {
        Series r = right.get(c);
        out.add(column(leftNames.contains(c) ? c + rightSuffix : c, pairs, null, r, false));
      }
    }
    return DataFrame.of(out);
  }

  /** The values along the joined rows: from the left row, else (for a shared key) the right. */
  private static Series column(String name, List<int[]> pairs, Series l, Series r, boolean key) {
    Object[] v = new Object[pairs.size()];
    for (int i = 0; i < v.length; i++) {
      int[] p = pairs.get(i);
      if (l != null && p[0] >= 0) {
        v[i] = l.get(p[0]);
      } else if (r != null && p[1] >= 0 && (key || l == null)) {
        v[i] = r.get(p[1]);
      }
    }
    return new Series(name, org.dflib.Series.of(v), null);
  }

  /** Each row's key tuple, numbers made comparable across int and float columns. */
  private static List<List<Object>> keys(DataFrame df, String[] on) {
    List<Series> cols = new ArrayList<>();
    for (String c : on) {
      cols.add(df.get(c));
    }
    List<List<Object>> out = new ArrayList<>(df.length());
    for (int i = 0; i < df.length(); i++) {
      List<Object> key = new ArrayList<>(on.length);
      for (Series s : cols) {
        key.add(keyValue(s.get(i)));
      }
      out.add(key);
    }
    return out;
  }

  private static Object keyValue(Object v) {
    if (Columns.isMissing(v)) {
      return MISSING;
    }
    if (v instanceof Number n && !(v instanceof Long)) {
      double d = n.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (Object) (long) d : (Object) d;
    }
    return v;
  }

  private static Map<List<Object>, List<Integer>> rowsByKey(List<List<Object>> keys) {
    Map<List<Object>, List<Integer>> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      out.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  /** The joined rows as {left row, right row} pairs, -1 where a side has no row. */
  private static List<int[]> pairs(How how, List<List<Object>> lk, List<List<Object>> rk) {
    List<int[]> out = new ArrayList<>();
    switch (how) {
      case INNER, LEFT -> {
        Map<List<Object>, List<Integer>> byKey = rowsByKey(rk);
        for (int l = 0; l < lk.size(); l++) {
          List<Integer> match = byKey.get(lk.get(l));
          if (match != null) {
            for (int r : match) {
              out.add(new int[] {l, r});
            }
          } else if (how == How.LEFT) {
            out.add(new int[] {l, -1});
          }
        }
      }
      case RIGHT -> {
        Map<List<Object>, List<Integer>> byKey = rowsByKey(lk);
        for (int r = 0; r < rk.size(); r++) {
          List<Integer> match = byKey.get(rk.get(r));
          if (match != null) {
            for (int l : match) {
              out.add(new int[] {l, r});
            }
          } else {
            out.add(new int[] {-1, r});
          }
        }
      }
      default -> {
        Map<List<Object>, List<Integer>> ls = rowsByKey(lk);
        Map<List<Object>, List<Integer>> rs = rowsByKey(rk);
        TreeMap<List<Object>, Boolean> all = new TreeMap<>(Merge::compareKeys);
        ls.keySet().forEach(k -> all.put(k, true));
        rs.keySet().forEach(k -> all.put(k, true));
        for (List<Object> k : all.keySet()) {
          List<Integer> lm = ls.getOrDefault(k, List.of(-1));
          List<Integer> rm = rs.getOrDefault(k, List.of(-1));
          for (int l : lm) {
            for (int r : rm) {
              out.add(new int[] {l, r});
            }
          }
        }
      }
    }
    return out;
  }

  /** Sorted order of key tuples, missing values last. */
  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c;
      if (x == MISSING || y == MISSING) {
        c = x == y ? 0 : x == MISSING ? 1 : -1;
      } else {
        c = Series.compareValues(x, y);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
