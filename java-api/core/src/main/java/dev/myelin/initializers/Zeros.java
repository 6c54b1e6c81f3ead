package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;

/** All zeros (Keras {@code "zeros"}); the default bias initializer. */
public final class Zeros implements Initializer {
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
