package dev.myelin.internal;

import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a metric's batch sums as tensors instead of reading them on the host, while a training
 * step is being traced (not public API).
 *
 * <p>A running-mean metric adds {@code sum(values * w)} and {@code sum(w)} to its state; when a
 * collector is active on the calling thread it hands those two tensors (or the total and a constant
 * count) to {@link #add} with a {@link Sink} that adds numbers to its state. The traced step makes
 * the tensors outputs of its plan and, after each run, feeds their values to the sinks, so the
 * metric ends in exactly the state the eager step leaves.
 */
public final class MetricPartials implements AutoCloseable {
  /** Adds a batch's total and count to a metric's state. */
  public interface Sink {
    void add(double total, double count);
  }

  /** One deferred update: its sink, the total tensor and the count (tensor, or constant). */
  public static final class Entry {
    public final Sink sink;
    public final Tensor total;
    public final Tensor count;
    public final double constantCount;

    Entry(Sink sink, Tensor total, Tensor count, double constantCount) {
      this.sink = sink;
      this.total = total;
      this.count = count;
      this.constantCount = constantCount;
    }
  }

  private static final ThreadLocal<MetricPartials> ACTIVE = new ThreadLocal<>();
  private final List<Entry> entries = new ArrayList<>();
  private final MetricPartials previous;

  private MetricPartials(MetricPartials previous) {
    this.previous = previous;
  }

  /** Starts collecting on the calling thread until {@link #close()}. */
  public static MetricPartials begin() {
    MetricPartials c = new MetricPartials(ACTIVE.get());
    ACTIVE.set(c);
    return c;
  }

  /** The collector active on the calling thread, or null. */
  public static MetricPartials active() {
    return ACTIVE.get();
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

  /** Stops collecting and releases the kept tensors. */
  @Override
  public void close() {
    if (ACTIVE.get() == this) {
      if (previous == null) {
        ACTIVE.remove();
      } else {
        ACTIVE.set(previous);
      }
    }
    for (Entry e : entries) {
      e.total.close();
      if (e.count != null) {
        e.count.close();
      }
    }
  }
}
