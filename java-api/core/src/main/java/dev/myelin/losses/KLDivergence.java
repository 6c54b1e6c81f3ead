package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * Kullback-Leibler divergence {@code sum(t * log(t / p), axis=-1)} with t and p clipped to [1e-7,
 * 1].
 *
 * <pre>{@code
 * Tensor l = new KLDivergence().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class KLDivergence extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        KLDivergence.class,
        "KLDivergence",
        List.of("kl_divergence", "kld", "kullback_leibler_divergence"),
        (c, custom) -> new KLDivergence());
  }

  /** The loss named {@code kl_divergence}. */
  public KLDivergence() {
    super("kl_divergence");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    Tensor t = a[0].clip(EPSILON, 1.0);
    Tensor p = a[1].clip(EPSILON, 1.0);
    return sumLastAxis(t.mul(t.div(p).log()));
  }
}
