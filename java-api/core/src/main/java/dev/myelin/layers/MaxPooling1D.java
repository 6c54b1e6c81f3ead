package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Max pooling over steps: the maximum of each window of {@code poolSize} steps, moved by {@code
 * strides} (default: the pool size); input {@code (batch, steps, channels)}.
 *
 * <pre>{@code
 * model.add(new MaxPooling1D(5)); // (None, 512, 8) -> (None, 102, 8)
 * }</pre>
 */
public class MaxPooling1D extends Pooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        MaxPooling1D.class,
        "MaxPooling1D",
        List.of("MaxPool1D"),
        List.of("strides", "padding", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A MaxPooling1D with Keras's default pool size 2. */
  public MaxPooling1D() {
    this(2);
  }

  /**
   * A MaxPooling1D with windows {@code poolSize}: one value for every spatial axis or one per axis.
   */
  public MaxPooling1D(long... poolSize) {
    super(1, true, poolSize);
  }

  /** A new MaxPooling1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static MaxPooling1D fromConfig(Map<String, Object> c) {
    long[] p = ints(c.get("pool_size"), "MaxPooling1D config 'pool_size'");
    return configure(p == null ? new MaxPooling1D() : new MaxPooling1D(p), c);
  }
}
