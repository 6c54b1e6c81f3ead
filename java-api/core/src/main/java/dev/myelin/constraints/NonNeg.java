package dev.myelin.constraints;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/** Sets negative elements to 0 (Keras {@code NonNeg}): {@code w * (w >= 0)}. */
public final class NonNeg implements Constraint {
  static {
    Registry.builtIn(
        Registry.Kind.CONSTRAINT,
        NonNeg.class,
        "NonNeg",
        List.of("non_neg"),
        (c, custom) -> new NonNeg());
  }

  /** The non-negativity constraint. */
  public NonNeg() {}

  /** {@code w} with negative entries zeroed. */
  @Override
  public Tensor apply(Tensor w) {
    return w.mul(w.ge(0.0).cast(w.dtype()));
  }
}
