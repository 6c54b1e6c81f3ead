package dev.myelin;

import static dev.myelin.Tensor.adopt;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;

/**
 * Tensor's fused batch normalization: one oneDNN batch_normalization primitive for the forward
 * (statistics, normalization, scale and shift in one pass over x) and one for the backward of x,
 * gamma and beta, in place of the eight elementwise and reduction ops of the composed form.
 */
final class BatchNormOps {
  private BatchNormOps() {}

  static Tensor[] batchNorm(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor mean,
      Tensor var,
      int axis,
      double epsilon,
      boolean training) {
    String op = "batchNorm";
    long hx = x.h(op);
    long hg = gamma == null ? 0 : Tensor.arg(gamma, op, "gamma");
    long hb = beta == null ? 0 : Tensor.arg(beta, op, "beta");
    long hm = training ? 0 : Tensor.arg(mean, op, "mean");
    long hv = training ? 0 : Tensor.arg(var, op, "var");
    long[] outs = new long[training ? 3 : 1];
    int status =
        NativeCore.mln_batch_norm(hx, hg, hb, hm, hv, axis, epsilon, training ? 1 : 0, outs);
    Reachable.after(status, x, new Tensor[] {gamma, beta}, new Tensor[] {mean, var});
    Errors.checkStatus(status, op);
    Tensor[] res = new Tensor[outs.length];
    for (int i = 0; i < outs.length; i++) {
      res[i] = adopt(outs[i]);
    }
    if (Recorder.active()) {
      Tensor m = training ? res[1] : mean;
      Tensor v = training ? res[2] : var;
      boolean hasGamma = gamma != null;
      boolean hasBeta = beta != null;
      // inputs: x, [gamma], [beta], then the statistics, which the tape keeps alive for the
      // backward (they get no gradient: batch statistics are differentiated through inside the
      // native backward, moving ones are not trainable)
      Tensor[] in = new Tensor[3 + (hasGamma ? 1 : 0) + (hasBeta ? 1 : 0)];
      int k = 0;
      in[k++] = x;
      if (hasGamma) {
        in[k++] = gamma;
      }
      if (hasBeta) {
        in[k++] = beta;
      }
      in[k++] = m;
      in[k] = v;
      record(
          op,
          (gy, ins, o, needs) -> {
            long[] g = new long[3];
            int st =
                NativeCore.mln_batch_norm_backward(
                    ins[0].h(op),
                    gy.h(op),
                    hasGamma ? ins[1].h(op) : 0,
                    ins[ins.length - 2].h(op),
                    ins[ins.length - 1].h(op),
                    axis,
                    epsilon,
                    training ? 1 : 0,
                    hasBeta ? 1 : 0,
                    g);
            Reachable.after(st, ins, gy);
            Errors.checkStatus(st, op + " backward");
            Tensor[] r = new Tensor[ins.length];
            r[0] = adopt(g[0]);
            Tensor gs = adopt(g[1]);
            Tensor gb = adopt(g[2]);
            int j = 1;
            if (hasGamma) {
              r[j++] = gs;
            } else {
              gs.close();
            }
            if (hasBeta) {
              r[j] = gb;
            } else {
              gb.close();
            }
            return r;
          },
          res[0],
          in);
    }
    return res;
  }
}
