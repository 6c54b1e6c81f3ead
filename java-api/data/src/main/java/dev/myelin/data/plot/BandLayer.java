package dev.myelin.data.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The region between two curves over the same x, filled ({@code fill_between}), clipped to the axis
 * limits so a band that leaves them does not paint over titles or ticks.
 */
final class BandLayer implements DataLayer {
  private final double[] x;
  private final double[] lower;
  private final double[] upper;
  private final Color color;

  BandLayer(double[] x, double[] lower, double[] upper, Color color) {
    this.x = x.clone();
    this.lower = lower.clone();
    this.upper = upper.clone();
    this.color = color;
  }

  @Override
  public boolean tight() {
    return false;
  }

  @Override
  public double[] extent() {
    double[] e = {
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (int i = 0; i < x.length; i++) {
      e[0] = Math.min(e[0], x[i]);
      e[1] = Math.max(e[1], x[i]);
      e[2] = Math.min(e[2], Math.min(lower[i], upper[i]));
      e[3] = Math.max(e[3], Math.max(lower[i], upper[i]));
    }
    return e;
  }

  /**
   * matplotlib's count for the band's polygon (a {@code PolyCollection}): its vertices inside the
   * box, plus one when its outline crosses the box; and, beyond matplotlib, one when the box lies
   * inside the filled band, so a legend never sits on a band it does not cross.
   */
  @Override
  public long covered(Frame chart, Rectangle2D box) {
    Path2D.Double path = outline(chart);
    long n = 0;
    for (int i = 0; i < x.length; i++) {
      n += box.contains(chart.x(x[i]), chart.y(upper[i])) ? 1 : 0;
      n += box.contains(chart.x(x[i]), chart.y(lower[i])) ? 1 : 0;
    }
    return n + (path.intersects(box) ? 1 : 0);
  }

  @Override
  public void paint(Graphics2D g, Frame chart, boolean overlay) {
    if (overlay) {
      return;
    }
    Path2D.Double path = outline(chart);
    Shape saved = g.getClip();
    g.clip(chart.box());
    g.setColor(color);
    g.fill(path);
    g.setClip(saved);
  }

  private Path2D.Double outline(Frame chart) {
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i < x.length; i++) {
      double sx = chart.x(x[i]);
      double sy = chart.y(upper[i]);
      if (i == 0) {
        path.moveTo(sx, sy);
      } else {
        path.lineTo(sx, sy);
      }
    }
    for (int i = x.length - 1; i >= 0; i--) {
      path.lineTo(chart.x(x[i]), chart.y(lower[i]));
    }
    path.closePath();
    return path;
  }
}
