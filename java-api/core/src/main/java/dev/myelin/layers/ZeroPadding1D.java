package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Adds zeros before and after the steps of a {@code (batch, steps, channels)} input.
 *
 * <pre>{@code
 * model.add(new ZeroPadding1D(2)); // (None, 10, 4) -> (None, 14, 4)
 * }</pre>
 */
public class ZeroPadding1D extends SpatialBorder {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        ZeroPadding1D.class,
        "ZeroPadding1D",
        List.of(),
        List.of("data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** One zero on each side (Keras's default). */
  public ZeroPadding1D() {
    this(1);
  }

  /** {@code padding} zeros on each side. */
  public ZeroPadding1D(long padding) {
    this(padding, padding);
  }

  /** {@code before} zeros before the steps and {@code after} after them. */
  public ZeroPadding1D(long before, long after) {
    super(1, false, uniform(1, before, after));
  }

  private ZeroPadding1D(long[][] amounts) {
    super(1, false, amounts);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("padding", amountsConfig());
    c.put("data_format", dataFormat());
    return c;
  }

  /** A new ZeroPadding1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static ZeroPadding1D fromConfig(Map<String, Object> c) {
    Object p = c.get("padding");
    ZeroPadding1D l =
        p == null
            ? new ZeroPadding1D()
            : new ZeroPadding1D(parse(p, 1, "ZeroPadding1D config 'padding'"));
    l.dataFormat(DataFormat.name(DataFormat.read(c, "ZeroPadding1D")));
    return l;
  }
}
