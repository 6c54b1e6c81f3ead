package dev.myelin.data.image;

/** How {@link Images#resize} samples the source image. */
public enum Interpolation {
  /**
   * The source pixel whose area contains the output pixel's centre: {@code floor((i + 0.5) * in /
   * out)}, as PIL's {@code NEAREST} (Keras 2.2's {@code load_img} default) and {@code
   * tf.image.resize(method='nearest')}.
   */
  NEAREST,
  /**
   * Linear in each direction between the four nearest source pixels with half-pixel centres ({@code
   * (i + 0.5) * in / out - 0.5}, clamped to the edges), as {@code
   * tf.image.resize(method='bilinear', antialias=False)} and PIL's {@code BILINEAR} when enlarging.
   * PIL widens its filter when shrinking (antialiasing), which this does not.
   */
  BILINEAR
}
