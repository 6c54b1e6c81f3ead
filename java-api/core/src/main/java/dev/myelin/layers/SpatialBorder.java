package dev.myelin.layers;

import dev.myelin.Slice;
import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code ZeroPadding1D/2D} and {@code Cropping1D/2D} share: an amount before and after each
 * spatial axis of a channels-last input, added as zeros or removed.
 */
public abstract class SpatialBorder extends Layer {
  private final int rank;
  private final boolean crop;
  private final long[][] amounts;
  private boolean channelsFirst;

  SpatialBorder(int rank, boolean crop, long[][] amounts) {
    this.rank = rank;
    this.crop = crop;
    String what = crop ? "cropping" : "padding";
    if (amounts == null || amounts.length != rank) {
      throw new IllegalArgumentException(
          className() + ": argument '" + what + "' expected " + rank + " (before, after) pairs");
    }
    this.amounts = new long[rank][];
    for (int i = 0; i < rank; i++) {
      long[] a = amounts[i];
      if (a == null || a.length != 2 || a[0] < 0 || a[1] < 0) {
        throw new IllegalArgumentException(
            className()
                + ": argument '"
                + what
                + "' expected (before, after) pairs of non-negative integers but was "
                + Arrays.deepToString(amounts));
      }
      this.amounts[i] = a.clone();
    }
  }

  /** The (before, after) amount of each spatial axis. */
  public long[][] amounts() {
    long[][] r = new long[rank][];
    for (int i = 0; i < rank; i++) {
      r[i] = amounts[i].clone();
    }
    return r;
  }

  /**
   * Sets the data format, "channels_last" (default; null means it too) or "channels_first" (Keras's
   * ZeroPadding1D/2D and Cropping2D take it; Cropping1D is channels last).
   */
  public SpatialBorder dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, className());
    return this;
  }

  /** The data format, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  @Override
  public SpatialBorder inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  private void checkShape(long[] s) {
    DataFormat.checkRank(this, s, rank, channelsFirst);
    int first = DataFormat.spatialStart(channelsFirst);
    for (int i = 0; crop && i < rank; i++) {
      if (s[i + first] >= 0 && amounts[i][0] + amounts[i][1] >= s[i + first]) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\" ("
                + className()
                + "): cropping "
                + Arrays.toString(amounts[i])
                + " leaves nothing of spatial axis "
                + i
                + " of input "
                + KerasTensor.formatShape(s));
      }
    }
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    checkShape(s);
    long[] out = s.clone();
    int first = DataFormat.spatialStart(channelsFirst);
    for (int i = 0; i < rank; i++) {
      long d = amounts[i][0] + amounts[i][1];
      long n = s[i + first];
      out[i + first] = n < 0 ? -1 : crop ? n - d : n + d;
    }
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    long[] s = x.shape();
    checkShape(s);
    int first = DataFormat.spatialStart(channelsFirst);
    if (crop) {
      Slice[] sl = new Slice[s.length];
      Arrays.fill(sl, Slice.all());
      for (int i = 0; i < rank; i++) {
        sl[i + first] = Slice.range(amounts[i][0], s[i + first] - amounts[i][1]);
      }
      return x.slice(sl);
    }
    long[] before = new long[s.length];
    long[] after = new long[s.length];
    for (int i = 0; i < rank; i++) {
      before[i + first] = amounts[i][0];
      after[i + first] = amounts[i][1];
    }
    return x.pad(before, after);
  }

  /** The amounts as Keras writes them: (a, b) for one axis, ((a, b), (c, d)) for two. */
  Object amountsConfig() {
    if (rank == 1) {
      return Pooling.list(amounts[0]);
    }
    List<Object> r = new ArrayList<>();
    for (long[] a : amounts) {
      r.add(Pooling.list(a));
    }
    return r;
  }

  /**
   * Keras's forms of the argument: an int (every side), for one axis a pair (before, after), for
   * two axes a pair of ints (symmetric rows, cols) or a pair of pairs.
   */
  static long[][] parse(Object o, int rank, String what) {
    if (o instanceof Number n) {
      long[][] r = new long[rank][];
      for (int i = 0; i < rank; i++) {
        r[i] = new long[] {n.longValue(), n.longValue()};
      }
      return r;
    }
    if (o instanceof List<?> l && l.size() == (rank == 1 ? 2 : rank)) {
      if (rank == 1) {
        return new long[][] {Pooling.ints(l, what)};
      }
      long[][] r = new long[rank][];
      for (int i = 0; i < rank; i++) {
        long[] v = Pooling.ints(l.get(i), what);
        r[i] = v.length == 1 ? new long[] {v[0], v[0]} : v;
      }
      return r;
    }
    throw new IllegalArgumentException(
        what + ": expected an integer or " + (rank == 1 ? "a pair" : "pairs") + " but was " + o);
  }

  /** The same (before, after) amount on every side of {@code rank} axes. */
  static long[][] uniform(int rank, long before, long after) {
    long[][] r = new long[rank][];
    for (int i = 0; i < rank; i++) {
      r[i] = new long[] {before, after};
    }
    return r;
  }
}
