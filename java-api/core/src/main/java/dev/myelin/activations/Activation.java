package dev.myelin.activations;

import dev.myelin.Tensor;

/**
 * An element-wise (or, for softmax, per-axis) function applied to a layer's output, built from
 * {@link Tensor} ops so a {@link dev.myelin.autodiff.GradientTape} records it.
 *
 * <pre>{@code
 * Activation relu = Activation.get("relu");
 * Tensor y = relu.apply(Tensor.of(-1f, 2f));   // [0, 2]
 * }</pre>
 */
public interface Activation {
  /** Applies the activation to {@code x}, returning a new tensor. */
  Tensor apply(Tensor x);

  /** The Keras name, e.g. {@code "relu"}. */
  String name();

  /**
   * The activation for a Keras string name ({@code "relu"}, {@code "softmax"}, ...); {@code null}
   * or {@code "linear"} gives the identity, and an unknown name throws an {@link
   * IllegalArgumentException} listing the valid ones.
   */
  static Activation get(String name) {
    return Activations.get(name);
  }
}
