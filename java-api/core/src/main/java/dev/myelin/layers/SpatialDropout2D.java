package dev.myelin.layers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * Drops whole channels of a {@code (batch, rows, cols, channels)} input with probability {@code
 * rate} in training (one draw per example and channel), scaling the rest by {@code 1 / (1 - rate)};
 * the identity at inference.
 *
 * <pre>{@code
 * model.add(new SpatialDropout2D(0.3));
 * }</pre>
 */
public class SpatialDropout2D extends SpatialDropout {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        SpatialDropout2D.class,
        "SpatialDropout2D",
        List.of(),
        List.of("data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A spatial dropout layer dropping the fraction {@code rate} (in [0, 1)) of the channels. */
  public SpatialDropout2D(double rate) {
    super(2, rate);
  }

  /** Sets the data format, "channels_last" (default; null means it too) or "channels_first". */
  public SpatialDropout2D dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, "SpatialDropout2D");
    return this;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", DataFormat.name(channelsFirst));
    return c;
  }

  /** A new SpatialDropout2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static SpatialDropout2D fromConfig(Map<String, Object> c) {
    return new SpatialDropout2D(Configs.num(c, "rate", 0.5))
        .dataFormat(DataFormat.name(DataFormat.read(c, "SpatialDropout2D")));
  }
}
