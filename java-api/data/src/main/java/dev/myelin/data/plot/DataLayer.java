package dev.myelin.data.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * A raster or filled drawing (images, cell grids, hexagons, bands), painted with Java2D in the data
 * coordinates of the axes' {@link Frame}.
 */
interface DataLayer {
  /** The data extent {xMin, xMax, yMin, yMax} this layer covers. */
  double[] extent();

  /**
   * Whether the view ends at this layer's extent (images, cell grids, hexbins: matplotlib's sticky
   * edges) rather than adding the 5% margins of lines and points.
   */
  default boolean tight() {
    return true;
  }

  /**
   * How much of this layer a legend box would hide, for {@code loc='best'}: 1 when the box meets
   * the layer's extent (an image, a 2-D histogram, filled contours), else 0. matplotlib's {@code
   * _find_best_position} ignores images and sees a hexbin only as one template hexagon; Myelin
   * counts them so a legend moves off them when the axes has room elsewhere.
   *
   * @param f the axes' transform
   * @param box the candidate legend box in pixels
   * @return the count added to the position's badness
   */
  default long covered(Frame f, Rectangle2D box) {
    double[] e = extent();
    double x0 = f.x(e[0]);
    double x1 = f.x(e[1]);
    double y0 = f.y(e[2]);
    double y1 = f.y(e[3]);
    Rectangle2D r =
        new Rectangle2D.Double(
            Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    return r.intersects(box) ? 1 : 0;
  }

  /**
   * Paints in the chart's screen coordinates; {@code overlay} is false before the chart, true
   * after.
   */
  void paint(Graphics2D g, Frame chart, boolean overlay);
}
