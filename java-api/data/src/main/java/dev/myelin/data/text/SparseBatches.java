package dev.myelin.data.text;

import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import dev.myelin.models.Batch;
import dev.myelin.models.Dataset;

/**
 * A {@link Dataset} over a {@link CsrMatrix}: each batch is densified on demand into a float32
 * {@code (batch, cols)} tensor, so {@code fit} never holds the dense matrix (the book's {@code
 * todense()} needs {@code rows x cols} floats at once).
 *
 * <pre>{@code
 * model.fit(new SparseBatches(x, y).batchSize(32).shuffle(0), new FitOptions().epochs(10));
 * }</pre>
 */
public final class SparseBatches implements Dataset {
  private final CsrMatrix x;
  private final float[] y;
  private final int targetWidth;
  private int batchSize = 32;
  private RandomState shuffler;
  private int[] order;

  /** Batches of rows of {@code x} with one target per row (tensors of shape {@code (batch, 1)}). */
  public SparseBatches(CsrMatrix x, float[] y) {
    this(x, y, 1);
  }

  /** Batches of rows of {@code x} with {@code y[i]} a row of targets (e.g. one-hot classes). */
  public SparseBatches(CsrMatrix x, float[][] y) {
    this(x, flatten(y, x.rows()), y.length == 0 ? 1 : y[0].length);
  }

  private SparseBatches(CsrMatrix x, float[] y, int width) {
    if (y != null && y.length != (long) x.rows() * width) {
      throw new IllegalArgumentException(
          "SparseBatches: argument 'y' expected "
              + x.rows()
              + " targets (one per row of x) but was "
              + y.length / Math.max(width, 1));
    }
    this.x = x;
    this.y = y;
    this.targetWidth = width;
  }

  private static float[] flatten(float[][] y, int rows) {
    if (y.length != rows) {
      throw new IllegalArgumentException(
          "SparseBatches: argument 'y' expected "
              + rows
              + " target rows (one per row of x) but was "
              + y.length);
    }
    int w = rows == 0 ? 1 : y[0].length;
    float[] out = new float[rows * w];
    for (int i = 0; i < rows; i++) {
      if (y[i].length != w) {
        throw new IllegalArgumentException(
            "SparseBatches: argument 'y' expected rows of length "
                + w
                + " but row "
                + i
                + " has length "
                + y[i].length);
      }
      System.arraycopy(y[i], 0, out, i * w, w);
    }
    return out;
  }

  /** The batch size (default 32). */
  public SparseBatches batchSize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException(
          "SparseBatches: argument 'batchSize' expected a positive integer but was " + size);
    }
    this.batchSize = size;
    return this;
  }

  /** Visits the rows in a new order each epoch, drawn from numpy's {@code RandomState(seed)}. */
  public SparseBatches shuffle(long seed) {
    this.shuffler = new RandomState(seed);
    return this;
  }

  @Override
  public int steps() {
    return (x.rows() + batchSize - 1) / batchSize;
  }

  @Override
  public long samples() {
    return x.rows();
  }

  @Override
  public void onEpochBegin(int epoch) {
    if (shuffler != null) {
      order = shuffler.permutation(x.rows());
    }
  }

  /** The row order of the current epoch (null when not shuffled). */
  public int[] order() {
    return order == null ? null : order.clone();
  }

  @Override
  public Batch batch(int step) {
    int from = step * batchSize;
    if (step < 0 || from >= x.rows()) {
      throw new IndexOutOfBoundsException(
          "SparseBatches.batch: argument 'step' expected in [0, " + steps() + ") but was " + step);
    }
    int to = Math.min(x.rows(), from + batchSize);
    Tensor xb = Tensor.fromArray(x.denseRows(order, from, to), to - from, x.cols());
    Tensor yb = null;
    if (y != null) {
      float[] t = new float[(to - from) * targetWidth];
      for (int i = from; i < to; i++) {
        int r = order == null ? i : order[i];
        System.arraycopy(y, r * targetWidth, t, (i - from) * targetWidth, targetWidth);
      }
      yb = Tensor.fromArray(t, to - from, targetWidth);
    }
    return new Batch(new Tensor[] {xb}, yb == null ? null : new Tensor[] {yb}, null);
  }
}
