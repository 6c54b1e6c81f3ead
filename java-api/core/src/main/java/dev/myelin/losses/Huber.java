package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * The Huber loss: with {@code e = y_pred - y_true}, {@code 0.5 * e^2} where {@code |e| <= delta},
 * else {@code delta * |e| - 0.5 * delta^2}, averaged over the last axis. Default delta 1.0.
 *
 * <pre>{@code
 * Tensor l = new Huber(2.0).compute(yTrue, yPred, null);
 * }</pre>
 */
public final class Huber extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        Huber.class,
        "Huber",
        List.of("huber", "huber_loss"),
        List.of("delta"),
        (c, custom) -> fromConfig(c));
  }

  private final double delta;

  /** Huber with delta 1.0. */
  public Huber() {
    this(1.0);
  }

  /** Huber with the given delta (> 0). */
  public Huber(double delta) {
    super("huber_loss");
    if (!(delta > 0)) {
      throw new IllegalArgumentException(
          "huber_loss: argument 'delta' expected a value > 0 but was " + delta);
    }
    this.delta = delta;
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    Tensor e = a[1].sub(a[0]);
    Tensor abs = e.abs();
    Tensor quadratic = e.square().mul(0.5);
    Tensor linear = abs.mul(delta).sub(0.5 * delta * delta);
    return meanLastAxis(Tensor.where(abs.le(delta), quadratic, linear));
  }

  /** Keras's config: the name, the reduction and this loss's own arguments. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("delta", delta);
    return c;
  }

  /** The loss configured by {@link #getConfig()}'s keys (missing ones take Keras's defaults). */
  public static Huber fromConfig(Map<String, Object> c) {
    return new Huber(Configs.num(c, "delta", 1.0));
  }
}
