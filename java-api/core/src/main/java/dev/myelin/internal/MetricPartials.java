package dev.myelin.internal;

import dev.myelin.Tensor;
import dev.myelin.metrics.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a metric's batch sums as tensors instead of reading them on the host, while a training
 * step is being traced (not public API).
 *
 * <p>A running-mean metric adds {@code sum(values * w)} and {@code sum(w)} to its state; updated
 * through {@link #updateState} (the collector is passed explicitly, no thread-local) it hands those
 * two tensors (or the total and a constant count) to {@link #add} with a {@link Sink} that adds
 * numbers to its state. The traced step makes the tensors outputs of its plan and, after each run,
 * feeds their values to the sinks, so the metric ends in exactly the state the eager step leaves.
 */
public final class MetricPartials implements AutoCloseable {
  /** Adds a batch's total and count to a metric's state. */
  public interface Sink {
    /** Adds {@code total} over {@code count} samples (or weights) to the metric's state. */
    void add(double total, double count);
  }

  /** One deferred update: its sink, the total tensor and the count (tensor, or constant). */
  public static final class Entry {
    /** Where the values go after the step. */
    public final Sink sink;

    /** The batch's total, a scalar tensor of the step. */
    public final Tensor total;

    /** The batch's count as a tensor, or null when {@link #constantCount} holds it. */
    public final Tensor count;

    /** The batch's count when it is known without a tensor. */
    public final double constantCount;

    Entry(Sink sink, Tensor total, Tensor count, double constantCount) {
      this.sink = sink;
      this.total = total;
      this.count = count;
      this.constantCount = constantCount;
    }
  }

  /** How a metric class that can defer its sums runs one update into a collector. */
  public interface Deferral {
    /**
     * Runs {@code metric.updateState(yTrue, yPred, sampleWeight, labelsChecked)} with its sums
     * handed to {@code into}; returns false when {@code metric} cannot defer (it then was not
     * updated).
     */
    boolean updateInto(
        MetricPartials into,
        Metric metric,
        Tensor yTrue,
        Tensor yPred,
        Tensor sampleWeight,
        boolean labelsChecked);
  }

  private static volatile Deferral deferral;
  private final List<Entry> entries = new ArrayList<>();

  private MetricPartials() {}

  /** Installed once by {@code Mean}'s static initialiser. */
  public static void install(Deferral d) {
    deferral = d;
  }

  /** A new, empty collector; {@link #close()} releases what it kept. */
  public static MetricPartials begin() {
    return new MetricPartials();
  }

  /**
   * Updates {@code metric} on a batch with its batch sums collected here when it can defer them (a
   * running mean), else as usual on the host (then it adds nothing here); {@code labelsChecked} as
   * in {@link Metric#updateState(Tensor, Tensor, Tensor, boolean)}.
   */
  public void updateState(
      Metric metric, Tensor yTrue, Tensor yPred, Tensor sampleWeight, boolean labelsChecked) {
    Deferral d = deferral;
    if (d == null || !d.updateInto(this, metric, yTrue, yPred, sampleWeight, labelsChecked)) {
      metric.updateState(yTrue, yPred, sampleWeight, labelsChecked);
    }
  }

  /**
   * Defers an update: {@code total} and {@code count} (null for the constant {@code constantCount})
   * are kept (own references) until {@link #close()}.
   */
  public void add(Sink sink, Tensor total, Tensor count, double constantCount) {
    TensorAccess acc = TensorAccess.get();
    entries.add(
        new Entry(
            sink,
            acc.alias(total, "metric"),
            count == null ? null : acc.alias(count, "metric"),
            constantCount));
  }

  /** The deferred updates in order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Number of deferred updates so far. */
  public int size() {
    return entries.size();
  }

  /** Releases the kept tensors. */
  @Override
  public void close() {
    for (Entry e : entries) {
      e.total.close();
      if (e.count != null) {
        e.count.close();
      }
    }
  }
}
