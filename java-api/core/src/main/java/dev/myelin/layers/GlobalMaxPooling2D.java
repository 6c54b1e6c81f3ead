package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The maximum over all rows and columns of each channel: {@code (batch, rows, cols, channels)}
 * gives {@code (batch, channels)}.
 *
 * <pre>{@code
 * model.add(new GlobalMaxPooling2D().inputShape(512, 512, 1)); // (None, 1)
 * }</pre>
 */
public class GlobalMaxPooling2D extends GlobalPooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        GlobalMaxPooling2D.class,
        "GlobalMaxPooling2D",
        List.of("GlobalMaxPool2D"),
        List.of("keepdims", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A GlobalMaxPooling2D layer. */
  public GlobalMaxPooling2D() {
    super(2, true);
  }

  /** A new GlobalMaxPooling2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static GlobalMaxPooling2D fromConfig(Map<String, Object> c) {
    GlobalMaxPooling2D l = new GlobalMaxPooling2D();
    l.configure(c);
    return l;
  }
}
