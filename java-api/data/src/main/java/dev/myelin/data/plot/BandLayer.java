package dev.myelin.data.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

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

  @Override
  public void paint(Graphics2D g, Chart<?, ?> chart, boolean overlay) {
    if (overlay) {
      return;
    }
    Path2D.Double path = new Path2D.Double();
    for (int i = 0; i < x.length; i++) {
      double sx = chart.getScreenXFromChart(x[i]);
      double sy = chart.getScreenYFromChart(upper[i]);
      if (i == 0) {
        path.moveTo(sx, sy);
      } else {
        path.lineTo(sx, sy);
      }
    }
    for (int i = x.length - 1; i >= 0; i--) {
      path.lineTo(chart.getScreenXFromChart(x[i]), chart.getScreenYFromChart(lower[i]));
    }
    path.closePath();
    Shape saved = g.getClip();
    if (chart.getStyler() instanceof AxesChartStyler s
        && s.getXAxisMin() != null
        && s.getXAxisMax() != null
        && s.getYAxisMin() != null
        && s.getYAxisMax() != null) {
      double x0 = chart.getScreenXFromChart(s.getXAxisMin());
      double x1 = chart.getScreenXFromChart(s.getXAxisMax());
      double y0 = chart.getScreenYFromChart(s.getYAxisMax());
      double y1 = chart.getScreenYFromChart(s.getYAxisMin());
      g.clip(new Rectangle2D.Double(x0, y0, x1 - x0, y1 - y0));
    }
    g.setColor(color);
    g.fill(path);
    g.setClip(saved);
  }
}
