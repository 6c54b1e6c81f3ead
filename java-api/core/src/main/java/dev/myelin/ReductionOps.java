package dev.myelin;

import static dev.myelin.OpCodes.reduceDifferentiable;
import static dev.myelin.Tensor.gradient;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;

/** Tensor's reductions over axes (sum, mean, max, var, logsumexp, any, argmax...) and softmax. */
final class ReductionOps {
  private ReductionOps() {}

  static Tensor reduce(Tensor self, String op, int code, boolean keepdims, int[] axes) {
    long x = self.h(op);
    if (axes == null) {
      throw Errors.arg(op, "axes", "an int array", "null");
    }
    int[] ax = axes.length == 0 ? null : axes.clone();
    int n = ax == null ? -1 : ax.length;
    int kd = keepdims ? 1 : 0;
    Tensor out = make(Reachable.after(NativeCore.mln_reduce(code, x, n, ax, kd), self), op);
    if (reduceDifferentiable(code) && Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              gradient(
                  Reachable.after(
                      NativeCore.mln_reduce_backward(
                          code, in[0].h(op), o.h(op), gy.h(op), n, ax, kd),
                      in,
                      o,
                      gy),
                  op),
          out,
          self);
    }
    return out;
  }

  static Tensor argmax(Tensor self) {
    try (Tensor f = self.flatten()) {
      return f.argmax(0, false);
    }
  }

  static Tensor argmin(Tensor self) {
    try (Tensor f = self.flatten()) {
      return f.argmin(0, false);
    }
  }

  static Tensor softmax(Tensor self, String op, int axis, int log) {
    Tensor out = make(Reachable.after(NativeCore.mln_softmax(self.h(op), axis, log), self), op);
    int rank = self.shp().length;
    if (log == 0 && rank > 0 && (axis == -1 || axis == rank - 1)) {
      out.softmaxLogits = self;
    }
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              gradient(
                  Reachable.after(
                      NativeCore.mln_softmax_backward(o.h(op), gy.h(op), axis, log), o, gy),
                  op),
          out,
          self);
    }
    return out;
  }
}
