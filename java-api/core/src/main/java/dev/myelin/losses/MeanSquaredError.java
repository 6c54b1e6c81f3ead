package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean((y_true - y_pred)^2, axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new MeanSquaredError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanSquaredError extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        MeanSquaredError.class,
        "MeanSquaredError",
        List.of("mean_squared_error", "mse"),
        (c, custom) -> new MeanSquaredError());
  }

  /** The loss named {@code mean_squared_error}. */
  public MeanSquaredError() {
    super("mean_squared_error");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    return meanLastAxis(a[1].sub(a[0]).square());
  }
}
