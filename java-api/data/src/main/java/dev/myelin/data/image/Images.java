package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Reads, writes and resizes JPEG and PNG images as {@link Image} arrays through {@code
 * javax.imageio}.
 *
 * <pre>{@code
 * Image iss = Images.read(Path.of("../data/iss.jpg")); // Image(435, 640, 3)
 * Image small = Images.resize(iss, 299, 299, Interpolation.NEAREST);
 * Images.write(small, Path.of("small.png"));
 * }</pre>
 */
public final class Images {
  private Images() {}

  /**
   * Reads a JPEG or PNG file: greyscale gives 1 channel, grey with alpha 2, colour 3 (RGB), colour
   * with alpha or a palette with transparency 4 (RGBA); 16-bit samples keep their high byte.
   *
   * @param path the file
   * @return the image
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if the file cannot be read or is not an image ImageIO can decode
   */
  public static Image read(Path path) throws IOException {
    check(path != null, "path", "a file path", "null");
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString(), null, "image file not found");
    }
    BufferedImage img = ImageIO.read(path.toFile());
    if (img == null) {
      throw new IOException(
          path
              + ": not a readable image (supported: JPEG, PNG, BMP, GIF; no ImageIO reader"
              + " accepted this file)");
    }
    return fromBufferedImage(img);
  }

  /**
   * Converts a Java2D image, keeping grey images grey (without Java2D's gamma conversion).
   *
   * @param img the image
   * @return its values as an {@link Image}
   */
  public static Image fromBufferedImage(BufferedImage img) {
    check(img != null, "img", "an image", "null");
    int h = img.getHeight();
    int w = img.getWidth();
    ColorModel cm = img.getColorModel();
    if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel)) {
      int channels = cm.getNumComponents();
      int shift = Math.max(0, cm.getComponentSize(0) - 8);
      Raster raster = img.getRaster();
      byte[] px = new byte[h * w * channels];
      int[] row = new int[w * channels];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        for (int i = 0; i < row.length; i++) {
          px[y * w * channels + i] = (byte) (row[i] >> shift);
        }
      }
      return new Image(h, w, channels, px);
    }
    int channels = cm.hasAlpha() ? 4 : 3;
    byte[] px = new byte[h * w * channels];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int o = (y * w + x) * channels;
        px[o] = (byte) (argb >> 16);
        px[o + 1] = (byte) (argb >> 8);
        px[o + 2] = (byte) argb;
        if (channels == 4) {
          px[o + 3] = (byte) (argb >>> 24);
        }
      }
    }
    return new Image(h, w, channels, px);
  }

  /**
   * Writes an image as PNG or JPEG, chosen by the file extension ({@code .png}, {@code .jpg},
   * {@code .jpeg}); grey-alpha images are stored as RGBA; JPEG takes 1 or 3 channels only and uses
   * ImageIO's default quality (0.75, as PIL's 75).
   *
   * @param image the image
   * @param path the file, created or replaced
   * @throws IOException if writing fails
   */
  public static void write(Image image, Path path) throws IOException {
    check(image != null, "image", "an image", "null");
    check(path != null, "path", "a file path", "null");
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    String format;
    if (name.endsWith(".png")) {
      format = "png";
    } else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
      format = "jpeg";
      check(
          image.channels() == 1 || image.channels() == 3,
          "image",
          "1 or 3 channels for JPEG (it has no alpha)",
          image.channels() + " channels");
    } else {
      throw new IllegalArgumentException(
          "path: expected a .png, .jpg or .jpeg file name, got " + path);
    }
    BufferedImage out = image.toBufferedImage();
    if (!ImageIO.write(out, format, path.toFile())) {
      throw new IOException(path + ": no ImageIO writer for " + format);
    }
  }

  /**
   * Resizes to {@code height x width}; see {@link Interpolation} for the sampling conventions.
   * Bilinear results are rounded half up to 0..255.
   *
   * @param image the image
   * @param height the new number of rows, positive
   * @param width the new number of columns, positive
   * @param interpolation nearest or bilinear
   * @return the resized image, same channels
   */
  public static Image resize(Image image, int height, int width, Interpolation interpolation) {
    check(image != null, "image", "an image", "null");
    check(height > 0, "height", "a positive number of rows", height);
    check(width > 0, "width", "a positive number of columns", width);
    check(interpolation != null, "interpolation", "NEAREST or BILINEAR", "null");
    int c = image.channels();
    int inH = image.height();
    int inW = image.width();
    byte[] src = image.pixels();
    byte[] dst = new byte[height * width * c];
    double sy = inH / (double) height;
    double sx = inW / (double) width;
    if (interpolation == Interpolation.NEAREST) {
      for (int y = 0; y < height; y++) {
        int iy = Math.min(inH - 1, (int) Math.floor((y + 0.5) * sy));
        for (int x = 0; x < width; x++) {
          int ix = Math.min(inW - 1, (int) Math.floor((x + 0.5) * sx));
          System.arraycopy(src, (iy * inW + ix) * c, dst, (y * width + x) * c, c);
        }
      }
      return new Image(height, width, c, dst);
    }
    for (int y = 0; y < height; y++) {
      double fy = Math.max(0, Math.min(inH - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(y0 + 1, inH - 1);
      double wy = fy - y0;
      for (int x = 0; x < width; x++) {
        double fx = Math.max(0, Math.min(inW - 1, (x + 0.5) * sx - 0.5));
        int x0 = (int) Math.floor(fx);
        int x1 = Math.min(x0 + 1, inW - 1);
        double wx = fx - x0;
        for (int k = 0; k < c; k++) {
          double top =
              (src[(y0 * inW + x0) * c + k] & 0xff) * (1 - wx)
                  + (src[(y0 * inW + x1) * c + k] & 0xff) * wx;
          double bottom =
              (src[(y1 * inW + x0) * c + k] & 0xff) * (1 - wx)
                  + (src[(y1 * inW + x1) * c + k] & 0xff) * wx;
          dst[(y * width + x) * c + k] = (byte) Image.clampToByte(top * (1 - wy) + bottom * wy);
        }
      }
    }
    return new Image(height, width, c, dst);
  }
}
