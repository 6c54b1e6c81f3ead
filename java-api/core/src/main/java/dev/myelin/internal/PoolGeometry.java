package dev.myelin.internal;

import java.util.Locale;

/**
 * Keras's window arithmetic for pooling: output sizes and the padding split of {@code "same"}
 * (total padding {@code max((out - 1) * stride + window - in, 0)}, the smaller half before, the
 * extra element after, as TensorFlow and Keras place it).
 */
public final class PoolGeometry {
  private PoolGeometry() {}

  /** The padding mode, checked: {@code "valid"} or {@code "same"} (any case). */
  public static String padding(String op, String padding) {
    String p = padding == null ? null : padding.toLowerCase(Locale.ROOT);
    if (!"valid".equals(p) && !"same".equals(p)) {
      throw Errors.arg(
          op, "padding", "\"valid\" or \"same\"", padding == null ? "null" : "\"" + padding + "\"");
    }
    return p;
  }

  /** The output size of one axis of size {@code in} (-1 when unknown). */
  public static long outputSize(long in, long window, long stride, String padding) {
    if (in < 0) {
      return -1;
    }
    if ("same".equals(padding)) {
      return (in + stride - 1) / stride;
    }
    return in < window ? 0 : (in - window) / stride + 1;
  }

  /** The padding before one axis of size {@code in} ("same"), else 0. */
  public static long padBefore(long in, long window, long stride, String padding) {
    return total(in, window, stride, padding) / 2;
  }

  /** The padding after one axis of size {@code in} ("same"), else 0. */
  public static long padAfter(long in, long window, long stride, String padding) {
    long t = total(in, window, stride, padding);
    return t - t / 2;
  }

  private static long total(long in, long window, long stride, String padding) {
    if (!"same".equals(padding)) {
      return 0;
    }
    long out = outputSize(in, window, stride, padding);
    return Math.max((out - 1) * stride + window - in, 0);
  }
}
