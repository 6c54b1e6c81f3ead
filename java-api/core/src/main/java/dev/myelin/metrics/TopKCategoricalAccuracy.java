package dev.myelin.metrics;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.List;

/**
 * How often the true class is among the {@code k} (default 5) highest predictions, for one-hot
 * labels ({@code top_k_categorical_accuracy}) or integer labels ({@code
 * sparse_top_k_categorical_accuracy}). Like TensorFlow's {@code in_top_k}, classes tied with the
 * true class's score count in its favour.
 *
 * <pre>{@code
 * Metric m = new TopKCategoricalAccuracy(3, true);
 * }</pre>
 */
public final class TopKCategoricalAccuracy extends MeanMetricWrapper {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        TopKCategoricalAccuracy.class,
        "TopKCategoricalAccuracy",
        List.of("top_k_categorical_accuracy"),
        List.of("k"),
        (c, custom) -> new TopKCategoricalAccuracy((int) Configs.num(c, "k", 5), false));
    Registry.builtIn(
        Registry.Kind.METRIC,
        TopKCategoricalAccuracy.class,
        "SparseTopKCategoricalAccuracy",
        List.of("sparse_top_k_categorical_accuracy"),
        List.of("k"),
        (c, custom) -> new TopKCategoricalAccuracy((int) Configs.num(c, "k", 5), true));
  }

  /** One-hot labels, k = 5. */
  public TopKCategoricalAccuracy() {
    this(5, false);
  }

  /** With the given k; {@code sparse} for integer labels. */
  public TopKCategoricalAccuracy(int k, boolean sparse) {
    super(
        sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy",
        sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy",
        (t, p, checked) ->
            values(
                sparse ? "sparse_top_k_categorical_accuracy" : "top_k_categorical_accuracy",
                t,
                p,
                k,
                sparse,
                checked));
    if (k < 1) {
      throw new IllegalArgumentException(
          "TopKCategoricalAccuracy: argument 'k' expected a value >= 1 but was " + k);
    }
  }

  static Tensor values(
      String owner, Tensor yTrue, Tensor yPred, int k, boolean sparse, boolean labelsChecked) {
    Tensor oneHot;
    if (sparse) {
      oneHot = SparseCategoricalCrossentropy.oneHotLabels(owner, yTrue, yPred, labelsChecked);
    } else {
      if (yPred.rank() < 2 || !Arrays.equals(yTrue.shape(), yPred.shape())) {
        throw new IllegalArgumentException(
            owner
                + ": expected one-hot y_true of the same shape (batch, classes) as y_pred but got"
                + " y_true shape "
                + Arrays.toString(yTrue.shape())
                + " and y_pred shape "
                + Arrays.toString(yPred.shape()));
      }
      oneHot = yTrue.argmax(-1).oneHot(yPred.dim(-1), yPred.dtype(), 1.0, 0.0);
    }
    Tensor p = yPred.dtype() == oneHot.dtype() ? yPred : yPred.cast(oneHot.dtype());
    Tensor trueScore = p.mul(oneHot).sum(true, -1);
    Tensor better = p.gt(trueScore).cast(DType.FLOAT32).sum(-1);
    return better.lt(k).cast(DType.FLOAT32);
  }
}
