package dev.myelin.layers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Drops whole channels of a {@code (batch, steps, channels)} input with probability {@code rate} in
 * training (one draw per example and channel), scaling the rest by {@code 1 / (1 - rate)}; the
 * identity at inference.
 *
 * <pre>{@code
 * model.add(new SpatialDropout1D(0.2)); // (None, 100, 64): whole feature maps dropped
 * }</pre>
 */
public class SpatialDropout1D extends SpatialDropout {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        SpatialDropout1D.class,
        "SpatialDropout1D",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  /** A spatial dropout layer dropping the fraction {@code rate} (in [0, 1)) of the channels. */
  public SpatialDropout1D(double rate) {
    super(1, rate);
  }

  /** A new SpatialDropout1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static SpatialDropout1D fromConfig(Map<String, Object> c) {
    return new SpatialDropout1D(Configs.num(c, "rate", 0.5));
  }
}
