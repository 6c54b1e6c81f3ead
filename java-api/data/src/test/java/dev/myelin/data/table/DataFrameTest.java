package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Frame operations on small tables, with values worked out by hand or with pandas. */
class DataFrameTest {
  private final DataFrame df =
      DataFrame.of(
          Series.of("k", "a", "b", "a", "c"),
          Series.of("x", 1.0, 2.0, Double.NaN, 4.0),
          Series.of("n", 10, 20, 30, 40));

  @Test
  void shapeHeadTailAndIloc() {
    assertArrayEquals(new int[] {4, 3}, df.shape());
    assertEquals(2, df.head(2).length());
    assertEquals(List.of(2L, 3L), df.tail(2).index());
    assertEquals(List.of(0L, 1L, 2L), df.iloc(0, -1).index());
    assertEquals(List.of("k", "x", "n"), df.iloc(1).index());
  }

  @Test
  void concatAlongBothAxes() {
    DataFrame rows = DataFrame.concat(0, df, df.head(1));
    assertEquals(5, rows.length());
    assertEquals(List.of(0L, 1L, 2L, 3L, 0L), rows.index());
    DataFrame cols = DataFrame.concat(1, df.select("k"), DataFrame.of(Series.of("y", 1, 2, 3, 4)));
    assertEquals(List.of("k", "y"), cols.columns());
  }

  @Test
  void groupByAggregatesSkipMissing() {
    DataFrame agg = df.groupBy("k").agg(Map.of("x", Agg.MEAN)).resetIndex();
    assertEquals(List.of("a", "b", "c"), agg.get("k").toList());
    assertEquals(List.of(1.0, 2.0, 4.0), agg.get("x").toList());
    assertEquals(List.of(1L, 1L, 1L), df.groupBy("k").count("x").toList());
    assertEquals(List.of(2L, 1L, 1L), df.groupBy("k").size("size").toList());
    assertEquals(40.0, df.groupBy("k").sum("n").locDouble("a"), 0);
  }

  @Test
  void derivedColumnsMapDropAndDummies() {
    DataFrame d =
        df.assign("big", df.get("n").gt(15))
            .assign("code", df.get("k").map(Map.of("a", 0, "b", 1)));
    assertEquals(List.of(false, true, true, true), d.get("big").toList());
    assertEquals(DType.FLOAT64, d.get("code").dtype(), "unmapped values become NaN");
    assertTrue(d.get("code").isNull(3));
    assertEquals(List.of("k", "x", "n"), d.drop("big", "code").columns());
    assertEquals(List.of("x", "n", "k_a", "k_b", "k_c"), df.getDummies().columns());
    assertEquals(List.of("1", "2"), DataFrame.getDummies(Series.of("y", 2, 1, 2), null).columns());
  }

  @Test
  void shiftRollingAndEwm() {
    Series s = Series.of("v", 1.0, 2.0, 3.0, 4.0, 5.0);
    assertEquals(List.of(Double.NaN, 1.0, 2.0, 3.0, 4.0), s.shift(1).toList());
    assertEquals(List.of(2.0, 3.0, 4.0, 5.0, Double.NaN), s.shift(-1).toList());
    assertEquals(List.of(Double.NaN, Double.NaN, 2.0, 3.0, 4.0), s.rolling(3).mean().toList());
    // pandas 3.1.1: pd.Series([1,2,3,4,5]).ewm(alpha=0.5).mean() (adjust=True)
    double[] adjusted = {
      1.0, 1.6666666666666667, 2.4285714285714284, 3.2666666666666666, 4.161290322580645
    };
    double[] recursion = {1.0, 1.5, 2.25, 3.125, 4.0625};
    for (int i = 0; i < 5; i++) {
      assertEquals(adjusted[i], s.ewmMean(0.5, true).getDouble(i), 1e-12);
      assertEquals(recursion[i], s.ewmMean(0.5, false).getDouble(i), 1e-12);
    }
    assertEquals(List.of(Double.NaN, 1.0, 1.0, 1.0, 1.0), s.diff(1).toList());
  }

  @Test
  void queryCombinations() {
    assertEquals(List.of(1L, 3L), df.query("n > 15 and not k == 'a'").index());
    assertEquals(List.of(0L, 3L), df.query("(x < 2) | (n >= 40)").index());
    assertEquals(List.of(0L, 2L), df.query("`k` == 'a'").index());
  }

  @Test
  void setIndexLocAndReset() {
    DataFrame byKey = df.setIndex("n");
    assertEquals("b", byKey.loc(20, "k"));
    assertEquals(List.of(20L, 30L), byKey.locRange(15, 30).index());
    DataFrame back = byKey.resetIndex();
    assertEquals(List.of("n", "k", "x"), back.columns());
  }

  @Test
  void printoutsLookLikePandas() {
    assertEquals(
        "   k    x   n\n0  a  1.0  10\n1  b  2.0  20\n2  a  NaN  30\n3  c  4.0  40", df.toString());
    assertEquals(
        "a    2\nb    1\nc    1\nName: k, dtype: int64", df.get("k").valueCounts().toString());
  }
}
