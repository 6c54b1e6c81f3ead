package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new Poisson().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class Poisson extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        Poisson.class,
        "Poisson",
        List.of("poisson"),
        (c, custom) -> new Poisson());
  }

  /** The loss named {@code poisson}. */
  public Poisson() {
    super("poisson");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    return meanLastAxis(a[1].sub(a[0].mul(a[1].add(EPSILON).log())));
  }
}
