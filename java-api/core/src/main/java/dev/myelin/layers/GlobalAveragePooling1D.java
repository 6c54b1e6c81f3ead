package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The mean over all steps of each channel: {@code (batch, steps, channels)} gives {@code (batch,
 * channels)}.
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
        List.of("keepdims"),
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
}
