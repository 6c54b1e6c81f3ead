package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.Map;

/**
 * What the global pooling layers share: the maximum or mean over every spatial axis of a
 * channels-last input, giving {@code (batch, channels)}, or with {@code keepdims} the input's rank
 * with spatial axes of size 1.
 */
public abstract class GlobalPooling extends Layer {
  private final int rank;
  private final boolean max;
  private boolean keepdims;
  private boolean channelsFirst;

  GlobalPooling(int rank, boolean max) {
    this.rank = rank;
    this.max = max;
  }

  /** Whether the spatial axes stay, with size 1 (default false). */
  public GlobalPooling keepdims(boolean on) {
    this.keepdims = on;
    return this;
  }

  /** Whether the spatial axes stay, with size 1. */
  public boolean keepdims() {
    return keepdims;
  }

  /** Sets the data format, "channels_last" (default; null means it too) or "channels_first". */
  public GlobalPooling dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, className());
    return this;
  }

  /** The data format, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  /** Reads keepdims and data_format of a config into this layer. */
  GlobalPooling configure(Map<String, Object> c) {
    keepdims(dev.myelin.saving.internal.Configs.bool(c, "keepdims", false));
    this.channelsFirst = DataFormat.read(c, className());
    return this;
  }

  @Override
  public GlobalPooling inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  private void checkShape(long[] s) {
    DataFormat.checkRank(this, s, rank, channelsFirst);
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] s = inputShapes[0];
    checkShape(s);
    if (!keepdims) {
      return new long[] {s[0], s[DataFormat.channelAxis(s.length, channelsFirst)]};
    }
    long[] out = s.clone();
    int first = DataFormat.spatialStart(channelsFirst);
    for (int i = first; i < first + rank; i++) {
      out[i] = 1;
    }
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    checkShape(x.shape());
    int[] axes = new int[rank];
    for (int i = 0; i < rank; i++) {
      axes[i] = i + DataFormat.spatialStart(channelsFirst);
    }
    return max ? x.max(keepdims, axes) : x.mean(keepdims, axes);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("data_format", DataFormat.name(channelsFirst));
    c.put("keepdims", keepdims);
    return c;
  }
}
