package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every element equal to {@code value} (Keras {@code Constant(value=0.0)}). */
public final class Constant implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        Constant.class,
        "Constant",
        List.of("constant"),
        (c, custom) -> new Constant(Configs.num(c, "value", 0)));
  }

  private final double value;

  /** Keras's default: the constant 0. */
  public Constant() {
    this(0.0);
  }

  /** Every element equal to {@code value}. */
  public Constant(double value) {
    this.value = value;
  }

  /** The constant. */
  public double value() {
    return value;
  }

  /** A tensor of {@code shape} filled with the constant. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Tensor.full(value, dtype, shape);
  }

  /** {@code "constant"}. */
  @Override
  public String name() {
    return "constant";
  }

  /** {@code {value}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", value);
    return m;
  }
}
