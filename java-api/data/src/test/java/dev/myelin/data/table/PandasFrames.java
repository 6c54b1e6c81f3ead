package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Frames and series recorded from pandas by tests/fixtures/generate_table_fixtures.py. */
final class PandasFrames {
  private PandasFrames() {}

  /** Builds the recorded frame from its columns (types inferred as pandas did). */
  static DataFrame build(Object node) {
    List<Object> names = Fixtures.list(node, "columns");
    List<Object> data = Fixtures.list(node, "data");
    List<Series> cols = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      cols.add(Series.ofList((String) names.get(c), (List<?>) data.get(c)));
    }
    return DataFrame.of(cols);
  }

  /** pandas 3's string dtype is our object dtype. */
  private static String dtype(Object pandas) {
    return "str".equals(pandas) ? "object" : (String) pandas;
  }

  private static void assertValue(Object expected, Object actual, String what) {
    if (expected == null) {
      assertTrue(Columns.isMissing(actual), what + ": expected missing, got " + actual);
    } else if (expected instanceof Double d) {
      assertEquals(d, ((Number) actual).doubleValue(), Math.abs(d) * 1e-13, what);
    } else if (expected instanceof List<?> tuple) {
      List<?> got = (List<?>) actual;
      assertEquals(tuple.size(), got.size(), what);
      for (int i = 0; i < tuple.size(); i++) {
        assertValue(tuple.get(i), got.get(i), what + "[" + i + "]");
      }
    } else {
      assertEquals(expected, actual, what);
    }
  }

  /** Column names, dtypes, index, index names, values and (optionally) the printout. */
  static void assertFrame(Object expected, DataFrame actual, boolean text, String what) {
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) expected;
    assertEquals(
        Fixtures.list(e, "columns"), new ArrayList<Object>(actual.columns()), what + " columns");
    List<Object> dtypes = Fixtures.list(e, "dtypes");
    List<Object> data = Fixtures.list(e, "data");
    for (int c = 0; c < dtypes.size(); c++) {
      Series s = actual.get(actual.columns().get(c));
      String col = what + " column " + s.name();
      assertEquals(dtype(dtypes.get(c)), s.dtype().pandasName(), col + " dtype");
      List<?> values = (List<?>) data.get(c);
      assertEquals(values.size(), s.size(), col + " length");
      for (int i = 0; i < values.size(); i++) {
        assertValue(values.get(i), s.get(i), col + " row " + i);
      }
    }
    assertIndex(e, actual.index(), actual.indexNames(), what);
    if (text) {
      assertEquals(e.get("text"), actual.toString(), what + " printout");
    }
  }

  static void assertSeries(Object expected, Series actual, String what) {
    @SuppressWarnings("unchecked")
    Map<String, Object> e = (Map<String, Object>) expected;
    assertEquals(e.get("name"), actual.name(), what + " name");
    assertEquals(dtype(e.get("dtype")), actual.dtype().pandasName(), what + " dtype");
    List<Object> values = Fixtures.list(e, "values");
    assertEquals(values.size(), actual.size(), what + " length");
    for (int i = 0; i < values.size(); i++) {
      assertValue(values.get(i), actual.get(i), what + " row " + i);
    }
    assertIndex(e, actual.index(), actual.indexNames(), what);
    assertEquals(e.get("text"), actual.toString(), what + " printout");
  }

  private static void assertIndex(
      Map<String, Object> e, List<Object> index, List<String> names, String what) {
    List<Object> expected = Fixtures.list(e, "index");
    assertEquals(expected.size(), index.size(), what + " index length");
    for (int i = 0; i < expected.size(); i++) {
      assertValue(expected.get(i), index.get(i), what + " index " + i);
    }
    assertEquals(
        Fixtures.list(e, "index_names"), new ArrayList<Object>(names), what + " index names");
  }
}
