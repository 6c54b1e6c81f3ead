package dev.myelin.constraints;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.Map;

/**
 * A projection applied to a weight after each optimizer update (Keras {@code kernel_constraint}).
 *
 * <pre>{@code
 * Constraint c = Constraint.get("max_norm");        // MaxNorm(2, axis 0)
 * kernel.assign(c.apply(kernel.value()));
 * }</pre>
 */
public interface Constraint {
  /** The constrained value of {@code weight}, as a new tensor. */
  Tensor apply(Tensor weight);

  /** The Keras class name used in serialized configs, e.g. {@code "MaxNorm"}. */
  default String className() {
    return getClass().getSimpleName();
  }

  /** The Keras config (e.g. {@code {max_value: 2, axis: 0}}). */
  default Map<String, Object> getConfig() {
    return Map.of();
  }

  /**
   * The constraint for a Keras name with default arguments ({@code "max_norm"}, {@code "non_neg"},
   * {@code "unit_norm"}, {@code "min_max_norm"} or the class names); an unknown name throws an
   * {@link IllegalArgumentException} listing the valid ones.
   */
  static Constraint get(String name) {
    return (Constraint) Registry.get(Registry.Kind.CONSTRAINT, name);
  }
}
