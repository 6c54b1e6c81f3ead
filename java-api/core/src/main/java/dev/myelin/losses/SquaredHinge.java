package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean(max(1 - y_true * y_pred, 0)^2, axis=-1)}; labels in {0, 1} are first mapped to {-1,
 * 1} as Keras does.
 *
 * <pre>{@code
 * Tensor l = new SquaredHinge().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class SquaredHinge extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        SquaredHinge.class,
        "SquaredHinge",
        List.of("squared_hinge"),
        (c, custom) -> new SquaredHinge());
  }

  /** The loss named {@code squared_hinge}. */
  public SquaredHinge() {
    super("squared_hinge");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    a[0] = Hinge.toSignedLabels(a[0]);
    return meanLastAxis(a[0].mul(a[1]).neg().add(1.0).relu().square());
  }
}
