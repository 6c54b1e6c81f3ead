package dev.myelin;

import static dev.myelin.OpCodes.*;
import static dev.myelin.Tensor.NO_DIMS;
import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.BackwardFn;
import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;

/** Tensor's linear algebra: numpy matmul and the fused Dense kernel. */
final class LinalgOps {
  private LinalgOps() {}

  private static long[] removeAxis(long[] s, int axis) {
    long[] t = new long[s.length - 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i != axis) {
        t[j++] = s[i];
      }
    }
    return t;
  }

  private static Tensor matmulRaw(Tensor a, Tensor b, boolean ta, boolean tb) {
    String op = "matmul";
    Tensor out =
        make(
            Reachable.after(NativeCore.mln_matmul(a.h(op), b.h(op), ta ? 1 : 0, tb ? 1 : 0), a, b),
            op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            Tensor x = in[0];
            Tensor y = in[1];
            Tensor ga = null;
            Tensor gb = null;
            if (needs[0]) {
              // y = op(x) @ op(w): d op(x) = gy @ op(w)^T
              Tensor g = ta ? matmulRaw(y, gy, tb, true) : matmulRaw(gy, y, false, !tb);
              ga = g.sumToShape(x.shp());
            }
            if (needs[1]) {
              Tensor g = tb ? matmulRaw(gy, x, true, ta) : matmulRaw(x, gy, !ta, false);
              gb = g.sumToShape(y.shp());
            }
            return new Tensor[] {ga, gb};
          },
          out,
          a,
          b);
    }
    return out;
  }

  static Tensor matmul(Tensor self, Tensor other) {
    String op = "matmul";
    self.h(op);
    arg(other, op, "other");
    int ra = self.rank();
    int rb = other.rank();
    if (ra == 0 || rb == 0) {
      throw Errors.arg(op, ra == 0 ? "self" : "other", "at least 1 dimension", "a 0-D tensor");
    }
    Tensor a = ra == 1 ? self.reshape(1, self.shp()[0]) : self;
    Tensor b = rb == 1 ? other.reshape(other.shp()[0], 1) : other;
    try {
      Tensor r = matmulRaw(a, b, false, false);
      if (ra > 1 && rb > 1) {
        return r;
      }
      try {
        long[] s = r.shp();
        long[] t;
        if (ra == 1 && rb == 1) {
          t = NO_DIMS;
        } else if (ra == 1) {
          t = removeAxis(s, s.length - 2);
        } else {
          t = removeAxis(s, s.length - 1);
        }
        return r.reshape(t);
      } finally {
        r.close();
      }
    } finally {
      if (a != self) {
        a.close();
      }
      if (b != other) {
        b.close();
      }
    }
  }

  static Tensor matmul(Tensor self, Tensor other, boolean transposeThis, boolean transposeOther) {
    self.h("matmul");
    arg(other, "matmul", "other");
    return matmulRaw(self, other, transposeThis, transposeOther);
  }

  static boolean denseFuses(String activation) {
    return denseActivation(activation) >= 0;
  }

  static Tensor dense(Tensor x, Tensor kernel, Tensor bias, String activation) {
    String op = "dense";
    long hx = arg(x, op, "x");
    long hw = arg(kernel, op, "kernel");
    long hb = bias == null ? 0 : arg(bias, op, "bias");
    int act = denseActivation(activation);
    if (act < 0) {
      throw Errors.arg(op, "activation", DENSE_ACTIVATION_NAMES, activation);
    }
    Tensor out = make(Reachable.after(NativeCore.mln_dense(hx, hw, hb, act), x, kernel, bias), op);
    if (Recorder.active()) {
      BackwardFn fn =
          (gy, in, o, needs) -> {
            long[] gx = needs[0] ? new long[1] : null;
            long[] gw = needs[1] ? new long[1] : null;
            long[] gb = in.length > 2 && needs[2] ? new long[1] : null;
            int st =
                Reachable.after(
                    NativeCore.mln_dense_backward(
                        in[0].h(op),
                        in[1].h(op),
                        act == 0 ? 0 : o.h(op),
                        gy.h(op),
                        act,
                        gx,
                        gw,
                        gb),
                    in,
                    o,
                    gy);
            Errors.checkStatus(st, op + " backward");
            Tensor[] r = new Tensor[in.length];
            r[0] = gx == null ? null : make(gx[0], op);
            r[1] = gw == null ? null : make(gw[0], op);
            if (gb != null) {
              r[2] = make(gb[0], op);
            }
            return r;
          };
      if (bias == null) {
        record(op, fn, out, x, kernel);
      } else {
        record(op, fn, out, x, kernel, bias);
      }
    }
    return out;
  }
}
