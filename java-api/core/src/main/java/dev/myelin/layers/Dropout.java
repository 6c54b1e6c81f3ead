package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Sets a random fraction {@code rate} of its inputs to 0 during training and scales the others by
 * {@code 1 / (1 - rate)}, so the expected sum is unchanged; the identity at inference. The mask
 * comes from the calling thread's generator ({@code Myelin.setSeed} makes it repeatable).
 *
 * <pre>{@code
 * model.add(new Dropout(0.5).inputShape(2048));
 * }</pre>
 */
public class Dropout extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Dropout.class,
        "Dropout",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  private final double rate;

  /** A dropout layer dropping the fraction {@code rate} (in [0, 1)) of the units. */
  public Dropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "Dropout: argument 'rate' expected a number in [0, 1) but was " + rate);
    }
    this.rate = rate;
  }

  /** The fraction of units dropped. */
  public double rate() {
    return rate;
  }

  @Override
  public Dropout inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Dropout name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    if (!training || rate == 0) {
      return x;
    }
    Tensor keep = Tensor.bernoulli(x.shape(), 1 - rate, x.dtype());
    return x.mul(keep.mul(1.0 / (1 - rate)));
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("rate", rate);
    c.put("seed", null);
    c.put("noise_shape", null);
    return c;
  }

  /** A new Dropout from its Keras config, the inverse of {@link #getConfig()}. */
  public static Dropout fromConfig(Map<String, Object> c) {
    return new Dropout(Configs.num(c, "rate", 0.5));
  }

  /** The mask of the input goes on unchanged (Keras: {@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }
}
