package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inner, left, right and outer merges against pandas 3.1.1 (fixtures/table_merge.json). */
class MergeTest {
  private static final Map<String, Object> CASES =
      Fixtures.map(Fixtures.load("table_merge.json"), "cases");

  private static String[] names(Object list) {
    return ((List<?>) list).toArray(new String[0]);
  }

  @Test
  void everyJoinMatchesPandasRowsColumnsDtypesAndPrintout() {
    Map<String, Object> inputs = Fixtures.map(CASES, "inputs");
    int checked = 0;
    for (Object c : Fixtures.list(CASES, "merges")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) c;
      DataFrame left = PandasFrames.build(inputs.get((String) m.get("left")));
      DataFrame right = PandasFrames.build(inputs.get((String) m.get("right")));
      How how = How.valueOf(((String) m.get("how")).toUpperCase(Locale.ROOT));
      String[] lo = names(m.containsKey("on") ? m.get("on") : m.get("left_on"));
      String[] ro = names(m.containsKey("on") ? m.get("on") : m.get("right_on"));
      List<?> suffixes = (List<?>) m.get("suffixes");
      DataFrame got =
          suffixes == null
              ? left.merge(right, how, lo, ro)
              : left.merge(right, how, lo, ro, (String) suffixes.get(0), (String) suffixes.get(1));
      String what = m.get("how") + " on " + List.of(lo) + "/" + List.of(ro);
      PandasFrames.assertFrame(m.get("result"), got, true, what);
      checked++;
    }
    assertEquals(13, checked);
  }

  @Test
  void shortFormsAndBadKeys() {
    Map<String, Object> inputs = Fixtures.map(CASES, "inputs");
    DataFrame left = PandasFrames.build(inputs.get("left"));
    DataFrame right = PandasFrames.build(inputs.get("right"));
    assertEquals(left.merge(right, "k").toString(), left.merge(right, How.INNER, "k").toString());
    assertEquals(List.of("k", "a", "v_x", "b", "v_y"), left.merge(right, How.LEFT, "k").columns());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> left.merge(right, How.OUTER, "b"));
    assertTrue(e.getMessage().contains("'b' not found"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> left.merge(right, How.LEFT, new String[] {"k", "a"}, new String[] {"k"}));
    assertTrue(e.getMessage().contains("leftOn.length=2"), e.getMessage());
  }

  @Test
  void missingKeysMatchEachOtherAsInPandas() {
    DataFrame l = DataFrame.of(Series.of("k", "a", null, "b"), Series.of("x", 1, 2, 3));
    DataFrame r = DataFrame.of(Series.of("k", null, "b"), Series.of("y", 10, 20));
    DataFrame m = l.merge(r, How.INNER, "k");
    assertEquals(List.of(2L, 3L), m.get("x").toList());
    assertEquals(List.of(10L, 20L), m.get("y").toList());
  }
}
