package dev.myelin.data.plot;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * matplotlib's {@code Axes.pie} painted with Java2D: wedges of radius 1 around (0, 0) from {@code
 * startangle} counter-clockwise, the fractions normalised to their sum, colours from the default
 * cycle, each label at 1.1 radius on the wedge's middle angle (left-aligned right of the centre,
 * right-aligned left of it, vertically centred), the {@code autopct} text centred at 0.6 radius, an
 * equal aspect over the view (-1.25, 1.25) in both directions and no frame or ticks.
 */
final class PiePainter {
  private static final double LABEL_DISTANCE = 1.1;
  private static final double PCT_DISTANCE = 0.6;
  private static final double VIEW = 1.25;
  private static final Pattern PERCENT = Pattern.compile("%(\\d*)\\.(\\d+)f%%");

  /** One wedge: its angles in degrees, its label and percentage texts with their anchors. */
  record Wedge(
      double theta1,
      double theta2,
      String label,
      double labelX,
      double labelY,
      boolean labelLeftAligned,
      String pct,
      double pctX,
      double pctY) {}

  private final List<Wedge> wedges;
  private final String title;
  private final boolean legend;
  private final String legendLoc;

  PiePainter(List<Wedge> wedges, String title, boolean legend, String legendLoc) {
    this.wedges = List.copyOf(wedges);
    this.title = title;
    this.legend = legend;
    this.legendLoc = legendLoc;
  }

  /** Checks an {@code autopct} argument: null (no percentages) or a form such as '%1.1f%%'. */
  static String checkAutopct(String autopct) {
    if (autopct != null && !PERCENT.matcher(autopct).matches()) {
      throw new IllegalArgumentException(
          "pie: argument 'autopct' expected null or a percent format such as '%1.1f%%' but was '"
              + autopct
              + "'");
    }
    return autopct;
  }

  /**
   * The wedges as matplotlib's {@code pie(x, labels, autopct, startangle)} lays them out (fractions
   * {@code x / sum(x)}; a zero sum leaves them as given, as {@code normalize=True} does).
   */
  static List<Wedge> layout(double[] values, String[] labels, String autopct, double startAngle) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    List<Wedge> out = new ArrayList<>();
    double theta1 = startAngle / 360.0;
    for (int i = 0; i < values.length; i++) {
      double frac = sum == 0 ? values[i] : values[i] / sum;
      double theta2 = theta1 + frac;
      double mid = 2 * Math.PI * (theta1 + theta2) / 2;
      double lx = LABEL_DISTANCE * Math.cos(mid);
      double ly = LABEL_DISTANCE * Math.sin(mid);
      out.add(
          new Wedge(
              360 * theta1,
              360 * theta2,
              labels[i],
              lx,
              ly,
              lx > 0,
              autopct == null ? null : percent(autopct, 100 * frac),
              PCT_DISTANCE * Math.cos(mid),
              PCT_DISTANCE * Math.sin(mid)));
      theta1 = theta2;
    }
    return out;
  }

  /** Python's {@code autopct % pct} for the '%w.pf%%' forms {@link #checkAutopct} accepts. */
  private static String percent(String autopct, double pct) {
    Matcher m = PERCENT.matcher(autopct);
    m.matches();
    String digits = Ticks.fixed(pct, Integer.parseInt(m.group(2)));
    int width = m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
    return " ".repeat(Math.max(0, width - digits.length())) + digits + "%";
  }

  /**
   * The square plot box: matplotlib's subplot box (left 0.125, right 0.9, bottom 0.11, top 0.88 of
   * the panel) shrunk to equal aspect around its centre ({@code set_aspect('equal')}, anchor C).
   */
  static Frame frame(int width, int height) {
    double w = 0.775 * width;
    double h = 0.77 * height;
    double side = Math.min(w, h);
    double cx = 0.125 * width + w / 2;
    double cy = 0.12 * height + h / 2;
    Rectangle2D box = new Rectangle2D.Double(cx - side / 2, cy - side / 2, side, side);
    return new Frame(box, new double[] {-VIEW, VIEW, -VIEW, VIEW}, false, false);
  }

  /** Paints the pie and returns its frame. */
  Frame paint(Graphics2D g, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Frame f = frame(width, height);
    double cx = f.x(0);
    double cy = f.y(0);
    double r = f.x(1) - cx;
    for (int i = 0; i < wedges.size(); i++) {
      Wedge w = wedges.get(i);
      g.setColor(Palette.color(i));
      // Arc2D's angles run counter-clockwise from 3 o'clock on screen, as matplotlib's do.
      g.fill(
          new Arc2D.Double(
              cx - r, cy - r, 2 * r, 2 * r, w.theta1(), w.theta2() - w.theta1(), Arc2D.PIE));
    }
    g.setColor(Color.BLACK);
    g.setFont(XyPainter.TICK_FONT);
    FontMetrics fm = g.getFontMetrics();
    double mid = (fm.getAscent() - fm.getDescent()) / 2.0;
    for (Wedge w : wedges) {
      double x = f.x(w.labelX());
      double left = w.labelLeftAligned() ? x : x - fm.stringWidth(w.label());
      g.drawString(w.label(), (float) left, (float) (f.y(w.labelY()) + mid));
      if (w.pct() != null) {
        double px = f.x(w.pctX()) - fm.stringWidth(w.pct()) / 2.0;
        g.drawString(w.pct(), (float) px, (float) (f.y(w.pctY()) + mid));
      }
    }
    if (title != null && !title.isEmpty()) {
      g.setFont(XyPainter.TITLE_FONT);
      FontMetrics tf = g.getFontMetrics();
      Rectangle2D b = f.box();
      g.drawString(
          title,
          (float) (b.getCenterX() - tf.stringWidth(title) / 2.0),
          (float) (b.getY() - 6 - tf.getDescent()));
    }
    if (legend) {
      List<XyPainter.Series> boxes = boundingBoxes();
      new Legend(boxes).over(boxes, List.of()).paint(g, f, legendLoc);
    }
    return f;
  }

  /**
   * Each wedge as a bar over its bounding box (the centre and its arc): a legend at 'best' counts
   * the wedges it overlaps, as matplotlib's {@code _auto_legend_data} counts patch extents.
   */
  private List<XyPainter.Series> boundingBoxes() {
    List<XyPainter.Series> out = new ArrayList<>();
    for (int i = 0; i < wedges.size(); i++) {
      Wedge w = wedges.get(i);
      double x0 = 0;
      double x1 = 0;
      double y0 = 0;
      double y1 = 0;
      int steps = 64;
      for (int k = 0; k <= steps; k++) {
        double t = Math.toRadians(w.theta1() + (w.theta2() - w.theta1()) * k / steps);
        x0 = Math.min(x0, Math.cos(t));
        x1 = Math.max(x1, Math.cos(t));
        y0 = Math.min(y0, Math.sin(t));
        y1 = Math.max(y1, Math.sin(t));
      }
      out.add(
          new XyPainter.Series(
              w.label() == null ? String.format(Locale.ROOT, "_wedge%d", i) : w.label(),
              new double[] {x0, x0, x1, x1},
              new double[] {y0, y1, y1, y0},
              XyPainter.Kind.BAR,
              LineStyle.SOLID,
              Palette.color(i),
              0,
              true));
    }
    return out;
  }
}
