package dev.myelin;

import static dev.myelin.Tensor.gradient;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.PoolGeometry;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import java.util.Arrays;

/**
 * Tensor's max and average pooling over the spatial axes of channels-last tensors, or of
 * channels-first ones (natively, on oneDNN's plain nchw layout).
 */
final class PoolOps {
  private PoolOps() {}

  static Tensor pool(
      Tensor self, String op, int kind, long[] poolSize, long[] strides, String padding) {
    return pool(self, op, kind, poolSize, strides, padding, "channels_last");
  }

  static Tensor pool(
      Tensor self,
      String op,
      int kind,
      long[] poolSize,
      long[] strides,
      String padding,
      String dataFormat) {
    boolean cf = "channels_first".equals(dataFormat);
    if (!cf && !"channels_last".equals(dataFormat)) {
      throw Errors.arg(op, "data_format", "\"channels_last\" or \"channels_first\"", dataFormat);
    }
    long x = self.h(op);
    long[] s = self.shp();
    int k = s.length - 2;
    if (k < 1 || k > 3) {
      throw Errors.arg(
          op,
          "x",
          cf
              ? "rank 3, 4 or 5 (batch, channels, spatial axes)"
              : "rank 3, 4 or 5 (batch, spatial axes, channels)",
          Arrays.toString(s));
    }
    int sp0 = cf ? 2 : 1;
    check(op, "poolSize", poolSize, k);
    long[] st = strides == null ? poolSize.clone() : strides.clone();
    check(op, "strides", st, k);
    String p = PoolGeometry.padding(op, padding);
    long[] w = poolSize.clone();
    long[] before = new long[k];
    long[] after = new long[k];
    for (int i = 0; i < k; i++) {
      before[i] = PoolGeometry.padBefore(s[i + sp0], w[i], st[i], p);
      after[i] = PoolGeometry.padAfter(s[i + sp0], w[i], st[i], p);
    }
    long y =
        cf
            ? NativeCore.mln_pool_cf(x, kind, k, w, st, before, after)
            : NativeCore.mln_pool(x, kind, k, w, st, before, after);
    Tensor out = make(Reachable.after(y, self), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              gradient(
                  Reachable.after(
                      cf
                          ? NativeCore.mln_pool_cf_backward(
                              in[0].h(op), gy.h(op), kind, k, w, st, before, after)
                          : NativeCore.mln_pool_backward(
                              in[0].h(op), gy.h(op), kind, k, w, st, before, after),
                      in,
                      gy),
                  op),
          out,
          self);
    }
    return out;
  }

  private static void check(String op, String name, long[] v, int k) {
    boolean ok = v != null && v.length == k;
    for (int i = 0; ok && i < k; i++) {
      ok = v[i] >= 1;
    }
    if (!ok) {
      throw Errors.arg(
          op,
          name,
          k + " positive integers (one per spatial axis)",
          v == null ? "null" : Arrays.toString(v));
    }
  }
}
