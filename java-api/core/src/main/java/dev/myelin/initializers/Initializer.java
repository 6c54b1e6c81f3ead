package dev.myelin.initializers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.util.Map;

/**
 * Makes a weight's initial value for a shape and dtype, with Keras's semantics (fans computed as
 * Keras's {@code compute_fans}, the same default ranges and seeds that repeat).
 *
 * <pre>{@code
 * Initializer init = Initializer.get("glorot_uniform");
 * Tensor kernel = init.apply(new long[] {784, 128}, DType.FLOAT32);
 * }</pre>
 */
public interface Initializer {
  /** A new tensor of {@code shape} and {@code dtype} holding initial values. */
  Tensor apply(long[] shape, DType dtype);

  /** The Keras string name, e.g. {@code "glorot_uniform"}. */
  String name();

  /** The Keras class name used in serialized configs, e.g. {@code "GlorotUniform"}. */
  default String className() {
    return getClass().getSimpleName();
  }

  /** The Keras config of this initializer (keys as in Keras, e.g. {@code minval}, {@code seed}). */
  default Map<String, Object> getConfig() {
    return Map.of();
  }

  /**
   * The initializer for a Keras string or class name ({@code "glorot_uniform"}, {@code
   * "GlorotUniform"}, {@code "zeros"}, ...) with Keras's default arguments; an unknown name throws
   * an {@link IllegalArgumentException} listing the valid ones.
   */
  static Initializer get(String name) {
    return Initializers.get(name);
  }
}
