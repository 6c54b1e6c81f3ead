package dev.myelin.losses;

import dev.myelin.Tensor;

/**
 * Kullback-Leibler divergence {@code sum(t * log(t / p), axis=-1)} with t and p clipped to [1e-7,
 * 1].
 *
 * <pre>{@code
 * Tensor l = new KLDivergence().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class KLDivergence extends Loss {
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
