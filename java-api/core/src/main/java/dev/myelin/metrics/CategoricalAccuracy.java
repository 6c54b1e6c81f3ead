package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.List;

/**
 * How often the argmax of the prediction equals the argmax of the one-hot label.
 *
 * <pre>{@code
 * Metric m = new CategoricalAccuracy();
 * m.updateState(oneHot, softmaxOutput, null);
 * }</pre>
 */
public final class CategoricalAccuracy extends MeanMetricWrapper {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        CategoricalAccuracy.class,
        "CategoricalAccuracy",
        List.of("categorical_accuracy"),
        (c, custom) -> new CategoricalAccuracy());
  }

  /** Named {@code categorical_accuracy}. */
  public CategoricalAccuracy() {
    this("categorical_accuracy", "categorical_accuracy");
  }

  /** Logged as {@code name} ({@code keras2Name} in Keras 2.2 naming). */
  public CategoricalAccuracy(String name, String keras2Name) {
    super(name, keras2Name, (t, p) -> values(name, t, p));
  }

  /** Per-sample categorical accuracy (1 or 0). */
  static Tensor values(String owner, Tensor yTrue, Tensor yPred) {
    if (yTrue == null
        || yPred == null
        || yPred.rank() < 2
        || !Arrays.equals(yTrue.shape(), yPred.shape())) {
      throw new IllegalArgumentException(
          owner
              + ": expected one-hot y_true of the same shape (batch, classes) as y_pred but got"
              + " y_true shape "
              + (yTrue == null ? "null" : Arrays.toString(yTrue.shape()))
              + " and y_pred shape "
              + (yPred == null ? "null" : Arrays.toString(yPred.shape())));
    }
    return yTrue.argmax(-1).eq(yPred.argmax(-1)).cast(dev.myelin.DType.FLOAT32);
  }
}
