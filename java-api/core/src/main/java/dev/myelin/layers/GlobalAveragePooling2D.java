package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The mean over all rows and columns of each channel: {@code (batch, rows, cols, channels)} gives
 * {@code (batch, channels)}.
 *
 * <pre>{@code
 * model.add(new GlobalAveragePooling2D()); // (None, 7, 7, 2048) -> (None, 2048)
 * }</pre>
 */
public class GlobalAveragePooling2D extends GlobalPooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        GlobalAveragePooling2D.class,
        "GlobalAveragePooling2D",
        List.of("GlobalAvgPool2D"),
        List.of("keepdims", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A GlobalAveragePooling2D layer. */
  public GlobalAveragePooling2D() {
    super(2, false);
  }

  /** A new GlobalAveragePooling2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
    GlobalAveragePooling2D l = new GlobalAveragePooling2D();
    l.configure(c);
    return l;
  }
}
