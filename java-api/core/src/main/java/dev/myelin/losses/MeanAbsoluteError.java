package dev.myelin.losses;

import dev.myelin.Tensor;

/**
 * {@code mean(|y_true - y_pred|, axis=-1)}.
 *
 * <pre>{@code
 * Tensor l = new MeanAbsoluteError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
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
