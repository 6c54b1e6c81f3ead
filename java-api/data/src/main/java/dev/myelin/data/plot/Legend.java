package dev.myelin.data.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * matplotlib's legend: one row per labelled series (a line sample with its style and marker, a
 * marker for points, a patch for filled areas), in a white, slightly transparent rounded box placed
 * by {@code loc}. {@code 'best'} tries matplotlib's nine anchored positions in its order and takes
 * the first that covers no data, else the one that covers least: points and line vertices inside
 * the box, plus one for each line crossing it, plus bars and histogram bars it overlaps, plus what
 * it hides of filled bands, hexbins and images ({@link DataLayer#covered}).
 */
final class Legend {
  static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  /** matplotlib's location names in the order {@code 'best'} tries them (codes 1 to 10). */
  static final List<String> LOCATIONS =
      List.of(
          "upper right",
          "upper left",
          "lower left",
          "lower right",
          "right",
          "center left",
          "center right",
          "lower center",
          "upper center",
          "center");

  private static final double HANDLE = 28;
  private static final double PAD = 5;
  private static final double BORDER = 7;

  private final List<XyPainter.Series> entries = new ArrayList<>();
  private List<XyPainter.Series> allSeries = List.of();
  private List<DataLayer> layers = List.of();

  Legend(List<XyPainter.Series> series) {
    for (XyPainter.Series s : series) {
      if (s.inLegend()) {
        entries.add(s);
      }
    }
  }

  /** Checks a {@code loc} argument: "best" or one of {@link #LOCATIONS}. */
  static String checkLoc(String loc) {
    String l = loc == null ? "" : loc.toLowerCase(Locale.ROOT);
    if (!l.equals("best") && !LOCATIONS.contains(l)) {
      throw new IllegalArgumentException(
          "legend: argument 'loc' expected 'best' or one of " + LOCATIONS + " but was " + loc);
    }
    return l;
  }

  /** Paints the legend and returns its box (null when nothing is labelled). */
  Rectangle2D paint(Graphics2D g, Frame f, String loc) {
    if (entries.isEmpty()) {
      return null;
    }
    FontMetrics fm = g.getFontMetrics(FONT);
    double textW = 0;
    for (XyPainter.Series s : entries) {
      textW = Math.max(textW, fm.stringWidth(s.name()));
    }
    double rowH = fm.getHeight() + 2;
    double w = PAD + HANDLE + PAD + textW + PAD;
    double h = PAD + rowH * entries.size() + PAD;
    Rectangle2D box = loc.equals("best") ? best(f, w, h) : at(f, loc, w, h);
    g.setColor(new Color(255, 255, 255, 204));
    RoundRectangle2D frame = new RoundRectangle2D.Double(box.getX(), box.getY(), w, h, 6, 6);
    g.fill(frame);
    g.setColor(new Color(204, 204, 204));
    g.setStroke(new BasicStroke(1f));
    g.draw(frame);
    g.setFont(FONT);
    for (int i = 0; i < entries.size(); i++) {
      XyPainter.Series s = entries.get(i);
      double cy = box.getY() + PAD + rowH * i + rowH / 2;
      double x0 = box.getX() + PAD;
      if (s.kind() == XyPainter.Kind.AREA || s.kind() == XyPainter.Kind.BAR) {
        g.setColor(s.kind() == XyPainter.Kind.BAR ? s.color() : Palette.withAlpha(s.color(), 0.6));
        g.fill(new Rectangle2D.Double(x0, cy - rowH / 3, HANDLE, 2 * rowH / 3));
      } else {
        if (s.style().line()) {
          g.setColor(s.color());
          g.setStroke(s.style().stroke(2f));
          g.draw(new Line2D.Double(x0, cy, x0 + HANDLE, cy));
        }
        if (s.style().marker() != 0) {
          LineStyle.paintMarker(
              g, s.style().marker(), x0 + HANDLE / 2, cy, s.markerSize(), s.color());
        }
      }
      g.setColor(Color.BLACK);
      g.drawString(
          s.name(),
          (float) (x0 + HANDLE + PAD),
          (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }
    return box;
  }

  /** The box at a named location, {@link #BORDER} pixels inside the plot box. */
  static Rectangle2D at(Frame f, String loc, double w, double h) {
    Rectangle2D b = f.box();
    double left = b.getX() + BORDER;
    double right = b.getMaxX() - BORDER - w;
    double cx = b.getCenterX() - w / 2;
    double top = b.getY() + BORDER;
    double bottom = b.getMaxY() - BORDER - h;
    double cy = b.getCenterY() - h / 2;
    double[] xy =
        switch (loc) {
          case "upper right" -> new double[] {right, top};
          case "upper left" -> new double[] {left, top};
          case "lower left" -> new double[] {left, bottom};
          case "lower right" -> new double[] {right, bottom};
          case "right", "center right" -> new double[] {right, cy};
          case "center left" -> new double[] {left, cy};
          case "lower center" -> new double[] {cx, bottom};
          case "upper center" -> new double[] {cx, top};
          default -> new double[] {cx, cy};
        };
    return new Rectangle2D.Double(xy[0], xy[1], w, h);
  }

  /** matplotlib's {@code _find_best_position} over the series of the axes. */
  private Rectangle2D best(Frame f, double w, double h) {
    Rectangle2D bestBox = null;
    long bestBadness = Long.MAX_VALUE;
    for (String loc : LOCATIONS) {
      Rectangle2D box = at(f, loc, w, h);
      long badness = badness(f, box, allSeries);
      for (DataLayer layer : layers) {
        badness += layer.covered(f, box);
      }
      if (badness == 0) {
        return box;
      }
      if (badness < bestBadness) {
        bestBadness = badness;
        bestBox = box;
      }
    }
    return bestBox;
  }

  /**
   * Sets every series and layer of the axes, labelled or not: all of them count as data to avoid.
   */
  Legend over(List<XyPainter.Series> all, List<DataLayer> layers) {
    this.allSeries = List.copyOf(all);
    this.layers = List.copyOf(layers);
    return this;
  }

  /** How much data a legend box would hide, counted as matplotlib counts it. */
  static long badness(Frame f, Rectangle2D box, List<XyPainter.Series> series) {
    long bad = 0;
    for (XyPainter.Series s : series) {
      double[] x = s.x();
      double[] y = s.y();
      if (s.kind() == XyPainter.Kind.BAR) {
        // matplotlib's Rectangle patches: each bar whose box the legend overlaps counts one.
        for (int i = 0; i + 3 < x.length; i += 4) {
          bad += XyPainter.bar(f, s, i).intersects(box) ? 1 : 0;
        }
        continue;
      }
      if (s.kind() == XyPainter.Kind.AREA) {
        // The bars of a histogram outline: tops at points 2i+1 .. 2i+2, bases at zero.
        for (int i = 1; i + 1 < x.length; i += 2) {
          double x0 = f.x(x[i]);
          double x1 = f.x(x[i + 1]);
          double top = f.y(y[i]);
          double base = f.y(0);
          Rectangle2D bar =
              new Rectangle2D.Double(
                  Math.min(x0, x1), Math.min(top, base), Math.abs(x1 - x0), Math.abs(base - top));
          bad += y[i] != 0 && bar.intersects(box) ? 1 : 0;
        }
        continue;
      }
      boolean crosses = false;
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
          continue;
        }
        double px = f.x(x[i]);
        double py = f.y(y[i]);
        bad += box.contains(px, py) ? 1 : 0;
        if (s.style().line() && i > 0 && Double.isFinite(x[i - 1]) && Double.isFinite(y[i - 1])) {
          crosses |= box.intersectsLine(f.x(x[i - 1]), f.y(y[i - 1]), px, py);
        }
      }
      bad += crosses ? 1 : 0;
    }
    return bad;
  }
}
