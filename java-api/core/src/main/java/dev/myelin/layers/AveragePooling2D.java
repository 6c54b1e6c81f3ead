package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Average pooling over rows and columns: the mean of each {@code poolSize} window (with padding
 * {@code "same"}, of its real elements only, as Keras), moved by {@code strides} (default: the pool
 * size).
 *
 * <pre>{@code
 * model.add(new AveragePooling2D(2)); // (None, 8, 8, 3) -> (None, 4, 4, 3)
 * }</pre>
 */
public class AveragePooling2D extends Pooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        AveragePooling2D.class,
        "AveragePooling2D",
        List.of("AvgPool2D"),
        List.of("strides", "padding", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A AveragePooling2D with Keras's default pool size 2. */
  public AveragePooling2D() {
    this(2);
  }

  /**
   * A AveragePooling2D with windows {@code poolSize}: one value for every spatial axis or one per
   * axis.
   */
  public AveragePooling2D(long... poolSize) {
    super(2, false, poolSize);
  }

  /** A new AveragePooling2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static AveragePooling2D fromConfig(Map<String, Object> c) {
    long[] p = ints(c.get("pool_size"), "AveragePooling2D config 'pool_size'");
    return configure(p == null ? new AveragePooling2D() : new AveragePooling2D(p), c);
  }
}
