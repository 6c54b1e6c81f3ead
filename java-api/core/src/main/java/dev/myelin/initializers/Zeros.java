package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/** All zeros (Keras {@code "zeros"}); the default bias initializer. */
public final class Zeros implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        Zeros.class,
        "Zeros",
        List.of("zeros", "zero"),
        (c, custom) -> new Zeros());
  }

  /** The zeros initializer. */
  public Zeros() {}

  /** A zero tensor of {@code shape}. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Tensor.zeros(dtype, shape);
  }

  /** {@code "zeros"}. */
  @Override
  public String name() {
    return "zeros";
  }
}
