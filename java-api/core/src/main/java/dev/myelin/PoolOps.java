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

/** Tensor's max and average pooling over the spatial axes of channels-last tensors. */
final class PoolOps {
  private PoolOps() {}

  static Tensor pool(
      Tensor self, String op, int kind, long[] poolSize, long[] strides, String padding) {
    long x = self.h(op);
    long[] s = self.shp();
    int k = s.length - 2;
    if (k < 1 || k > 3) {
      throw Errors.arg(
          op, "x", "rank 3, 4 or 5 (batch, spatial axes, channels)", Arrays.toString(s));
    }
    check(op, "poolSize", poolSize, k);
    long[] st = strides == null ? poolSize.clone() : strides.clone();
    check(op, "strides", st, k);
    String p = PoolGeometry.padding(op, padding);
    long[] w = poolSize.clone();
    long[] before = new long[k];
    long[] after = new long[k];
    for (int i = 0; i < k; i++) {
      before[i] = PoolGeometry.padBefore(s[i + 1], w[i], st[i], p);
      after[i] = PoolGeometry.padAfter(s[i + 1], w[i], st[i], p);
    }
    Tensor out =
        make(Reachable.after(NativeCore.mln_pool(x, kind, k, w, st, before, after), self), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              gradient(
                  Reachable.after(
                      NativeCore.mln_pool_backward(
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
