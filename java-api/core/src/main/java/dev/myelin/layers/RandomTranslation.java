package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Shifts each image by a random offset when training, as Keras 3's {@code RandomTranslation}: the
 * vertical shift is {@code heightFactor} times the height and the horizontal one {@code
 * widthFactor} times the width, each factor one value f ([-f, f]) or two (low, high) in [-1, 1];
 * uncovered points are filled by {@code fillMode}. The identity at inference.
 *
 * <pre>{@code
 * model.add(new RandomTranslation(0.1, 0.1).fillMode("nearest"));
 * }</pre>
 */
public class RandomTranslation extends RandomAffine<RandomTranslation> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        RandomTranslation.class,
        "RandomTranslation",
        List.of(),
        List.of("fill_mode", "interpolation", "seed", "fill_value", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final double[] heightFactor;
  private final double[] widthFactor;
  private final double[] heightRange;
  private final double[] widthRange;

  /**
   * A random shift of up to {@code heightFactor} of the height and {@code widthFactor} of the
   * width.
   */
  public RandomTranslation(double heightFactor, double widthFactor) {
    this(new double[] {heightFactor}, new double[] {widthFactor});
  }

  /** A random shift with factor ranges: each one value f ([-f, f]) or two (low, high). */
  public RandomTranslation(double[] heightFactor, double[] widthFactor) {
    heightRange =
        ImageLayers.range("RandomTranslation", "height_factor", heightFactor, -1, 1, false);
    widthRange = ImageLayers.range("RandomTranslation", "width_factor", widthFactor, -1, 1, false);
    this.heightFactor = heightFactor.clone();
    this.widthFactor = widthFactor.clone();
  }

  /** Draws: n vertical then n horizontal shifts, as fractions of the height and width. */
  @Override
  float[] draw(long n) {
    float[] hs = uniform(n, heightRange[0], heightRange[1]);
    float[] ws = uniform(n, widthRange[0], widthRange[1]);
    return concat(hs, ws);
  }

  @Override
  float[] transforms(float[] shifts, long n, long h, long w) {
    float[] t = new float[(int) n * 8];
    for (int i = 0; i < n; i++) {
      t[8 * i] = 1;
      t[8 * i + 2] = -(shifts[(int) n + i] * w);
      t[8 * i + 4] = 1;
      t[8 * i + 5] = -(shifts[i] * h);
    }
    return t;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    putDataFormat(c);
    c.put("height_factor", ImageLayers.factorConfig(heightFactor));
    c.put("width_factor", ImageLayers.factorConfig(widthFactor));
    putShared(c);
    return c;
  }

  /** A new RandomTranslation from its Keras config, the inverse of {@link #getConfig()}. */
  public static RandomTranslation fromConfig(Map<String, Object> c) {
    return new RandomTranslation(
            ImageLayers.factorOf(c.get("height_factor"), "height_factor"),
            ImageLayers.factorOf(c.get("width_factor"), "width_factor"))
        .readShared(c);
  }
}
