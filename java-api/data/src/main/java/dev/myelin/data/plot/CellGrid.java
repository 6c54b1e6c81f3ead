package dev.myelin.data.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A raster of uniform cells over a data extent (imshow, heatmap, hist2d, contourf), drawn as one
 * image scaled with nearest-neighbour interpolation, with optional text in each cell.
 */
final class CellGrid implements DataLayer {
  private final BufferedImage cells;
  private final double[] extent;
  private final String[][] annotations;

  /**
   * @param cells one pixel per cell, row 0 at the top (largest y) of the extent
   * @param extent {xMin, xMax, yMin, yMax}
   * @param annotations text per cell (same layout as {@code cells}) or null
   */
  CellGrid(BufferedImage cells, double[] extent, String[][] annotations) {
    this.cells = cells;
    this.extent = extent.clone();
    this.annotations = annotations;
  }

  @Override
  public double[] extent() {
    return extent.clone();
  }

  @Override
  public void paint(Graphics2D g, Frame chart, boolean overlay) {
    int left = (int) Math.round(chart.x(extent[0]));
    int right = (int) Math.round(chart.x(extent[1]));
    int top = (int) Math.round(chart.y(extent[3]));
    int bottom = (int) Math.round(chart.y(extent[2]));
    if (!overlay) {
      Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(cells, left, top, right - left, bottom - top, null);
      if (old != null) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
      }
      return;
    }
    if (annotations == null) {
      return;
    }
    int rows = cells.getHeight();
    int cols = cells.getWidth();
    double cellW = (right - left) / (double) cols;
    double cellH = (bottom - top) / (double) rows;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.max(8, Math.min(14, cellH / 3))));
    FontMetrics fm = g.getFontMetrics();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        String text = annotations[r][c];
        Color bg = new Color(cells.getRGB(c, r));
        double luminance = 0.299 * bg.getRed() + 0.587 * bg.getGreen() + 0.114 * bg.getBlue();
        g.setColor(luminance > 128 ? Color.BLACK : Color.WHITE);
        double cx = left + (c + 0.5) * cellW;
        double cy = top + (r + 0.5) * cellH;
        g.drawString(
            text,
            (float) (cx - fm.stringWidth(text) / 2.0),
            (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
      }
    }
  }
}
