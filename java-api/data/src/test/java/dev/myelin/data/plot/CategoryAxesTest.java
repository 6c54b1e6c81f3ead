package dev.myelin.data.plot;

import static dev.myelin.data.PythonScripts.doubles;
import static dev.myelin.data.PythonScripts.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bar charts and box plots on Myelin's own axes: ticks, labels and views as matplotlib's. */
class CategoryAxesTest {
  @TempDir Path temp;
  private Path dir;

  @BeforeEach
  void outputDir() throws Exception {
    dir = Rendered.outputDir(temp);
  }

  @Test
  void barAndBoxTicksMatchMatplotlib() throws Exception {
    JsonNode doc =
        PythonScripts.json("matplotlib_category_ticks.py", Map.of(), temp.resolve("cat.json"));
    int bars = 0;
    int boxes = 0;
    int offsets = 0;
    for (JsonNode c : doc.get("cases")) {
      String[] names = strings(c.get("names"));
      Figure fig = Plot.figure(1200, 900);
      Axes ax = fig.axes();
      if (c.get("type").asText().equals("bar")) {
        ax.bar(names, doubles(c.get("heights")));
        bars++;
      } else {
        double[][] groups = new double[names.length][];
        for (int g = 0; g < groups.length; g++) {
          groups[g] = doubles(c.get("groups").get(g));
        }
        ax.boxplot(groups, names);
        boxes++;
      }
      fig.toImage();
      String what = c.get("type").asText() + " " + c.get("ylim");
      assertTrue(c.get("y").get("tickSpace").asInt() >= 9, what + ": matplotlib's cap of 9 bins");
      double[] view = ax.viewLimits();
      double[] lim = {
        c.get("xlim").get(0).asDouble(),
        c.get("xlim").get(1).asDouble(),
        c.get("ylim").get(0).asDouble(),
        c.get("ylim").get(1).asDouble()
      };
      for (int i = 0; i < 4; i++) {
        // matplotlib takes patch limits through display coordinates and back: ulps apart.
        double tol = 1e-12 * Math.max(1e-300, Math.abs(lim[i ^ 1] - lim[i]));
        assertEquals(lim[i], view[i], tol, what + " view limit " + i);
      }
      assertArrayEquals(doubles(c.get("x").get("ticks")), ax.xTicks(), 0.0, what + " x ticks");
      assertArrayEquals(strings(c.get("x").get("labels")), ax.xTickLabels(), what + " x labels");
      assertArrayEquals(doubles(c.get("y").get("ticks")), ax.yTicks(), 0.0, what + " y ticks");
      assertArrayEquals(strings(c.get("y").get("labels")), ax.yTickLabels(), what + " y labels");
      assertEquals(c.get("y").get("offset").asText(), ax.yOffsetText(), what + " offset");
      offsets += ax.yOffsetText().isEmpty() ? 0 : 1;
    }
    assertTrue(bars >= 10 && boxes >= 6 && offsets >= 3, bars + " " + boxes + " " + offsets);
  }

  @Test
  void barChartIsPaintedWithCategoryTicksAndLegend() throws Exception {
    Figure fig = Plot.figure(640, 480);
    Axes ax =
        fig.axes()
            .bar(new String[] {"Survived", "Died"}, new double[] {342, 549}, "passengers")
            .setTitle("Titanic")
            .setYLabel("count")
            .legend();
    Rendered r = Rendered.save(fig, dir, "bar-categories");
    assertArrayEquals(new double[] {0, 1}, ax.xTicks(), 0.0);
    assertArrayEquals(new String[] {"Survived", "Died"}, ax.xTickLabels());
    assertArrayEquals(
        new String[] {"0", "100", "200", "300", "400", "500"}, ax.yTickLabels(), "matplotlib");
    String texts = r.svgTexts();
    for (String t : new String[] {"Survived", "Died", "500", "Titanic", "count", "passengers"}) {
      assertTrue(texts.contains(t + "|"), t + " is SVG text: " + texts);
    }
    // The bars are filled in C0 from the base at zero; the legend sits where no bar is.
    java.awt.geom.Rectangle2D legend = ax.legendBox();
    assertTrue(r.count(new Color(0x1f77b4), 10, 0, 0, 640, 480) > 20000, "blue bar area");
    int x0 = (int) legend.getX() + 40;
    assertEquals(
        0,
        r.count(
            new Color(0x1f77b4),
            30,
            x0,
            (int) legend.getY() + 2,
            (int) legend.getMaxX() - 2,
            (int) legend.getMaxY() - 2),
        "bar pixels under the legend text");
  }

  @Test
  void boxPlotAndPieTicks() throws Exception {
    Figure fig = Plot.figure(900, 400);
    Axes[][] ax = fig.subplots(1, 2);
    ax[0][0]
        .boxplot(
            new double[][] {{1, 2, 3, 4, 5, 6, 7, 30}, {2, 3, 3, 4, 5}}, new String[] {"a", "b"})
        .setTitle("Box");
    ax[0][1].pie(new double[] {3, 1}, new String[] {"yes", "no"}).setTitle("Pie");
    Rendered r = Rendered.save(fig, dir, "box-pie");
    // No frame around the pie (matplotlib's pie turns the axes off): its panel's margins are
    // blank left and right of the pie.
    assertEquals(0, r.count(Color.GRAY, 90, 452, 60, 470, 380), "frame left of the pie");
    assertEquals(0, r.count(Color.GRAY, 90, 880, 60, 898, 380), "frame right of the pie");
    assertArrayEquals(new double[] {1, 2}, ax[0][0].xTicks(), 0.0);
    assertArrayEquals(new String[] {"a", "b"}, ax[0][0].xTickLabels());
    // The outlier 30 (beyond Q3 + 1.5 IQR = 11.25) is drawn, so the view reaches past it.
    assertTrue(ax[0][0].viewLimits()[3] > 30, "y view " + ax[0][0].viewLimits()[3]);
    assertArrayEquals(
        new double[] {0.5, 2.5},
        new double[] {ax[0][0].viewLimits()[0], ax[0][0].viewLimits()[1]},
        0.0);
    assertEquals(0, ax[0][1].xTicks().length, "a pie has no ticks, as in matplotlib");
    assertEquals(0, ax[0][1].yTickLabels().length);
  }

  /**
   * matplotlib draws fliers as hollow circles ({@code flierprops}: marker 'o', markerfacecolor
   * 'none', edgecolor black, size 6 pt): the flier's centre stays white, its ring is black.
   */
  @Test
  void fliersAreHollowCircles() throws Exception {
    Figure fig = Plot.figure(500, 400);
    Axes ax = fig.axes().boxplot(new double[][] {{1, 2, 3, 4, 5, 6, 7, 30}}, new String[] {"a"});
    Rendered r = Rendered.save(fig, Rendered.outputDir(temp), "box-fliers");
    Frame f = ax.frame();
    int cx = (int) Math.round(f.x(1));
    int cy = (int) Math.round(f.y(30));
    assertEquals(0, r.count(Color.BLACK, 120, cx - 1, cy - 1, cx + 2, cy + 2), "flier centre");
    assertTrue(
        r.count(Color.BLACK, 120, cx - 7, cy - 7, cx + 8, cy + 8) >= 12,
        "flier ring around " + cx + "," + cy);
  }

  @Test
  void percentilesAreNumpys() {
    double[] v = {1, 2, 3, 4, 5, 6, 7, 30};
    // np.percentile([1..7, 30], [25, 50, 75]) = 2.75, 4.5, 6.25
    assertEquals(2.75, BoxStats.percentile(v, 25), 0.0);
    assertEquals(4.5, BoxStats.percentile(v, 50), 0.0);
    assertEquals(6.25, BoxStats.percentile(v, 75), 0.0);
    assertEquals(7.0, BoxStats.percentile(new double[] {7}, 25), 0.0);
  }
}
