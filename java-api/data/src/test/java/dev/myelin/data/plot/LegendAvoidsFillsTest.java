package dev.myelin.data.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code legend(loc='best')} treats filled bands, bars, hexbins and images as occupied. */
class LegendAvoidsFillsTest {
  private static final Color GREEN = new Color(0x2ca02c);

  @TempDir Path temp;

  @Test
  void legendLeavesTheBand() throws Exception {
    // A band over the upper half, the curve in the lower right: the free corner is lower left.
    double[] x = {0, 10};
    double[] cx = {6, 7, 8, 9, 10};
    double[] cy = {0, 0.1, 0.2, 0.25, 0.3};
    Figure fig = Plot.figure(640, 480);
    Axes ax =
        fig.axes()
            .fillBetween(x, new double[] {0.5, 0.5}, new double[] {1, 1}, GREEN, 1.0)
            .plot(cx, cy, "accuracy")
            .setTitle("Band")
            .legend();
    Rendered r = Rendered.save(fig, Rendered.outputDir(temp), "legend-band");
    Rectangle2D box = ax.legendBox();
    Frame f = ax.frame();
    assertTrue(
        box.getMinY() > f.y(0.5), "legend below the band: " + box + " band from " + f.y(0.5));
    assertTrue(box.getMaxX() < f.x(6), "legend left of the curve: " + box);
    assertEquals(
        0,
        r.count(
            GREEN,
            30,
            (int) box.getX(),
            (int) box.getY(),
            (int) box.getMaxX(),
            (int) box.getMaxY()),
        "band pixels under the legend");
  }

  @Test
  void legendLeavesTheBars() throws Exception {
    // Tall bars right, short ones left: the legend goes upper left, above the short bars.
    Figure fig = Plot.figure(640, 480);
    Axes ax =
        fig.axes()
            .bar(new String[] {"a", "b", "c", "d"}, new double[] {1, 2, 9, 10}, "counts")
            .legend();
    Rendered.save(fig, Rendered.outputDir(temp), "legend-bars");
    Rectangle2D box = ax.legendBox();
    Frame f = ax.frame();
    for (int i = 0; i < 4; i++) {
      double h = new double[] {1, 2, 9, 10}[i];
      Rectangle2D bar =
          new Rectangle2D.Double(
              f.x(i - 0.4), f.y(h), f.x(i + 0.4) - f.x(i - 0.4), f.y(0) - f.y(h));
      assertFalse(bar.intersects(box), "legend " + box + " over bar " + i + " " + bar);
    }
    assertTrue(box.getX() < f.x(1.5), "upper left: " + box);
  }

  @Test
  void legendLeavesHexbinsAndImages() throws Exception {
    // Hexagons crowd the upper right; a labelled line runs along the bottom.
    java.util.Random rnd = new java.util.Random(3);
    double[] hx = new double[400];
    double[] hy = new double[400];
    for (int i = 1; i < hx.length; i++) {
      hx[i] = 6 + 4 * rnd.nextDouble();
      hy[i] = 6 + 4 * rnd.nextDouble();
    }
    Figure fig = Plot.figure(900, 400);
    Axes[][] ax = fig.subplots(1, 2);
    ax[0][0]
        .hexbin(hx, hy, 20, Colormap.VIRIDIS)
        .plot(new double[] {0, 10}, new double[] {0, 0}, "base")
        .setTitle("Hexbin")
        .legend();
    double[][] img = new double[10][10];
    for (double[] row : img) {
      java.util.Arrays.fill(row, 1);
    }
    ax[0][1]
        .imshow(img, Colormap.VIRIDIS)
        .plot(new double[] {0, 9}, new double[] {-9, -9}, "row 9")
        .setTitle("Image")
        .legend();
    Rendered.save(fig, Rendered.outputDir(temp), "legend-hexbin-image");
    Rectangle2D hexBox = ax[0][0].legendBox();
    Frame f = ax[0][0].frame();
    assertTrue(hexBox.getMaxX() < f.x(6) || hexBox.getMinY() > f.y(6), "off the hexes: " + hexBox);
    // An image covers every position equally: matplotlib's order decides (upper right), and the
    // line along row 9 at the bottom stays uncovered.
    Rectangle2D imgBox = ax[0][1].legendBox();
    Frame g = ax[0][1].frame();
    assertTrue(imgBox.getMaxY() < g.y(-9), "above the line: " + imgBox);
    assertEquals(
        1,
        new CellGrid(new java.awt.image.BufferedImage(1, 1, 2), new double[] {0, 1, 0, 1}, null)
            .covered(
                new Frame(
                    new Rectangle2D.Double(0, 0, 100, 100),
                    new double[] {0, 1, 0, 1},
                    false,
                    false),
                new Rectangle2D.Double(10, 10, 5, 5)));
  }
}
