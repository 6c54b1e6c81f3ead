package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Group-bys on several keys (rows labelled by key tuples), unstack, reset_index and two-key pivot
 * tables against pandas 3.1.1 (fixtures/table_multiindex.json), printouts included.
 */
class MultiIndexTest {
  private static final Map<String, Object> CASES =
      Fixtures.map(Fixtures.load("table_multiindex.json"), "cases");
  private final DataFrame df = PandasFrames.build(CASES.get("input"));
  private static final DataFrame TITANIC =
      Csv.read(Path.of("../../../shared/data/book/titanic-train.csv"));

  private static Map<String, Agg> aggs(Object... pairs) {
    Map<String, Agg> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Agg) pairs[i + 1]);
    }
    return m;
  }

  @Test
  void seriesOverTwoKeysIsIndexedByTuples() {
    Series mean = df.groupBy("a", "b").mean("v");
    PandasFrames.assertSeries(CASES.get("mean_v"), mean, "groupby([a, b]).v.mean()");
    assertEquals(List.of("a", "b"), mean.indexNames());
    assertEquals(4.5, mean.locDouble(List.of("y", 1L)));
    PandasFrames.assertSeries(CASES.get("count_w"), df.groupBy("a", "b").count("w"), "count");
    PandasFrames.assertFrame(CASES.get("mean_v_unstack"), mean.unstack(), true, "unstack");
    PandasFrames.assertFrame(CASES.get("mean_v_reset"), mean.resetIndex(), true, "reset_index");
  }

  @Test
  void frameAggregationsOverTwoKeys() {
    DataFrame agg = df.groupBy("a", "b").agg(aggs("v", Agg.MEAN, "w", Agg.SUM));
    assertTrue(agg.hasMultiIndex());
    PandasFrames.assertFrame(CASES.get("agg"), agg, true, "agg");
    PandasFrames.assertFrame(CASES.get("agg_reset"), agg.resetIndex(), true, "agg reset_index");
    PandasFrames.assertFrame(CASES.get("agg_unstack_flat"), agg.unstack(), true, "agg unstack");
    DataFrame pivot = df.pivotTable(new String[] {"a", "b"}, "w", "v", Agg.MEAN);
    PandasFrames.assertFrame(CASES.get("pivot_two_index"), pivot, true, "pivot_table");
    // set_index on two columns gives the same labels as the group-by.
    DataFrame indexed = agg.resetIndex().setIndex("a", "b");
    assertEquals(agg.toString(), indexed.toString());
  }

  @Test
  void theBooksTitanicGroupBys() {
    Series count = TITANIC.groupBy("Pclass", "Survived").count("PassengerId");
    PandasFrames.assertSeries(CASES.get("titanic_count"), count, "titanic count");
    PandasFrames.assertFrame(CASES.get("titanic_count_unstack"), count.unstack(), true, "unstack");
    DataFrame agg = TITANIC.groupBy("Pclass", "Sex").agg(aggs("Age", Agg.MEAN, "Fare", Agg.MAX));
    PandasFrames.assertFrame(CASES.get("titanic_agg"), agg, false, "titanic agg");
    // Means print with pandas' six decimals; the values agree to the last bits, not always exactly.
    Object expected = Fixtures.map(CASES, "titanic_agg").get("text");
    assertEquals(expected, agg.round(6).toString());
  }

  @Test
  void unstackNeedsSeveralLevelsAndUniqueKeys() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> df.groupBy("a").mean("v").unstack());
    assertTrue(e.getMessage().startsWith("unstack"), e.getMessage());
    DataFrame dup = df.setIndex("a", "b");
    e = assertThrows(IllegalArgumentException.class, dup::unstack);
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }
}
