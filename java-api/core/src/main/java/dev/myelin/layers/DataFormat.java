package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.Map;

/**
 * Keras's two image data formats, {@code channels_last} (the default, {@code (batch, spatial...,
 * channels)}) and {@code channels_first} ({@code (batch, channels, spatial...)}): the config check,
 * the input-rank check and the moves between the two layouts that the spatial layers share.
 *
 * <p>The convolution and pooling kernels run channels-last (oneDNN's {@code nhwc} tags, which its
 * blocked formats reorder from anyway); a channels-first layer moves its input there and its output
 * back with one permutation each, whose gradient is the inverse permutation. Layers whose work is
 * indexing (padding, cropping, global pooling, nearest upsampling) index the channels-first axes
 * directly instead.
 */
final class DataFormat {
  private DataFormat() {}

  /** Keras's name of a format. */
  static String name(boolean channelsFirst) {
    return channelsFirst ? "channels_first" : "channels_last";
  }

  /**
   * Whether {@code format} names channels_first; null means Keras's default channels_last, and any
   * other value throws naming {@code owner}.
   */
  static boolean channelsFirst(Object format, String owner) {
    if (format == null || "channels_last".equals(format)) {
      return false;
    }
    if ("channels_first".equals(format)) {
      return true;
    }
    throw new IllegalArgumentException(
        owner
            + ": argument 'data_format' expected \"channels_last\" or \"channels_first\" but was \""
            + format
            + "\"");
  }

  /** Whether a config's data_format (absent or null means channels_last) is channels_first. */
  static boolean read(Map<String, Object> c, String owner) {
    return channelsFirst(c.get("data_format"), owner + " config");
  }

  /** Throws, naming the layer, unless {@code s} is (batch, {@code rank} spatial axes, channels). */
  static void checkRank(Layer l, long[] s, int rank) {
    checkRank(l, s, rank, false);
  }

  /** Throws, naming the layer, unless {@code s} has a batch, a channel and {@code rank} axes. */
  static void checkRank(Layer l, long[] s, int rank, boolean channelsFirst) {
    if (s.length != rank + 2) {
      String spatial = rank == 1 ? "steps" : rank == 2 ? "rows, cols" : "three spatial axes";
      throw new IllegalArgumentException(
          "Layer \""
              + l.name()
              + "\" ("
              + l.className()
              + "): expected input of rank "
              + (rank + 2)
              + (channelsFirst
                  ? " (batch, channels, " + spatial + ")"
                  : " (batch, " + spatial + ", channels)")
              + " but got shape "
              + KerasTensor.formatShape(s));
    }
  }

  /** The first spatial axis: 2 channels first, 1 channels last. */
  static int spatialStart(boolean channelsFirst) {
    return channelsFirst ? 2 : 1;
  }

  /** The channel axis of a rank-{@code r} shape. */
  static int channelAxis(int r, boolean channelsFirst) {
    return channelsFirst ? 1 : r - 1;
  }

  /** (batch, channels, spatial...) as (batch, spatial..., channels); other ranks unchanged. */
  static long[] toLast(long[] s, boolean channelsFirst) {
    if (!channelsFirst || s.length < 3) {
      return s;
    }
    long[] r = new long[s.length];
    r[0] = s[0];
    System.arraycopy(s, 2, r, 1, s.length - 2);
    r[s.length - 1] = s[1];
    return r;
  }

  /** (batch, spatial..., channels) as (batch, channels, spatial...); other ranks unchanged. */
  static long[] toFirst(long[] s, boolean channelsFirst) {
    if (!channelsFirst || s.length < 3) {
      return s;
    }
    long[] r = new long[s.length];
    r[0] = s[0];
    r[1] = s[s.length - 1];
    System.arraycopy(s, 1, r, 2, s.length - 2);
    return r;
  }

  /** A channels-first tensor permuted to channels last (unchanged when channels last). */
  static Tensor toLast(Tensor x, boolean channelsFirst) {
    int r = x.rank();
    if (!channelsFirst || r < 3) {
      return x;
    }
    int[] perm = new int[r];
    for (int i = 1; i < r - 1; i++) {
      perm[i] = i + 1;
    }
    perm[r - 1] = 1;
    return x.permute(perm);
  }

  /** A channels-last tensor permuted to channels first (unchanged when channels last). */
  static Tensor toFirst(Tensor x, boolean channelsFirst) {
    int r = x.rank();
    if (!channelsFirst || r < 3) {
      return x;
    }
    int[] perm = new int[r];
    perm[1] = r - 1;
    for (int i = 2; i < r; i++) {
      perm[i] = i - 1;
    }
    return x.permute(perm);
  }
}
