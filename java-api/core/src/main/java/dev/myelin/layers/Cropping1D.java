package dev.myelin.layers;

import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Removes steps from the start and the end of a {@code (batch, steps, channels)} input.
 *
 * <pre>{@code
 * model.add(new Cropping1D(2)); // (None, 10, 4) -> (None, 6, 4)
 * }</pre>
 */
public class Cropping1D extends SpatialBorder {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Cropping1D.class,
        "Cropping1D",
        List.of(),
        List.of(),
        (c, custom) -> fromConfig(c));
  }

  /** One step off each end (Keras's default). */
  public Cropping1D() {
    this(1);
  }

  /** {@code cropping} steps off each end. */
  public Cropping1D(long cropping) {
    this(cropping, cropping);
  }

  /** {@code before} steps off the start and {@code after} off the end. */
  public Cropping1D(long before, long after) {
    super(1, true, uniform(1, before, after));
  }

  private Cropping1D(long[][] amounts) {
    super(1, true, amounts);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("cropping", amountsConfig());
    return c;
  }

  /** A new Cropping1D from its Keras config, the inverse of {@link #getConfig()}. */
  public static Cropping1D fromConfig(Map<String, Object> c) {
    Object p = c.get("cropping");
    return p == null
        ? new Cropping1D()
        : new Cropping1D(parse(p, 1, "Cropping1D config 'cropping'"));
  }
}
