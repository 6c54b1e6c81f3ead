package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code max(max((1 - y_true) * y_pred, axis=-1) - sum(y_true * y_pred, axis=-1) + 1, 0)} for
 * one-hot labels of shape (batch, classes).
 *
 * <pre>{@code
 * Tensor l = new CategoricalHinge().compute(oneHot, scores, null);
 * }</pre>
 */
public final class CategoricalHinge extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        CategoricalHinge.class,
        "CategoricalHinge",
        List.of("categorical_hinge"),
        (c, custom) -> new CategoricalHinge());
  }

  /** The loss named {@code categorical_hinge}. */
  public CategoricalHinge() {
    super("categorical_hinge");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    if (a[1].rank() < 2) {
      throw new IllegalArgumentException(
          name()
              + ": expected y_true and y_pred of shape (batch, classes) but got shape "
              + java.util.Arrays.toString(yPred.shape()));
    }
    Tensor pos = a[0].mul(a[1]).sum(-1);
    Tensor neg = a[0].neg().add(1.0).mul(a[1]).max(-1);
    return neg.sub(pos).add(1.0).relu();
  }
}
