package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean((log(max(y_pred, 1e-7) + 1) - log(max(y_true, 1e-7) + 1))^2, axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new MeanSquaredLogarithmicError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        MeanSquaredLogarithmicError.class,
        "MeanSquaredLogarithmicError",
        List.of("mean_squared_logarithmic_error", "msle"),
        (c, custom) -> new MeanSquaredLogarithmicError());
  }

  /** The loss named {@code mean_squared_logarithmic_error}. */
  public MeanSquaredLogarithmicError() {
    super("mean_squared_logarithmic_error");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    return meanLastAxis(
        a[1].maximum(EPSILON).add(1.0).log().sub(a[0].maximum(EPSILON).add(1.0).log()).square());
  }
}
