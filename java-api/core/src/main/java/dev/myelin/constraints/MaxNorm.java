package dev.myelin.constraints;

import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rescales each slice along {@code axis} whose L2 norm exceeds {@code maxValue} down to it (Keras
 * {@code MaxNorm(max_value=2, axis=0)}): {@code w * clip(n, 0, max) / (eps + n)}.
 */
public final class MaxNorm implements Constraint {
  static {
    Registry.builtIn(
        Registry.Kind.CONSTRAINT,
        MaxNorm.class,
        "MaxNorm",
        List.of("max_norm"),
        (c, custom) ->
            new MaxNorm(Configs.num(c, "max_value", 2), (int) Configs.num(c, "axis", 0)));
  }

  private final double maxValue;
  private final int axis;

  /** Keras's defaults: max 2 along axis 0 (each column of a Dense kernel). */
  public MaxNorm() {
    this(2.0, 0);
  }

  /** Norms at most {@code maxValue} (>= 0) along {@code axis}. */
  public MaxNorm(double maxValue, int axis) {
    if (!(maxValue >= 0)) {
      throw Errors.arg("MaxNorm", "maxValue", "a value >= 0", maxValue);
    }
    this.maxValue = maxValue;
    this.axis = axis;
  }

  /** The projected weight. */
  @Override
  public Tensor apply(Tensor w) {
    Tensor norms = Norms.along(w, axis);
    Tensor desired = norms.clip(0.0, maxValue);
    return w.mul(desired.div(norms.add(Norms.EPSILON)));
  }

  /** {@code {max_value, axis}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("max_value", maxValue);
    m.put("axis", axis);
    return m;
  }
}
