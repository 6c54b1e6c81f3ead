package dev.myelin.constraints;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Divides each slice along {@code axis} by its L2 norm (Keras {@code UnitNorm(axis=0)}). */
public final class UnitNorm implements Constraint {
  static {
    Registry.builtIn(
        Registry.Kind.CONSTRAINT,
        UnitNorm.class,
        "UnitNorm",
        List.of("unit_norm"),
        (c, custom) -> new UnitNorm((int) Configs.num(c, "axis", 0)));
  }

  private final int axis;

  /** Keras's default: axis 0. */
  public UnitNorm() {
    this(0);
  }

  /** Unit norm along {@code axis}. */
  public UnitNorm(int axis) {
    this.axis = axis;
  }

  /** {@code w / (eps + ||w||)}. */
  @Override
  public Tensor apply(Tensor w) {
    return w.div(Norms.along(w, axis).add(Norms.EPSILON));
  }

  /** {@code {axis}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("axis", axis);
    return m;
  }
}
