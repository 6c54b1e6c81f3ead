package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import dev.myelin.Tensor;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

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
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(path.toFile())) {
      img = decode(in, path.toString());
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
    byte[] dst = new byte[height * width * c];
    float[] f =
        resize(image.toFloats(), image.height(), image.width(), c, height, width, interpolation);
    for (int i = 0; i < f.length; i++) {
      dst[i] = (byte) Image.clampToByte(f[i]);
    }
    return new Image(height, width, c, dst);
  }

  /**
   * Keras's {@code load_img(path, color_mode, target_size, interpolation)}: reads a JPEG or PNG,
   * converts it to {@code colorMode} as PIL's {@code convert} does and resizes it to {@code
   * targetSize} unless it already has that size. Keras 2.2 resizes with {@link
   * Interpolation#NEAREST} by default.
   *
   * @param path the image file
   * @param targetSize {@code {height, width}}, or null to keep the file's size
   * @param colorMode the channels wanted
   * @param interpolation how to resize
   * @return the image
   * @throws IOException if the file is missing or not a decodable image (the message names it)
   */
  public static Image loadImg(
      Path path, int[] targetSize, ColorMode colorMode, Interpolation interpolation)
      throws IOException {
    checkTargetSize(targetSize);
    check(colorMode != null, "colorMode", "GRAYSCALE, RGB or RGBA", "null");
    check(interpolation != null, "interpolation", "NEAREST or BILINEAR", "null");
    return fit(convert(read(path), colorMode), targetSize, interpolation);
  }

  /**
   * {@code load_img(path, target_size=...)} with Keras 2.2's defaults: RGB, nearest resizing.
   *
   * @param path the image file
   * @param targetSize {@code {height, width}}, or null to keep the file's size
   * @return the RGB image
   * @throws IOException if the file is missing or not a decodable image
   */
  public static Image loadImg(Path path, int[] targetSize) throws IOException {
    return loadImg(path, targetSize, ColorMode.RGB, Interpolation.NEAREST);
  }

  /**
   * Decodes an image from a stream (a zip entry, a resource); {@code name} appears in errors.
   *
   * @param in the encoded bytes (read to the end, not closed)
   * @param name the file name for messages
   * @return the image
   * @throws IOException if the bytes are not a decodable image
   */
  public static Image read(java.io.InputStream in, String name) throws IOException {
    check(in != null, "in", "a stream", "null");
    BufferedImage img;
    try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      img = decode(iis, name);
    }
    return fromBufferedImage(img);
  }

  /** Resizes {@code img} to {@code targetSize} unless it is null or already that size. */
  static Image fit(Image img, int[] targetSize, Interpolation interpolation) {
    if (targetSize == null || (img.height() == targetSize[0] && img.width() == targetSize[1])) {
      return img;
    }
    return resize(img, targetSize[0], targetSize[1], interpolation);
  }

  /**
   * Fails unless {@code targetSize} is null or two positive sizes.
   *
   * @param targetSize the {@code {height, width}} to check
   */
  public static void checkTargetSize(int[] targetSize) {
    if (targetSize != null) {
      check(
          targetSize.length == 2 && targetSize[0] > 0 && targetSize[1] > 0,
          "targetSize",
          "two positive sizes {height, width}",
          java.util.Arrays.toString(targetSize));
    }
  }

  /**
   * Converts between grey, grey-alpha, RGB and RGBA as PIL's {@code convert} does: luma {@code
   * (19595 R + 38470 G + 7471 B + 32768) >> 16} (ITU-R 601-2) for grey, alpha dropped or set to
   * 255, grey replicated.
   *
   * @param img the image
   * @param mode the wanted channels
   * @return {@code img} itself when it already has them, else a new image
   */
  public static Image convert(Image img, ColorMode mode) {
    check(img != null, "img", "an image", "null");
    check(mode != null, "mode", "GRAYSCALE, RGB or RGBA", "null");
    int c = img.channels();
    int out = mode.channels();
    if (c == out) {
      return img;
    }
    int n = img.height() * img.width();
    byte[] src = img.pixels();
    byte[] dst = new byte[n * out];
    for (int p = 0; p < n; p++) {
      int r;
      int g;
      int b;
      int a = 255;
      if (c <= 2) {
        r = g = b = src[p * c] & 0xff;
        if (c == 2) {
          a = src[p * c + 1] & 0xff;
        }
      } else {
        r = src[p * c] & 0xff;
        g = src[p * c + 1] & 0xff;
        b = src[p * c + 2] & 0xff;
        if (c == 4) {
          a = src[p * c + 3] & 0xff;
        }
      }
      if (out == 1) {
        dst[p] = c <= 2 ? (byte) r : (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
      } else {
        dst[p * out] = (byte) r;
        dst[p * out + 1] = (byte) g;
        dst[p * out + 2] = (byte) b;
        if (out == 4) {
          dst[p * out + 3] = (byte) a;
        }
      }
    }
    return new Image(img.height(), img.width(), out, dst);
  }

  /**
   * Keras's {@code img_to_array(img)}: a float32 tensor of shape {@code (height, width, channels)}
   * holding the values 0..255 (channels last).
   *
   * @param img the image
   * @return a new tensor in the caller's current scope
   */
  public static Tensor imgToArray(Image img) {
    check(img != null, "img", "an image", "null");
    return Tensor.fromArray(img.toFloats(), img.height(), img.width(), img.channels());
  }

  /**
   * Resizes a float HWC image without rounding, as {@code tf.image.resize(images, size, method)}
   * with {@code antialias=False} (Keras 3's {@code image_dataset_from_directory}); see {@link
   * Interpolation}.
   *
   * @param x the image, {@code h * w * c} values
   * @param h the rows
   * @param w the columns
   * @param c the channels
   * @param height the new rows, positive
   * @param width the new columns, positive
   * @param interpolation nearest or bilinear
   * @return a new array of {@code height * width * c} values
   */
  public static float[] resize(
      float[] x, int h, int w, int c, int height, int width, Interpolation interpolation) {
    AffineTransforms.checkImage(x, h, w, c);
    check(height > 0, "height", "a positive number of rows", height);
    check(width > 0, "width", "a positive number of columns", width);
    check(interpolation != null, "interpolation", "NEAREST or BILINEAR", "null");
    float[] dst = new float[height * width * c];
    double sy = h / (double) height;
    double sx = w / (double) width;
    if (interpolation == Interpolation.NEAREST) {
      for (int y = 0; y < height; y++) {
        int iy = Math.min(h - 1, (int) Math.floor((y + 0.5) * sy));
        for (int xx = 0; xx < width; xx++) {
          int ix = Math.min(w - 1, (int) Math.floor((xx + 0.5) * sx));
          System.arraycopy(x, (iy * w + ix) * c, dst, (y * width + xx) * c, c);
        }
      }
      return dst;
    }
    for (int y = 0; y < height; y++) {
      double fy = Math.max(0, Math.min(h - 1, (y + 0.5) * sy - 0.5));
      int y0 = (int) Math.floor(fy);
      int y1 = Math.min(y0 + 1, h - 1);
      double wy = fy - y0;
      for (int xx = 0; xx < width; xx++) {
        double fx = Math.max(0, Math.min(w - 1, (xx + 0.5) * sx - 0.5));
        int x0 = (int) Math.floor(fx);
        int x1 = Math.min(x0 + 1, w - 1);
        double wx = fx - x0;
        for (int k = 0; k < c; k++) {
          double top = x[(y0 * w + x0) * c + k] * (1 - wx) + x[(y0 * w + x1) * c + k] * wx;
          double bottom = x[(y1 * w + x0) * c + k] * (1 - wx) + x[(y1 * w + x1) * c + k] * wx;
          dst[(y * width + xx) * c + k] = (float) (top * (1 - wy) + bottom * wy);
        }
      }
    }
    return dst;
  }

  /**
   * Decodes with the first ImageIO reader that accepts the stream. A reader's warning ("Premature
   * end of JPEG file" for a truncated download) fails like an error, as PIL fails on a truncated
   * file, instead of returning a half-grey image; every message names the file.
   */
  private static BufferedImage decode(ImageInputStream in, String name) throws IOException {
    Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
    if (readers == null || !readers.hasNext()) {
      throw new IOException(
          name
              + ": not a readable image (supported: JPEG, PNG, BMP, GIF; no ImageIO reader"
              + " accepted this file)");
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    try {
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      reader.setInput(in, true, true);
      BufferedImage img = reader.read(0);
      if (!warnings.isEmpty()) {
        throw new IOException(name + ": corrupt image (" + String.join("; ", warnings) + ")");
      }
      return img;
    } catch (IOException | RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(name + ": ")) {
        throw e;
      }
      // ImageIO's messages ("Unsupported Image Type", "Bogus marker length") omit the file.
      throw new IOException(name + ": not a readable image (" + e.getMessage() + ")", e);
    } finally {
      reader.dispose();
    }
  }
}
