package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Average pooling over three spatial axes: the mean of each {@code poolSize} window (with padding
 * {@code "same"}, of its real elements only, as Keras), moved by {@code strides} (default: the pool
 * size).
 *
 * <pre>{@code
 * model.add(new AveragePooling3D(2)); // (None, 8, 8, 8, 4) -> (None, 4, 4, 4, 4)
 * }</pre>
 */
public class AveragePooling3D extends Pooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        AveragePooling3D.class,
        "AveragePooling3D",
        List.of("AvgPool3D"),
        List.of("strides", "padding", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A AveragePooling3D with Keras's default pool size 2. */
  public AveragePooling3D() {
    this(2);
  }

  /**
   * A AveragePooling3D with windows {@code poolSize}: one value for every spatial axis or one per
   * axis.
   */
  public AveragePooling3D(long... poolSize) {
    super(3, false, poolSize);
  }

  /** A new AveragePooling3D from its Keras config, the inverse of {@link #getConfig()}. */
  public static AveragePooling3D fromConfig(Map<String, Object> c) {
    long[] p = ints(c.get("pool_size"), "AveragePooling3D config 'pool_size'");
    return configure(p == null ? new AveragePooling3D() : new AveragePooling3D(p), c);
  }
}
