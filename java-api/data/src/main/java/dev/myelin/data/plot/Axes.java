package dev.myelin.data.plot;

import static dev.myelin.data.internal.Checks.check;
import static dev.myelin.data.internal.Checks.nonEmpty;
import static dev.myelin.data.internal.Checks.sameLength;

import dev.myelin.data.image.Image;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * One plot area of a {@link Figure}, with matplotlib's {@code Axes} methods in Java spelling.
 *
 * <p>Line, scatter, histogram, image, heatmap, 2-D histogram, hexbin, contour, bar and box plots
 * are painted by {@code XyPainter} with matplotlib's ticks, labels, margins and legend placement;
 * pie charts (which have no axes) are drawn by XChart. Calls draw on top of each other as in
 * matplotlib, except that bar, pie and box plots each need an axes of their own. Every method
 * returns this axes for chaining:
 *
 * <pre>{@code
 * Figure fig = Plot.figure(800, 600);
 * fig.axes().plot(x, y, "train").setTitle("Loss").setXLabel("Epochs").legend();
 * fig.savePng(Path.of("loss.png"));
 * }</pre>
 */
public final class Axes {
  private static final double BAR_WIDTH = 0.8;
  private static final double MARKER_SIZE = 8;
  private static final int FINE_RASTER = 600;

  /** What one axes can hold; XY layers combine, the others stand alone. */
  private enum Kind {
    EMPTY,
    XY,
    BAR,
    PIE,
    BOX
  }

  private Kind kind = Kind.EMPTY;
  private String title;
  private String xLabel;
  private String yLabel;
  private Double xMin;
  private Double xMax;
  private Double yMin;
  private Double yMax;
  private boolean legendVisible;
  private int colorIndex;
  private boolean yInverted;
  private boolean integerTicks;
  private boolean xLog;
  private boolean yLog;
  private String legendLoc = "best";
  private XyPainter.Drawn drawn;
  private String[] colNames;
  private String[] rowNames;
  private final List<XyPainter.Series> series = new ArrayList<>();
  private final List<DataLayer> layers = new ArrayList<>();
  private final List<double[]> hLines = new ArrayList<>();
  private final List<String> barCategories = new ArrayList<>();
  private final List<String> barNames = new ArrayList<>();
  private final List<double[]> barHeights = new ArrayList<>();
  private final List<Color> barColors = new ArrayList<>();
  private final List<String> pieLabels = new ArrayList<>();
  private final List<Double> pieValues = new ArrayList<>();
  private double pieStartAngle;
  private String pieAutopct;
  private List<PiePainter.Wedge> pieDrawn;
  private final List<String> boxNames = new ArrayList<>();
  private final List<double[]> boxValues = new ArrayList<>();

  Axes() {}

  // ---------------------------------------------------------------- XY plots

  /**
   * Draws {@code y} against its index 0, 1, 2, ... as a line ({@code plt.plot(y)}).
   *
   * @param y the values
   * @return this axes
   */
  public Axes plot(double[] y) {
    return plot(indices(y == null ? 0 : y.length), y, null);
  }

  /**
   * Draws a line through the points ({@code plt.plot(x, y)}).
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @return this axes
   */
  public Axes plot(double[] x, double[] y) {
    return plot(x, y, null);
  }

  /**
   * Draws a labelled line in the next colour of matplotlib's cycle ({@code plt.plot(x, y,
   * label=...)}).
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param label the legend entry, or null for none
   * @return this axes
   */
  public Axes plot(double[] x, double[] y, String label) {
    return plot(x, y, label, Palette.color(colorIndex));
  }

  /**
   * Draws a labelled line in a given colour.
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param label the legend entry, or null for none
   * @param color the line colour
   * @return this axes
   */
  public Axes plot(double[] x, double[] y, String label, Color color) {
    checkXy(x, y);
    check(color != null, "color", "a colour", "null");
    use(Kind.XY, "plot");
    colorIndex++;
    series.add(
        new XyPainter.Series(
            seriesName(label),
            x.clone(),
            y.clone(),
            XyPainter.Kind.LINE,
            LineStyle.SOLID,
            color,
            MARKER_SIZE,
            label != null));
    return this;
  }

  /**
   * Draws a line and/or markers styled by a matplotlib format string ({@code plt.plot(x, y, '-+',
   * label=...)}): line styles {@code - -- -. :}, markers {@code . o v ^ < > s D d p * + x | _},
   * colours {@code b g r c m y k w} or {@code C0}-{@code C9}; without a colour, the cycle's next. A
   * marker without a line style draws markers only, as in matplotlib.
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param fmt the format string, e.g. {@code "-+"}, {@code "--"}, {@code "ob"}
   * @param label the legend entry, or null for none
   * @return this axes
   */
  public Axes plot(double[] x, double[] y, String fmt, String label) {
    checkXy(x, y);
    LineStyle style = LineStyle.parse(fmt);
    use(Kind.XY, "plot");
    Color color = style.color() != null ? style.color() : Palette.color(colorIndex);
    colorIndex++;
    series.add(
        new XyPainter.Series(
            seriesName(label),
            x.clone(),
            y.clone(),
            XyPainter.Kind.LINE,
            style,
            color,
            MARKER_SIZE,
            label != null));
    return this;
  }

  /**
   * Draws points in the next colour of the cycle ({@code plt.scatter(x, y)}).
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @return this axes
   */
  public Axes scatter(double[] x, double[] y) {
    return scatter(x, y, (String) null);
  }

  /**
   * Draws labelled points in the next colour of the cycle.
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param label the legend entry, or null for none
   * @return this axes
   */
  public Axes scatter(double[] x, double[] y, String label) {
    checkXy(x, y);
    Color color = Palette.color(colorIndex);
    return points(x, y, label, color, 'o');
  }

  /**
   * Draws points coloured by class ({@code plt.scatter(x, y, c=classes)}): one series per class, in
   * ascending class order, coloured from matplotlib's cycle and named by the class value.
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param classes the class of each point, same length as x
   * @return this axes
   */
  public Axes scatter(double[] x, double[] y, int[] classes) {
    return scatter(x, y, classes, null);
  }

  /**
   * Draws points coloured by class through a colour map ({@code plt.scatter(x, y, c=classes,
   * cmap='coolwarm')}): the smallest class takes the map's first colour, the largest its last.
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param classes the class of each point, same length as x
   * @param cmap the colour map, or null for matplotlib's colour cycle
   * @return this axes
   */
  public Axes scatter(double[] x, double[] y, int[] classes, Colormap cmap) {
    checkXy(x, y);
    check(classes != null, "classes", "an array", "null");
    sameLength("x", x.length, "classes", classes.length);
    TreeSet<Integer> distinct = new TreeSet<>();
    for (int c : classes) {
      distinct.add(c);
    }
    int base = colorIndex;
    int lo = distinct.isEmpty() ? 0 : distinct.first();
    int hi = distinct.isEmpty() ? 0 : distinct.last();
    int k = 0;
    for (int cls : distinct) {
      int n = 0;
      for (int c : classes) {
        n += c == cls ? 1 : 0;
      }
      double[] xs = new double[n];
      double[] ys = new double[n];
      int j = 0;
      for (int i = 0; i < classes.length; i++) {
        if (classes[i] == cls) {
          xs[j] = x[i];
          ys[j++] = y[i];
        }
      }
      Color color = cmap == null ? Palette.color(base + k) : cmap.at(cls, lo, hi);
      points(xs, ys, String.valueOf(cls), color, 'o');
      k++;
    }
    return this;
  }

  /**
   * Draws points with a given colour and marker (the book's {@code 'ob'} and {@code 'xr'}).
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param label the legend entry, or null for none
   * @param color the marker colour (its alpha is kept)
   * @param marker a matplotlib marker: "o" circles, "x" crosses, "s" squares, "d" diamonds, "^"
   *     triangles, "+" plus signs, "*" stars, "." dots, ...
   * @return this axes
   */
  public Axes scatter(double[] x, double[] y, String label, Color color, String marker) {
    checkXy(x, y);
    check(color != null, "color", "a colour", "null");
    LineStyle style = marker == null || marker.length() != 1 ? null : markerStyle(marker);
    check(
        style != null && style.marker() != 0,
        "marker",
        "one of . o v ^ < > s D d p * + x | _",
        marker);
    return points(x, y, label, color, style.marker());
  }

  private static LineStyle markerStyle(String marker) {
    try {
      return LineStyle.parse(marker);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Draws a histogram of counts with equal-width bins over the data range ({@code plt.hist(values,
   * bins=bins)}).
   *
   * @param values the samples
   * @param bins the number of bins, at least 1
   * @return this axes
   */
  public Axes hist(double[] values, int bins) {
    return hist(values, bins, false, false);
  }

  /**
   * Draws a histogram ({@code plt.hist(values, bins, density=..., cumulative=...)}): equal-width
   * bins as numpy makes them; a density integrates to one, a cumulative density ends at one.
   *
   * @param values the samples
   * @param bins the number of bins, at least 1
   * @param density whether to normalise to a probability density
   * @param cumulative whether each bar adds all bars before it
   * @return this axes
   */
  public Axes hist(double[] values, int bins, boolean density, boolean cumulative) {
    return hist(values, bins, density, cumulative, null);
  }

  /**
   * Draws a labelled histogram; see {@link #hist(double[], int, boolean, boolean)}.
   *
   * @param values the samples
   * @param bins the number of bins, at least 1
   * @param density whether to normalise to a probability density
   * @param cumulative whether each bar adds all bars before it
   * @param label the legend entry, or null for none
   * @return this axes
   */
  public Axes hist(double[] values, int bins, boolean density, boolean cumulative, String label) {
    check(values != null, "values", "an array", "null");
    nonEmpty("values", values.length);
    check(bins >= 1, "bins", "at least 1", bins);
    use(Kind.XY, "hist");
    double[] edges = Histograms.edges(values, bins);
    double[] heights = Histograms.heights(values, edges, density, cumulative);
    // The outline of the bars as one closed step polygon, filled down to zero.
    double[] px = new double[2 * bins + 2];
    double[] py = new double[2 * bins + 2];
    for (int i = 0; i < bins; i++) {
      px[2 * i + 1] = edges[i];
      py[2 * i + 1] = heights[i];
      px[2 * i + 2] = edges[i + 1];
      py[2 * i + 2] = heights[i];
    }
    px[0] = edges[0];
    px[2 * bins + 1] = edges[bins];
    Color color = Palette.color(colorIndex++);
    series.add(
        new XyPainter.Series(
            seriesName(label),
            px,
            py,
            XyPainter.Kind.AREA,
            LineStyle.SOLID,
            color,
            MARKER_SIZE,
            label != null));
    return this;
  }

  /**
   * Fills the region between two curves over the same x ({@code plt.fill_between(x, y1, y2,
   * color=..., alpha=...)}), beneath the lines and points of this axes and clipped to its limits.
   *
   * @param x the x coordinates
   * @param y1 one edge, same length as x
   * @param y2 the other edge, same length as x
   * @param color the fill colour
   * @param alpha the opacity in [0, 1]
   * @return this axes
   */
  public Axes fillBetween(double[] x, double[] y1, double[] y2, Color color, double alpha) {
    check(x != null && y1 != null && y2 != null, "x, y1, y2", "three arrays", "a null");
    sameLength("x", x.length, "y1", y1.length);
    sameLength("x", x.length, "y2", y2.length);
    nonEmpty("x", x.length);
    check(color != null, "color", "a colour", "null");
    check(alpha >= 0 && alpha <= 1, "alpha", "a value in [0, 1]", alpha);
    use(Kind.XY, "fillBetween");
    layers.add(new BandLayer(x, y1, y2, Palette.withAlpha(color, alpha)));
    return this;
  }

  /**
   * Draws a horizontal line across the axes ({@code plt.axhline(y)}).
   *
   * @param y the height
   * @return this axes
   */
  public Axes axhline(double y) {
    use(Kind.XY, "axhline");
    hLines.add(new double[] {y, 0});
    return this;
  }

  /**
   * Draws a vertical line across the axes ({@code plt.axvline(x)}).
   *
   * @param x the position
   * @return this axes
   */
  public Axes axvline(double x) {
    use(Kind.XY, "axvline");
    hLines.add(new double[] {x, 1});
    return this;
  }

  // ---------------------------------------------------------------- raster plots

  /**
   * Shows an image with row 0 at the top and one cell per pixel ({@code plt.imshow(img)}); a
   * one-channel image is drawn in grey, RGB and RGBA in colour.
   *
   * @param image the image
   * @return this axes
   */
  public Axes imshow(Image image) {
    check(image != null, "image", "an image", "null");
    BufferedImage cells = image.toBufferedImage();
    return raster(cells, image.width(), image.height(), null, null, null);
  }

  /**
   * Shows a matrix as an image through a colour map scaled from its minimum to its maximum ({@code
   * plt.imshow(m, cmap=...)}), row 0 at the top.
   *
   * @param values the matrix, rows of equal length
   * @param cmap the colour map
   * @return this axes
   */
  public Axes imshow(double[][] values, Colormap cmap) {
    int[] shape = checkMatrix("values", values);
    check(cmap != null, "cmap", "a colour map", "null");
    return raster(colorCells(values, cmap), shape[1], shape[0], null, null, null);
  }

  /**
   * Draws a heatmap with labelled rows and columns, optionally writing each value in its cell
   * ({@code sns.heatmap(df.corr(), annot=True)}, confusion matrices), in the viridis map.
   *
   * @param values the matrix, rows of equal length
   * @param rowLabels one label per row, or null for 0, 1, 2, ...
   * @param colLabels one label per column, or null for 0, 1, 2, ...
   * @param annotate whether to write the values ({@code %.2g}, integers as such)
   * @return this axes
   */
  public Axes heatmap(double[][] values, String[] rowLabels, String[] colLabels, boolean annotate) {
    return heatmap(values, rowLabels, colLabels, annotate, Colormap.VIRIDIS);
  }

  /**
   * Draws a heatmap in a given colour map; see {@link #heatmap(double[][], String[], String[],
   * boolean)}.
   *
   * @param values the matrix, rows of equal length
   * @param rowLabels one label per row, or null for 0, 1, 2, ...
   * @param colLabels one label per column, or null for 0, 1, 2, ...
   * @param annotate whether to write the values in the cells
   * @param cmap the colour map
   * @return this axes
   */
  public Axes heatmap(
      double[][] values, String[] rowLabels, String[] colLabels, boolean annotate, Colormap cmap) {
    int[] shape = checkMatrix("values", values);
    check(cmap != null, "cmap", "a colour map", "null");
    if (rowLabels != null) {
      sameLength("values", shape[0], "rowLabels", rowLabels.length);
    }
    if (colLabels != null) {
      sameLength("values[0]", shape[1], "colLabels", colLabels.length);
    }
    String[][] text = null;
    if (annotate) {
      text = new String[shape[0]][shape[1]];
      for (int r = 0; r < shape[0]; r++) {
        for (int c = 0; c < shape[1]; c++) {
          text[r][c] = formatValue(values[r][c]);
        }
      }
    }
    return raster(
        colorCells(values, cmap),
        shape[1],
        shape[0],
        text,
        rowLabels == null ? numbered(shape[0]) : rowLabels.clone(),
        colLabels == null ? numbered(shape[1]) : colLabels.clone());
  }

  /**
   * Draws a 2-D histogram: counts in {@code bins x bins} equal cells over the data range, coloured
   * by the map, y increasing upwards ({@code plt.hist2d(x, y, bins)}).
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param bins the number of bins along each axis, at least 1
   * @param cmap the colour map
   * @return this axes
   */
  public Axes hist2d(double[] x, double[] y, int bins, Colormap cmap) {
    checkXy(x, y);
    check(bins >= 1, "bins", "at least 1", bins);
    check(cmap != null, "cmap", "a colour map", "null");
    use(Kind.XY, "hist2d");
    double[] xe = Histograms.edges(x, bins);
    double[] ye = Histograms.edges(y, bins);
    double[][] counts = new double[bins][bins];
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      int bx = Histograms.bin(x[i], xe);
      int by = Histograms.bin(y[i], ye);
      if (bx >= 0 && by >= 0) {
        // Row 0 of the raster is the top, i.e. the largest y.
        max = Math.max(max, ++counts[bins - 1 - by][bx]);
      }
    }
    BufferedImage cells = new BufferedImage(bins, bins, BufferedImage.TYPE_INT_ARGB);
    for (int r = 0; r < bins; r++) {
      for (int c = 0; c < bins; c++) {
        cells.setRGB(c, r, cmap.at(counts[r][c], 0, max).getRGB());
      }
    }
    layers.add(new CellGrid(cells, new double[] {xe[0], xe[bins], ye[0], ye[bins]}, null));
    return this;
  }

  /**
   * Draws a hexagonal 2-D histogram ({@code plt.hexbin(x, y, gridsize=...)}) with matplotlib's
   * lattice: {@code gridsize} hexagons across x, {@code gridsize / sqrt(3)} rows; empty hexagons
   * are not drawn.
   *
   * @param x the x coordinates
   * @param y the y coordinates, same length as x
   * @param gridsize the number of hexagons across x, at least 1
   * @param cmap the colour map
   * @return this axes
   */
  public Axes hexbin(double[] x, double[] y, int gridsize, Colormap cmap) {
    checkXy(x, y);
    nonEmpty("x", x.length);
    check(gridsize >= 1, "gridsize", "at least 1", gridsize);
    check(cmap != null, "cmap", "a colour map", "null");
    use(Kind.XY, "hexbin");
    double[] xe = Histograms.edges(x, 1);
    double[] ye = Histograms.edges(y, 1);
    int nx = gridsize;
    int ny = Math.max(1, (int) (gridsize / Math.sqrt(3)));
    double sx = (xe[1] - xe[0]) / nx;
    double sy = (ye[1] - ye[0]) / ny;
    java.util.Map<Long, double[]> cells = new java.util.HashMap<>();
    for (int i = 0; i < x.length; i++) {
      double ix = (x[i] - xe[0]) / sx;
      double iy = (y[i] - ye[0]) / sy;
      long ix1 = Math.round(ix);
      long iy1 = Math.round(iy);
      long ix2 = (long) Math.floor(ix);
      long iy2 = (long) Math.floor(iy);
      double d1 = (ix - ix1) * (ix - ix1) + 3 * (iy - iy1) * (iy - iy1);
      double d2 = (ix - ix2 - 0.5) * (ix - ix2 - 0.5) + 3 * (iy - iy2 - 0.5) * (iy - iy2 - 0.5);
      double cx = d1 < d2 ? xe[0] + ix1 * sx : xe[0] + (ix2 + 0.5) * sx;
      double cy = d1 < d2 ? ye[0] + iy1 * sy : ye[0] + (iy2 + 0.5) * sy;
      long key = d1 < d2 ? (ix1 << 32) ^ (iy1 << 1) : (ix2 << 32) ^ (iy2 << 1) ^ 1;
      cells.computeIfAbsent(key, k -> new double[] {cx, cy, 0})[2]++;
    }
    double max = 0;
    for (double[] c : cells.values()) {
      max = Math.max(max, c[2]);
    }
    List<HexLayer.Hex> hexes = new ArrayList<>();
    for (double[] c : cells.values()) {
      hexes.add(new HexLayer.Hex(c[0], c[1], sx / Math.sqrt(3), sy / 3, cmap.at(c[2], 0, max)));
    }
    layers.add(
        new HexLayer(
            hexes, new double[] {xe[0] - sx / 2, xe[1] + sx / 2, ye[0] - sy / 2, ye[1] + sy / 2}));
    return this;
  }

  /**
   * Fills a grid of values in {@code levels} equal bands between its minimum and maximum ({@code
   * plt.contourf(xs, ys, z, levels, cmap=..., alpha=...)}).
   *
   * @param xs the grid's x coordinates, ascending
   * @param ys the grid's y coordinates, ascending
   * @param z the values, {@code z[j][i]} at {@code (xs[i], ys[j])}
   * @param levels the number of colour bands, at least 1
   * @param cmap the colour map
   * @param alpha the opacity in [0, 1]
   * @return this axes
   */
  public Axes contourf(
      double[] xs, double[] ys, double[][] z, int levels, Colormap cmap, double alpha) {
    check(
        xs != null && xs.length >= 2,
        "xs",
        "at least 2 coordinates",
        xs == null ? null : xs.length);
    check(
        ys != null && ys.length >= 2,
        "ys",
        "at least 2 coordinates",
        ys == null ? null : ys.length);
    int[] shape = checkMatrix("z", z);
    sameLength("ys", ys.length, "z", shape[0]);
    sameLength("xs", xs.length, "z[0]", shape[1]);
    check(levels >= 1, "levels", "at least 1", levels);
    check(cmap != null, "cmap", "a colour map", "null");
    check(alpha >= 0 && alpha <= 1, "alpha", "a value in [0, 1]", alpha);
    use(Kind.XY, "contourf");
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : z) {
      for (double v : row) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    int rows = shape[0];
    int cols = shape[1];
    // matplotlib's contourf interpolates linearly between grid points, so band edges are smooth
    // curves, not cell staircases: the grid is resampled bilinearly to a fine raster
    // (FINE_RASTER cells across) before each cell takes its band's colour.
    int fw = Math.max(cols, FINE_RASTER);
    int fh = Math.max(rows, FINE_RASTER);
    BufferedImage cells = new BufferedImage(fw, fh, BufferedImage.TYPE_INT_ARGB);
    for (int fj = 0; fj < fh; fj++) {
      double v = (fj + 0.5) / fh * (rows - 1);
      int j0 = Math.min(rows - 2, (int) v);
      double tv = v - j0;
      for (int fi = 0; fi < fw; fi++) {
        double u = (fi + 0.5) / fw * (cols - 1);
        int i0 = Math.min(cols - 2, (int) u);
        double tu = u - i0;
        double zv =
            (1 - tv) * ((1 - tu) * z[j0][i0] + tu * z[j0][i0 + 1])
                + tv * ((1 - tu) * z[j0 + 1][i0] + tu * z[j0 + 1][i0 + 1]);
        double t = max > min ? (zv - min) / (max - min) : 0.5;
        int band = Math.max(0, Math.min(levels - 1, (int) (t * levels)));
        double centre = levels == 1 ? 0.5 : band / (double) (levels - 1);
        cells.setRGB(fi, fh - 1 - fj, Palette.withAlpha(cmap.at(centre), alpha).getRGB());
      }
    }
    layers.add(new CellGrid(cells, new double[] {xs[0], xs[cols - 1], ys[0], ys[rows - 1]}, null));
    return this;
  }

  // ---------------------------------------------------------------- category plots

  /**
   * Draws bars with one height per category ({@code plt.bar(labels, heights)}); further calls on
   * the same axes add grouped series over the same categories.
   *
   * @param categories the category labels
   * @param heights the bar heights, same length as categories
   * @return this axes
   */
  public Axes bar(String[] categories, double[] heights) {
    return bar(categories, heights, null);
  }

  /**
   * Draws labelled bars; see {@link #bar(String[], double[])}.
   *
   * @param categories the category labels
   * @param heights the bar heights, same length as categories
   * @param label the legend entry, or null for none
   * @return this axes
   */
  public Axes bar(String[] categories, double[] heights, String label) {
    check(categories != null, "categories", "an array", "null");
    check(heights != null, "heights", "an array", "null");
    nonEmpty("categories", categories.length);
    sameLength("categories", categories.length, "heights", heights.length);
    if (!barCategories.isEmpty()) {
      check(
          barCategories.equals(Arrays.asList(categories)),
          "categories",
          "the categories of the first bar call " + barCategories,
          Arrays.toString(categories));
    }
    use(Kind.BAR, "bar");
    if (barCategories.isEmpty()) {
      barCategories.addAll(Arrays.asList(categories));
    }
    barNames.add(seriesName(label));
    barHeights.add(heights.clone());
    barColors.add(Palette.color(colorIndex++));
    return this;
  }

  /**
   * Draws a pie with percentages on the slices, starting at 90 degrees and going counter-clockwise
   * as the book's {@code plt.pie(values, labels=..., autopct='%1.1f%%', startangle=90)} does.
   *
   * @param values the slice sizes, non-negative
   * @param labels one label per slice
   * @return this axes
   */
  public Axes pie(double[] values, String[] labels) {
    return pie(values, labels, "%1.1f%%", 90);
  }

  /**
   * Draws a pie as {@code plt.pie(values, labels=labels, autopct=autopct, startangle=startAngle)}:
   * wedges counter-clockwise from {@code startAngle} degrees (matplotlib's default is 0, 3
   * o'clock), colours from the default cycle, labels at 1.1 radius, percentages at 0.6 radius,
   * equal aspect, no frame and no ticks.
   *
   * @param values the slice sizes, non-negative
   * @param labels one label per slice
   * @param autopct the percentage format such as {@code "%1.1f%%"}, or null for none
   * @param startAngle the angle of the first wedge's start in degrees
   * @return this axes
   */
  public Axes pie(double[] values, String[] labels, String autopct, double startAngle) {
    check(values != null, "values", "an array", "null");
    check(labels != null, "labels", "an array", "null");
    nonEmpty("values", values.length);
    sameLength("values", values.length, "labels", labels.length);
    for (double v : values) {
      check(v >= 0, "values", "non-negative slice sizes", v);
    }
    check(Double.isFinite(startAngle), "startAngle", "a finite angle", startAngle);
    PiePainter.checkAutopct(autopct);
    use(Kind.PIE, "pie");
    for (int i = 0; i < values.length; i++) {
      pieLabels.add(labels[i]);
      pieValues.add(values[i]);
    }
    pieAutopct = autopct;
    pieStartAngle = startAngle;
    return this;
  }

  /**
   * Draws one box per group ({@code plt.boxplot(groups, tick_labels=names)}): boxes at x = 1, 2,
   * ..., quartiles by numpy's linear interpolation, whiskers to the furthest data within 1.5 IQR,
   * points beyond them as fliers, in matplotlib's style (black boxes, orange medians).
   *
   * @param groups the samples of each box
   * @param names one name per box
   * @return this axes
   */
  public Axes boxplot(double[][] groups, String[] names) {
    check(groups != null, "groups", "an array", "null");
    check(names != null, "names", "an array", "null");
    nonEmpty("groups", groups.length);
    sameLength("groups", groups.length, "names", names.length);
    for (int i = 0; i < groups.length; i++) {
      check(
          groups[i] != null && groups[i].length > 0,
          "groups[" + i + "]",
          "a non-empty array",
          groups[i] == null ? "null" : "length 0");
    }
    use(Kind.BOX, "boxplot");
    for (int i = 0; i < groups.length; i++) {
      boxNames.add(names[i]);
      boxValues.add(groups[i].clone());
    }
    return this;
  }

  // ---------------------------------------------------------------- decorations

  /**
   * Sets the title above the plot area.
   *
   * @param title the title
   * @return this axes
   */
  public Axes setTitle(String title) {
    this.title = title;
    return this;
  }

  /**
   * Sets the x axis label.
   *
   * @param label the label
   * @return this axes
   */
  public Axes setXLabel(String label) {
    this.xLabel = label;
    return this;
  }

  /**
   * Sets the y axis label.
   *
   * @param label the label
   * @return this axes
   */
  public Axes setYLabel(String label) {
    this.yLabel = label;
    return this;
  }

  /**
   * Sets the x range shown ({@code plt.xlim(lo, hi)}).
   *
   * @param lo the left end
   * @param hi the right end, greater than lo
   * @return this axes
   */
  public Axes setXLim(double lo, double hi) {
    check(hi > lo, "hi", "greater than lo=" + lo, hi);
    xMin = lo;
    xMax = hi;
    return this;
  }

  /**
   * Sets the y range shown ({@code plt.ylim(lo, hi)}).
   *
   * @param lo the bottom end
   * @param hi the top end, greater than lo
   * @return this axes
   */
  public Axes setYLim(double lo, double hi) {
    check(hi > lo, "hi", "greater than lo=" + lo, hi);
    yMin = lo;
    yMax = hi;
    return this;
  }

  /**
   * Shows the legend of the labelled series ({@code plt.legend()}).
   *
   * @return this axes
   */
  public Axes legend() {
    legendVisible = true;
    return this;
  }

  /**
   * Shows a legend that names the series in drawing order ({@code plt.legend(['Training',
   * 'Validation'])}).
   *
   * @param names one name per series, in the order they were drawn
   * @return this axes
   */
  public Axes legend(String... names) {
    check(names != null, "names", "an array", "null");
    int drawn = kind == Kind.BAR ? barNames.size() : series.size();
    check(
        names.length <= drawn,
        "names",
        "at most " + drawn + " names (one per series)",
        names.length);
    for (int i = 0; i < names.length; i++) {
      if (kind == Kind.BAR) {
        barNames.set(i, names[i]);
      } else {
        XyPainter.Series s = series.get(i);
        series.set(
            i,
            new XyPainter.Series(
                names[i], s.x(), s.y(), s.kind(), s.style(), s.color(), s.markerSize(), true));
      }
    }
    legendVisible = true;
    return this;
  }

  /**
   * Shows the legend at a matplotlib location ({@code plt.legend(loc='best')}): "best" (the
   * default: the first of matplotlib's nine positions that covers no data, else the one covering
   * least), "upper right", "upper left", "lower left", "lower right", "right", "center left",
   * "center right", "lower center", "upper center" or "center".
   *
   * @param loc the location
   * @return this axes
   */
  public Axes legendLoc(String loc) {
    legendLoc = Legend.checkLoc(loc);
    legendVisible = true;
    return this;
  }

  /**
   * Sets the x axis scale ({@code ax.set_xscale}): "linear" or "log" (decade ticks labelled 10ⁿ).
   *
   * @param scale the scale name
   * @return this axes
   */
  public Axes setXScale(String scale) {
    xLog = logScale("setXScale", scale);
    return this;
  }

  /**
   * Sets the y axis scale ({@code ax.set_yscale}): "linear" or "log".
   *
   * @param scale the scale name
   * @return this axes
   */
  public Axes setYScale(String scale) {
    yLog = logScale("setYScale", scale);
    return this;
  }

  private static boolean logScale(String op, String scale) {
    if (!"linear".equals(scale) && !"log".equals(scale)) {
      throw new IllegalArgumentException(
          op + ": argument 'scale' expected \"linear\" or \"log\" but was " + scale);
    }
    return "log".equals(scale);
  }

  /**
   * The x tick values drawn at the last render ({@code ax.get_xticks()}, restricted to the ticks
   * inside the view); for a heatmap or bar chart, the category positions 0, 1, 2, ...; for box
   * plots 1, 2, ...; none for a pie.
   *
   * @return the tick values
   * @throws IllegalStateException before the figure was rendered
   */
  public double[] xTicks() {
    if (colNames != null) {
      return indices(colNames.length);
    }
    return rendered("xTicks").x().visible().clone();
  }

  /**
   * The y tick values drawn at the last render ({@code ax.get_yticks()}); image axes give row
   * numbers, a heatmap its row positions 0, 1, 2, ...
   *
   * @return the tick values
   * @throws IllegalStateException before the figure was rendered
   */
  public double[] yTicks() {
    if (rowNames != null) {
      return indices(rowNames.length);
    }
    return rendered("yTicks").y().visible().clone();
  }

  /**
   * The x tick label strings drawn at the last render ({@code [t.get_text() for t in
   * ax.get_xticklabels()]}), with matplotlib's unicode minus; heatmap column names, bar categories,
   * box names.
   *
   * @return the labels, one per {@link #xTicks()} value
   */
  public String[] xTickLabels() {
    if (colNames != null) {
      return colNames.clone();
    }
    return rendered("xTickLabels").x().labels().clone();
  }

  /**
   * The y tick label strings drawn at the last render; heatmap row names.
   *
   * @return the labels, one per {@link #yTicks()} value
   */
  public String[] yTickLabels() {
    if (rowNames != null) {
      return rowNames.clone();
    }
    return rendered("yTickLabels").y().labels().clone();
  }

  /**
   * The offset or power-of-ten text drawn at the end of the x axis ({@code
   * ax.xaxis.get_offset_text().get_text()}), "" when none.
   *
   * @return the text
   */
  public String xOffsetText() {
    return colNames != null ? "" : rendered("xOffsetText").x().offset();
  }

  /**
   * The offset or power-of-ten text drawn above the y axis, "" when none.
   *
   * @return the text
   */
  public String yOffsetText() {
    return rowNames != null ? "" : rendered("yOffsetText").y().offset();
  }

  /**
   * The x minor tick values drawn at the last render ({@code ax.get_xticks(minor=True)}, restricted
   * to the view): a log axis's 2..9 per decade where matplotlib draws them; none on linear axes,
   * whose default minor locator places none.
   *
   * @return the minor tick values
   * @throws IllegalStateException before the figure was rendered
   */
  public double[] xMinorTicks() {
    return colNames != null ? new double[0] : rendered("xMinorTicks").x().minor().clone();
  }

  /**
   * The y minor tick values drawn at the last render ({@code ax.get_yticks(minor=True)}).
   *
   * @return the minor tick values
   * @throws IllegalStateException before the figure was rendered
   */
  public double[] yMinorTicks() {
    return rowNames != null ? new double[0] : rendered("yMinorTicks").y().minor().clone();
  }

  /**
   * The x minor tick labels drawn at the last render ({@code [t.get_text() for t in
   * ax.get_xticklabels(minor=True)]}), "" for an unlabelled tick; written as drawn, e.g. {@code
   * 2×10⁰}.
   *
   * @return the labels, one per {@link #xMinorTicks()} value
   */
  public String[] xMinorTickLabels() {
    return colNames != null
        ? new String[0]
        : rendered("xMinorTickLabels").x().minorLabels().clone();
  }

  /**
   * The y minor tick labels drawn at the last render, "" for an unlabelled tick.
   *
   * @return the labels, one per {@link #yMinorTicks()} value
   */
  public String[] yMinorTickLabels() {
    return rowNames != null
        ? new String[0]
        : rendered("yMinorTickLabels").y().minorLabels().clone();
  }

  /** The legend's box in axes pixels at the last render, or null when none was drawn. */
  java.awt.geom.Rectangle2D legendBox() {
    return drawn == null ? null : drawn.legendBox();
  }

  /** The data-to-pixel transform of the last render, or null before it and for a pie. */
  Frame frame() {
    return drawn == null ? null : drawn.frame();
  }

  /** The view limits {xMin, xMax, yMin, yMax} the axes shows ({@code ax.get_xlim()}...). */
  double[] viewLimits() {
    return new XyPainter(content()).view();
  }

  private XyPainter.Drawn rendered(String op) {
    if (drawn == null) {
      throw new IllegalStateException(
          op
              + ": ticks exist once the figure is rendered (savePng, saveSvg or toImage); this"
              + " axes holds a "
              + kind.name().toLowerCase(Locale.ROOT)
              + " plot not rendered yet");
    }
    return drawn;
  }

  // ---------------------------------------------------------------- rendering

  /** Paints this axes into {@code g} over a {@code width x height} area at the origin. */
  void paint(Graphics2D g, int width, int height) {
    if (rowNames != null && colNames != null) {
      paintNamedGrid(g, width, height);
      return;
    }
    if (kind != Kind.PIE) {
      drawn = new XyPainter(content()).paint(g, width, height);
      return;
    }
    double[] values = pieValues.stream().mapToDouble(Double::doubleValue).toArray();
    List<PiePainter.Wedge> wedges =
        PiePainter.layout(values, pieLabels.toArray(new String[0]), pieAutopct, pieStartAngle);
    Frame f = new PiePainter(wedges, title, legendVisible, legendLoc).paint(g, width, height);
    // matplotlib's pie() turns the axes off: no ticks (ax.get_xticks() is empty).
    Ticks.Scale none = Ticks.fixed(new double[0], new String[0], 0, 1);
    drawn = new XyPainter.Drawn(none, none, null, f);
    pieDrawn = wedges;
  }

  /** The wedges of the last rendered pie, or null. */
  List<PiePainter.Wedge> pieWedges() {
    return pieDrawn;
  }

  private XyPainter.Content content() {
    List<XyPainter.Series> all = new ArrayList<>(series);
    XyPainter.Categories categories = null;
    Double x0 = xMin;
    Double x1 = xMax;
    if (kind == Kind.BAR) {
      all.addAll(barSeries());
      categories =
          new XyPainter.Categories(
              indices(barCategories.size()), barCategories.toArray(new String[0]));
    } else if (kind == Kind.BOX) {
      all.addAll(BoxStats.series(boxValues));
      categories =
          new XyPainter.Categories(
              BoxStats.positions(boxValues.size()), boxNames.toArray(new String[0]));
      // boxplot(manage_ticks=True): half a unit beyond the outer boxes, sticky, no margins.
      x0 = x0 == null ? 0.5 : x0;
      x1 = x1 == null ? boxValues.size() + 0.5 : x1;
    }
    return new XyPainter.Content(
        all,
        List.copyOf(layers),
        List.copyOf(hLines),
        new Double[] {x0, x1, yMin, yMax},
        title,
        xLabel,
        yLabel,
        legendVisible,
        legendLoc,
        yInverted,
        integerTicks,
        xLog,
        yLog,
        categories);
  }

  /**
   * The bars as series of four corners each: at category i, {@code plt.bar}'s width of 0.8 shared
   * side by side when several bar calls group their series.
   */
  private List<XyPainter.Series> barSeries() {
    List<XyPainter.Series> out = new ArrayList<>();
    int groups = barNames.size();
    double w = BAR_WIDTH / groups;
    for (int j = 0; j < groups; j++) {
      double[] h = barHeights.get(j);
      double[] x = new double[4 * h.length];
      double[] y = new double[4 * h.length];
      for (int i = 0; i < h.length; i++) {
        double left = i - BAR_WIDTH / 2 + j * w;
        x[4 * i] = left;
        x[4 * i + 1] = left;
        x[4 * i + 2] = left + w;
        x[4 * i + 3] = left + w;
        y[4 * i + 1] = h[i];
        y[4 * i + 2] = h[i];
      }
      String name = barNames.get(j);
      out.add(
          new XyPainter.Series(
              name,
              x,
              y,
              XyPainter.Kind.BAR,
              LineStyle.SOLID,
              barColors.get(j),
              MARKER_SIZE,
              !name.startsWith("_")));
    }
    return out;
  }

  /**
   * A heatmap with row and column names: the cells fill a box right of and above margins sized to
   * the names, which {@link CategoryTicks} draws.
   */
  private void paintNamedGrid(Graphics2D g, int width, int height) {
    CategoryTicks ticks = new CategoryTicks(rowNames, colNames, xLabel, yLabel);
    java.awt.FontMetrics titleFm = g.getFontMetrics(XyPainter.TITLE_FONT);
    int top = title == null || title.isEmpty() ? 10 : titleFm.getHeight() + 10;
    int left = ticks.leftMargin();
    double[] extent = layers.get(0).extent();
    Frame frame = namedFrame(left, top, width, height - ticks.bottomMargin(false), extent);
    boolean rotate = ticks.needsRotation(frame);
    if (rotate) {
      frame = namedFrame(left, top, width, height - ticks.bottomMargin(true), extent);
    }
    java.awt.Shape clip = g.getClip();
    g.clip(frame.box());
    for (DataLayer layer : layers) {
      layer.paint(g, frame, false);
    }
    g.setClip(clip);
    for (DataLayer layer : layers) {
      layer.paint(g, frame, true);
    }
    ticks.paint(g, frame, rotate, 0);
    if (title != null && !title.isEmpty()) {
      g.setColor(Color.BLACK);
      g.setFont(XyPainter.TITLE_FONT);
      java.awt.geom.Rectangle2D b = frame.box();
      g.drawString(
          title,
          (float) (b.getCenterX() - titleFm.stringWidth(title) / 2.0),
          (float) (b.getY() - 6 - titleFm.getDescent()));
    }
    drawn = null;
  }

  private static Frame namedFrame(int left, int top, int width, int bottom, double[] extent) {
    java.awt.geom.Rectangle2D box =
        new java.awt.geom.Rectangle2D.Double(
            left, top, Math.max(1, width - left - 10), Math.max(1, bottom - top));
    return new Frame(box, extent, false, false);
  }

  // ---------------------------------------------------------------- helpers

  private Axes points(double[] x, double[] y, String label, Color color, char marker) {
    use(Kind.XY, "scatter");
    colorIndex++;
    series.add(
        new XyPainter.Series(
            seriesName(label),
            x.clone(),
            y.clone(),
            XyPainter.Kind.SCATTER,
            new LineStyle(false, null, marker, null),
            color,
            MARKER_SIZE,
            label != null));
    return this;
  }

  private Axes raster(
      BufferedImage cells,
      int cols,
      int rows,
      String[][] annotations,
      String[] rowLabels,
      String[] colLabels) {
    use(Kind.XY, rowLabels == null ? "imshow" : "heatmap");
    check(
        layers.isEmpty() && series.isEmpty(),
        "axes",
        "an empty axes for an image or heatmap",
        "one that already holds " + (series.size() + layers.size()) + " drawings");
    // Image rows grow downwards: row r sits at y = -r, and the tick labels undo the sign.
    layers.add(
        new CellGrid(cells, new double[] {-0.5, cols - 0.5, -(rows - 0.5), 0.5}, annotations));
    yInverted = true;
    // Pixel rows and columns are whole numbers: no ticks at half pixels.
    integerTicks = true;
    rowNames = rowLabels;
    colNames = colLabels;
    return this;
  }

  private static BufferedImage colorCells(double[][] values, Colormap cmap) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    BufferedImage cells =
        new BufferedImage(values[0].length, values.length, BufferedImage.TYPE_INT_ARGB);
    for (int r = 0; r < values.length; r++) {
      for (int c = 0; c < values[0].length; c++) {
        cells.setRGB(c, r, cmap.at(values[r][c], min, max).getRGB());
      }
    }
    return cells;
  }

  private void use(Kind wanted, String method) {
    if (kind == Kind.EMPTY) {
      kind = wanted;
    } else if (kind != wanted || wanted == Kind.PIE) {
      throw new IllegalStateException(
          method
              + ": this axes already holds a "
              + kind.name().toLowerCase(Locale.ROOT)
              + " plot; draw "
              + method
              + " on an axes of its own (Figure.subplots)");
    }
  }

  private String seriesName(String label) {
    // XChart keys series by name, so unlabelled series get unique invisible names.
    String base = label == null ? "_series" + (series.size() + barNames.size()) : label;
    String name = base;
    for (int i = 1; containsName(name); i++) {
      name = base + " (" + i + ")";
    }
    return name;
  }

  private boolean containsName(String name) {
    for (XyPainter.Series s : series) {
      if (s.name().equals(name)) {
        return true;
      }
    }
    return barNames.contains(name);
  }

  private static void checkXy(double[] x, double[] y) {
    check(x != null, "x", "an array", "null");
    check(y != null, "y", "an array", "null");
    sameLength("x", x.length, "y", y.length);
  }

  private static int[] checkMatrix(String name, double[][] m) {
    check(m != null && m.length > 0, name, "a non-empty matrix", m == null ? "null" : "0 rows");
    int cols = m[0] == null ? 0 : m[0].length;
    check(cols > 0, name, "non-empty rows", "row 0 of length 0");
    for (int r = 0; r < m.length; r++) {
      check(
          m[r] != null && m[r].length == cols,
          name + "[" + r + "]",
          "a row of length " + cols,
          m[r] == null ? "null" : "length " + m[r].length);
    }
    return new int[] {m.length, cols};
  }

  private static double[] indices(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  private static String[] numbered(int n) {
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      labels[i] = String.valueOf(i);
    }
    return labels;
  }

  /** seaborn's {@code annot} format: integers as such, other values with two significant digits. */
  static String formatValue(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.2g", v);
  }

  // ---- array-likes (issue 16): Series, tensors (e.g. predictions, features.slice(":, 0")), ----
  // ---- float[], int[], long[] ----

  /** {@link #plot(double[], double[], String)} for any value arrays. */
  public Axes plot(Object x, Object y, String label) {
    return plot(
        dev.myelin.data.internal.ArrayData.values(x, "x"),
        dev.myelin.data.internal.ArrayData.values(y, "y"),
        label);
  }

  /** {@link #scatter(double[], double[], String)} for any value arrays. */
  public Axes scatter(Object x, Object y, String label) {
    return scatter(
        dev.myelin.data.internal.ArrayData.values(x, "x"),
        dev.myelin.data.internal.ArrayData.values(y, "y"),
        label);
  }

  /**
   * {@link #scatter(double[], double[], int[])} for any arrays: points coloured by class, as {@code
   * plt.scatter(f[:, 0], f[:, 1], c=y)}.
   */
  public Axes scatter(Object x, Object y, Object classes) {
    return scatter(
        dev.myelin.data.internal.ArrayData.values(x, "x"),
        dev.myelin.data.internal.ArrayData.values(y, "y"),
        dev.myelin.data.internal.ArrayData.labels(classes, "classes"));
  }

  /** {@link #hist(double[], int)} for any value array. */
  public Axes hist(Object values, int bins) {
    return hist(dev.myelin.data.internal.ArrayData.values(values, "values"), bins);
  }
}
