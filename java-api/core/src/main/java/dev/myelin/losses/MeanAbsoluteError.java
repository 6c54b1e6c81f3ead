package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean(|y_true - y_pred|, axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new MeanAbsoluteError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        MeanAbsoluteError.class,
        "MeanAbsoluteError",
        List.of("mean_absolute_error", "mae"),
        (c, custom) -> new MeanAbsoluteError());
  }

  /** The loss named {@code mean_absolute_error}. */
  public MeanAbsoluteError() {
    super("mean_absolute_error");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    return meanLastAxis(a[1].sub(a[0]).abs());
  }
}
