package dev.myelin.data.plot;

import java.awt.Color;

/**
 * The matplotlib colour maps the book uses, as piecewise-linear ramps through a few anchor colours
 * taken from matplotlib (close to, not bit-identical with, its 256-entry tables).
 */
public enum Colormap {
  /** matplotlib's default perceptual map, dark purple to yellow. */
  VIRIDIS(0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725),
  /** Black to white ({@code cmap='gray'}). */
  GRAY(0x000000, 0xffffff),
  /** White to black ({@code cmap='Greys'}). */
  GREYS(0xffffff, 0x969696, 0x000000),
  /** White to dark red ({@code cmap='Reds'}). */
  REDS(0xfff5f0, 0xfb6a4a, 0x67000d),
  /** White to dark green ({@code cmap='Greens'}). */
  GREENS(0xf7fcf5, 0x74c476, 0x00441b),
  /** White to dark blue ({@code cmap='Blues'}). */
  BLUES(0xf7fbff, 0x6baed6, 0x08306b),
  /** Blue, white, red ({@code cmap='bwr'}), used for decision boundaries. */
  BWR(0x0000ff, 0xffffff, 0xff0000),
  /** Diverging blue to red through light grey ({@code cmap='coolwarm'}). */
  COOLWARM(0x3b4cc0, 0xdddddd, 0xb40426),
  /** Purple through blue, green, yellow to red ({@code cmap='rainbow'}). */
  RAINBOW(0x8000ff, 0x2adcdc, 0x80ff80, 0xff9c50, 0xff0000);

  private final int[] anchors;

  Colormap(int... anchors) {
    this.anchors = anchors;
  }

  /**
   * The colour at {@code t} in [0, 1]; values outside are clamped and NaN maps to transparent.
   *
   * @param t the normalised value
   * @return the interpolated colour
   */
  public Color at(double t) {
    if (Double.isNaN(t)) {
      return new Color(0, 0, 0, 0);
    }
    double u = Math.max(0, Math.min(1, t)) * (anchors.length - 1);
    int i = Math.min((int) Math.floor(u), anchors.length - 2);
    double f = u - i;
    int a = anchors[i];
    int b = anchors[i + 1];
    return new Color(
        mix(a >> 16, b >> 16, f),
        mix((a >> 8) & 0xff, (b >> 8) & 0xff, f),
        mix(a & 0xff, b & 0xff, f));
  }

  /**
   * The colour of {@code value} on the scale from {@code min} to {@code max} (a flat scale maps to
   * the middle colour).
   *
   * @param value the value
   * @param min the value drawn with the first colour
   * @param max the value drawn with the last colour
   * @return the colour
   */
  public Color at(double value, double min, double max) {
    return at(max > min ? (value - min) / (max - min) : 0.5);
  }

  /**
   * The map for a matplotlib name such as {@code "Blues"} or {@code "coolwarm"}.
   *
   * @param name the matplotlib name, case-insensitive ({@code "grey"} is accepted for gray)
   * @return the colour map
   */
  public static Colormap named(String name) {
    String key = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
    return switch (key) {
      case "viridis" -> VIRIDIS;
      case "gray", "grey" -> GRAY;
      case "greys" -> GREYS;
      case "reds" -> REDS;
      case "greens" -> GREENS;
      case "blues" -> BLUES;
      case "bwr" -> BWR;
      case "coolwarm" -> COOLWARM;
      case "rainbow" -> RAINBOW;
      default ->
          throw new IllegalArgumentException(
              "cmap: expected one of viridis, gray, Greys, Reds, Greens, Blues, bwr, coolwarm,"
                  + " rainbow, got "
                  + name);
    };
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round((a & 0xff) + ((b & 0xff) - (a & 0xff)) * f);
  }
}
