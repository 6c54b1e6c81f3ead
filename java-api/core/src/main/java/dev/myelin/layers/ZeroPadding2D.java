package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Adds rows and columns of zeros around a {@code (batch, rows, cols, channels)} input.
 *
 * <pre>{@code
 * model.add(new ZeroPadding2D(1)); // (None, 28, 28, 1) -> (None, 30, 30, 1)
 * }</pre>
 */
public class ZeroPadding2D extends SpatialBorder {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        ZeroPadding2D.class,
        "ZeroPadding2D",
        List.of(),
        List.of("data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** One row and column of zeros on each side (Keras's default). */
  public ZeroPadding2D() {
    this(1);
  }

  /** {@code padding} zeros on every side. */
  public ZeroPadding2D(long padding) {
    this(padding, padding);
  }

  /** {@code rows} zero rows above and below, {@code cols} zero columns left and right. */
  public ZeroPadding2D(long rows, long cols) {
    this(new long[][] {{rows, rows}, {cols, cols}});
  }

  /** Zeros {@code ((top, bottom), (left, right))}. */
  public ZeroPadding2D(long[][] padding) {
    super(2, false, padding);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("padding", amountsConfig());
    c.put("data_format", dataFormat());
    return c;
  }

  /** A new ZeroPadding2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static ZeroPadding2D fromConfig(Map<String, Object> c) {
    Object p = c.get("padding");
    ZeroPadding2D l =
        p == null
            ? new ZeroPadding2D()
            : new ZeroPadding2D(parse(p, 2, "ZeroPadding2D config 'padding'"));
    l.dataFormat(DataFormat.name(DataFormat.read(c, "ZeroPadding2D")));
    return l;
  }
}
