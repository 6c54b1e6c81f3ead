package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.internal.MetricPartials;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.List;

/**
 * The (weighted) running mean of values, like Keras's {@code keras.metrics.Mean}: {@code total +=
 * sum(values * w)}, {@code count += sum(w)} (w = 1 without weights); the result is {@code total /
 * count}.
 *
 * <pre>{@code
 * Mean loss = new Mean("loss");
 * loss.update(0.5, 32);   // a batch of 32 with mean loss 0.5
 * }</pre>
 */
public class Mean extends Metric {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        Mean.class,
        "Mean",
        List.of(),
        (c, custom) -> new Mean(c.get("name") instanceof String n ? n : "mean"));
    MetricPartials.install(
        (into, metric, yTrue, yPred, sampleWeight, labelsChecked) -> {
          if (!(metric instanceof Mean mean)) {
            return false;
          }
          mean.deferred = into;
          try {
            metric.updateState(yTrue, yPred, sampleWeight, labelsChecked);
          } finally {
            mean.deferred = null;
          }
          return true;
        });
  }

  private double total;
  private double count;

  /** The collector of the traced step's update in progress, or null (see MetricPartials). */
  private MetricPartials deferred;

  /** A mean named {@code mean}. */
  public Mean() {
    this("mean");
  }

  /** A mean logged as {@code name}. */
  public Mean(String name) {
    super(name);
  }

  /** A mean logged as {@code name}, or {@code keras2Name} in Keras 2.2 naming mode. */
  protected Mean(String name, String keras2Name) {
    super(name, keras2Name);
  }

  /** Adds {@code value} with weight {@code weight} (e.g. a batch's mean loss and its size). */
  public void update(double value, double weight) {
    total += value * weight;
    count += weight;
  }

  /**
   * Adds every element of {@code values}, each weighted by {@code sampleWeight} (null, or
   * broadcastable to {@code values}' shape). While a training step is traced, the sums are handed
   * to the {@link MetricPartials} collector that the traced step updates this metric through
   * ({@link MetricPartials#updateState}) instead of being read here.
   */
  public void update(Tensor values, Tensor sampleWeight) {
    try (TensorScope scope = new TensorScope()) {
      Tensor v = values.dtype().isFloating() ? values : values.cast(dev.myelin.DType.FLOAT64);
      MetricPartials deferred = this.deferred;
      if (sampleWeight == null) {
        if (deferred != null) {
          deferred.add(this::accumulate, v.sum(), null, v.numel());
          return;
        }
        total += v.sum().item();
        count += v.numel();
        return;
      }
      Tensor w = sampleWeight.cast(v.dtype());
      if (w.rank() == v.rank() + 1 && w.dim(-1) == 1) {
        w = w.squeeze(-1);
      }
      if (w.rank() > v.rank()) {
        throw new IllegalArgumentException(
            name()
                + ": argument 'sampleWeight' of shape "
                + Arrays.toString(sampleWeight.shape())
                + " does not broadcast to the values' shape "
                + Arrays.toString(values.shape()));
      }
      while (w.rank() < v.rank()) {
        w = w.expandDims(-1);
      }
      Tensor wb = w.broadcastTo(v.shape());
      if (deferred != null) {
        deferred.add(this::accumulate, v.mul(wb).sum(), wb.sum(), 0);
        return;
      }
      total += v.mul(wb).sum().item();
      count += wb.sum().item();
    }
  }

  private void accumulate(double batchTotal, double batchCount) {
    total += batchTotal;
    count += batchCount;
  }

  /** Treats {@code yPred} as the values and ignores {@code yTrue}. */
  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    update(yPred, sampleWeight);
  }

  @Override
  public double result() {
    return count == 0 ? 0.0 : total / count;
  }

  @Override
  public void resetState() {
    total = 0;
    count = 0;
  }
}
