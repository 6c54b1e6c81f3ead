package dev.myelin.data.timeseries;

import dev.myelin.Tensor;
import dev.myelin.data.random.RandomState;
import dev.myelin.models.Batch;
import dev.myelin.models.Dataset;
import java.util.Arrays;

/**
 * Keras 3's {@code timeseries_dataset_from_array}: windows of {@code sequenceLength} time steps
 * taken every {@code samplingRate} steps, starting every {@code sequenceStride} steps, batched for
 * {@code fit}. Window {@code i} starts at {@code startIndex + p[i]}; its target is {@code
 * targets[startIndex + p[i]]} (so pass targets shifted as Keras's documentation shows).
 *
 * <pre>{@code
 * TimeseriesDataset ds = TimeseriesDataset.fromArray(data, targets, 10)
 *     .samplingRate(2).batchSize(64);
 * model.fit(ds, new FitOptions().epochs(3));
 * }</pre>
 *
 * <p>{@code shuffle} permutes the start positions with numpy's {@code RandomState(seed)} as Keras
 * does; the extra buffer shuffle that tf.data (or grain) then applies is not reproduced.
 */
public final class TimeseriesDataset implements Dataset {
  private final float[][] data;
  private final float[][] targets;
  private final int sequenceLength;
  private int sequenceStride = 1;
  private int samplingRate = 1;
  private Integer batchSize = 128;
  private boolean shuffle;
  private Long seed;
  private Integer startIndex;
  private Integer endIndex;
  private int[] positions;

  private TimeseriesDataset(float[][] data, float[][] targets, int sequenceLength) {
    this.data = data;
    this.targets = targets;
    this.sequenceLength = sequenceLength;
  }

  /**
   * Windows over {@code data} rows ({@code (timesteps, features)}) with one target row per time
   * step ({@code null}: no targets).
   */
  public static TimeseriesDataset fromArray(float[][] data, float[][] targets, int sequenceLength) {
    if (sequenceLength < 1) {
      throw new IllegalArgumentException(
          "timeseriesDatasetFromArray: argument 'sequenceLength' expected a positive integer but"
              + " was "
              + sequenceLength);
    }
    int f = data.length == 0 ? 0 : data[0].length;
    for (int t = 0; t < data.length; t++) {
      if (data[t].length != f) {
        throw new IllegalArgumentException(
            "timeseriesDatasetFromArray: argument 'data' expected rows of "
                + f
                + " features but row "
                + t
                + " has "
                + data[t].length);
      }
    }
    return new TimeseriesDataset(data, targets, sequenceLength);
  }

  /** Windows over a single series with scalar targets ({@code null}: none). */
  public static TimeseriesDataset fromArray(double[] series, double[] targets, int sequenceLength) {
    return fromArray(column(series), targets == null ? null : column(targets), sequenceLength);
  }

  private static float[][] column(double[] v) {
    float[][] out = new float[v.length][1];
    for (int i = 0; i < v.length; i++) {
      out[i][0] = (float) v[i];
    }
    return out;
  }

  /** Steps between the starts of consecutive windows (default 1). */
  public TimeseriesDataset sequenceStride(int stride) {
    this.sequenceStride = stride;
    positions = null;
    return this;
  }

  /** Steps between consecutive time steps inside a window (default 1). */
  public TimeseriesDataset samplingRate(int rate) {
    this.samplingRate = rate;
    positions = null;
    return this;
  }

  /** Windows per batch (default 128; null: the whole set in one batch). */
  public TimeseriesDataset batchSize(Integer size) {
    if (size != null && size <= 0) {
      throw new IllegalArgumentException(
          "timeseriesDatasetFromArray: argument 'batchSize' expected null or a positive integer but"
              + " was "
              + size);
    }
    this.batchSize = size;
    return this;
  }

  /** Whether the start positions are permuted once (default false). */
  public TimeseriesDataset shuffle(boolean on) {
    this.shuffle = on;
    positions = null;
    return this;
  }

  /** The seed of the permutation (null: a random one, as Keras). */
  public TimeseriesDataset seed(Long seed) {
    this.seed = seed;
    positions = null;
    return this;
  }

  /** The first time step used (default 0). */
  public TimeseriesDataset startIndex(Integer index) {
    this.startIndex = index;
    positions = null;
    return this;
  }

  /** The time step after the last one used (default the data's length; must be below it). */
  public TimeseriesDataset endIndex(Integer index) {
    this.endIndex = index;
    positions = null;
    return this;
  }

  /** The start of each window relative to {@code startIndex}, in batch order. */
  public int[] startPositions() {
    if (positions == null) {
      positions = computePositions();
    }
    return positions.clone();
  }

  private int[] computePositions() {
    int n = data.length;
    // Keras tests these with Python truthiness: 0 counts as unset.
    if (startIndex != null && startIndex != 0) {
      if (startIndex < 0) {
        throw bad("startIndex", "0 or greater", startIndex);
      }
      if (startIndex >= n) {
        throw bad("startIndex", "lower than the data length " + n, startIndex);
      }
    }
    if (endIndex != null && endIndex != 0) {
      if (startIndex != null && startIndex != 0 && endIndex <= startIndex) {
        throw bad("endIndex", "higher than startIndex " + startIndex, endIndex);
      }
      if (endIndex >= n) {
        throw bad("endIndex", "lower than the data length " + n, endIndex);
      }
      if (endIndex <= 0) {
        throw bad("endIndex", "higher than 0", endIndex);
      }
    }
    if (samplingRate <= 0 || samplingRate >= n) {
      throw bad("samplingRate", "in (0, " + n + ") (the data length)", samplingRate);
    }
    if (sequenceStride <= 0 || sequenceStride >= n) {
      throw bad("sequenceStride", "in (0, " + n + ") (the data length)", sequenceStride);
    }
    int start = startIndex == null ? 0 : startIndex;
    int end = endIndex == null ? n : endIndex;
    long numSeqs = end - start - (long) (sequenceLength - 1) * samplingRate;
    if (targets != null) {
      numSeqs = Math.min(numSeqs, targets.length);
    }
    int count = numSeqs <= 0 ? 0 : (int) ((numSeqs + sequenceStride - 1) / sequenceStride);
    int[] p = new int[count];
    for (int i = 0; i < count; i++) {
      p[i] = i * sequenceStride;
    }
    if (shuffle) {
      long s = seed != null ? seed : new java.util.Random().nextInt(1_000_000);
      new RandomState(s).shuffle(p);
    }
    return p;
  }

  private static IllegalArgumentException bad(String arg, String expected, Object actual) {
    return new IllegalArgumentException(
        "timeseriesDatasetFromArray: argument '"
            + arg
            + "' expected "
            + expected
            + " but was "
            + actual);
  }

  /** Window {@code i}'s time steps as rows of features. */
  public float[][] window(int i) {
    int[] p = positionsNoCopy();
    int start = startIndex == null ? 0 : startIndex;
    float[][] w = new float[sequenceLength][];
    for (int k = 0; k < sequenceLength; k++) {
      w[k] = data[start + p[i] + k * samplingRate];
    }
    return w;
  }

  /** Window {@code i}'s target row (null without targets). */
  public float[] target(int i) {
    if (targets == null) {
      return null;
    }
    int start = startIndex == null ? 0 : startIndex;
    return targets[start + positionsNoCopy()[i]];
  }

  private int[] positionsNoCopy() {
    if (positions == null) {
      positions = computePositions();
    }
    return positions;
  }

  /** The number of windows. */
  public int windows() {
    return positionsNoCopy().length;
  }

  @Override
  public int steps() {
    int n = windows();
    int b = batchSize == null ? Math.max(n, 1) : batchSize;
    return (n + b - 1) / b;
  }

  @Override
  public long samples() {
    return windows();
  }

  @Override
  public Batch batch(int step) {
    int n = windows();
    int b = batchSize == null ? Math.max(n, 1) : batchSize;
    int from = step * b;
    if (step < 0 || from >= n) {
      throw new IndexOutOfBoundsException(
          "TimeseriesDataset.batch: argument 'step' expected in [0, "
              + steps()
              + ") but was "
              + step);
    }
    int to = Math.min(n, from + b);
    int f = data[0].length;
    float[] x = new float[(to - from) * sequenceLength * f];
    for (int i = from; i < to; i++) {
      float[][] w = window(i);
      for (int k = 0; k < sequenceLength; k++) {
        System.arraycopy(w[k], 0, x, ((i - from) * sequenceLength + k) * f, f);
      }
    }
    Tensor xt = Tensor.fromArray(x, to - from, sequenceLength, f);
    if (targets == null) {
      return new Batch(new Tensor[] {xt}, null, null);
    }
    int tw = targets[0].length;
    float[] y = new float[(to - from) * tw];
    for (int i = from; i < to; i++) {
      System.arraycopy(target(i), 0, y, (i - from) * tw, tw);
    }
    return new Batch(new Tensor[] {xt}, new Tensor[] {Tensor.fromArray(y, to - from, tw)}, null);
  }

  @Override
  public String toString() {
    return "TimeseriesDataset(windows="
        + windows()
        + ", sequenceLength="
        + sequenceLength
        + ", starts="
        + Arrays.toString(Arrays.copyOf(positionsNoCopy(), Math.min(5, windows())))
        + "...)";
  }
}
