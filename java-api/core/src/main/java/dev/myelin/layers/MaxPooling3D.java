package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Max pooling over three spatial axes: the maximum of each {@code poolSize} window, moved by {@code
 * strides} (default: the pool size); input {@code (batch, dim1, dim2, dim3, channels)}.
 *
 * <pre>{@code
 * model.add(new MaxPooling3D(2)); // (None, 8, 8, 8, 4) -> (None, 4, 4, 4, 4)
 * }</pre>
 */
public class MaxPooling3D extends Pooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        MaxPooling3D.class,
        "MaxPooling3D",
        List.of("MaxPool3D"),
        List.of("strides", "padding", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A MaxPooling3D with Keras's default pool size 2. */
  public MaxPooling3D() {
    this(2);
  }

  /**
   * A MaxPooling3D with windows {@code poolSize}: one value for every spatial axis or one per axis.
   */
  public MaxPooling3D(long... poolSize) {
    super(3, true, poolSize);
  }

  /** A new MaxPooling3D from its Keras config, the inverse of {@link #getConfig()}. */
  public static MaxPooling3D fromConfig(Map<String, Object> c) {
    long[] p = ints(c.get("pool_size"), "MaxPooling3D config 'pool_size'");
    return configure(p == null ? new MaxPooling3D() : new MaxPooling3D(p), c);
  }
}
