package dev.myelin.regularizers;

import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code l1 * sum(|x|) + l2 * sum(x^2)} (Keras {@code L1L2(l1=0.0, l2=0.0)}; the string {@code
 * "l1_l2"} means 0.01 for both, as Keras documents).
 */
public final class L1L2 implements Regularizer {
  static {
    Registry.builtIn(
        Registry.Kind.REGULARIZER,
        L1L2.class,
        "L1L2",
        List.of("l1_l2", "l1l2"),
        (c, custom) ->
            c.isEmpty()
                ? new L1L2(0.01, 0.01)
                : new L1L2(Configs.num(c, "l1", 0), Configs.num(c, "l2", 0)));
  }

  private final double l1;
  private final double l2;

  /** Keras's class defaults: both factors 0. */
  public L1L2() {
    this(0.0, 0.0);
  }

  /** Both penalties with factors {@code l1} and {@code l2} (finite, >= 0). */
  public L1L2(double l1, double l2) {
    this.l1 = checkFactor("L1L2", "l1", l1);
    this.l2 = checkFactor("L1L2", "l2", l2);
  }

  static double checkFactor(String op, String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw Errors.arg(op, name, "a finite value >= 0", v);
    }
    return v;
  }

  /** {@code l1 * sum(|weight|) + l2 * sum(weight^2)}; a zero factor's term is left out. */
  @Override
  public Tensor apply(Tensor weight) {
    Tensor penalty = Tensor.scalar(0.0, weight.dtype());
    if (l1 != 0.0) {
      penalty = penalty.add(weight.abs().sum().mul(l1));
    }
    if (l2 != 0.0) {
      penalty = penalty.add(weight.square().sum().mul(l2));
    }
    return penalty;
  }

  /** {@code {l1, l2}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("l1", l1);
    m.put("l2", l2);
    return m;
  }
}
