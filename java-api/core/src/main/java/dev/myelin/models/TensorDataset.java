package dev.myelin.models;

import dev.myelin.Slice;
import dev.myelin.Tensor;

/**
 * A {@link Dataset} over tensors in memory: batches are native slices (or, when shuffling, native
 * gathers through a permutation drawn from the seeded per-thread generator each epoch), so nothing
 * proportional to the data is copied on the Java heap.
 *
 * <pre>{@code
 * Dataset d = new TensorDataset(x, y).batchSize(32).shuffle(true);
 * }</pre>
 */
public final class TensorDataset implements Dataset, AutoCloseable {
  private final Tensor[] x;
  private final Tensor[] y;
  private final Tensor sampleWeight;
  private final long n;
  private int batchSize = 32;
  private boolean shuffle;
  private Tensor order;

  /** A dataset of inputs {@code x} and targets {@code y} (either may hold several tensors). */
  public TensorDataset(Tensor[] x, Tensor[] y, Tensor sampleWeight) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException(
          "TensorDataset: argument 'x' expected at least one tensor but was empty");
    }
    this.x = x.clone();
    this.y = y == null ? null : y.clone();
    this.sampleWeight = sampleWeight;
    this.n = x[0].dim(0);
    check(x, "x");
    if (y != null) {
      check(y, "y");
    }
    if (sampleWeight != null && (sampleWeight.rank() != 1 || sampleWeight.dim(0) != n)) {
      throw new IllegalArgumentException(
          "TensorDataset: argument 'sampleWeight' expected shape ("
              + n
              + ",) but was "
              + java.util.Arrays.toString(sampleWeight.shape()));
    }
  }

  /** A dataset of one input tensor and one target tensor. */
  public TensorDataset(Tensor x, Tensor y) {
    this(new Tensor[] {x}, y == null ? null : new Tensor[] {y}, null);
  }

  private void check(Tensor[] ts, String what) {
    for (int i = 0; i < ts.length; i++) {
      if (ts[i] == null || ts[i].rank() == 0 || ts[i].dim(0) != n) {
        throw new IllegalArgumentException(
            "TensorDataset: argument '"
                + what
                + "["
                + i
                + "]' expected "
                + n
                + " samples (the first axis of x[0]) but was "
                + (ts[i] == null ? "null" : "shape " + java.util.Arrays.toString(ts[i].shape())));
      }
    }
  }

  /** Sets the batch size (default 32). */
  public TensorDataset batchSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException(
          "TensorDataset: argument 'batchSize' expected a positive integer but was " + size);
    }
    this.batchSize = size;
    return this;
  }

  /** Whether each epoch visits the samples in a new random order (default false). */
  public TensorDataset shuffle(boolean on) {
    this.shuffle = on;
    return this;
  }

  @Override
  public int steps() {
    return (int) ((n + batchSize - 1) / batchSize);
  }

  @Override
  public long samples() {
    return n;
  }

  @Override
  public void onEpochBegin(int epoch) {
    if (shuffle) {
      if (order != null) {
        order.close();
      }
      order = Tensor.permutation(n).detach();
    }
  }

  @Override
  public Batch batch(int step) {
    long start = (long) step * batchSize;
    long stop = Math.min(n, start + batchSize);
    if (step < 0 || start >= n) {
      throw new IndexOutOfBoundsException(
          "TensorDataset.batch: step " + step + " is out of range for " + steps() + " steps");
    }
    if (shuffle && order != null) {
      Tensor idx = order.slice(Slice.range(start, stop));
      return new Batch(
          take(x, idx),
          y == null ? null : take(y, idx),
          sampleWeight == null ? null : sampleWeight.take(idx, 0));
    }
    return new Batch(
        slice(x, start, stop),
        y == null ? null : slice(y, start, stop),
        sampleWeight == null ? null : sampleWeight.slice(Slice.range(start, stop)));
  }

  private static Tensor[] take(Tensor[] ts, Tensor idx) {
    Tensor[] r = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      r[i] = ts[i].take(idx, 0);
    }
    return r;
  }

  private static Tensor[] slice(Tensor[] ts, long start, long stop) {
    Tensor[] r = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      r[i] = start == 0 && stop == ts[i].dim(0) ? ts[i] : ts[i].slice(Slice.range(start, stop));
    }
    return r;
  }

  /** Releases the current epoch's shuffling order (the data tensors belong to the caller). */
  @Override
  public void close() {
    if (order != null) {
      order.close();
      order = null;
    }
  }
}
