package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The maximum over all steps of each channel: {@code (batch, steps, channels)} gives {@code (batch,
 * channels)}.
 *
 * <pre>{@code
 * model.add(new GlobalMaxPooling1D()); // (None, 48, 32) -> (None, 32)
 * }</pre>
 */
public class GlobalMaxPooling1D extends GlobalPooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        GlobalMaxPooling1D.class,
        "GlobalMaxPooling1D",
        List.of("GlobalMaxPool1D"),
        List.of("keepdims", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A GlobalMaxPooling1D layer. */
  public GlobalMaxPooling1D() {
    super(1, true);
  }

  /** A new GlobalMaxPooling1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static GlobalMaxPooling1D fromConfig(Map<String, Object> c) {
    GlobalMaxPooling1D l = new GlobalMaxPooling1D();
    l.configure(c);
    return l;
  }
}
