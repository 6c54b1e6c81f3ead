package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;

/**
 * The fraction of predictions on the right side of {@code threshold} (default 0.5): {@code
 * mean(y_true == (y_pred > threshold), axis=-1)} averaged over samples.
 *
 * <pre>{@code
 * Metric m = new BinaryAccuracy();
 * m.updateState(Tensor.of(1f, 0f), Tensor.of(0.7f, 0.6f), null);   // 0.5
 * }</pre>
 */
public final class BinaryAccuracy extends MeanMetricWrapper {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        BinaryAccuracy.class,
        "BinaryAccuracy",
        List.of("binary_accuracy"),
        (c, custom) -> new BinaryAccuracy());
  }

  /** Named {@code binary_accuracy}, threshold 0.5. */
  public BinaryAccuracy() {
    this("binary_accuracy", "binary_accuracy", 0.5);
  }

  /** Logged as {@code name} ({@code keras2Name} in Keras 2.2 naming) with the given threshold. */
  public BinaryAccuracy(String name, String keras2Name, double threshold) {
    super(name, keras2Name, (t, p) -> values(name, t, p, threshold));
  }

  /** Per-sample binary accuracy. */
  static Tensor values(String owner, Tensor yTrue, Tensor yPred, double threshold) {
    Tensor[] a = LabelShapes.align(owner, yTrue, yPred);
    if (a[1].rank() > 1) {
      // one native call for gt, cast, eq, cast and mean
      return Tensor.binaryAccuracy(a[0], a[1], threshold);
    }
    Tensor hits = a[1].gt(threshold).cast(a[1].dtype()).eq(a[0]).cast(a[1].dtype());
    return hits.rank() <= 1 ? hits : hits.mean(-1);
  }
}
