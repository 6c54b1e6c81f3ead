package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Flips each image with probability 1/2 when training, as Keras 3's {@code RandomFlip}: mode {@code
 * "horizontal"} (left-right), {@code "vertical"} (up-down) or {@code "horizontal_and_vertical"}
 * (default; as in Keras 3.15, one draw per image flips both axes or neither). The identity at
 * inference.
 *
 * <pre>{@code
 * model.add(new RandomFlip("horizontal"));
 * }</pre>
 */
public class RandomFlip extends RandomImageLayer<RandomFlip> {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        RandomFlip.class,
        "RandomFlip",
        List.of(),
        List.of("mode", "seed", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  static final List<String> MODES = List.of("horizontal", "vertical", "horizontal_and_vertical");

  private String mode;

  /** A random flip of both axes ({@code "horizontal_and_vertical"}). */
  public RandomFlip() {
    this("horizontal_and_vertical");
  }

  /** A random flip in {@code mode}: horizontal, vertical or horizontal_and_vertical. */
  public RandomFlip(String mode) {
    mode(mode);
  }

  /** Sets the mode: horizontal, vertical or horizontal_and_vertical. */
  public RandomFlip mode(String value) {
    mode = ImageLayers.choice("RandomFlip", "mode", MODES, value);
    return this;
  }

  private static Tensor reversed(Tensor x, int axis) {
    long n = x.dim(axis);
    return x.take(Tensor.arange(n - 1, -1, -1, DType.INT64), axis);
  }

  /** The images with those whose {@code flips} entry is true flipped (Keras's numbers). */
  Tensor flip(Tensor images, boolean[] flips) {
    Tensor x = ImageLayers.batched(this, ImageLayers.floats(images), channelsFirst());
    Tensor which = Tensor.fromArray(flips, flips.length, 1, 1, 1);
    int rows = ImageLayers.heightAxis(4, channelsFirst());
    Tensor y = x;
    if (!mode.equals("vertical")) {
      y = Tensor.where(which, reversed(y, rows + 1), y);
    }
    if (!mode.equals("horizontal")) {
      y = Tensor.where(which, reversed(y, rows), y);
    }
    return images.rank() == 3 ? y.squeeze(0) : y;
  }

  @Override
  Tensor augment(Tensor x, long n) {
    float[] u = uniform(n, 0, 1);
    boolean[] flips = new boolean[u.length];
    for (int i = 0; i < u.length; i++) {
      flips[i] = u[i] <= 0.5f;
    }
    return flip(x, flips);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    putDataFormat(c);
    c.put("seed", seed());
    c.put("mode", mode);
    return c;
  }

  /** A new RandomFlip from its Keras config, the inverse of {@link #getConfig()}. */
  public static RandomFlip fromConfig(Map<String, Object> c) {
    Object m = c.get("mode");
    RandomFlip f = new RandomFlip(m == null ? "horizontal_and_vertical" : m.toString());
    return f.readSeed(c);
  }
}
