package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Max pooling over rows and columns: the maximum of each {@code poolSize} window, moved by {@code
 * strides} (default: the pool size); input {@code (batch, rows, cols, channels)}.
 *
 * <pre>{@code
 * model.add(new MaxPooling2D(2)); // (None, 26, 26, 32) -> (None, 13, 13, 32)
 * }</pre>
 */
public class MaxPooling2D extends Pooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        MaxPooling2D.class,
        "MaxPooling2D",
        List.of("MaxPool2D"),
        List.of("strides", "padding", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A MaxPooling2D with Keras's default pool size 2. */
  public MaxPooling2D() {
    this(2);
  }

  /**
   * A MaxPooling2D with windows {@code poolSize}: one value for every spatial axis or one per axis.
   */
  public MaxPooling2D(long... poolSize) {
    super(2, true, poolSize);
  }

  /** A new MaxPooling2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static MaxPooling2D fromConfig(Map<String, Object> c) {
    long[] p = ints(c.get("pool_size"), "MaxPooling2D config 'pool_size'");
    return configure(p == null ? new MaxPooling2D() : new MaxPooling2D(p), c);
  }
}
