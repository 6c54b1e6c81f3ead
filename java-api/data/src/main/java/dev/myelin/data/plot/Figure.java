package dev.myelin.data.plot;

import static dev.myelin.data.internal.Checks.check;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A canvas of a fixed pixel size holding a grid of {@link Axes}, saved as PNG or SVG ({@code
 * plt.figure(figsize=...)} and {@code plt.subplots(rows, cols)}).
 *
 * <pre>{@code
 * Figure fig = Plot.figure(800, 600);
 * Axes[][] ax = fig.subplots(2, 2);
 * ax[0][0].hist(values, 50);
 * fig.savePng(Path.of("hist.png"));
 * }</pre>
 */
public final class Figure {
  private final int width;
  private final int height;
  private Axes[][] grid;

  Figure(int width, int height) {
    check(width > 0, "width", "a positive number of pixels", width);
    check(height > 0, "height", "a positive number of pixels", height);
    this.width = width;
    this.height = height;
    this.grid = new Axes[][] {{new Axes()}};
  }

  /**
   * The figure's width in pixels.
   *
   * @return the width
   */
  public int width() {
    return width;
  }

  /**
   * The figure's height in pixels.
   *
   * @return the height
   */
  public int height() {
    return height;
  }

  /**
   * Replaces the figure's axes by a {@code rows x cols} grid of equal cells ({@code
   * plt.subplots(rows, cols)}).
   *
   * @param rows the number of rows, positive
   * @param cols the number of columns, positive
   * @return the new axes, indexed {@code [row][col]}
   */
  public Axes[][] subplots(int rows, int cols) {
    check(rows > 0, "rows", "a positive number of rows", rows);
    check(cols > 0, "cols", "a positive number of columns", cols);
    grid = new Axes[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        grid[r][c] = new Axes();
      }
    }
    return copyGrid();
  }

  /**
   * The axes at a 1-based position of a {@code rows x cols} grid, counted along rows ({@code
   * plt.subplot(5, 5, i)}); the grid is created on first use and kept while the shape is the same.
   *
   * @param rows the number of rows
   * @param cols the number of columns
   * @param index the position, 1 to rows*cols
   * @return the axes
   */
  public Axes subplot(int rows, int cols, int index) {
    check(rows > 0, "rows", "a positive number of rows", rows);
    check(cols > 0, "cols", "a positive number of columns", cols);
    check(index >= 1 && index <= rows * cols, "index", "in [1, " + rows * cols + "]", index);
    if (grid.length != rows || grid[0].length != cols) {
      subplots(rows, cols);
    }
    return grid[(index - 1) / cols][(index - 1) % cols];
  }

  /**
   * The first axes (the only one unless {@link #subplots} made a grid), as {@code plt.gca()}.
   *
   * @return the top-left axes
   */
  public Axes axes() {
    return grid[0][0];
  }

  /**
   * Renders the figure on a white background.
   *
   * @return a new {@code width x height} RGB image
   */
  public BufferedImage toImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    paint(g);
    g.dispose();
    return img;
  }

  /**
   * Saves the figure as a PNG image of {@code width x height} pixels ({@code plt.savefig}).
   *
   * @param path the file, created or replaced
   * @throws IOException if writing fails
   */
  public void savePng(Path path) throws IOException {
    check(path != null, "path", "a file path", "null");
    if (!ImageIO.write(toImage(), "png", path.toFile())) {
      throw new IOException(path + ": no PNG writer available");
    }
  }

  /**
   * Saves the figure as SVG (vector shapes and text; images and heatmap cells are embedded PNGs).
   *
   * @param path the file, created or replaced
   * @throws IOException if writing fails
   */
  public void saveSvg(Path path) throws IOException {
    check(path != null, "path", "a file path", "null");
    VectorGraphics2D g = new VectorGraphics2D();
    paint(g);
    try (OutputStream out = Files.newOutputStream(path)) {
      Processors.get("svg")
          .getDocument(g.getCommands(), new PageSize(0, 0, width, height))
          .writeTo(out);
    }
  }

  private void paint(Graphics2D g) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    int rows = grid.length;
    int cols = grid[0].length;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int x0 = c * width / cols;
        int y0 = r * height / rows;
        int w = (c + 1) * width / cols - x0;
        int h = (r + 1) * height / rows - y0;
        AffineTransform transform = g.getTransform();
        Shape clip = g.getClip();
        g.translate(x0, y0);
        g.clipRect(0, 0, w, h);
        grid[r][c].paint(g, w, h);
        g.setTransform(transform);
        g.setClip(clip);
      }
    }
  }

  private Axes[][] copyGrid() {
    Axes[][] copy = new Axes[grid.length][];
    for (int r = 0; r < grid.length; r++) {
      copy[r] = grid[r].clone();
    }
    return copy;
  }
}
