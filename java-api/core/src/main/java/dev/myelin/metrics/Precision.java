package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;

/**
 * {@code tp / (tp + fp)} where a prediction is positive when above {@code threshold} (default 0.5)
 * and a label is positive when non-zero; 0 when nothing was predicted positive.
 *
 * <pre>{@code
 * Metric p = new Precision();
 * p.updateState(yTrue, yPred, null);
 * }</pre>
 */
public final class Precision extends Metric {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        Precision.class,
        "Precision",
        List.of("precision"),
        List.of("thresholds"),
        (c, custom) -> new Precision(Configs.num(c, "thresholds", 0.5)));
  }

  private final double threshold;
  private double tp;
  private double fp;

  /** Threshold 0.5, named {@code precision}. */
  public Precision() {
    this(0.5);
  }

  /** With the given threshold in [0, 1]. */
  public Precision(double threshold) {
    super("precision");
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException(
          "precision: argument 'thresholds' expected a value in [0, 1] but was " + threshold);
    }
    this.threshold = threshold;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    try (TensorScope scope = new TensorScope()) {
      double[] c = Recall.counts(name(), yTrue, yPred, sampleWeight, threshold);
      tp += c[0];
      fp += c[1];
    }
  }

  @Override
  public double result() {
    return tp + fp == 0 ? 0.0 : tp / (tp + fp);
  }

  @Override
  public void resetState() {
    tp = 0;
    fp = 0;
  }
}
