package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The mean over all steps of each channel: {@code (batch, steps, channels)} gives {@code (batch,
 * channels)}. Given a mask (batch, steps), as Keras 3 the mean is over the unmasked steps only
 * ({@code sum(x * mask) / sum(mask)}; a sample with every step masked gives 0 / 0 = NaN, as in
 * Keras), and the mask ends here.
 *
 * <pre>{@code
 * model.add(new GlobalAveragePooling1D()); // (None, 48, 32) -> (None, 32)
 * }</pre>
 */
public class GlobalAveragePooling1D extends GlobalPooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        GlobalAveragePooling1D.class,
        "GlobalAveragePooling1D",
        List.of("GlobalAvgPool1D"),
        List.of("keepdims", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A GlobalAveragePooling1D layer. */
  public GlobalAveragePooling1D() {
    super(1, false);
  }

  /** A new GlobalAveragePooling1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static GlobalAveragePooling1D fromConfig(Map<String, Object> c) {
    GlobalAveragePooling1D l = new GlobalAveragePooling1D();
    l.configure(c);
    return l;
  }

  @Override
  public Tensor[] callAll(Tensor[] inputs, Tensor[] masks, boolean training) {
    Tensor m = masks.length > 0 ? masks[0] : null;
    if (m == null) {
      return callAll(inputs, training);
    }
    Tensor x = inputs[0];
    Tensor w = Masks.asFloat(m, x.dtype()).expandDims(2);
    return new Tensor[] {x.mul(w).sum(keepdims(), 1).div(w.sum(keepdims(), 1))};
  }
}
