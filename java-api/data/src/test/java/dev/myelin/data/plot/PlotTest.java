package dev.myelin.data.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.image.Image;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
  private static final Color BLUE = new Color(0x1f77b4);
  private static final Color ORANGE = new Color(0xff7f0e);
  private static final Color GREEN = new Color(0x2ca02c);
  private static final Color RED = new Color(0xd62728);

  @TempDir Path temp;
  private Path dir;

  @BeforeEach
  void outputDir() throws Exception {
    // Set MYELIN_PLOT_OUT to keep the figures for a look by eye.
    String keep = System.getenv("MYELIN_PLOT_OUT");
    dir = keep == null ? temp : Files.createDirectories(Path.of(keep));
  }

  private static double[] range(int n, double lo, double hi) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * i / (n - 1);
    }
    return v;
  }

  @Test
  void linePlotDrawsEachSeriesWhereItsValuesAre() throws Exception {
    double[] x = range(50, 0, 10);
    double[] rising = x.clone();
    double[] falling = new double[50];
    for (int i = 0; i < 50; i++) {
      falling[i] = 10 - x[i];
    }
    Figure fig = Plot.figure(640, 480);
    fig.axes()
        .plot(x, rising, "rising")
        .plot(x, falling, "falling")
        .setTitle("Two lines")
        .setXLabel("x")
        .setYLabel("y")
        .legend();
    Rendered r = Rendered.save(fig, dir, "line");
    // The rising line is low on the left and high on the right; the falling one the opposite.
    double[] blue = r.centroid(BLUE, 20);
    double[] orange = r.centroid(ORANGE, 20);
    assertNotNull(blue, "rising line colour missing");
    assertNotNull(orange, "falling line colour missing");
    int w = r.png.getWidth();
    int h = r.png.getHeight();
    assertTrue(r.count(BLUE, 20, 0, h / 2, w / 3, h) > 20, "rising line starts bottom-left");
    assertTrue(r.count(BLUE, 20, 2 * w / 3, 0, w, h / 2) > 20, "rising line ends top-right");
    assertTrue(r.count(ORANGE, 20, 0, 0, w / 3, h / 2) > 20, "falling line starts top-left");
    assertTrue(r.count(ORANGE, 20, 2 * w / 3, h / 2, w, h) > 20, "falling line ends bottom-right");
    // Lines are paths; titles, tick labels and legends are text (matplotlib's svg.fonttype='none').
    r.assertSvgHas("svg", "path", "text", "clipPath");
  }

  @Test
  void fillBetweenFillsTheBandBeneathTheLinesAndInsideTheLimits() throws Exception {
    double[] x = range(30, 0, 10);
    double[] lo = new double[30];
    double[] hi = new double[30];
    double[] mid = new double[30];
    java.util.Arrays.fill(lo, 0.4);
    java.util.Arrays.fill(hi, 0.6);
    java.util.Arrays.fill(mid, 0.5);
    Figure fig = Plot.figure(600, 400);
    fig.axes().fillBetween(x, lo, hi, GREEN, 0.5).plot(x, mid, "mean", RED).setYLim(0, 1);
    Rendered r = Rendered.save(fig, dir, "band");
    Color fill = Rendered.overWhite(GREEN, 0.5);
    int w = r.png.getWidth();
    int h = r.png.getHeight();
    int band = r.columnCount(w / 2, fill, 6);
    // The band spans a fifth of the y range: about a fifth of the plot's height (most of the
    // figure), less the line drawn over it.
    assertTrue(band > h / 10 && band < h / 4, "band height " + band + " of " + h);
    assertTrue(r.columnCount(w / 2, RED, 20) >= 1, "the line is drawn over the band");
    assertEquals(0, r.count(fill, 6, 0, 0, w, h / 4), "nothing filled in the top quarter");
    assertEquals(0, r.count(fill, 6, 0, 3 * h / 4, w, h), "nothing filled in the bottom quarter");

    // A band wider than the y limits is clipped to the plot area: no fill over the title.
    double[] below = new double[30];
    double[] above = new double[30];
    java.util.Arrays.fill(below, -5);
    java.util.Arrays.fill(above, 5);
    Figure wide = Plot.figure(600, 400);
    wide.axes().fillBetween(x, below, above, GREEN, 0.5).setYLim(0, 1).setTitle("clipped");
    Rendered c = Rendered.save(wide, dir, "band-clipped");
    assertTrue(c.columnCount(w / 2, fill, 6) > h / 2, "the plot area is filled");
    assertEquals(0, c.count(fill, 6, 0, 0, w, 12), "the title strip is not filled");
    assertEquals(0, c.count(fill, 6, 0, h - 12, w, h), "the tick strip is not filled");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plot.figure(100, 100).axes().fillBetween(x, lo, new double[3], GREEN, 0.5));
    assertTrue(e.getMessage().contains("y2"), e.getMessage());
  }

  @Test
  void scatterColoursPointsByClass() throws Exception {
    Random rnd = new Random(0);
    int n = 200;
    double[] x = new double[n];
    double[] y = new double[n];
    int[] cls = new int[n];
    for (int i = 0; i < n; i++) {
      cls[i] = i % 2;
      x[i] = (cls[i] == 0 ? -2 : 2) + rnd.nextGaussian() * 0.3;
      y[i] = rnd.nextGaussian();
    }
    Figure fig = Plot.figure(600, 400);
    fig.axes().scatter(x, y, cls).legend().setTitle("classes");
    Rendered r = Rendered.save(fig, dir, "scatter");
    double[] c0 = r.centroid(BLUE, 10);
    double[] c1 = r.centroid(ORANGE, 10);
    assertNotNull(c0, "class 0 colour missing");
    assertNotNull(c1, "class 1 colour missing");
    int mid = r.png.getWidth() / 2;
    // Legend swatches sit top-right, so compare counts in the plot's lower half only.
    int h = r.png.getHeight();
    assertTrue(r.count(BLUE, 10, 0, h / 3, mid, h) > 300, "class 0 on the left");
    assertTrue(r.count(BLUE, 10, mid, h / 3, r.png.getWidth(), h) < 10, "no class 0 on the right");
    assertTrue(r.count(ORANGE, 10, mid, h / 3, r.png.getWidth(), h) > 300, "class 1 on the right");
    assertTrue(r.count(ORANGE, 10, 0, h / 3, mid, h) < 10, "no class 1 on the left");
    // Circle markers are SVG ellipses; tick labels stay text.
    r.assertSvgHas("ellipse", "text");
  }

  @Test
  void scatterThroughColormapUsesItsEnds() throws Exception {
    double[] x = {0, 1, 2, 3};
    double[] y = {0, 1, 2, 3};
    Figure fig = Plot.figure(400, 300);
    fig.axes().scatter(x, y, new int[] {0, 0, 1, 1}, Colormap.COOLWARM);
    Rendered r = Rendered.save(fig, dir, "scatter_cmap");
    double[] cold = r.centroid(new Color(0x3b4cc0), 8);
    double[] warm = r.centroid(new Color(0xb40426), 8);
    assertNotNull(cold);
    assertNotNull(warm);
    assertTrue(cold[0] < warm[0] && cold[1] > warm[1], "class 0 bottom-left of class 1");
  }

  @Test
  void histogramFillsBarsAndCumulativeDensityRises() throws Exception {
    Random rnd = new Random(1);
    double[] v = new double[2000];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextDouble() * 10;
    }
    Figure fig = Plot.figure(800, 400);
    Axes[][] ax = fig.subplots(1, 2);
    ax[0][0].hist(v, 10).setTitle("counts");
    ax[0][1].hist(v, 100, true, true).setTitle("cumulative density").axhline(1);
    Rendered r = Rendered.save(fig, dir, "hist");
    Color fill = Rendered.overWhite(BLUE, 0.6);
    int h = r.png.getHeight();
    // Uniform data: the count bars are about equally tall from left to right.
    int left = r.columnCount(100, fill, 6);
    int right = r.columnCount(330, fill, 6);
    assertTrue(left > 100 && right > 100, "bars filled: " + left + ", " + right);
    assertTrue(Math.abs(left - right) < 0.25 * left, "flat histogram: " + left + " vs " + right);
    // The cumulative density grows from about 0 to 1: short on the left, full height on the right.
    int early = r.columnCount(400 + 90, fill, 6);
    int late = r.columnCount(400 + 340, fill, 6);
    assertTrue(late > 3 * early && late > h / 2, "cumulative rises: " + early + " -> " + late);
    assertTrue(Histograms.heights(v, Histograms.edges(v, 100), true, true)[99] > 0.999999);
  }

  @Test
  void histogramHeightsMatchNumpy() {
    double[] v = {1, 2, 2, 3, 3, 3, 4};
    double[] edges = Histograms.edges(v, 3);
    assertEquals(1.0, edges[0]);
    assertEquals(2.0, edges[1]);
    assertEquals(4.0, edges[3]);
    // np.histogram([1,2,2,3,3,3,4], bins=3) -> [1, 2, 4]; the last bin is closed.
    assertEquals(List.of(1.0, 2.0, 4.0), toList(Histograms.heights(v, edges, false, false)));
    // density=True: count / (n * width) with width 1.
    double[] d = Histograms.heights(v, edges, true, false);
    assertEquals(4.0 / 7, d[2], 1e-12);
    double[] c = Histograms.heights(v, edges, true, true);
    assertEquals(3.0 / 7, c[1], 1e-12);
    assertEquals(1.0, c[2], 1e-12);
  }

  private static List<Double> toList(double[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }

  @Test
  void barHeightsAreProportional() throws Exception {
    Figure fig = Plot.figure(500, 400);
    fig.axes().bar(new String[] {"low", "high"}, new double[] {1, 3}).setTitle("bars");
    Rendered r = Rendered.save(fig, dir, "bar");
    int[] cols = barColumns(r, BLUE);
    assertEquals(2, cols.length, "two bars");
    int low = r.columnCount(cols[0], BLUE, 4);
    int high = r.columnCount(cols[1], BLUE, 4);
    assertEquals(3.0, high / (double) low, 0.15, "bar height ratio " + high + "/" + low);
    // The bars stay vector shapes in SVG: two rectangles filled in C0.
    assertEquals(2, r.svgText.split("<rect[^>]*fill:rgb\\(31,119,180\\)", -1).length - 1);
  }

  /** The centre columns of each horizontal run of columns holding the colour. */
  private static int[] barColumns(Rendered r, Color c) {
    java.util.List<Integer> centres = new java.util.ArrayList<>();
    int start = -1;
    for (int x = 0; x <= r.png.getWidth(); x++) {
      boolean has = x < r.png.getWidth() && r.columnCount(x, c, 4) > 5;
      if (has && start < 0) {
        start = x;
      } else if (!has && start >= 0) {
        if (x - start > 5) {
          centres.add((start + x) / 2);
        }
        start = -1;
      }
    }
    return centres.stream().mapToInt(Integer::intValue).toArray();
  }

  @Test
  void pieSlicesHaveAreasInProportion() throws Exception {
    Figure fig = Plot.figure(500, 500);
    fig.axes().pie(new double[] {1, 3}, new String[] {"a", "b"}).setTitle("pie");
    Rendered r = Rendered.save(fig, dir, "pie");
    int a = r.count(BLUE, 3);
    int b = r.count(ORANGE, 3);
    assertTrue(a > 1000, "slice a drawn: " + a);
    assertEquals(3.0, b / (double) a, 0.3, "slice area ratio " + b + "/" + a);
    // matplotlib's startangle=90: the first slice runs counter-clockwise from 12 o'clock, so a
    // quarter slice fills the top-left quadrant.
    double[] first = r.centroid(BLUE, 3);
    assertTrue(
        first[0] < 250 && first[1] < 250, "first slice top-left: " + first[0] + "," + first[1]);
  }

  @Test
  void boxplotDrawsOneBoxPerGroup() throws Exception {
    Random rnd = new Random(2);
    double[][] groups = new double[2][100];
    for (int i = 0; i < 100; i++) {
      groups[0][i] = rnd.nextGaussian();
      groups[1][i] = 5 + rnd.nextGaussian();
    }
    Figure fig = Plot.figure(500, 400);
    Axes ax = fig.axes().boxplot(groups, new String[] {"Male", "Female"}).setTitle("box");
    Rendered r = Rendered.save(fig, dir, "box");
    int w = r.png.getWidth();
    int h = r.png.getHeight();
    // matplotlib's box style: black outlines, orange (C1) medians. The second group sits higher.
    assertTrue(r.count(ORANGE, 40, 0, h / 2, w / 2, h) > 20, "first median bottom-left");
    assertTrue(r.count(ORANGE, 40, w / 2, 0, w, h / 2) > 20, "second median top-right");
    assertEquals(0, r.count(ORANGE, 40, 0, 0, w / 2, h / 2), "nothing orange top-left");
    assertNotNull(r.centroid(Color.BLACK, 10), "box outlines");
    assertArrayEquals(new String[] {"Male", "Female"}, ax.xTickLabels());
  }

  @Test
  void hist2dAndHexbinColourDenseCells() throws Exception {
    Random rnd = new Random(3);
    double[] x = new double[3000];
    double[] y = new double[3000];
    for (int i = 0; i < x.length; i++) {
      // Dense cluster near (1, 1) over a sparse uniform background on [0, 10].
      boolean dense = i % 2 == 0;
      x[i] = dense ? 1 + rnd.nextGaussian() * 0.2 : rnd.nextDouble() * 10;
      y[i] = dense ? 1 + rnd.nextGaussian() * 0.2 : rnd.nextDouble() * 10;
    }
    Figure fig = Plot.figure(800, 400);
    Axes[][] ax = fig.subplots(1, 2);
    ax[0][0].hist2d(x, y, 20, Colormap.VIRIDIS).setTitle("hist2d");
    ax[0][1].hexbin(x, y, 20, Colormap.RAINBOW).setTitle("hexbin");
    Rendered r = Rendered.save(fig, dir, "hist2d_hexbin");
    // The densest cell takes the map's last colour, bottom-left in each panel (y grows upwards).
    double[] yellow = r.centroid(new Color(0xfde725), 3);
    assertNotNull(yellow, "hist2d maximum colour");
    assertTrue(
        yellow[0] < 200 && yellow[1] > 200,
        "dense cell bottom-left: " + yellow[0] + "," + yellow[1]);
    assertTrue(
        r.count(new Color(0x440154), 3, 0, 0, 400, 400) > 1000, "empty cells in viridis low");
    double[] red = r.centroid(new Color(0xff0000), 3);
    assertNotNull(red, "hexbin maximum colour");
    assertTrue(
        red[0] > 400 && red[0] < 600 && red[1] > 200, "dense hexagon bottom-left of panel 2");
    assertTrue(r.count(new Color(0x8000ff), 60, 400, 0, 800, 400) > 1000, "sparse hexagons drawn");
    r.assertSvgHas("image", "path");
  }

  @Test
  void heatmapColoursCellsInOrderAndAnnotates() throws Exception {
    double[][] m = {{0, 1}, {2, 3}};
    Figure fig = Plot.figure(500, 400);
    fig.axes()
        .heatmap(m, new String[] {"r0", "r1"}, new String[] {"c0", "c1"}, true)
        .setTitle("heat");
    Rendered r = Rendered.save(fig, dir, "heatmap");
    double[] c00 = r.centroid(Colormap.VIRIDIS.at(0.0), 2);
    double[] c01 = r.centroid(Colormap.VIRIDIS.at(1 / 3.0), 2);
    double[] c10 = r.centroid(Colormap.VIRIDIS.at(2 / 3.0), 2);
    double[] c11 = r.centroid(Colormap.VIRIDIS.at(1.0), 2);
    for (double[] c : new double[][] {c00, c01, c10, c11}) {
      assertNotNull(c, "every cell colour present");
    }
    // Row 0 on top, column 0 on the left.
    assertTrue(c00[0] < c01[0] && Math.abs(c00[1] - c01[1]) < 5, "cell (0,1) right of (0,0)");
    assertTrue(c10[1] > c00[1] && Math.abs(c10[0] - c00[0]) < 5, "cell (1,0) below (0,0)");
    assertTrue(c11[0] > c10[0] && c11[1] > c01[1], "cell (1,1) bottom-right");
    int area = r.count(Colormap.VIRIDIS.at(0.0), 2);
    assertTrue(area > 10000, "cells are large: " + area);
    String texts = r.svgTexts();
    // The annotations are SVG text; XChart's tick labels are glyph outlines.
    for (String s : new String[] {"0", "1", "2", "3"}) {
      assertTrue(texts.contains(s), s + " in SVG text " + texts);
    }
    r.assertSvgHas("image", "text");
    assertEquals("0.53", Axes.formatValue(0.5312));
    assertEquals("12", Axes.formatValue(12.0));
  }

  /** {x0, y0, x1, y1} (exclusive ends) of the pixels near {@code c}, or null. */
  private static int[] bbox(Rendered r, Color c, int tol) {
    int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
    for (int y = 0; y < r.png.getHeight(); y++) {
      for (int x = 0; x < r.png.getWidth(); x++) {
        if (Rendered.near(r.png.getRGB(x, y), c, tol)) {
          b =
              new int[] {
                Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x + 1), Math.max(b[3], y + 1)
              };
        }
      }
    }
    return b[2] < 0 ? null : b;
  }

  /** {count, bbox x0, y0, x1, y1, centroid x, centroid y} of dark (text) pixels in a box. */
  private static double[] ink(Rendered r, int x0, int y0, int x1, int y1) {
    double n = 0;
    double sx = 0;
    double sy = 0;
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -1, -1};
    for (int y = Math.max(0, y0); y < Math.min(r.png.getHeight(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(r.png.getWidth(), x1); x++) {
        int rgb = r.png.getRGB(x, y);
        if (((rgb >> 16) & 0xff) < 120 && ((rgb >> 8) & 0xff) < 120 && (rgb & 0xff) < 120) {
          n++;
          sx += x;
          sy += y;
          b =
              new double[] {
                Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x + 1), Math.max(b[3], y + 1)
              };
        }
      }
    }
    return new double[] {n, b[0], b[1], b[2], b[3], n == 0 ? -1 : sx / n, n == 0 ? -1 : sy / n};
  }

  /** The cell block of a heatmap whose values increase along rows: {left, top, right, bottom}. */
  private static int[] cells(Rendered r, int rows, int cols) {
    int[] first = bbox(r, Colormap.VIRIDIS.at(0.0), 1);
    int[] last = bbox(r, Colormap.VIRIDIS.at(1.0), 1);
    assertNotNull(first, "first cell drawn");
    assertNotNull(last, "last cell drawn");
    return new int[] {first[0], first[1], last[2], last[3]};
  }

  private static double[][] ramp(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        m[i][j] = i * cols + j;
      }
    }
    return m;
  }

  @Test
  void heatmapNamesEveryRowLeftAndEveryColumnBelow() throws Exception {
    String[] rows = {"alpha", "beta", "gamma"};
    String[] cols = {"a", "bb", "ccc", "dddd"};
    Figure fig = Plot.figure(600, 500);
    fig.axes().heatmap(ramp(3, 4), rows, cols, false).setXLabel("predicted").setYLabel("actual");
    Rendered r = Rendered.save(fig, dir, "heatmap_names");
    int[] box = cells(r, 3, 4);
    double cellH = (box[3] - box[1]) / 3.0;
    double cellW = (box[2] - box[0]) / 4.0;
    assertTrue(box[0] > 30 && box[3] < 480, "room for names: " + java.util.Arrays.toString(box));
    for (int i = 0; i < 3; i++) {
      int y0 = (int) (box[1] + i * cellH);
      // Left of the ticks: the row's name, centred on the row, and nothing at the row borders.
      double[] name = ink(r, 0, y0, box[0] - 6, (int) (y0 + cellH));
      assertTrue(name[0] > 20, rows[i] + " drawn: " + name[0]);
      assertEquals(y0 + cellH / 2, name[6], cellH / 6, rows[i] + " centred on its row");
      assertTrue(
          name[3] <= box[0] - 6 && name[3] > box[0] - 20, rows[i] + " right-aligned to the axis");
      if (i > 0) {
        assertEquals(0.0, ink(r, 0, y0 - 3, box[0] - 6, y0 + 3)[0], rows[i] + " border blank");
      }
    }
    double widest = 0;
    for (int j = 0; j < 4; j++) {
      int x0 = (int) (box[0] + j * cellW);
      double[] name = ink(r, x0, box[3] + 6, (int) (x0 + cellW), box[3] + 22);
      assertTrue(name[0] > 5, cols[j] + " drawn: " + name[0]);
      assertEquals(x0 + cellW / 2, name[5], cellW / 8, cols[j] + " centred under its column");
      widest = Math.max(widest, name[3] - name[1]);
      assertTrue(name[4] - name[2] < 20, cols[j] + " is one horizontal line of text");
    }
    assertTrue(widest > 15, "dddd reads across: " + widest);
    String texts = r.svgTexts();
    // The axis titles go outside the names: "predicted" below the column names, "actual" left.
    double[] xTitle = ink(r, box[0], box[3] + 25, box[2], 500);
    assertEquals((box[0] + box[2]) / 2.0, xTitle[5], 10, "x title centred under the grid");
    double[] yTitle = ink(r, 0, box[1], 20, box[3]);
    assertTrue(yTitle[4] - yTitle[2] > 2 * (yTitle[3] - yTitle[1]), "y title reads upwards");
    for (String s :
        new String[] {"alpha", "beta", "gamma", "a", "bb", "ccc", "dddd", "predicted", "actual"}) {
      assertTrue(texts.contains(s + "|"), s + " in SVG text " + texts);
    }
  }

  @Test
  void heatmapTurnsColumnNamesThatDoNotFit() throws Exception {
    String[] names = {"satisfaction_level", "last_evaluation", "number_project", "left"};
    Figure fig = Plot.figure(400, 450);
    double[][] corr = {{1, 0.1, -0.1, -0.4}, {0.1, 1, 0.3, 0}, {-0.1, 0.3, 1, 0}, {-0.4, 0, 0, 1}};
    fig.axes().heatmap(corr, names, names, true).setTitle("corr");
    Rendered r = Rendered.save(fig, dir, "heatmap_turned");
    // The minimum (-0.4) sits in cells (0, 3) and (3, 0): its colour spans the whole grid.
    int[] grid = bbox(r, Colormap.VIRIDIS.at(0.0), 1);
    assertNotNull(grid, "the -0.4 cells");
    double cellW = (grid[2] - grid[0]) / 4.0;
    int left = grid[0];
    int bottom = grid[3];
    for (int j = 0; j < 4; j++) {
      int x0 = (int) (left + j * cellW);
      double[] name = ink(r, x0 + 2, bottom + 6, (int) (x0 + cellW - 2), r.png.getHeight());
      assertTrue(name[0] > 10, names[j] + " drawn: " + name[0]);
      double w = name[3] - name[1];
      double h = name[4] - name[2];
      assertTrue(h > 1.5 * w, names[j] + " reads upwards: " + w + " x " + h);
      assertEquals(x0 + cellW / 2, name[5], cellW / 4, names[j] + " centred under its column");
    }
    double[] row = ink(r, 0, grid[1], left - 6, (int) (grid[1] + cellW));
    assertTrue(row[3] - row[1] > 3 * (row[4] - row[2]), "row names stay horizontal");
    String texts = r.svgTexts();
    for (String s : names) {
      assertTrue(texts.contains(s), s + " in SVG text");
    }
    assertTrue(texts.contains("|-0.40|"), "annotations too: " + texts);
  }

  @Test
  void imshowShowsRgbPixelsTopDownAndGreyThroughMap() throws Exception {
    byte[] px = {
      (byte) 255,
      0,
      0,
      0,
      (byte) 255,
      0, // red, green
      0,
      0,
      (byte) 255,
      (byte) 255,
      (byte) 255,
      0 // blue, yellow
    };
    Image img = new Image(2, 2, 3, px);
    Figure fig = Plot.figure(800, 400);
    Axes[][] ax = fig.subplots(1, 2);
    ax[0][0].imshow(img).setTitle("rgb");
    ax[0][1].imshow(new double[][] {{0, 1}, {1, 0}}, Colormap.named("gray")).setTitle("gray");
    Rendered r = Rendered.save(fig, dir, "imshow");
    double[] red = r.centroid(Color.RED, 2);
    double[] green = r.centroid(Color.GREEN, 2);
    double[] blue = r.centroid(Color.BLUE, 2);
    double[] yellow = r.centroid(Color.YELLOW, 2);
    assertTrue(red[0] < green[0] && red[1] < blue[1], "red top-left");
    assertTrue(yellow[0] > blue[0] && yellow[1] > green[1], "yellow bottom-right");
    assertTrue(r.count(Color.RED, 2) > 5000, "pixels scaled up to fill the axes");
    double[] black = r.centroid(Color.BLACK, 2);
    assertTrue(r.count(Color.BLACK, 2, 400, 0, 800, 400) > 5000, "black cells in grey panel");
    assertTrue(black != null);
    r.assertSvgHas("image");
  }

  @Test
  void decisionBoundaryTintsEachSideAndMarksClasses() throws Exception {
    double[][] x = {{-1, -1}, {-0.5, 0.5}, {-0.8, 0.2}, {1, 1}, {0.5, -0.5}, {0.7, 0.1}};
    int[] y = {0, 0, 0, 1, 1, 1};
    // A predictor that says class 1 right of x = 0: its probability is a steep sigmoid.
    Figure fig =
        Plot.plotDecisionBoundary(
            pts -> {
              double[] p = new double[pts.length];
              for (int i = 0; i < pts.length; i++) {
                p[i] = 1 / (1 + Math.exp(-20 * pts[i][0]));
              }
              return p;
            },
            x,
            y);
    fig.axes().setTitle("Blue circles and Red crosses");
    Rendered r = Rendered.save(fig, dir, "decision_boundary");
    // contourf with bwr at alpha 0.2: the lowest band is blue, the highest red.
    Color lowTint = Rendered.overWhite(Colormap.BWR.at(0.0), 0.2);
    Color highTint = Rendered.overWhite(Colormap.BWR.at(1.0), 0.2);
    int w = r.png.getWidth();
    int h = r.png.getHeight();
    int blueLeft = r.count(lowTint, 3, 0, 0, w / 2, h);
    int blueRight = r.count(lowTint, 3, w / 2, 0, w, h);
    int redRight = r.count(highTint, 3, w / 2, 0, w, h);
    int redLeft = r.count(highTint, 3, 0, 0, w / 2, h);
    assertTrue(blueLeft > 50000 && blueRight < blueLeft / 20, blueLeft + " vs " + blueRight);
    assertTrue(redRight > 50000 && redLeft < redRight / 20, redRight + " vs " + redLeft);
    // Markers at alpha 0.5 over the tint.
    assertTrue(r.count(new Color(128, 128, 255), 30) > 50, "blue circles");
    assertTrue(r.count(new Color(255, 128, 128), 30) > 10, "red crosses");
  }

  @Test
  void decisionBoundaryRejectsWrongPredictorOutput() {
    double[][] x = {{0, 0}, {1, 1}};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plot.plotDecisionBoundary(pts -> new double[3], x, new int[] {0, 1}));
    assertTrue(
        e.getMessage().contains("predictor") && e.getMessage().contains("10201"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plot.plotDecisionBoundary(pts -> new double[pts.length], x, new int[] {0}));
    assertTrue(e.getMessage().contains("x and y"), e.getMessage());
  }

  @Test
  void historyDrawsOneCurvePerMetric() throws Exception {
    Map<String, List<Double>> history = new LinkedHashMap<>();
    history.put("loss", List.of(1.0, 0.6, 0.4, 0.3, 0.25));
    history.put("acc", List.of(0.5, 0.7, 0.8, 0.85, 0.9));
    history.put("val_acc", List.of(0.45, 0.65, 0.75, 0.8, 0.82));
    Figure fig = Plot.plotHistory(history, "acc", "val_acc");
    fig.axes().setYLim(-0.05, 1.05);
    Rendered r = Rendered.save(fig, dir, "history");
    assertTrue(r.count(BLUE, 20) > 200, "acc curve");
    assertTrue(r.count(ORANGE, 20) > 200, "val_acc curve");
    assertTrue(r.count(GREEN, 20) == 0, "loss not drawn");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Plot.plotHistory(history, "accuracy"));
    assertTrue(
        e.getMessage().contains("accuracy") && e.getMessage().contains("val_acc"), e.getMessage());
  }

  @Test
  void subplotGridPlacesEachAxesInItsCell() throws Exception {
    Figure fig = Plot.figure(800, 600);
    Axes[][] ax = fig.subplots(2, 2);
    double[] x = range(20, 0, 1);
    ax[0][0].plot(x, x).setTitle("line");
    ax[0][1].scatter(x, x, new int[20], null).setTitle("scatter");
    ax[1][0].bar(new String[] {"a", "b", "c"}, new double[] {3, 2, 1}).setTitle("bar");
    fig.subplot(2, 2, 4).hist(x, 5).setTitle("hist");
    Rendered r = Rendered.save(fig, dir, "subplots");
    assertTrue(r.count(BLUE, 10, 0, 0, 400, 300) > 50, "top-left line");
    assertTrue(r.count(BLUE, 10, 400, 0, 800, 300) > 50, "top-right points");
    assertTrue(r.count(BLUE, 4, 0, 300, 400, 600) > 2000, "bottom-left bars");
    assertTrue(r.count(Rendered.overWhite(BLUE, 0.6), 6, 400, 300, 800, 600) > 2000, "histogram");
  }

  @Test
  void limitsRestrictTheVisibleRange() throws Exception {
    double[] x = range(101, 0, 100);
    Figure fig = Plot.figure(400, 300);
    // Only x in [0, 10] is shown, so the rising line stays at the bottom (y <= 10 of 100).
    fig.axes().plot(x, x).setXLim(0, 10).setYLim(0, 100);
    Rendered r = Rendered.save(fig, dir, "limits");
    assertTrue(r.count(BLUE, 20, 0, 0, 400, 200) == 0, "nothing drawn in the upper part");
    assertTrue(r.count(BLUE, 20, 0, 200, 400, 300) > 50, "line along the bottom");
  }

  @Test
  void badInputFailsNamingTheArgument() {
    Axes ax = Plot.figure(100, 100).axes();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ax.plot(new double[3], new double[2]));
    assertTrue(
        e.getMessage().contains("x and y") && e.getMessage().contains("x.length=3"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ax.scatter(new double[2], new double[2], new int[3]));
    assertTrue(e.getMessage().contains("classes"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ax.heatmap(new double[][] {{1, 2}}, new String[] {"a", "b"}, null, false));
    assertTrue(e.getMessage().contains("rowLabels"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ax.hist(new double[] {1}, 0));
    assertTrue(e.getMessage().startsWith("bins"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Colormap.named("jet"));
    assertTrue(e.getMessage().contains("cmap") && e.getMessage().contains("jet"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ax.setXLim(1, 0));
    assertTrue(e.getMessage().startsWith("hi"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plot.figure(0, 10));
    assertTrue(e.getMessage().startsWith("width"), e.getMessage());
    ax.plot(new double[] {1, 2});
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class, () -> ax.bar(new String[] {"a"}, new double[] {1}));
    assertTrue(s.getMessage().contains("bar"), s.getMessage());
  }
}
