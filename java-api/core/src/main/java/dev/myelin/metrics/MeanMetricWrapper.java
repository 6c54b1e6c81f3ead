package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import java.util.function.BiFunction;

/**
 * The running mean of a per-sample function of {@code (yTrue, yPred)}, like Keras's {@code
 * MeanMetricWrapper}: accuracy variants, {@code mse}, {@code mae}.
 *
 * <pre>{@code
 * Metric mae = new MeanMetricWrapper("mae", "mean_absolute_error", (t, p) -> t.sub(p).abs().mean(-1));
 * }</pre>
 */
public class MeanMetricWrapper extends Mean {
  private final BiFunction<Tensor, Tensor, Tensor> fn;

  /** A metric logged as {@code name} (or {@code keras2Name}) averaging {@code fn}'s values. */
  public MeanMetricWrapper(String name, String keras2Name, BiFunction<Tensor, Tensor, Tensor> fn) {
    super(name, keras2Name);
    this.fn = fn;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          name() + ": arguments 'yTrue' and 'yPred' expected tensors but one was null");
    }
    try (TensorScope scope = new TensorScope()) {
      update(fn.apply(yTrue, yPred), sampleWeight);
    }
  }
}
