package dev.myelin.regularizers;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.Map;

/**
 * A penalty on a weight (or a layer's activity) added to the loss: a scalar built from {@link
 * Tensor} ops so the tape differentiates it.
 *
 * <pre>{@code
 * Regularizer r = Regularizer.get("l2");            // L2(0.01)
 * Tensor penalty = r.apply(kernel);                 // 0.01 * sum(kernel^2)
 * }</pre>
 */
public interface Regularizer {
  /** The scalar penalty for {@code weight}. */
  Tensor apply(Tensor weight);

  /** The Keras class name used in serialized configs, e.g. {@code "L2"}. */
  default String className() {
    return getClass().getSimpleName();
  }

  /** The Keras config (e.g. {@code {l2: 0.01}}). */
  default Map<String, Object> getConfig() {
    return Map.of();
  }

  /**
   * The regularizer for a Keras name with Keras's string defaults: {@code "l1"} = L1(0.01), {@code
   * "l2"} = L2(0.01), {@code "l1_l2"} = L1L2(0.01, 0.01), or a class name; an unknown name throws
   * an {@link IllegalArgumentException} listing the valid ones.
   */
  static Regularizer get(String name) {
    return (Regularizer) Registry.get(Registry.Kind.REGULARIZER, name);
  }
}
