package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Zooms each image by a random factor when training, as Keras 3's {@code RandomZoom}: the height is
 * scaled by {@code 1 + z}, z drawn from {@code heightFactor} (one value f: [-f, f], two: low, high,
 * each in (-1, 1]); a positive z zooms out, a negative one in. Without {@code widthFactor} the
 * width keeps the aspect ratio (the same z), else its own z is drawn. The identity at inference.
 *
 * <pre>{@code
 * model.add(new RandomZoom(0.2));
 * }</pre>
 */
public class RandomZoom extends RandomAffine<RandomZoom> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        RandomZoom.class,
        "RandomZoom",
        List.of(),
        List.of("width_factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final double[] heightFactor;
  private final double[] heightRange;
  private double[] widthFactor;
  private double[] widthRange;

  /** A random zoom with {@code heightFactor} (one value f: [-f, f]; two: low, high). */
  public RandomZoom(double... heightFactor) {
    heightRange = ImageLayers.range("RandomZoom", "height_factor", heightFactor, -1, 1, true);
    this.heightFactor = heightFactor.clone();
  }

  /** Sets an independent width zoom (one value f: [-f, f]; two: low, high); default: none. */
  public RandomZoom widthFactor(double... factor) {
    widthRange = ImageLayers.range("RandomZoom", "width_factor", factor, -1, 1, true);
    widthFactor = factor.clone();
    return this;
  }

  /** Draws: n height zooms then n width zooms (1 + z). */
  @Override
  float[] draw(long n) {
    float[] hz = uniform(n, 1 + heightRange[0], 1 + heightRange[1]);
    float[] wz = widthRange == null ? hz : uniform(n, 1 + widthRange[0], 1 + widthRange[1]);
    return concat(hz, wz);
  }

  @Override
  float[] transforms(float[] zooms, long n, long h, long w) {
    float[] t = new float[(int) n * 8];
    for (int i = 0; i < n; i++) {
      float zy = zooms[i];
      float zx = zooms[(int) n + i];
      t[8 * i] = zx;
      t[8 * i + 2] = ((w - 1.0f) / 2.0f) * (1.0f - zx);
      t[8 * i + 4] = zy;
      t[8 * i + 5] = ((h - 1.0f) / 2.0f) * (1.0f - zy);
    }
    return t;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    putDataFormat(c);
    c.put("height_factor", ImageLayers.factorConfig(heightFactor));
    c.put("width_factor", widthFactor == null ? null : ImageLayers.factorConfig(widthFactor));
    putShared(c);
    return c;
  }

  /** A new RandomZoom from its Keras config, the inverse of {@link #getConfig()}. */
  public static RandomZoom fromConfig(Map<String, Object> c) {
    double[] hf = ImageLayers.factorOf(c.get("height_factor"), "height_factor");
    RandomZoom z = new RandomZoom(hf);
    double[] wf = ImageLayers.factorOf(c.get("width_factor"), "width_factor");
    if (wf != null) {
      z.widthFactor(wf);
    }
    return z.readShared(c);
  }
}
