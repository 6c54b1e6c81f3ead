package dev.myelin.data.plot;

import java.awt.Graphics2D;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Something XChart cannot draw (images, cell grids, hexagons, annotations), painted with Java2D in
 * the data coordinates of an already laid-out chart.
 */
interface DataLayer {
  /** The data extent {xMin, xMax, yMin, yMax} this layer covers. */
  double[] extent();

  /**
   * Paints in the chart's screen coordinates; {@code overlay} is false before the chart, true
   * after.
   */
  void paint(Graphics2D g, Chart<?, ?> chart, boolean overlay);
}
