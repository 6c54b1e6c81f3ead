package dev.myelin.metrics;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.losses.SparseCategoricalCrossentropy;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * How often the argmax of the prediction equals the integer label (shape (batch,) or (batch, 1)).
 *
 * <pre>{@code
 * Metric m = new SparseCategoricalAccuracy();
 * m.updateState(Tensor.of(2, 0), probs, null);
 * }</pre>
 */
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        SparseCategoricalAccuracy.class,
        "SparseCategoricalAccuracy",
        List.of("sparse_categorical_accuracy"),
        (c, custom) -> new SparseCategoricalAccuracy());
  }

  /** Named {@code sparse_categorical_accuracy}. */
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy", "sparse_categorical_accuracy");
  }

  /** Logged as {@code name} ({@code keras2Name} in Keras 2.2 naming). */
  public SparseCategoricalAccuracy(String name, String keras2Name) {
    super(name, keras2Name, (t, p, checked) -> values(name, t, p, checked));
  }

  /** Per-sample sparse categorical accuracy (1 or 0); {@code labelsChecked} skips value checks. */
  static Tensor values(String owner, Tensor yTrue, Tensor yPred, boolean labelsChecked) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          owner + ": arguments 'yTrue' and 'yPred' expected tensors but one was null");
    }
    Tensor oneHot = SparseCategoricalCrossentropy.oneHotLabels(owner, yTrue, yPred, labelsChecked);
    return oneHot.argmax(-1).eq(yPred.argmax(-1)).cast(DType.FLOAT32);
  }
}
