package dev.myelin.constraints;

import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves each slice's L2 norm along {@code axis} toward {@code [minValue, maxValue]} by {@code rate}
 * (Keras {@code MinMaxNorm(min_value=0.0, max_value=1.0, rate=1.0, axis=0)}): {@code w * (rate *
 * clip(n, min, max) + (1 - rate) * n) / (eps + n)}.
 */
public final class MinMaxNorm implements Constraint {
  static {
    Registry.builtIn(
        Registry.Kind.CONSTRAINT,
        MinMaxNorm.class,
        "MinMaxNorm",
        List.of("min_max_norm"),
        (c, custom) ->
            new MinMaxNorm(
                Configs.num(c, "min_value", 0),
                Configs.num(c, "max_value", 1),
                Configs.num(c, "rate", 1),
                (int) Configs.num(c, "axis", 0)));
  }

  private final double minValue;
  private final double maxValue;
  private final double rate;
  private final int axis;

  /** Keras's defaults: norms in [0, 1], rate 1, axis 0. */
  public MinMaxNorm() {
    this(0.0, 1.0, 1.0, 0);
  }

  /** Norms pulled into {@code [minValue, maxValue]} at {@code rate} along {@code axis}. */
  public MinMaxNorm(double minValue, double maxValue, double rate, int axis) {
    if (!(minValue <= maxValue)) {
      throw Errors.arg("MinMaxNorm", "maxValue", "a value >= minValue " + minValue, maxValue);
    }
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
    this.axis = axis;
  }

  /** The projected weight. */
  @Override
  public Tensor apply(Tensor w) {
    Tensor norms = Norms.along(w, axis);
    Tensor desired = norms.clip(minValue, maxValue).mul(rate).add(norms.mul(1.0 - rate));
    return w.mul(desired.div(norms.add(Norms.EPSILON)));
  }

  /** {@code {min_value, max_value, rate, axis}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("min_value", minValue);
    m.put("max_value", maxValue);
    m.put("rate", rate);
    m.put("axis", axis);
    return m;
  }
}
