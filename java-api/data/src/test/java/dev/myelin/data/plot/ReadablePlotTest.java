package dev.myelin.data.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.image.Image;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The problems of issue 17, one test each: tick text, legends off the data, telling curves apart.
 */
class ReadablePlotTest {
  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color ORANGE = new Color(0xff7f0e);
  private static final Color GREEN = new Color(0x2ca02c);

  @TempDir Path temp;
  private Path dir;

  @BeforeEach
  void outputDir() throws Exception {
    String keep = System.getenv("MYELIN_PLOT_OUT");
    dir = keep == null ? temp : Files.createDirectories(Path.of(keep));
  }

  private static double[] normal(int n, double mean, double sd, long seed) {
    Random rnd = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = mean + sd * rnd.nextGaussian();
    }
    return v;
  }

  @Test
  void histogramTicksAreRoundNumbersDrawnAsText() throws Exception {
    double[] v = normal(2000, 60.7, 2.0, 1);
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.max(54.3, Math.min(67.2, v[i]));
    }
    v[0] = 54.2631333250971;
    v[1] = 67.24932806127566;
    Figure fig = Plot.figure(800, 600);
    Axes ax = fig.axes().hist(v, 30).setTitle("Height");
    Rendered r = Rendered.save(fig, dir, "ticks-hist");
    // matplotlib: the view is the data range plus 5% (53.61 .. 67.90), ticks every 2.
    assertArrayEquals(new String[] {"54", "56", "58", "60", "62", "64", "66"}, ax.xTickLabels());
    assertArrayEquals(new double[] {54, 56, 58, 60, 62, 64, 66}, ax.xTicks(), 0.0);
    String texts = r.svgTexts();
    for (String label : ax.xTickLabels()) {
      assertTrue(("|" + texts).contains("|" + label + "|"), label + " is SVG text: " + texts);
    }
    for (String label : ax.yTickLabels()) {
      assertTrue(texts.contains("|" + label + "|"), label + " is SVG text: " + texts);
    }
    assertEquals("0", ax.yTickLabels()[0], "counts start at zero");
    assertTrue(texts.contains("Height"), texts);
    assertThrows(IllegalStateException.class, () -> Plot.figure(10, 10).axes().xTicks());
  }

  @Test
  void largeAndTinyValuesGetAnOffsetOrPowerOfTen() throws Exception {
    double[] x = {0, 1, 2, 3};
    Figure fig = Plot.figure(600, 400);
    Axes[][] ax = fig.subplots(1, 2);
    ax[0][0].plot(x, new double[] {1e7, 2e7, 3e7, 4e7});
    ax[0][1].plot(x, new double[] {10000.1, 10000.2, 10000.3, 10000.4});
    Rendered r = Rendered.save(fig, dir, "ticks-offset");
    assertEquals("1e7", ax[0][0].yOffsetText());
    assertEquals("+1e4", ax[0][1].yOffsetText());
    assertTrue(r.svgTexts().contains("|1e7|") && r.svgTexts().contains("|+1e4|"), r.svgTexts());
    for (String l : ax[0][1].yTickLabels()) {
      assertTrue(l.length() <= 5, "short label " + l);
    }
  }

  @Test
  void imageAxesHaveIntegerTicks() throws Exception {
    Figure fig = Plot.figure(700, 400);
    fig.axes().imshow(new Image(200, 435, 1, new byte[435 * 200]));
    Rendered.save(fig, dir, "ticks-image");
    for (String l : fig.axes().xTickLabels()) {
      assertTrue(l.matches("\\d+"), "integer x tick " + l);
    }
    for (String l : fig.axes().yTickLabels()) {
      assertTrue(l.matches("\\d+"), "integer y tick (row numbers downwards) " + l);
    }
    assertEquals("0", fig.axes().xTickLabels()[0]);
    assertEquals("0", fig.axes().yTickLabels()[0]);
  }

  @Test
  void logAxisLabelsDecades() throws Exception {
    Figure fig = Plot.figure(600, 400);
    double[] lr = {1e-4, 1e-3, 1e-2, 1e-1, 1};
    Axes ax = fig.axes().plot(lr, new double[] {0.5, 0.7, 0.9, 0.8, 0.4}).setXScale("log");
    Rendered r = Rendered.save(fig, dir, "ticks-log");
    assertArrayEquals(new String[] {"10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"}, ax.xTickLabels());
    assertTrue(r.svgTexts().contains("10⁻²"), r.svgTexts());
    assertThrows(IllegalArgumentException.class, () -> ax.setYScale("symlog"));
  }

  @Test
  void bestLegendCoversNoData() throws Exception {
    // The logistic curve: data fills the upper right and lower left corners.
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    double[] y2 = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = -6 + 12.0 * i / (n - 1);
      y[i] = 1 / (1 + Math.exp(-x[i]));
      y2[i] = 1 / (1 + Math.exp(-2 * x[i]));
    }
    Figure fig = Plot.figure(800, 600);
    Axes ax = fig.axes().plot(x, y, "sigmoid(x)").plot(x, y2, "sigmoid(2x)").legend();
    Rendered r = Rendered.save(fig, dir, "legend-best");
    Rectangle2D box = ax.legendBox();
    assertNotNull(box);
    // Inside the legend only the two handle samples may have the line colours.
    int handleEnd = (int) box.getX() + 5 + 28 + 2;
    int y0 = (int) box.getY();
    int y1 = (int) box.getMaxY();
    assertEquals(0, r.count(BLUE, 40, handleEnd, y0, (int) box.getMaxX(), y1), "blue under legend");
    assertEquals(0, r.count(ORANGE, 40, handleEnd, y0, (int) box.getMaxX(), y1), "orange under");
    assertTrue(r.count(BLUE, 40, (int) box.getX(), y0, handleEnd, y1) > 10, "blue handle");
    // A fixed location is honoured even over data; a bad one is refused with the choices.
    fig.axes().legendLoc("lower right");
    Rendered.save(fig, dir, "legend-lower-right");
    assertTrue(ax.legendBox().getX() > box.getX() && ax.legendBox().getY() > box.getY());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ax.legendLoc("top"));
    assertTrue(e.getMessage().contains("upper right"), e.getMessage());
  }

  @Test
  void formatStringsTellCoincidingCurvesApart() throws Exception {
    double[] x = new double[21];
    double[] y = new double[21];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
      y[i] = 0.5;
    }
    Figure fig = Plot.figure(600, 400);
    fig.axes()
        .plot(x, y, "-", "solid")
        .plot(x, y, "--", "dashed")
        .plot(x, y, "+", "plus")
        .setYLim(0, 1);
    Rendered r = Rendered.save(fig, dir, "styles");
    int h = r.png.getHeight();
    int w = r.png.getWidth();
    // The dashed orange line leaves gaps where the solid blue one shows through.
    assertTrue(r.count(BLUE, 40, 60, 0, w - 150, h) > 30, "solid line visible between dashes");
    assertTrue(r.count(ORANGE, 40, 60, 0, w - 150, h) > 100, "dashes");
    // '+' markers stick out above and below the line.
    double[] c = r.centroid(GREEN, 40);
    assertNotNull(c);
    int arms = 0;
    for (int row = (int) c[1] - 6; row <= (int) c[1] - 2; row++) {
      for (int col = 60; col < w - 150; col++) {
        int rgb = r.png.getRGB(col, row);
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        arms += green > red + 30 && green > blue + 30 ? 1 : 0;
      }
    }
    assertTrue(arms > 20, "+ arms above the line: " + arms);
    assertTrue(r.svgText.contains("stroke-dasharray"), "dashes in the SVG");

    assertEquals(
        new LineStyle(false, null, 'o', new Color(0, 0, 255)), noDash(LineStyle.parse("ob")));
    LineStyle dashDot = LineStyle.parse("-.k");
    assertTrue(dashDot.line() && dashDot.dash().length == 4 && dashDot.color().equals(Color.BLACK));
    LineStyle plusLine = LineStyle.parse("-+");
    assertTrue(plusLine.line() && plusLine.dash() == null && plusLine.marker() == '+');
    assertEquals(Palette.color(2), LineStyle.parse("C2*").color());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> fig.axes().plot(x, y, "-q", "bad"));
    assertTrue(e.getMessage().contains("fmt") && e.getMessage().contains("-q"), e.getMessage());
  }

  private static LineStyle noDash(LineStyle s) {
    return new LineStyle(s.line(), null, s.marker(), s.color());
  }

  @Test
  void decisionBoundaryIsSmooth() throws Exception {
    double[][] pts = new double[40][];
    int[] cls = new int[40];
    Random rnd = new Random(3);
    for (int i = 0; i < pts.length; i++) {
      // Points away from the boundary, so that only the filled contour meets it.
      pts[i] =
          new double[] {
            i % 2 == 0 ? 0.05 * rnd.nextDouble() : 1 - 0.05 * rnd.nextDouble(), rnd.nextDouble()
          };
      cls[i] = pts[i][0] > 0.3 + 0.4 * pts[i][1] ? 1 : 0;
    }
    // A slanted boundary: x = 0.3 + 0.4 y.
    Figure fig =
        Plot.plotDecisionBoundary(
            grid -> {
              double[] p = new double[grid.length];
              for (int i = 0; i < p.length; i++) {
                p[i] = 1 / (1 + Math.exp(-40 * (grid[i][0] - 0.3 - 0.4 * grid[i][1])));
              }
              return p;
            },
            pts,
            cls);
    Rendered r = Rendered.save(fig, dir, "boundary-smooth");
    // Walk rows in the middle: the blue-to-red edge moves by at most 2 pixels per row (a 101-cell
    // staircase would jump by whole cells, about 8 pixels on this figure).
    int w = r.png.getWidth();
    int last = -1;
    int maxJump = 0;
    int rows = 0;
    for (int y = 200; y < 400; y++) {
      int edge = -1;
      for (int x = 100; x < w - 60; x++) {
        int rgb = r.png.getRGB(x, y);
        int red = (rgb >> 16) & 0xff;
        int blue = rgb & 0xff;
        if (red > blue + 20) {
          edge = x;
          break;
        }
      }
      if (edge > 0 && last > 0) {
        maxJump = Math.max(maxJump, Math.abs(edge - last));
        rows++;
      }
      last = edge;
    }
    assertTrue(rows > 150, "edge found in rows " + rows);
    assertTrue(maxJump <= 3, "largest step of the boundary " + maxJump);
  }

  @Test
  void historyPutsLossAndAccuracyOnPanelsOfTheirOwn() throws Exception {
    Map<String, List<Double>> h = new LinkedHashMap<>();
    h.put("loss", List.of(1.0, 0.6, 0.4));
    h.put("val_loss", List.of(1.1, 0.7, 0.5));
    h.put("accuracy", List.of(0.5, 0.7, 0.8));
    h.put("val_accuracy", List.of(0.45, 0.65, 0.75));
    Figure fig = Plot.plotHistory(h, "loss", "val_loss", "accuracy", "val_accuracy");
    Rendered r = Rendered.save(fig, dir, "history-panels");
    String texts = r.svgTexts();
    assertTrue(texts.contains("|Loss|") && texts.contains("|Accuracy|"), texts);
    assertTrue(!texts.contains("loss, val_loss"), "no title made of names: " + texts);
    assertEquals(1200, fig.width());
  }
}
