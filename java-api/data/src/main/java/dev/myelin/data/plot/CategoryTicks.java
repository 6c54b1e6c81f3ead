package dev.myelin.data.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Row and column names of a heatmap drawn as matplotlib/seaborn do: a tick at every cell centre,
 * row names right-aligned left of the cells, column names centred below them, turned to read
 * upwards (90 degrees) when the widest does not fit a cell, and the axis titles outside the names.
 * The names are text (SVG {@code <text>} elements); the margins they need are measured here.
 */
final class CategoryTicks {
  private static final int TICK = 4;
  private static final int GAP = 3;
  private static final int PAD = 4;
  private static final Font NAMES = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font TITLES = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

  private final String[] rows;
  private final String[] cols;
  private final String xTitle;
  private final String yTitle;
  private final FontMetrics names;
  private final FontMetrics titles;

  CategoryTicks(String[] rows, String[] cols, String xTitle, String yTitle) {
    this.rows = rows;
    this.cols = cols;
    this.xTitle = xTitle == null || xTitle.isEmpty() ? null : xTitle;
    this.yTitle = yTitle == null || yTitle.isEmpty() ? null : yTitle;
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
    names = g.getFontMetrics(NAMES);
    titles = g.getFontMetrics(TITLES);
    g.dispose();
  }

  private static int widest(String[] labels, FontMetrics fm) {
    int w = 0;
    for (String l : labels) {
      w = Math.max(w, fm.stringWidth(l));
    }
    return w;
  }

  /** Room left of the chart: the row names, their ticks and the y title. */
  int leftMargin() {
    return widest(rows, names) + TICK + GAP + PAD + (yTitle == null ? 0 : titles.getHeight() + GAP);
  }

  /** Room below the chart: the column names (turned or not), their ticks and the x title. */
  int bottomMargin(boolean rotate) {
    int names = rotate ? widest(cols, this.names) : this.names.getHeight();
    return names + TICK + GAP + PAD + (xTitle == null ? 0 : titles.getHeight() + GAP);
  }

  /** Whether the column names need turning: the widest is wider than a cell. */
  boolean needsRotation(Frame chart) {
    double cell = Math.abs(chart.x(1) - chart.x(0));
    return widest(cols, names) > cell - 2;
  }

  /**
   * Paints ticks, names and titles for a grid whose cell (r, c) is centred at data (c, -r), the
   * chart's origin being {@code left} pixels right of the axes' left edge.
   */
  void paint(Graphics2D g, Frame chart, boolean rotate, int left) {
    int x0 = (int) Math.round(chart.x(-0.5));
    int x1 = (int) Math.round(chart.x(cols.length - 0.5));
    int y0 = (int) Math.round(chart.y(0.5));
    int bottom = (int) Math.round(chart.y(-(rows.length - 0.5)));
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.setFont(NAMES);
    double mid = (names.getAscent() - names.getDescent()) / 2.0;
    for (int r = 0; r < rows.length; r++) {
      int y = (int) Math.round(chart.y(-r));
      g.drawLine(x0 - TICK, y, x0 - 1, y);
      g.drawString(rows[r], x0 - TICK - GAP - names.stringWidth(rows[r]), (float) (y + mid));
    }
    int top = bottom + TICK + GAP;
    for (int c = 0; c < cols.length; c++) {
      int x = (int) Math.round(chart.x(c));
      g.drawLine(x, bottom, x, bottom + TICK - 1);
      String text = cols[c];
      if (rotate) {
        // Reading bottom to top, the end of the name next to the axis, centred on the tick.
        AffineTransform saved = g.getTransform();
        g.translate(x + mid, top + names.stringWidth(text));
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0f, 0f);
        g.setTransform(saved);
      } else {
        g.drawString(text, (float) (x - names.stringWidth(text) / 2.0), top + names.getAscent());
      }
    }
    g.setFont(TITLES);
    if (xTitle != null) {
      int below = top + (rotate ? widest(cols, names) : names.getHeight()) + GAP;
      g.drawString(
          xTitle,
          (float) ((x0 + x1) / 2.0 - titles.stringWidth(xTitle) / 2.0),
          below + titles.getAscent());
    }
    if (yTitle != null) {
      AffineTransform saved = g.getTransform();
      g.translate(
          -left + PAD + titles.getAscent(), (y0 + bottom) / 2.0 + titles.stringWidth(yTitle) / 2.0);
      g.rotate(-Math.PI / 2);
      g.drawString(yTitle, 0f, 0f);
      g.setTransform(saved);
    }
  }
}
