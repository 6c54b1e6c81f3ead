package dev.myelin.metrics;

import dev.myelin.Tensor;
import dev.myelin.losses.Loss;
import dev.myelin.saving.Registry;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The base of every metric, like Keras's {@code keras.metrics.Metric}: state accumulates over
 * {@link #updateState} calls, {@link #result()} reads it, {@link #resetState()} clears it (at each
 * epoch's start). State lives in a few Java doubles fed by native reductions, never in per-element
 * Java loops.
 *
 * <pre>{@code
 * Metric acc = Metric.get("accuracy", Loss.get("binary_crossentropy"));
 * acc.updateState(yTrue, yPred, null);
 * double value = acc.result();
 * }</pre>
 */
public abstract class Metric {
  private final String name;
  private final String keras2Name;

  /** A metric logged as {@code name} (in both naming modes). */
  protected Metric(String name) {
    this(name, name);
  }

  /** A metric logged as {@code name}, or {@code keras2Name} in Keras 2.2 naming mode. */
  protected Metric(String name, String keras2Name) {
    this.name = name;
    this.keras2Name = keras2Name;
  }

  /** The logged name, e.g. {@code accuracy} (or {@code acc} in Keras-2 naming mode). */
  public String name() {
    return MetricNames.keras2Names() ? keras2Name : name;
  }

  /** Accumulates a batch; {@code sampleWeight} (shape (batch,) or (batch, 1)) may be null. */
  public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

  /**
   * {@link #updateState(Tensor, Tensor, Tensor)}, told whether {@code yTrue}'s values already
   * passed the compiled loss's {@code checkLabels}: a metric with host-side value checks skips them
   * when {@code labelsChecked}, so a training step can be traced. {@code Model}'s steps pass their
   * {@code StepContext.labelsChecked()}; the default ignores the flag.
   */
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight, boolean labelsChecked) {
    updateState(yTrue, yPred, sampleWeight);
  }

  /** The metric's value over every batch since the last reset (0 when nothing was seen). */
  public abstract double result();

  /** Clears the accumulated state. */
  public abstract void resetState();

  /**
   * Resolves a metric string as Keras does. {@code accuracy} / {@code acc} become binary accuracy
   * with a binary crossentropy (or hinge) loss, sparse categorical accuracy with sparse categorical
   * crossentropy, categorical accuracy with categorical crossentropy, and otherwise are chosen from
   * the shapes of the first batch. {@code loss} may be null.
   */
  public static Metric get(String name, Loss loss) {
    String key = name == null ? null : name.toLowerCase(Locale.ROOT);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("name", key);
    Metric m = (Metric) Registry.fromConfig(Registry.Kind.METRIC, key, config, null);
    if (m instanceof ResolvedAccuracy r) {
      r.resolveFrom(loss);
    }
    return m;
  }

  /** Returns e.g. {@code BinaryAccuracy(name=accuracy, result=0.75)}. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name() + ", result=" + result() + ")";
  }
}
