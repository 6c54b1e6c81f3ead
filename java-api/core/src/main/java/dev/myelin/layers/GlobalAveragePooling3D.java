package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * The mean over all three spatial axes of each channel: {@code (batch, d1, d2, d3, channels)} gives
 * {@code (batch, channels)} (with {@code keepdims}, {@code (batch, 1, 1, 1, channels)}).
 */
public class GlobalAveragePooling3D extends GlobalPooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        GlobalAveragePooling3D.class,
        "GlobalAveragePooling3D",
        List.of("GlobalAvgPool3D"),
        List.of("keepdims", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A GlobalAveragePooling3D layer. */
  public GlobalAveragePooling3D() {
    super(3, false);
  }

  /** A new GlobalAveragePooling3D from its Keras config, the inverse of {@link #getConfig()}. */
  public static GlobalAveragePooling3D fromConfig(Map<String, Object> c) {
    GlobalAveragePooling3D l = new GlobalAveragePooling3D();
    l.configure(c);
    return l;
  }
}
