package dev.myelin.data.plot;

import java.awt.geom.Rectangle2D;

/**
 * The plot box of one axes in pixels and the view limits it shows: the data-to-pixel transform
 * every drawing of the axes goes through (matplotlib's {@code transData}).
 */
final class Frame {
  private final double left;
  private final double top;
  private final double width;
  private final double height;
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final boolean xLog;
  private final boolean yLog;

  /**
   * @param box the plot box in pixels
   * @param view {xMin, xMax, yMin, yMax}, shown from the box's left to right and bottom to top
   * @param xLog whether x is on a log scale
   * @param yLog whether y is on a log scale
   */
  Frame(Rectangle2D box, double[] view, boolean xLog, boolean yLog) {
    this.xLog = xLog;
    this.yLog = yLog;
    this.left = box.getX();
    this.top = box.getY();
    this.width = box.getWidth();
    this.height = box.getHeight();
    this.x0 = xLog ? Math.log10(view[0]) : view[0];
    this.x1 = xLog ? Math.log10(view[1]) : view[1];
    this.y0 = yLog ? Math.log10(view[2]) : view[2];
    this.y1 = yLog ? Math.log10(view[3]) : view[3];
  }

  /** The pixel column of data x. */
  double x(double x) {
    double v = xLog ? Math.log10(x) : x;
    return left + (v - x0) / (x1 - x0) * width;
  }

  /** The pixel row of data y (rows grow downwards). */
  double y(double y) {
    double v = yLog ? Math.log10(y) : y;
    return top + height - (v - y0) / (y1 - y0) * height;
  }

  /** The plot box in pixels. */
  Rectangle2D box() {
    return new Rectangle2D.Double(left, top, width, height);
  }
}
