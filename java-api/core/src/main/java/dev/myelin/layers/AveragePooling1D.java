package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Average pooling over steps: the mean of each window of {@code poolSize} steps (with padding
 * {@code "same"}, of its real steps only, as Keras), moved by {@code strides} (default: the pool
 * size).
 *
 * <pre>{@code
 * model.add(new AveragePooling1D(2).padding("same"));
 * }</pre>
 */
public class AveragePooling1D extends Pooling {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        AveragePooling1D.class,
        "AveragePooling1D",
        List.of("AvgPool1D"),
        List.of("strides", "padding", "data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** A AveragePooling1D with Keras's default pool size 2. */
  public AveragePooling1D() {
    this(2);
  }

  /**
   * A AveragePooling1D with windows {@code poolSize}: one value for every spatial axis or one per
   * axis.
   */
  public AveragePooling1D(long... poolSize) {
    super(1, false, poolSize);
  }

  /** A new AveragePooling1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static AveragePooling1D fromConfig(Map<String, Object> c) {
    long[] p = ints(c.get("pool_size"), "AveragePooling1D config 'pool_size'");
    return configure(p == null ? new AveragePooling1D() : new AveragePooling1D(p), c);
  }
}
