package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code mean(log(cosh(y_pred - y_true)), axis=-1)}, computed stably as {@code x + softplus(-2x) -
 * log(2)}.
 *
 * <pre>{@code
 * Tensor l = new LogCosh().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class LogCosh extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        LogCosh.class,
        "LogCosh",
        List.of("log_cosh", "logcosh"),
        (c, custom) -> new LogCosh());
  }

  /** The loss named {@code log_cosh}. */
  public LogCosh() {
    super("log_cosh");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    Tensor x = a[1].sub(a[0]);
    return meanLastAxis(x.add(x.mul(-2.0).softplus()).sub(Math.log(2.0)));
  }
}
