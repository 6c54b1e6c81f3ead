package dev.myelin.data.plot;

import java.awt.Graphics2D;

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
   * Paints in the chart's screen coordinates; {@code overlay} is false before the chart, true
   * after.
   */
  void paint(Graphics2D g, Frame chart, boolean overlay);
}
