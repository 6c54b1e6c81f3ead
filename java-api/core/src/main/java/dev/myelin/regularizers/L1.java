package dev.myelin.regularizers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code l1 * sum(|x|)} (Keras {@code L1(l1=0.01)}). */
public final class L1 implements Regularizer {
  static {
    Registry.builtIn(
        Registry.Kind.REGULARIZER,
        L1.class,
        "L1",
        List.of("l1"),
        (c, custom) -> new L1(Configs.num(c, "l1", 0.01)));
  }

  private final double l1;

  /** Keras's default factor 0.01. */
  public L1() {
    this(0.01);
  }

  /** The L1 penalty with factor {@code l1} (finite, >= 0). */
  public L1(double l1) {
    this.l1 = L1L2.checkFactor("L1", "l1", l1);
  }

  /** {@code l1 * sum(|weight|)}. */
  @Override
  public Tensor apply(Tensor weight) {
    return weight.abs().sum().mul(l1);
  }

  /** {@code {l1}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("l1", l1);
    return m;
  }
}
