package dev.myelin.data.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/** Filled hexagons in data coordinates, the cells of a {@code hexbin}. */
final class HexLayer implements DataLayer {
  /** One hexagon: centre, half-width and half-height in data units, fill colour. */
  record Hex(double cx, double cy, double rx, double ry, Color color) {}

  private final List<Hex> hexes;
  private final double[] extent;

  HexLayer(List<Hex> hexes, double[] extent) {
    this.hexes = List.copyOf(hexes);
    this.extent = extent.clone();
  }

  @Override
  public double[] extent() {
    return extent.clone();
  }

  /** One per hexagon the box meets, as matplotlib counts the points of a scatter. */
  @Override
  public long covered(Frame chart, Rectangle2D box) {
    long n = 0;
    for (Hex h : hexes) {
      n += outline(chart, h).intersects(box) ? 1 : 0;
    }
    return n;
  }

  @Override
  public void paint(Graphics2D g, Frame chart, boolean overlay) {
    if (overlay) {
      return;
    }
    for (Hex h : hexes) {
      g.setColor(h.color());
      g.fill(outline(chart, h));
    }
  }

  private static Path2D.Double outline(Frame chart, Hex h) {
    // Pointy-top hexagons: vertices at 90 + 60k degrees, as matplotlib's hexbin draws them.
    Path2D.Double path = new Path2D.Double();
    for (int k = 0; k < 6; k++) {
      double angle = Math.toRadians(90 + 60 * k);
      double sx = chart.x(h.cx() + h.rx() * Math.cos(angle));
      double sy = chart.y(h.cy() + h.ry() * Math.sin(angle));
      if (k == 0) {
        path.moveTo(sx, sy);
      } else {
        path.lineTo(sx, sy);
      }
    }
    path.closePath();
    return path;
  }
}
