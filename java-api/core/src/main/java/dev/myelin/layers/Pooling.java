package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.internal.PoolGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the windowed pooling layers share ({@code MaxPooling1D/2D}, {@code AveragePooling1D/2D}):
 * channels-last input {@code (batch, spatial..., channels)} or with {@link #dataFormat(String)}
 * channels first, {@code pool_size}, {@code strides} (default: the pool size) and {@code padding}
 * ({@code "valid"} or {@code "same"}, Keras's split).
 */
public abstract class Pooling extends Layer {
  private final int rank;
  private final boolean max;
  private long[] poolSize;
  private long[] strides;
  private String padding = "valid";
  private boolean channelsFirst;

  Pooling(int rank, boolean max, long[] poolSize) {
    this.rank = rank;
    this.max = max;
    this.poolSize = tuple(poolSize, "poolSize");
  }

  /** The window size per spatial axis. */
  public long[] poolSize() {
    return poolSize.clone();
  }

  /** The step per spatial axis (the pool size unless set). */
  public long[] strides() {
    return strides == null ? poolSize.clone() : strides.clone();
  }

  /** The padding mode, {@code "valid"} or {@code "same"}. */
  public String padding() {
    return padding;
  }

  /** Sets the strides: one value for every spatial axis or one per axis (default: pool size). */
  public Pooling strides(long... s) {
    this.strides = s == null ? null : tuple(s, "strides");
    return this;
  }

  /** Sets the padding, {@code "valid"} (default) or {@code "same"}. */
  public Pooling padding(String p) {
    this.padding = PoolGeometry.padding(className(), p);
    return this;
  }

  /** Sets the data format, "channels_last" (default; null means it too) or "channels_first". */
  public Pooling dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, className());
    return this;
  }

  /** The data format, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  @Override
  public Pooling inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  private long[] tuple(long[] v, String what) {
    if (v == null || (v.length != 1 && v.length != rank)) {
      throw new IllegalArgumentException(
          className()
              + ": argument '"
              + what
              + "' expected 1 or "
              + rank
              + " positive integers but was "
              + Arrays.toString(v));
    }
    long[] r = new long[rank];
    for (int i = 0; i < rank; i++) {
      r[i] = v.length == 1 ? v[0] : v[i];
      if (r[i] < 1) {
        throw new IllegalArgumentException(
            className()
                + ": argument '"
                + what
                + "' expected positive integers but was "
                + Arrays.toString(v));
      }
    }
    return r;
  }

  /** Checks an input shape: rank, and windows that fit a "valid" input. */
  private void checkShape(long[] s) {
    DataFormat.checkRank(this, s, rank);
    for (int i = 0; i < rank; i++) {
      if ("valid".equals(padding) && s[i + 1] >= 0 && s[i + 1] < poolSize[i]) {
        throw new IllegalArgumentException(
            "Layer \""
                + name()
                + "\" ("
                + className()
                + "): pool_size "
                + Arrays.toString(poolSize)
                + " is larger than the input "
                + KerasTensor.formatShape(s)
                + " on spatial axis "
                + i
                + " with padding \"valid\"");
      }
    }
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = DataFormat.toLast(inputShapes[0], channelsFirst);
    checkShape(s);
    long[] st = strides();
    long[] out = s.clone();
    for (int i = 0; i < rank; i++) {
      out[i + 1] = PoolGeometry.outputSize(s[i + 1], poolSize[i], st[i], padding);
    }
    return DataFormat.toFirst(out, channelsFirst);
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    checkShape(DataFormat.toLast(x.shape(), channelsFirst));
    String format = DataFormat.name(channelsFirst);
    return max
        ? x.maxPool(poolSize, strides(), padding, format)
        : x.averagePool(poolSize, strides(), padding, format);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("pool_size", list(poolSize));
    c.put("padding", padding);
    c.put("strides", list(strides()));
    c.put("data_format", DataFormat.name(channelsFirst));
    return c;
  }

  static List<Object> list(long[] v) {
    List<Object> r = new ArrayList<>();
    for (long d : v) {
      r.add(d);
    }
    return r;
  }

  /** An int or a list of ints from a Keras config, as a long array (null stays null). */
  static long[] ints(Object o, String what) {
    if (o == null) {
      return null;
    }
    if (o instanceof Number n) {
      return new long[] {n.longValue()};
    }
    if (o instanceof List<?> l) {
      long[] r = new long[l.size()];
      for (int i = 0; i < r.length; i++) {
        if (!(l.get(i) instanceof Number n)) {
          throw new IllegalArgumentException(
              what + ": expected an integer or a list of integers but was " + o);
        }
        r[i] = n.longValue();
      }
      return r;
    }
    throw new IllegalArgumentException(
        what + ": expected an integer or a list of integers but was " + o);
  }

  /** Reads strides and padding of a config into {@code p}; checks its data_format. */
  static <P extends Pooling> P configure(P p, Map<String, Object> c) {
    p.dataFormat(DataFormat.name(DataFormat.read(c, p.className())));
    long[] s = ints(c.get("strides"), p.className() + " config 'strides'");
    if (s != null) {
      p.strides(s);
    }
    Object pad = c.get("padding");
    p.padding(pad == null ? "valid" : pad.toString());
    return p;
  }
}
