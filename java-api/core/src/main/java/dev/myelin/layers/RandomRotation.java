package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Rotates each image by a random angle when training, as Keras 3's {@code RandomRotation}: the
 * angle is drawn uniformly from {@code factor * 360} degrees, where a factor {@code f} means [-f,
 * f] and two values mean (low, high), fractions of a full turn in [-1, 1]; the rotation is about
 * the image centre, and points outside the image are filled by {@code fillMode}. The identity at
 * inference.
 *
 * <pre>{@code
 * model.add(new RandomRotation(0.1));          // up to 36 degrees either way
 * }</pre>
 */
public class RandomRotation extends RandomAffine<RandomRotation> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        RandomRotation.class,
        "RandomRotation",
        List.of(),
        List.of("fill_mode", "interpolation", "seed", "fill_value", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final double[] factor;

  /** A random rotation of up to {@code factor} (one value f: [-f, f]; two: low, high) turns. */
  public RandomRotation(double... factor) {
    this.factor = ImageLayers.baseFactor("RandomRotation", factor, -1, 1);
  }

  @Override
  float[] draw(long n) {
    return uniform(n, factor[0] * 360.0, factor[1] * 360.0);
  }

  @Override
  float[] transforms(float[] degrees, long n, long h, long w) {
    float[] t = new float[(int) n * 8];
    double cx = 0.5 * (w - 1);
    double cy = 0.5 * (h - 1);
    for (int i = 0; i < n; i++) {
      double a = degrees[i] * (Math.PI / 180.0);
      double cos = Math.cos(a);
      double sin = Math.sin(a);
      t[8 * i] = (float) cos;
      t[8 * i + 1] = (float) -sin;
      t[8 * i + 2] = (float) (cx - cx * cos + cy * sin);
      t[8 * i + 3] = (float) sin;
      t[8 * i + 4] = (float) cos;
      t[8 * i + 5] = (float) (cy - cx * sin - cy * cos);
    }
    return t;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    putDataFormat(c);
    c.put("factor", List.of(factor[0], factor[1]));
    putShared(c);
    return c;
  }

  /** A new RandomRotation from its Keras config, the inverse of {@link #getConfig()}. */
  public static RandomRotation fromConfig(Map<String, Object> c) {
    double[] f = ImageLayers.factorOf(c.get("factor"), "factor");
    return new RandomRotation(f == null ? new double[] {0} : f).readShared(c);
  }
}
