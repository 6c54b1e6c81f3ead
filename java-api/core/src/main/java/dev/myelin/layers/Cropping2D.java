package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Removes rows and columns at the borders of a {@code (batch, rows, cols, channels)} input.
 *
 * <pre>{@code
 * model.add(new Cropping2D(1)); // (None, 28, 28, 1) -> (None, 26, 26, 1)
 * }</pre>
 */
public class Cropping2D extends SpatialBorder {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Cropping2D.class,
        "Cropping2D",
        List.of(),
        List.of("data_format"),
        (c, custom) -> fromConfig(c));
  }

  /** No cropping (Keras's default). */
  public Cropping2D() {
    this(0);
  }

  /** {@code cropping} rows and columns off every border. */
  public Cropping2D(long cropping) {
    this(cropping, cropping);
  }

  /** {@code rows} rows off the top and bottom, {@code cols} columns off the left and right. */
  public Cropping2D(long rows, long cols) {
    this(new long[][] {{rows, rows}, {cols, cols}});
  }

  /** Crops {@code ((top, bottom), (left, right))}. */
  public Cropping2D(long[][] cropping) {
    super(2, true, cropping);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("cropping", amountsConfig());
    c.put("data_format", dataFormat());
    return c;
  }

  /** A new Cropping2D from its Keras config, the inverse of {@link #getConfig()}. */
  public static Cropping2D fromConfig(Map<String, Object> c) {
    Object p = c.get("cropping");
    Cropping2D l =
        p == null ? new Cropping2D() : new Cropping2D(parse(p, 2, "Cropping2D config 'cropping'"));
    l.dataFormat(DataFormat.name(DataFormat.read(c, "Cropping2D")));
    return l;
  }
}
