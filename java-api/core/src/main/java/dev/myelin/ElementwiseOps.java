package dev.myelin;

import static dev.myelin.OpCodes.*;
import static dev.myelin.Tensor.NO_DIMS;
import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.gradient;
import static dev.myelin.Tensor.gradients;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;
import static dev.myelin.internal.TensorChecks.checkDType;
import static dev.myelin.internal.TensorChecks.checkShape;

import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;

/**
 * Tensor's element-wise operations: unary math and activations, binary arithmetic and comparisons
 * with broadcasting, where, broadcastTo, sumToShape, cast and copy.
 */
final class ElementwiseOps {
  private ElementwiseOps() {}

  static Tensor unary(Tensor self, String op, int code, double alpha, double beta) {
    Tensor out =
        make(Reachable.after(NativeCore.mln_unary(code, self.h(op), alpha, beta), self), op);
    if (unaryDifferentiable(code) && Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              gradient(
                  Reachable.after(
                      NativeCore.mln_unary_backward(
                          code, in[0].h(op), o.h(op), gy.h(op), alpha, beta),
                      in,
                      o,
                      gy),
                  op),
          out,
          self);
    }
    return out;
  }

  static Tensor binary(Tensor self, String op, int code, Tensor other) {
    long a = self.h(op);
    long b = arg(other, op, "other");
    Tensor out = make(Reachable.after(NativeCore.mln_binary(code, a, b), self, other), op);
    if (binaryDifferentiable(code) && Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            long[] ga = needs[0] ? new long[1] : null;
            long[] gb = needs[1] ? new long[1] : null;
            return gradients(
                Reachable.after(
                    NativeCore.mln_binary_backward(
                        code, in[0].h(op), in[1].h(op), gy.h(op), ga, gb),
                    in,
                    gy),
                ga,
                gb,
                op);
          },
          out,
          self,
          other);
    }
    return out;
  }

  private static Tensor scalarFor(Tensor self, double v) {
    DType d = self.dtype();
    if (!d.isFloating() && v != Math.rint(v)) {
      d = DType.FLOAT32;
    } else if (d == DType.BOOL && v != 0 && v != 1) {
      d = DType.INT64;
    }
    return make(NativeCore.mln_full(d.code(), 0, NO_DIMS, v), "scalar");
  }

  static Tensor binary(Tensor self, String op, int code, double v) {
    self.h(op);
    Tensor s = scalarFor(self, v);
    try {
      return binary(self, op, code, s);
    } finally {
      s.close();
    }
  }

  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    String op = "where";
    long c = arg(cond, op, "cond");
    long ha = arg(a, op, "a");
    long hb = arg(b, op, "b");
    Tensor out = make(Reachable.after(NativeCore.mln_where(c, ha, hb), cond, a, b), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            Tensor zero = make(NativeCore.mln_full(gy.dtype().code(), 0, NO_DIMS, 0), op);
            Tensor ga = needs[1] ? where(in[0], gy, zero).sumToShape(in[1].shp()) : null;
            Tensor gb = needs[2] ? where(in[0], zero, gy).sumToShape(in[2].shp()) : null;
            return new Tensor[] {null, ga, gb};
          },
          out,
          cond,
          a,
          b);
    }
    return out;
  }

  static Tensor broadcastTo(Tensor self, long... shape) {
    String op = "broadcastTo";
    long x = self.h(op);
    checkShape(shape, op);
    Tensor out =
        make(Reachable.after(NativeCore.mln_broadcast_to(x, shape.length, shape), self), op);
    if (Recorder.active()) {
      record(op, (gy, in, o, needs) -> new Tensor[] {gy.sumToShape(in[0].shp())}, out, self);
    }
    return out;
  }

  static Tensor sumToShape(Tensor self, long... shape) {
    String op = "sumToShape";
    long x = self.h(op);
    checkShape(shape, op);
    long[] target = shape.clone();
    Tensor out =
        make(Reachable.after(NativeCore.mln_sum_to_shape(x, target.length, target), self), op);
    if (Recorder.active()) {
      record(op, (gy, in, o, needs) -> new Tensor[] {gy.broadcastTo(in[0].shp())}, out, self);
    }
    return out;
  }

  static Tensor cast(Tensor self, DType dtype) {
    String op = "cast";
    long x = self.h(op);
    checkDType(dtype, op);
    Tensor out = make(Reachable.after(NativeCore.mln_cast(x, dtype.code()), self), op);
    if (self.dtype().isFloating() && Recorder.active()) {
      record(op, (gy, in, o, needs) -> new Tensor[] {gy.cast(in[0].dtype())}, out, self);
    }
    return out;
  }

  static Tensor copy(Tensor self) {
    String op = "copy";
    Tensor out = make(Reachable.after(NativeCore.mln_copy(self.h(op)), self), op);
    if (Recorder.active()) {
      record(op, (gy, in, o, needs) -> new Tensor[] {gy}, out, self);
    }
    return out;
  }
}
