package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * {@code tp / (tp + fn)} where a prediction is positive when above {@code threshold} (default 0.5)
 * and a label is positive when non-zero; 0 when there were no positive labels.
 *
 * <pre>{@code
 * Metric r = new Recall();
 * r.updateState(yTrue, yPred, null);
 * }</pre>
 */
public final class Recall extends Metric {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        Recall.class,
        "Recall",
        List.of("recall"),
        List.of("thresholds"),
        (c, custom) -> new Recall(Configs.num(c, "thresholds", 0.5)));
  }

  private final double threshold;
  private double tp;
  private double fn;

  /** Threshold 0.5, named {@code recall}. */
  public Recall() {
    this(0.5);
  }

  /** With the given threshold in [0, 1]. */
  public Recall(double threshold) {
    super("recall");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "recall: argument 'thresholds' expected a value in [0, 1] but was " + threshold);
    }
    this.threshold = threshold;
  }

  /** Weighted {tp, fp, fn} of one batch (native reductions). */
  static double[] counts(
      String owner, Tensor yTrue, Tensor yPred, Tensor sampleWeight, double threshold) {
    Tensor[] a = LabelShapes.align(owner, yTrue, yPred);
    Tensor w = LabelShapes.weights(owner, sampleWeight, a[1].shape(), a[1].dtype());
    Tensor t = a[0].ne(0.0).cast(a[1].dtype());
    Tensor p = a[1].gt(threshold).cast(a[1].dtype());
    double tp = t.mul(p).mul(w).sum().item();
    double predicted = p.mul(w).sum().item();
    double actual = t.mul(w).sum().item();
    return new double[] {tp, predicted - tp, actual - tp};
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    try (TensorScope scope = new TensorScope()) {
      double[] c = counts(name(), yTrue, yPred, sampleWeight, threshold);
      tp += c[0];
      fn += c[2];
    }
  }

  @Override
  public double result() {
    return tp + fn == 0 ? 0.0 : tp / (tp + fn);
  }

  @Override
  public void resetState() {
    tp = 0;
    fn = 0;
  }
}
