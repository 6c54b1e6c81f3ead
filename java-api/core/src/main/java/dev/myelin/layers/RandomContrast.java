package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Changes each image's contrast by a random factor when training, as Keras 3's {@code
 * RandomContrast}: with c drawn from [1 - low, 1 + high] per image, each pixel becomes {@code (x -
 * mean) * c + mean} (mean over the image's height and width, per channel), clipped to {@code
 * valueRange} (default [0, 255]). A factor f means (low, high) = (0 if f is within bounds, f)
 * following Keras's bounds [0, 1]; two values give (low, high). The identity at inference.
 *
 * <pre>{@code
 * model.add(new RandomContrast(0.2).valueRange(0, 1));
 * }</pre>
 */
public class RandomContrast extends RandomImageLayer<RandomContrast> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        RandomContrast.class,
        "RandomContrast",
        List.of(),
        List.of("value_range", "seed", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  private final double[] factor;
  private double[] valueRange = {0, 255};

  /** A random contrast change with {@code factor} (one value f or two, low and high, in [0, 1]). */
  public RandomContrast(double... factor) {
    this.factor = ImageLayers.baseFactor("RandomContrast", factor, 0, 1);
  }

  /** Sets the range values are clipped to (default 0, 255). */
  public RandomContrast valueRange(double... range) {
    if (range == null || range.length != 2 || !(range[0] <= range[1])) {
      throw new IllegalArgumentException(
          "RandomContrast: argument 'value_range' expected two numbers (low <= high) but was "
              + (range == null ? "null" : java.util.Arrays.toString(range)));
    }
    valueRange = range.clone();
    return this;
  }

  /** The images with contrast factors {@code c} (one per image) applied (Keras's numbers). */
  Tensor adjust(Tensor images, float[] c) {
    Tensor x = ImageLayers.batched(this, ImageLayers.floats(images), channelsFirst());
    Tensor f = Tensor.fromArray(c, c.length, 1, 1, 1).cast(x.dtype());
    int rows = ImageLayers.heightAxis(4, channelsFirst());
    Tensor mean = x.mean(true, rows).mean(true, rows + 1);
    Tensor y = x.sub(mean).mul(f).add(mean).clip(valueRange[0], valueRange[1]);
    return images.rank() == 3 ? y.squeeze(0) : y;
  }

  @Override
  Tensor augment(Tensor x, long n) {
    return adjust(x, uniform(n, 1 - factor[0], 1 + factor[1]));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    putDataFormat(c);
    c.put("factor", List.of(factor[0], factor[1]));
    c.put("value_range", List.of(valueRange[0], valueRange[1]));
    c.put("seed", seed());
    return c;
  }

  /** A new RandomContrast from its Keras config, the inverse of {@link #getConfig()}. */
  public static RandomContrast fromConfig(Map<String, Object> c) {
    RandomContrast r =
        new RandomContrast(
            ImageLayers.factorOf(Configs.require(c, "factor", "RandomContrast"), "factor"));
    double[] v = ImageLayers.factorOf(c.get("value_range"), "value_range");
    if (v != null) {
      r.valueRange(v);
    }
    return r.readSeed(c);
  }
}
