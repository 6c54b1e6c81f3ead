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
  private static final int GAP = 4;
  private static final int PAD = 8;

  /** How a series is painted. */
  enum Kind {
    LINE,
    SCATTER,
    AREA
  }

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
      boolean yLog) {}

  /** The ticks drawn on each axis, for {@code Axes.xTicks()} and its kin. */
  record Drawn(Ticks.Scale x, Ticks.Scale y, Rectangle2D legendBox) {}

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
      if (s.kind() == Kind.AREA && !isX) {
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

  private Ticks.Scale xScale(double[] view, double length) {
    return c.xLog()
        ? Ticks.log(view[0], view[1], Ticks.nbins(length, true))
        : Ticks.linear(view[0], view[1], Ticks.nbins(length, true), c.integerTicks());
  }

  private Ticks.Scale yScale(double[] view, double length) {
    if (c.yLog()) {
      return Ticks.log(view[2], view[3], Ticks.nbins(length, false));
    }
    // Image rows are stored at y = -row, so the ticks are those of the row numbers.
    return c.yInverted()
        ? Ticks.linear(-view[3], -view[2], Ticks.nbins(length, false), c.integerTicks())
        : Ticks.linear(view[2], view[3], Ticks.nbins(length, false), c.integerTicks());
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
      xs = xScale(view, box.getWidth());
      ys = yScale(view, box.getHeight());
      int left =
          PAD
              + (present(c.yLabel()) ? label.getHeight() + GAP : 0)
              + widest(ys.labels(), tick)
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
      legendBox = new Legend(c.series()).over(c.series()).paint(g, frame, c.legendLoc());
    }
    return new Drawn(xs, ys, legendBox);
  }

  // ---------------------------------------------------------------- drawing

  private static void paintSeries(Graphics2D g, Frame f, Series s) {
    int n = s.x().length;
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
      String text = xs.labels()[i];
      g.drawString(
          text,
          (float) (x - tick.stringWidth(text) / 2.0),
          (float) bottom + TICK + GAP + tick.getAscent());
    }
    double sign = c.yInverted() ? -1 : 1;
    double mid = (tick.getAscent() - tick.getDescent()) / 2.0;
    for (int i = 0; i < ys.visible().length; i++) {
      double y = f.y(sign * ys.visible()[i]);
      g.draw(new Line2D.Double(left - TICK, y, left, y));
      String text = ys.labels()[i];
      g.drawString(text, (float) (left - TICK - GAP - tick.stringWidth(text)), (float) (y + mid));
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
      int widest = widest(ys.labels(), tick);
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
