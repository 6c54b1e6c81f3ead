package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.BackwardFn;
import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;

/**
 * Tensor's convolutions (channels last or, natively too, channels first; Keras's kernel layouts),
 * each one native call and one tape node whose backward is one native call too.
 */
final class ConvOps {
  private ConvOps() {}

  /** Gradients from a native backward's out-arrays, in the inputs' order. */
  private static Tensor[] grads(Tensor[] in, long[] gx, long[] gw, long[] gb, String op) {
    Tensor[] r = new Tensor[in.length];
    r[0] = gx == null ? null : make(gx[0], op);
    r[1] = gw == null ? null : make(gw[0], op);
    if (gb != null) {
      r[2] = make(gb[0], op);
    }
    return r;
  }

  private static void tape(String op, BackwardFn fn, Tensor out, Tensor x, Tensor k, Tensor b) {
    if (b == null) {
      record(op, fn, out, x, k);
    } else {
      record(op, fn, out, x, k, b);
    }
  }

  /** One native backward call: fills the requested gradients' out-arrays, returns a status. */
  @FunctionalInterface
  private interface NativeBackward {
    int call(long x, long kernel, long y, long gy, long[] gx, long[] gw, long[] gb);
  }

  /**
   * Records {@code out = op(x, kernel, bias)} on the tape when recording: its backward asks {@code
   * nb} for the gradients the tape needs (y is passed only with a fused activation).
   */
  private static Tensor taped(
      String op, Tensor out, int act, Tensor x, Tensor kernel, Tensor bias, NativeBackward nb) {
    if (Recorder.active()) {
      BackwardFn fn =
          (gy, in, y, needs) -> {
            long[] gx = needs[0] ? new long[1] : null;
            long[] gw = needs[1] ? new long[1] : null;
            long[] gb = in.length > 2 && needs[2] ? new long[1] : null;
            int st =
                Reachable.after(
                    nb.call(in[0].h(op), in[1].h(op), act == 0 ? 0 : y.h(op), gy.h(op), gx, gw, gb),
                    in,
                    y,
                    gy);
            Errors.checkStatus(st, op + " backward");
            return grads(in, gx, gw, gb, op);
          };
      tape(op, fn, out, x, kernel, bias);
    }
    return out;
  }

  static Tensor conv(Tensor x, Tensor kernel, Tensor bias, ConvOptions o) {
    String op = "conv";
    long hx = arg(x, op, "x");
    long hw = arg(kernel, op, "kernel");
    long hb = bias == null ? 0 : arg(bias, op, "bias");
    ConvOptions opts = o == null ? ConvOptions.DEFAULT : o;
    long[] geom = opts.geometry(op, x.shp(), kernel.shp());
    int groups = opts.groups();
    int act = opts.activationCode();
    boolean cf = opts.channelsFirst();
    long y =
        cf
            ? NativeCore.mln_conv_cf(hx, hw, hb, geom, groups, act)
            : NativeCore.mln_conv(hx, hw, hb, geom, groups, act);
    Tensor out = make(Reachable.after(y, x, kernel, bias), op);
    return taped(
        op,
        out,
        act,
        x,
        kernel,
        bias,
        (ix, iw, iy, igy, gx, gw, gb) ->
            cf
                ? NativeCore.mln_conv_cf_backward(ix, iw, iy, igy, geom, groups, act, gx, gw, gb)
                : NativeCore.mln_conv_backward(ix, iw, iy, igy, geom, groups, act, gx, gw, gb));
  }

  static Tensor convTranspose(Tensor x, Tensor kernel, Tensor bias, ConvOptions o) {
    String op = "conv_transpose";
    long hx = arg(x, op, "x");
    long hw = arg(kernel, op, "kernel");
    long hb = bias == null ? 0 : arg(bias, op, "bias");
    ConvOptions opts = o == null ? ConvOptions.DEFAULT : o;
    long[][] shapeAndGeom = opts.transposeGeometry(op, x.shp(), kernel.shp());
    long[] geom = shapeAndGeom[1];
    int act = opts.activationCode();
    boolean cf = opts.channelsFirst();
    long[] outSize = shapeAndGeom[0];
    long y =
        cf
            ? NativeCore.mln_conv_transpose_cf(hx, hw, hb, outSize, geom, act)
            : NativeCore.mln_conv_transpose(hx, hw, hb, outSize, geom, act);
    Tensor out = make(Reachable.after(y, x, kernel, bias), op);
    return taped(
        op,
        out,
        act,
        x,
        kernel,
        bias,
        (ix, iw, iy, igy, gx, gw, gb) ->
            cf
                ? NativeCore.mln_conv_transpose_cf_backward(ix, iw, iy, igy, geom, act, gx, gw, gb)
                : NativeCore.mln_conv_transpose_backward(ix, iw, iy, igy, geom, act, gx, gw, gb));
  }
}
