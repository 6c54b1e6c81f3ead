package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.Errors;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code gain} times the (possibly rectangular) identity matrix (Keras {@code
 * IdentityInitializer}).
 */
public final class Identity implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        Identity.class,
        "Identity",
        List.of("identity", "IdentityInitializer"),
        (c, custom) -> new Identity(Configs.num(c, "gain", 1)));
  }

  private final double gain;

  /** Keras's default: gain 1. */
  public Identity() {
    this(1.0);
  }

  /** {@code gain} times the identity. */
  public Identity(double gain) {
    this.gain = gain;
  }

  /** {@code gain * eye(rows, cols)} for a 2-D {@code shape}. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    if (shape.length != 2) {
      throw Errors.arg("Identity", "shape", "a 2-D shape", Arrays.toString(shape));
    }
    try (Tensor eye = Tensor.eye(shape[0], shape[1], 0, dtype)) {
      return eye.mul(gain);
    }
  }

  /** {@code "identity"}. */
  @Override
  public String name() {
    return "identity";
  }

  /** Keras 3's class name {@code "IdentityInitializer"}. */
  @Override
  public String className() {
    return "IdentityInitializer";
  }

  /** {@code {gain}}. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gain", gain);
    return m;
  }
}
