package dev.myelin.constraints;

import dev.myelin.Tensor;

/** The L2 norm along an axis, kept as a size-1 axis, and Keras's fuzz factor. */
final class Norms {
  /** Keras's {@code backend.epsilon()}. */
  static final double EPSILON = 1e-7;

  private Norms() {}

  static Tensor along(Tensor w, int axis) {
    return w.square().sum(true, axis).sqrt();
  }
}
