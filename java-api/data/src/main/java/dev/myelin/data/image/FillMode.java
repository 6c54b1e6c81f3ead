package dev.myelin.data.image;

import java.util.Locale;

/**
 * How {@link AffineTransforms} fills points that fall outside the input, as {@code scipy.ndimage}'s
 * modes that Keras's {@code fill_mode} passes on (for a row {@code abcd}).
 */
public enum FillMode {
  /** {@code kkkk|abcd|kkkk}: the constant {@code cval}; no interpolation beyond the edges. */
  CONSTANT,
  /** {@code aaaa|abcd|dddd}: the edge value (Keras's default). */
  NEAREST,
  /** {@code dcba|abcd|dcba}: mirrored about the pixel edge (half-sample symmetric). */
  REFLECT,
  /**
   * {@code abcd|abcd|abcd} as scipy's {@code 'wrap'} does it: the period is {@code n - 1} (the last
   * and the first sample overlap), not {@code n} (that would be scipy's {@code 'grid-wrap'}).
   */
  WRAP;

  /**
   * The mode of a Keras name: {@code "constant"}, {@code "nearest"}, {@code "reflect"} or {@code
   * "wrap"}.
   *
   * @param name the Keras {@code fill_mode}
   * @return the mode
   */
  public static FillMode of(String name) {
    if (name != null) {
      for (FillMode m : values()) {
        if (m.name().toLowerCase(Locale.ROOT).equals(name)) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "fillMode: expected one of constant, nearest, reflect, wrap, got " + name);
  }
}
