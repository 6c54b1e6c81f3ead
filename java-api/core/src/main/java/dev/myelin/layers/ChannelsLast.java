package dev.myelin.layers;

import java.util.Map;

/**
 * The one data format the spatial layers implement, Keras's default {@code channels_last}: the
 * config check and the input-rank check they share.
 */
final class ChannelsLast {
  private ChannelsLast() {}

  /** Throws when a config asks for another data format (absent or null means channels_last). */
  static void check(Map<String, Object> c, String owner) {
    Object f = c.get("data_format");
    if (f != null && !"channels_last".equals(f)) {
      throw new IllegalArgumentException(
          owner
              + " config: argument 'data_format' expected \"channels_last\" but was \""
              + f
              + "\"");
    }
  }

  /** Throws, naming the layer, unless {@code s} is (batch, {@code rank} spatial axes, channels). */
  static void checkRank(Layer l, long[] s, int rank) {
    if (s.length != rank + 2) {
      throw new IllegalArgumentException(
          "Layer \""
              + l.name()
              + "\" ("
              + l.className()
              + "): expected input of rank "
              + (rank + 2)
              + " (batch, "
              + (rank == 1 ? "steps" : rank == 2 ? "rows, cols" : "three spatial axes")
              + ", channels) but got shape "
              + KerasTensor.formatShape(s));
    }
  }
}
