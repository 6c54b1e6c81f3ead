package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * {@code -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis=-1)}, each normalised as {@code x /
 * max(||x||, 1e-7)} along the last axis (so -1 is a perfect match).
 *
 * <pre>{@code
 * Tensor l = new CosineSimilarity().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class CosineSimilarity extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        CosineSimilarity.class,
        "CosineSimilarity",
        List.of("cosine_similarity"),
        (c, custom) -> new CosineSimilarity());
  }

  /** The loss named {@code cosine_similarity}. */
  public CosineSimilarity() {
    super("cosine_similarity");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    return sumLastAxis(normalize(a[0]).mul(normalize(a[1]))).neg();
  }

  private static Tensor normalize(Tensor x) {
    Tensor norm = x.rank() <= 1 ? x.abs() : x.square().sum(true, -1).sqrt();
    return x.div(norm.maximum(EPSILON));
  }
}
