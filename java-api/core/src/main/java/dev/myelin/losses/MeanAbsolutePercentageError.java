package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code 100 * mean(|(y_true - y_pred) / max(|y_true|, 1e-7)|, axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new MeanAbsolutePercentageError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        MeanAbsolutePercentageError.class,
        "MeanAbsolutePercentageError",
        List.of("mean_absolute_percentage_error", "mape"),
        (c, custom) -> new MeanAbsolutePercentageError());
  }

  /** The loss named {@code mean_absolute_percentage_error}. */
  public MeanAbsolutePercentageError() {
    super("mean_absolute_percentage_error");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    return meanLastAxis(a[0].sub(a[1]).div(a[0].abs().maximum(EPSILON)).abs()).mul(100.0);
  }
}
