package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The maximum over all three spatial axes of each channel: {@code (batch, d1, d2, d3, channels)}
 * gives {@code (batch, channels)} (with {@code keepdims}, {@code (batch, 1, 1, 1, channels)}).
 */
public class GlobalMaxPooling3D extends GlobalPooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        GlobalMaxPooling3D.class,
        "GlobalMaxPooling3D",
        List.of("GlobalMaxPool3D"),
        List.of("keepdims", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A GlobalMaxPooling3D layer. */
  public GlobalMaxPooling3D() {
    super(3, true);
  }

  /** A new GlobalMaxPooling3D from its Keras config, the inverse of {@link #getConfig()}. */
  public static GlobalMaxPooling3D fromConfig(Map<String, Object> c) {
    GlobalMaxPooling3D l = new GlobalMaxPooling3D();
    l.configure(c);
    return l;
  }
}
