package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.losses.MeanAbsoluteError;
import dev.myelin.losses.MeanSquaredError;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;
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
  static {
    // Keras's metric strings for the regression losses: logged under the name asked for.
    Registry.builtIn(
        Registry.Kind.METRIC,
        MeanMetricWrapper.class,
        null,
        List.of("mean_squared_error", "mse"),
        (c, custom) ->
            new MeanMetricWrapper(
                nameIn(c, "mean_squared_error"),
                "mean_squared_error",
                (t, p) -> new MeanSquaredError().call(t, p)));
    Registry.builtIn(
        Registry.Kind.METRIC,
        MeanMetricWrapper.class,
        null,
        List.of("mean_absolute_error", "mae"),
        (c, custom) ->
            new MeanMetricWrapper(
                nameIn(c, "mean_absolute_error"),
                "mean_absolute_error",
                (t, p) -> new MeanAbsoluteError().call(t, p)));
  }

  private static String nameIn(Map<String, Object> c, String dflt) {
    return c.get("name") instanceof String n ? n : dflt;
  }

  /** Per-sample values of {@code (yTrue, yPred)}, told whether the labels were checked. */
  @FunctionalInterface
  public interface LabelledFunction {
    /** The per-sample values; {@code labelsChecked} as in {@link Metric#updateState}. */
    Tensor apply(Tensor yTrue, Tensor yPred, boolean labelsChecked);
  }

  private final LabelledFunction fn;

  /** A metric logged as {@code name} (or {@code keras2Name}) averaging {@code fn}'s values. */
  public MeanMetricWrapper(String name, String keras2Name, BiFunction<Tensor, Tensor, Tensor> fn) {
    this(name, keras2Name, (t, p, checked) -> fn.apply(t, p));
  }

  /** As the BiFunction form, for a function with host-side label checks it can skip. */
  public MeanMetricWrapper(String name, String keras2Name, LabelledFunction fn) {
    super(name, keras2Name);
    this.fn = fn;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    updateState(yTrue, yPred, sampleWeight, false);
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight, boolean labelsChecked) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          name() + ": arguments 'yTrue' and 'yPred' expected tensors but one was null");
    }
    try (TensorScope scope = new TensorScope()) {
      update(fn.apply(yTrue, yPred, labelsChecked), sampleWeight);
    }
  }
}
