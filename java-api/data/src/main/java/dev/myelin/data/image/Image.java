package dev.myelin.data.image;

import static dev.myelin.data.internal.Checks.check;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An 8-bit image as numpy holds it after {@code np.asarray(PIL.Image.open(path))}: shape (height,
 * width, channels), values 0..255 stored row by row, pixel by pixel, channel by channel (HWC).
 *
 * <p>One channel is greyscale, two are grey and alpha, three RGB, four RGBA.
 *
 * @param height the number of rows
 * @param width the number of columns
 * @param channels the number of channels per pixel, 1 to 4
 * @param pixels the {@code height * width * channels} values as unsigned bytes, HWC order
 */
public record Image(int height, int width, int channels, byte[] pixels) {
  /** Checks the shape against the pixel array. */
  public Image {
    check(height > 0, "height", "a positive number of rows", height);
    check(width > 0, "width", "a positive number of columns", width);
    check(channels >= 1 && channels <= 4, "channels", "1, 2, 3 or 4", channels);
    check(pixels != null, "pixels", "an array", "null");
    check(
        pixels.length == (long) height * width * channels,
        "pixels",
        "length height*width*channels = " + (long) height * width * channels,
        pixels.length);
  }

  /**
   * The shape {@code {height, width, channels}}, as numpy's {@code .shape}.
   *
   * @return a new array of three sizes
   */
  public int[] shape() {
    return new int[] {height, width, channels};
  }

  /**
   * One value, 0..255.
   *
   * @param row the row, 0 at the top
   * @param col the column, 0 at the left
   * @param channel the channel
   * @return the unsigned value
   */
  public int get(int row, int col, int channel) {
    check(row >= 0 && row < height, "row", "in [0, " + height + ")", row);
    check(col >= 0 && col < width, "col", "in [0, " + width + ")", col);
    check(channel >= 0 && channel < channels, "channel", "in [0, " + channels + ")", channel);
    return pixels[(row * width + col) * channels + channel] & 0xff;
  }

  /**
   * The values as floats in 0..255 ({@code img_to_array(img)} or {@code .astype('float32')}).
   *
   * @return a new HWC array
   */
  public float[] toFloats() {
    return toFloats(1.0);
  }

  /**
   * The values as floats multiplied by {@code scale} ({@code .astype('float32') / 255.0} is {@code
   * toFloats(1 / 255.0)}).
   *
   * @param scale the factor applied to each value
   * @return a new HWC array
   */
  public float[] toFloats(double scale) {
    float[] out = new float[pixels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((pixels[i] & 0xff) * scale);
    }
    return out;
  }

  /**
   * An image from float values in 0..255, rounded half up and clamped ({@code array_to_img(x,
   * scale=False)}).
   *
   * @param height the number of rows
   * @param width the number of columns
   * @param channels the number of channels, 1 to 4
   * @param values the HWC values
   * @return the image
   */
  public static Image fromFloats(int height, int width, int channels, float[] values) {
    check(values != null, "values", "an array", "null");
    byte[] px = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      px[i] = (byte) clampToByte(values[i]);
    }
    return new Image(height, width, channels, px);
  }

  /**
   * This image as a Java2D image (grey, grey-alpha, RGB or ARGB).
   *
   * @return a new {@link BufferedImage}
   */
  public BufferedImage toBufferedImage() {
    int type =
        switch (channels) {
          case 1 -> BufferedImage.TYPE_BYTE_GRAY;
          case 3 -> BufferedImage.TYPE_INT_RGB;
          default -> BufferedImage.TYPE_INT_ARGB;
        };
    BufferedImage out = new BufferedImage(width, height, type);
    if (channels == 1) {
      out.getRaster().setDataElements(0, 0, width, height, pixels.clone());
      return out;
    }
    int[] argb = new int[width * height];
    for (int p = 0; p < argb.length; p++) {
      int o = p * channels;
      int r;
      int g;
      int b;
      int a;
      if (channels == 2) {
        r = g = b = pixels[o] & 0xff;
        a = pixels[o + 1] & 0xff;
      } else {
        r = pixels[o] & 0xff;
        g = pixels[o + 1] & 0xff;
        b = pixels[o + 2] & 0xff;
        a = channels == 4 ? pixels[o + 3] & 0xff : 0xff;
      }
      argb[p] = (a << 24) | (r << 16) | (g << 8) | b;
    }
    out.setRGB(0, 0, width, height, argb, 0, width);
    return out;
  }

  static int clampToByte(double v) {
    return (int) Math.max(0, Math.min(255, Math.floor(v + 0.5)));
  }

  /** Equal when the shapes and all values are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Image other
        && height == other.height
        && width == other.width
        && channels == other.channels
        && Arrays.equals(pixels, other.pixels);
  }

  /** A hash of the shape and the values. */
  @Override
  public int hashCode() {
    return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(pixels);
  }

  /** The shape, as {@code Image(435, 640, 3)}. */
  @Override
  public String toString() {
    return "Image(" + height + ", " + width + ", " + channels + ")";
  }
}
