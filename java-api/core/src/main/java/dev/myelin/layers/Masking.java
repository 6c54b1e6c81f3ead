package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Masks the time steps whose features all equal {@code maskValue} (Keras's {@code Masking}): the
 * output is the input with those steps set to zero, and it carries a mask (see {@link Masks}) that
 * later recurrent layers skip the steps by and the loss weights by.
 *
 * <p>Input {@code (batch, timesteps, features)}; output the same shape; mask {@code (batch,
 * timesteps)}, true where any feature differs from {@code maskValue}.
 *
 * <pre>{@code
 * model.add(new Masking(0.0).inputShape(10, 8));
 * model.add(new LSTM(32));   // steps of ten zeros are skipped
 * }</pre>
 */
public class Masking extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER, Masking.class, "Masking", List.of(), (c, custom) -> fromConfig(c));
  }

  private final double maskValue;

  /** Masks the steps whose features all equal 0 (Keras's default). */
  public Masking() {
    this(0.0);
  }

  /** Masks the steps whose features all equal {@code maskValue}. */
  public Masking(double maskValue) {
    if (Double.isNaN(maskValue)) {
      throw new IllegalArgumentException(
          "Masking: argument 'mask_value' expected a number but was NaN (NaN equals nothing)");
    }
    this.maskValue = maskValue;
  }

  /** The value that marks a padded step. */
  public double maskValue() {
    return maskValue;
  }

  @Override
  public Masking inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Masking name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    if (x.rank() < 2) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Masking): expected an input of rank 2 or more (batch, timesteps, ...) but got"
              + " shape "
              + java.util.Arrays.toString(x.shape()));
    }
    Tensor keep = x.ne(maskValue).any(true, -1);
    Tensor out = x.mul(keep.cast(x.dtype()));
    Masks.attach(out, keep.squeeze(-1));
    return out;
  }

  /** A Masking layer makes a mask (and passes none of its input's on). */
  @Override
  public boolean supportsMasking() {
    return true;
  }

  /** True where any feature of the step differs from {@code maskValue}. */
  @Override
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    return inputs[0].ne(maskValue).any(false, -1);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("mask_value", maskValue);
    return c;
  }

  /** A new Masking layer from its Keras config, the inverse of {@link #getConfig()}. */
  public static Masking fromConfig(Map<String, Object> c) {
    return new Masking(Configs.num(c, "mask_value", 0.0));
  }
}
