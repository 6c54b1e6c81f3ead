package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/** All ones (Keras {@code "ones"}). */
public final class Ones implements Initializer {
  static {
    Registry.builtIn(
        Registry.Kind.INITIALIZER,
        Ones.class,
        "Ones",
        List.of("ones", "one"),
        (c, custom) -> new Ones());
  }

  /** The ones initializer. */
  public Ones() {}

  /** A tensor of ones of {@code shape}. */
  @Override
  public Tensor apply(long[] shape, DType dtype) {
    return Tensor.ones(dtype, shape);
  }

  /** {@code "ones"}. */
  @Override
  public String name() {
    return "ones";
  }
}
