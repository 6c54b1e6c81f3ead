package dev.myelin.data.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Paints an XY axes the way matplotlib lays one out: view limits from the data with 5% margins
 * (none past images, grids and histogram bases), {@link Ticks} for tick values and labels, the
 * offset text at the axis end, spines, outward ticks, axis labels and title as text, and a legend
 * placed by {@code loc='best'}.
 *
 * <p>XChart is not used here: it places ticks by its own rule (only a spacing hint and a formatter
 * can be set) and pads the data range inside the plot box, so neither matplotlib's ticks nor its
 * view limits could be reproduced through it. Painting the few XY primitives with Java2D keeps the
 * data-to-pixel transform ({@link Frame}) exact and text as text in SVG.
 */
final class XyPainter {
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  private static final float LINE_WIDTH = 2f;
  private static final int TICK = 5;
  private static final int MINOR_TICK = 3;
  private static final int GAP = 4;
  private static final int PAD = 8;

  /** How a series is painted. */
  enum Kind {
    LINE,
    SCATTER,
    AREA,
    /** Bars: four corners (left base, left top, right top, right base) per bar. */
    BAR
  }

  /** Ticks at fixed positions with names (bar categories, box names), or null for numbers. */
  record Categories(double[] positions, String[] names) {}

  /** One drawn series. */
  record Series(
      String name,
      double[] x,
      double[] y,
      Kind kind,
      LineStyle style,
      Color color,
      double markerSize,
      boolean inLegend) {}

  /** What an XY axes holds, handed over at paint time. */
  record Content(
      List<Series> series,
      List<DataLayer> layers,
      List<double[]> refLines,
      Double[] limits,
      String title,
      String xLabel,
      String yLabel,
      boolean legend,
      String legendLoc,
      boolean yInverted,
      boolean integerTicks,
      boolean xLog,
      boolean yLog,
      Categories xCategories) {}

  /**
   * The ticks drawn on each axis, for {@code Axes.xTicks()} and its kin, the legend's box and the
   * data-to-pixel transform used (null for a pie).
   */
  record Drawn(Ticks.Scale x, Ticks.Scale y, Rectangle2D legendBox, Frame frame) {}

  private final Content c;

  XyPainter(Content content) {
    this.c = content;
  }

  // ---------------------------------------------------------------- view limits

  /** matplotlib's autoscaled view {x0, x1, y0, y1}, set limits taking precedence. */
  double[] view() {
    double[] xs = limits(true);
    double[] ys = limits(false);
    Double[] set = c.limits();
    return new double[] {
      set[0] != null ? set[0] : xs[0],
      set[1] != null ? set[1] : xs[1],
      set[2] != null ? set[2] : ys[0],
      set[3] != null ? set[3] : ys[1]
    };
  }

  private double[] limits(boolean isX) {
    boolean log = isX ? c.xLog() : c.yLog();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    List<Double> sticky = new ArrayList<>();
    for (Series s : c.series()) {
      for (double v : isX ? s.x() : s.y()) {
        if (Double.isFinite(v) && (!log || v > 0)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      if ((s.kind() == Kind.AREA || s.kind() == Kind.BAR) && !isX) {
        // matplotlib's bars and histogram patches stick to their base at zero.
        sticky.add(0.0);
      }
    }
    for (DataLayer layer : c.layers()) {
      double[] e = layer.extent();
      double a = isX ? e[0] : e[2];
      double b = isX ? e[1] : e[3];
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
      if (layer.tight()) {
        sticky.add(a);
        sticky.add(b);
      }
    }
    if (lo > hi) {
      // Nothing drawn: matplotlib's empty axes shows [0, 1].
      return new double[] {0, 1};
    }
    if (lo == hi) {
      double d = lo == 0 ? 0.05 : Math.abs(lo) * 0.05;
      lo -= d;
      hi += d;
    }
    double tol = 1e-5 * Math.max(Math.max(Math.abs(lo), Math.abs(hi)), Math.abs(hi - lo));
    Double loBound = null;
    Double hiBound = null;
    for (double s : sticky) {
      if (s < lo + tol && (loBound == null || s > loBound)) {
        loBound = s;
      }
      if (s > hi - tol && (hiBound == null || s < hiBound)) {
        hiBound = s;
      }
    }
    double a = log ? Math.log10(lo) : lo;
    double b = log ? Math.log10(hi) : hi;
    double delta = (b - a) * 0.05;
    a -= delta;
    b += delta;
    lo = log ? Math.pow(10, a) : a;
    hi = log ? Math.pow(10, b) : b;
    if (loBound != null) {
      lo = Math.max(lo, loBound);
    }
    if (hiBound != null) {
      hi = Math.min(hi, hiBound);
    }
    return new double[] {lo, hi};
  }

  // ---------------------------------------------------------------- layout

  private Ticks.Scale xScale(double[] view, double length, FontMetrics fm) {
    if (c.xCategories() != null) {
      return Ticks.fixed(c.xCategories().positions(), c.xCategories().names(), view[0], view[1]);
    }
    return numeric(view[0], view[1], c.xLog(), length, true, fm);
  }

  private Ticks.Scale yScale(double[] view, double length, FontMetrics fm) {
    // Image rows are stored at y = -row, so the ticks are those of the row numbers.
    return c.yInverted() && !c.yLog()
        ? numeric(-view[3], -view[2], false, length, false, fm)
        : numeric(view[2], view[3], c.yLog(), length, false, fm);
  }

  /**
   * matplotlib's ticks for an axis of this length ({@link Ticks#nbins}), and fewer bins while two
   * adjacent labels would overlap in Myelin's layout. Wherever matplotlib's own labels keep apart
   * at the same axis length Myelin's do too (TicksTest checks it), so this only thins an axis that
   * Myelin's wider margins made shorter than matplotlib's for the same figure.
   */
  private Ticks.Scale numeric(
      double lo, double hi, boolean log, double length, boolean horizontal, FontMetrics fm) {
    int nbins = Ticks.nbins(length, horizontal);
    while (true) {
      Ticks.Scale s =
          log ? Ticks.log(lo, hi, nbins) : Ticks.linear(lo, hi, nbins, c.integerTicks());
      if (nbins <= (log ? 2 : 1) || labelsApart(s, lo, hi, log, length, horizontal, fm)) {
        return s;
      }
      nbins--;
    }
  }

  /** Whether no two adjacent major tick labels of {@code s} overlap on an axis of this length. */
  static boolean labelsApart(
      Ticks.Scale s,
      double lo,
      double hi,
      boolean log,
      double length,
      boolean horizontal,
      FontMetrics fm) {
    double a = log ? Math.log10(lo) : lo;
    double b = log ? Math.log10(hi) : hi;
    Rectangle2D previous = null;
    for (int i = 0; i < s.visible().length; i++) {
      double v = log ? Math.log10(s.visible()[i]) : s.visible()[i];
      Rectangle2D box = labelBox(s.labels()[i], (v - a) / (b - a) * length, horizontal, 0, fm);
      if (previous != null && previous.intersects(box)) {
        return false;
      }
      previous = box;
    }
    return true;
  }

  private static int widest(String[] labels, FontMetrics fm) {
    int w = 0;
    for (String l : labels) {
      w = Math.max(w, fm.stringWidth(l));
    }
    return w;
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  /** Paints the axes into a {@code width x height} area at the origin and says what it drew. */
  Drawn paint(Graphics2D g, int width, int height) {
    Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
    FontMetrics tick = probe.getFontMetrics(TICK_FONT);
    FontMetrics label = probe.getFontMetrics(LABEL_FONT);
    FontMetrics titleFm = probe.getFontMetrics(TITLE_FONT);
    probe.dispose();
    double[] view = view();
    // Tick labels decide the margins and the margins the axis lengths (and so the number of
    // ticks): two rounds settle it.
    Rectangle2D box = new Rectangle2D.Double(60, 30, Math.max(10, width - 80), height - 80);
    Ticks.Scale xs = null;
    Ticks.Scale ys = null;
    for (int round = 0; round < 2; round++) {
      xs = xScale(view, box.getWidth(), tick);
      ys = yScale(view, box.getHeight(), tick);
      int left =
          PAD
              + (present(c.yLabel()) ? label.getHeight() + GAP : 0)
              + Math.max(widest(ys.labels(), tick), widest(ys.minorLabels(), tick))
              + GAP
              + TICK;
      int top =
          PAD
              + (present(c.title()) ? titleFm.getHeight() + GAP : 0)
              + (ys.offset().isEmpty() ? 0 : tick.getHeight());
      int bottom =
          TICK
              + GAP
              + tick.getHeight()
              + (present(c.xLabel()) ? label.getHeight() + GAP : 0)
              + (xs.offset().isEmpty() ? 0 : tick.getHeight())
              + PAD;
      String last = xs.labels().length == 0 ? "" : xs.labels()[xs.labels().length - 1];
      int right = Math.max(PAD + 6, tick.stringWidth(last) / 2 + PAD);
      box =
          new Rectangle2D.Double(
              left, top, Math.max(10, width - left - right), Math.max(10, height - top - bottom));
    }
    Frame frame = new Frame(box, view, c.xLog(), c.yLog());
    // Curves at sub-pixel positions, as matplotlib's Agg draws them, not snapped to whole pixels.
    Object strokeHint = g.getRenderingHint(RenderingHints.KEY_STROKE_CONTROL);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    Shape clip = g.getClip();
    g.clip(box);
    for (DataLayer layer : c.layers()) {
      layer.paint(g, frame, false);
    }
    for (Series s : c.series()) {
      paintSeries(g, frame, s);
    }
    paintRefLines(g, frame, view);
    g.setClip(clip);
    if (strokeHint != null) {
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, strokeHint);
    }
    for (DataLayer layer : c.layers()) {
      layer.paint(g, frame, true);
    }
    paintAxes(g, frame, xs, ys, tick, label, titleFm);
    Rectangle2D legendBox = null;
    if (c.legend()) {
      legendBox =
          new Legend(c.series()).over(c.series(), c.layers()).paint(g, frame, c.legendLoc());
    }
    return new Drawn(xs, ys, legendBox, frame);
  }

  // ---------------------------------------------------------------- drawing

  private static void paintSeries(Graphics2D g, Frame f, Series s) {
    int n = s.x().length;
    if (s.kind() == Kind.BAR) {
      g.setColor(s.color());
      for (int i = 0; i + 3 < n; i += 4) {
        g.fill(bar(f, s, i));
      }
      return;
    }
    if (s.kind() == Kind.AREA) {
      Path2D.Double p = path(f, s.x(), s.y());
      p.closePath();
      g.setColor(Palette.withAlpha(s.color(), 0.6));
      g.fill(p);
      return;
    }
    if (s.style().line() && n > 1) {
      g.setColor(s.color());
      g.setStroke(s.style().stroke(LINE_WIDTH));
      g.draw(path(f, s.x(), s.y()));
    }
    if (s.style().marker() != 0) {
      for (int i = 0; i < n; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          LineStyle.paintMarker(
              g, s.style().marker(), f.x(s.x()[i]), f.y(s.y()[i]), s.markerSize(), s.color());
        }
      }
    }
  }

  /** The pixel rectangle of the bar whose four corners start at index {@code i} of a BAR series. */
  static Rectangle2D bar(Frame f, Series s, int i) {
    double x0 = f.x(s.x()[i]);
    double x1 = f.x(s.x()[i + 3]);
    double y0 = f.y(s.y()[i]);
    double y1 = f.y(s.y()[i + 1]);
    return new Rectangle2D.Double(
        Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
  }

  /**
   * Where a tick label's text lies: centred below an x tick at {@code at}, or right-aligned left of
   * a y tick at {@code at} and centred on it; {@code edge} is the axis line (the box's bottom or
   * left). Painting and the label-collision test both use this box.
   */
  static Rectangle2D labelBox(String text, double at, boolean xAxis, double edge, FontMetrics fm) {
    int w = fm.stringWidth(text);
    if (xAxis) {
      return new Rectangle2D.Double(
          at - w / 2.0, edge + TICK + GAP, w, fm.getAscent() + fm.getDescent());
    }
    double mid = (fm.getAscent() - fm.getDescent()) / 2.0;
    return new Rectangle2D.Double(
        edge - TICK - GAP - w, at + mid - fm.getAscent(), w, fm.getAscent() + fm.getDescent());
  }

  /** The polyline through the finite points; a NaN breaks it, as in matplotlib. */
  private static Path2D.Double path(Frame f, double[] x, double[] y) {
    Path2D.Double p = new Path2D.Double();
    boolean pen = false;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
        pen = false;
        continue;
      }
      if (pen) {
        p.lineTo(f.x(x[i]), f.y(y[i]));
      } else {
        p.moveTo(f.x(x[i]), f.y(y[i]));
        pen = true;
      }
    }
    return p;
  }

  private void paintRefLines(Graphics2D g, Frame f, double[] view) {
    g.setStroke(new BasicStroke(1.5f));
    g.setColor(Palette.color(0));
    for (double[] line : c.refLines()) {
      if (line[1] == 1) {
        g.draw(new Line2D.Double(f.x(line[0]), f.y(view[2]), f.x(line[0]), f.y(view[3])));
      } else {
        g.draw(new Line2D.Double(f.x(view[0]), f.y(line[0]), f.x(view[1]), f.y(line[0])));
      }
    }
  }

  private static void drawLabel(
      Graphics2D g, String text, double at, boolean xAxis, double edge, FontMetrics fm) {
    if (!text.isEmpty()) {
      Rectangle2D b = labelBox(text, at, xAxis, edge, fm);
      g.drawString(text, (float) b.getX(), (float) (b.getY() + fm.getAscent()));
    }
  }

  private void paintAxes(
      Graphics2D g,
      Frame f,
      Ticks.Scale xs,
      Ticks.Scale ys,
      FontMetrics tick,
      FontMetrics label,
      FontMetrics titleFm) {
    Rectangle2D box = f.box();
    double left = box.getX();
    double top = box.getY();
    double right = box.getMaxX();
    double bottom = box.getMaxY();
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.draw(box);
    g.setFont(TICK_FONT);
    for (int i = 0; i < xs.visible().length; i++) {
      double x = f.x(xs.visible()[i]);
      g.draw(new Line2D.Double(x, bottom, x, bottom + TICK));
      drawLabel(g, xs.labels()[i], x, true, bottom, tick);
    }
    for (int i = 0; i < xs.minor().length; i++) {
      double x = f.x(xs.minor()[i]);
      g.draw(new Line2D.Double(x, bottom, x, bottom + MINOR_TICK));
      drawLabel(g, xs.minorLabels()[i], x, true, bottom, tick);
    }
    double sign = c.yInverted() ? -1 : 1;
    for (int i = 0; i < ys.visible().length; i++) {
      double y = f.y(sign * ys.visible()[i]);
      g.draw(new Line2D.Double(left - TICK, y, left, y));
      drawLabel(g, ys.labels()[i], y, false, left, tick);
    }
    for (int i = 0; i < ys.minor().length; i++) {
      double y = f.y(ys.minor()[i]);
      g.draw(new Line2D.Double(left - MINOR_TICK, y, left, y));
      drawLabel(g, ys.minorLabels()[i], y, false, left, tick);
    }
    double below = bottom + TICK + GAP + tick.getHeight();
    if (!xs.offset().isEmpty()) {
      g.drawString(
          xs.offset(),
          (float) (right - tick.stringWidth(xs.offset())),
          (float) below + tick.getAscent());
      below += tick.getHeight();
    }
    if (!ys.offset().isEmpty()) {
      g.drawString(ys.offset(), (float) left, (float) (top - tick.getDescent() - 2));
    }
    g.setFont(LABEL_FONT);
    if (present(c.xLabel())) {
      g.drawString(
          c.xLabel(),
          (float) ((left + right) / 2 - label.stringWidth(c.xLabel()) / 2.0),
          (float) below + GAP + label.getAscent());
    }
    if (present(c.yLabel())) {
      int widest = Math.max(widest(ys.labels(), tick), widest(ys.minorLabels(), tick));
      AffineTransform saved = g.getTransform();
      g.translate(
          left - TICK - GAP - widest - GAP - label.getDescent(),
          (top + bottom) / 2 + label.stringWidth(c.yLabel()) / 2.0);
      g.rotate(-Math.PI / 2);
      g.drawString(c.yLabel(), 0f, 0f);
      g.setTransform(saved);
    }
    if (present(c.title())) {
      g.setFont(TITLE_FONT);
      double titleBottom = top - GAP - (ys.offset().isEmpty() ? 0 : tick.getHeight());
      g.drawString(
          c.title(),
          (float) ((left + right) / 2 - titleFm.stringWidth(c.title()) / 2.0),
          (float) (titleBottom - titleFm.getDescent()));
    }
  }
}
