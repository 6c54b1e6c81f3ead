package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;

/** All ones (Keras {@code "ones"}). */
public final class Ones implements Initializer {
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
