package dev.myelin.data.image;

import java.util.Locale;

/** The channels {@link Images#loadImg} converts an image to, as Keras's {@code color_mode}. */
public enum ColorMode {
  /** One channel: PIL's {@code convert('L')} luma for colour images. */
  GRAYSCALE(1),
  /** Three channels (alpha dropped, grey replicated). */
  RGB(3),
  /** Four channels (opaque alpha added where the file has none). */
  RGBA(4);

  private final int channels;

  ColorMode(int channels) {
    this.channels = channels;
  }

  /**
   * The number of channels of an image in this mode.
   *
   * @return 1, 3 or 4
   */
  public int channels() {
    return channels;
  }

  /**
   * The mode of a Keras name: {@code "grayscale"}, {@code "rgb"} or {@code "rgba"}.
   *
   * @param name the Keras {@code color_mode}
   * @return the mode
   */
  public static ColorMode of(String name) {
    if (name != null) {
      for (ColorMode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(name)) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "colorMode: expected one of grayscale, rgb, rgba, got " + name);
  }
}
