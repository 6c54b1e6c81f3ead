package dev.myelin.regularizers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code l2 * sum(x^2)} (Keras {@code L2(l2=0.01)}). */
public final class L2 implements Regularizer {
  static {
    Registry.builtIn(
        Registry.Kind.REGULARIZER,
        L2.class,
        "L2",
        List.of("l2"),
        (c, custom) -> new L2(Configs.num(c, "l2", 0.01)));
  }

  private final double l2;

  /** Keras's default factor 0.01. */
  public L2() {
    this(0.01);
  }

  /** The L2 penalty with factor {@code l2} (finite, >= 0). */
  public L2(double l2) {
    this.l2 = L1L2.checkFactor("L2", "l2", l2);
  }

  /** {@code l2 * sum(weight^2)}. */
  @Override
  public Tensor apply(Tensor weight) {
    return weight.square().sum().mul(l2);
  }

  /** {@code {l2}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("l2", l2);
    return m;
  }
}
