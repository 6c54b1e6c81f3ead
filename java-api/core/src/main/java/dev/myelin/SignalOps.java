package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import java.util.Arrays;

/**
 * Tensor's appendix math (the book's chapter 14): numpy {@code tensordot}, numpy's 1-D {@code
 * correlate}/{@code convolve} and scipy.signal's {@code correlate2d}/{@code convolve2d}.
 *
 * <p>tensordot is permute + reshape + one matmul, so it is as fast as matmul and differentiable
 * through those ops. The correlations run one direct native kernel ({@code mln_correlate2d}) that
 * sums in scipy's order and dtype; this class only works out, per mode, the output size, the offset
 * of the first window and whether the kernel is flipped. Operands of different dtypes are promoted
 * as numpy promotes them.
 */
final class SignalOps {
  private SignalOps() {}

  // ============================================================================ dtypes

  /** numpy's result type for two of Myelin's dtypes (int32/int64 with float32 give float64). */
  static DType resultType(DType a, DType b) {
    if (a == b) {
      return a;
    }
    boolean fa = a.isFloating();
    boolean fb = b.isFloating();
    if (fa && fb) {
      return DType.FLOAT64;
    }
    if (fa || fb) {
      DType f = fa ? a : b;
      DType i = fa ? b : a;
      boolean small = i == DType.UINT8 || i == DType.BOOL;
      return f == DType.FLOAT32 && small ? DType.FLOAT32 : DType.FLOAT64;
    }
    return a.itemSize() >= b.itemSize() && a != DType.UINT8 && a != DType.BOOL ? a : widerInt(a, b);
  }

  private static DType widerInt(DType a, DType b) {
    DType[] order = {DType.BOOL, DType.UINT8, DType.INT32, DType.INT64};
    int ia = Arrays.asList(order).indexOf(a);
    int ib = Arrays.asList(order).indexOf(b);
    return order[Math.max(ia, ib)];
  }

  /** t cast to {@code dt}, or t itself when it already has that dtype. */
  private static Tensor as(Tensor t, DType dt) {
    return t.dtype() == dt ? t : t.cast(dt);
  }

  // ============================================================================ tensordot

  /** numpy {@code tensordot(a, b, axes=n)}: a's last n axes against b's first n axes. */
  static Tensor tensordot(Tensor a, Tensor b, int axes) {
    String op = "tensordot";
    arg(a, op, "a");
    arg(b, op, "b");
    if (axes < 0 || axes > a.rank() || axes > b.rank()) {
      throw Errors.arg(
          op,
          "axes",
          "a count in [0, " + Math.min(a.rank(), b.rank()) + "] (the operands' ranks)",
          axes);
    }
    int[] axesA = new int[axes];
    int[] axesB = new int[axes];
    for (int i = 0; i < axes; i++) {
      axesA[i] = a.rank() - axes + i;
      axesB[i] = i;
    }
    return tensordot(a, b, axesA, axesB);
  }

  /** numpy {@code tensordot(a, b, axes=(axesA, axesB))}: sums over the paired axes. */
  static Tensor tensordot(Tensor a, Tensor b, int[] axesA, int[] axesB) {
    String op = "tensordot";
    arg(a, op, "a");
    arg(b, op, "b");
    if (axesA == null || axesB == null || axesA.length != axesB.length) {
      throw Errors.arg(
          op,
          "axes",
          "two axis lists of one length",
          (axesA == null ? "null" : Arrays.toString(axesA))
              + " and "
              + (axesB == null ? "null" : Arrays.toString(axesB)));
    }
    long[] sa = a.shape();
    long[] sb = b.shape();
    int[] ca = normalise(axesA, sa.length, "axes[0]");
    int[] cb = normalise(axesB, sb.length, "axes[1]");
    long k = 1;
    for (int i = 0; i < ca.length; i++) {
      if (sa[ca[i]] != sb[cb[i]]) {
        throw Errors.arg(
            op,
            "axes",
            "b axis " + cb[i] + " of length " + sa[ca[i]] + " (as a axis " + ca[i] + ")",
            sb[cb[i]]);
      }
      k *= sa[ca[i]];
    }
    int[] freeA = complement(ca, sa.length);
    int[] freeB = complement(cb, sb.length);
    int[] permA = concat(freeA, ca);
    int[] permB = concat(cb, freeB);
    long m = 1;
    long n = 1;
    long[] outShape = new long[freeA.length + freeB.length];
    for (int i = 0; i < freeA.length; i++) {
      outShape[i] = sa[freeA[i]];
      m *= sa[freeA[i]];
    }
    for (int i = 0; i < freeB.length; i++) {
      outShape[freeA.length + i] = sb[freeB[i]];
      n *= sb[freeB[i]];
    }
    DType dt = resultType(a.dtype(), b.dtype());
    try (TensorScope scope = new TensorScope()) {
      Tensor a2 = as(a, dt).permute(permA).reshape(m, k);
      Tensor b2 = as(b, dt).permute(permB).reshape(k, n);
      return scope.keep(a2.matmul(b2).reshape(outShape));
    }
  }

  private static int[] normalise(int[] axes, int rank, String name) {
    int[] out = new int[axes.length];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < axes.length; i++) {
      int ax = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (ax < 0 || ax >= rank || seen[ax]) {
        throw Errors.arg(
            "tensordot",
            name,
            "distinct axes in [" + (-rank) + ", " + rank + ")",
            Arrays.toString(axes));
      }
      seen[ax] = true;
      out[i] = ax;
    }
    return out;
  }

  private static int[] complement(int[] axes, int rank) {
    boolean[] used = new boolean[rank];
    for (int ax : axes) {
      used[ax] = true;
    }
    int[] out = new int[rank - axes.length];
    for (int i = 0, j = 0; i < rank; i++) {
      if (!used[i]) {
        out[j++] = i;
      }
    }
    return out;
  }

  private static int[] concat(int[] x, int[] y) {
    int[] out = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  // ============================================================================ numpy 1-D

  private static int mode(String op, String mode) {
    if (mode != null) {
      switch (mode) {
        case "valid":
          return 0;
        case "same":
          return 1;
        case "full":
          return 2;
        default:
          break;
      }
    }
    throw Errors.arg(op, "mode", "one of 'valid', 'same', 'full'", mode);
  }

  private static void checkVector(Tensor t, String op, String name) {
    arg(t, op, name);
    if (t.rank() != 1) {
      throw Errors.arg(op, name, "a 1-D tensor", "shape " + Arrays.toString(t.shape()));
    }
    if (t.size() == 0) {
      throw Errors.arg(op, name, "a non-empty tensor", "empty");
    }
  }

  /**
   * numpy {@code correlate(a, v, mode)}: {@code out[k] = sum_n a[n + k] * v[n]}; when v is longer
   * than a, numpy correlates v with a and reverses the result, which this does too.
   */
  static Tensor correlate(Tensor a, Tensor v, String mode) {
    String op = "correlate";
    checkVector(a, op, "a");
    checkVector(v, op, "v");
    int md = mode(op, mode);
    boolean inverted = a.size() < v.size();
    Tensor x = inverted ? v : a;
    Tensor k = inverted ? a : v;
    try (TensorScope scope = new TensorScope()) {
      Tensor r = correlate1d(x, k, md, false);
      if (inverted) {
        r = r.slice(Slice.every(-1));
      }
      return scope.keep(r);
    }
  }

  /**
   * numpy {@code convolve(a, v, mode)}: {@code out[k] = sum_n a[n] * v[k - n]}; the longer operand
   * plays a's part (numpy swaps them), which only changes the 'same' window's centring.
   */
  static Tensor convolve(Tensor a, Tensor v, String mode) {
    String op = "convolve";
    checkVector(a, op, "a");
    checkVector(v, op, "v");
    int md = mode(op, mode);
    boolean swap = v.size() > a.size();
    return correlate1d(swap ? v : a, swap ? a : v, md, true);
  }

  /**
   * numpy's correlation of x with a kernel k no longer than x (flipped when {@code flip}), in
   * numpy's window placement: 'same' leaves {@code len(k)/2} positions of the full result out at
   * the left, 'valid' {@code len(k)-1}.
   */
  private static Tensor correlate1d(Tensor x, Tensor k, int md, boolean flip) {
    long n1 = x.size();
    long n = k.size();
    long start;
    long len;
    if (md == 0) {
      start = n - 1;
      len = n1 - n + 1;
    } else if (md == 1) {
      start = n - 1 - n / 2;
      len = n1;
    } else {
      start = 0;
      len = n1 + n - 1;
    }
    // In full-result coordinates, output i correlates x from index i - (n - 1); a flipped kernel
    // walks x backwards from its last tap.
    long off = start - (n - 1) + (flip ? n - 1 : 0);
    DType dt = resultType(x.dtype(), k.dtype());
    try (TensorScope scope = new TensorScope()) {
      Tensor r =
          correlate2dRaw(
              as(x, dt).reshape(1, n1),
              as(k, dt).reshape(1, n),
              1,
              len,
              0,
              off,
              flip,
              NativeCore.MLN_BOUNDARY_SKIP,
              0);
      return scope.keep(r.reshape(len));
    }
  }

  // ============================================================================ scipy 2-D

  private static int boundary(String op, String b) {
    if (b != null) {
      switch (b) {
        case "fill":
        case "pad":
          return NativeCore.MLN_BOUNDARY_FILL;
        case "wrap":
        case "circular":
          return NativeCore.MLN_BOUNDARY_WRAP;
        case "symm":
        case "symmetric":
          return NativeCore.MLN_BOUNDARY_SYMM;
        default:
          break;
      }
    }
    throw Errors.arg(op, "boundary", "one of 'fill', 'wrap', 'symm'", b);
  }

  /**
   * scipy.signal {@code correlate2d} ({@code flip} false) or {@code convolve2d} ({@code flip} true)
   * with scipy's modes, boundaries and fill value.
   */
  static Tensor signal2d(
      String op, Tensor in1, Tensor in2, String mode, String boundary, double fill, boolean flip) {
    arg(in1, op, "in1");
    arg(in2, op, "in2");
    if (in1.rank() != 2 || in2.rank() != 2) {
      throw Errors.arg(
          op,
          in1.rank() != 2 ? "in1" : "in2",
          "a 2-D tensor",
          "shape " + Arrays.toString((in1.rank() != 2 ? in1 : in2).shape()));
    }
    int md = mode(op, mode);
    int bd = boundary(op, boundary);
    long[] s1 = in1.shape();
    long[] s2 = in2.shape();
    boolean swap = false;
    if (md == 0) {
      boolean ok1 = s1[0] >= s2[0] && s1[1] >= s2[1];
      boolean ok2 = s2[0] >= s1[0] && s2[1] >= s1[1];
      if (!ok1 && !ok2) {
        throw Errors.arg(
            op,
            "in2",
            "for mode 'valid' a shape no larger than in1's "
                + Arrays.toString(s1)
                + " in every dimension, or no smaller",
            Arrays.toString(s2));
      }
      swap = !ok1;
    }
    Tensor x = swap ? in2 : in1;
    Tensor k = swap ? in1 : in2;
    long[] sx = x.shape();
    long[] sk = k.shape();
    if (sx[0] * sx[1] == 0 || sk[0] * sk[1] == 0) {
      throw Errors.arg(
          op,
          sx[0] * sx[1] == 0 ? "in1" : "in2",
          "a non-empty tensor",
          "shape " + Arrays.toString(sx[0] * sx[1] == 0 ? sx : sk));
    }
    DType dt = resultType(x.dtype(), k.dtype());
    if (!dt.isFloating() && fill != Math.rint(fill)) {
      throw Errors.arg(op, "fillvalue", "an integer for " + dt + " inputs", fill);
    }
    long[] outShape = new long[2];
    long[] off = new long[2];
    for (int d = 0; d < 2; d++) {
      long kd = sk[d];
      if (md == 0) {
        outShape[d] = sx[d] - kd + 1;
        off[d] = flip ? kd - 1 : 0;
      } else if (md == 1) {
        outShape[d] = sx[d];
        off[d] = flip ? (kd - 1) >> 1 : -((kd - 1) >> 1);
      } else {
        outShape[d] = sx[d] + kd - 1;
        off[d] = flip ? 0 : -(kd - 1);
      }
    }
    try (TensorScope scope = new TensorScope()) {
      Tensor r =
          correlate2dRaw(
              as(x, dt), as(k, dt), outShape[0], outShape[1], off[0], off[1], flip, bd, fill);
      if (swap && !flip) {
        r = r.slice(Slice.every(-1), Slice.every(-1));
      }
      return scope.keep(r);
    }
  }

  /**
   * The native kernel, with its gradient where the out-of-range terms are constant zero (numpy's
   * skipped terms, scipy's 'fill' with 0): correlation is linear in each operand, and both
   * gradients are again correlations of this kind.
   */
  private static Tensor correlate2dRaw(
      Tensor x,
      Tensor k,
      long outH,
      long outW,
      long offH,
      long offW,
      boolean flip,
      int boundary,
      double fill) {
    String op = "correlate2d";
    Tensor out =
        make(
            Reachable.after(
                NativeCore.mln_correlate2d(
                    x.h(op), k.h(op), outH, outW, offH, offW, flip ? 1 : 0, boundary, fill),
                x,
                k),
            op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            boolean zeroOutside =
                boundary == NativeCore.MLN_BOUNDARY_SKIP
                    || (boundary == NativeCore.MLN_BOUNDARY_FILL && fill == 0);
            if (!zeroOutside) {
              throw new UnsupportedOperationException(
                  op
                      + ": gradient expected boundary 'fill' with fillvalue 0 but was "
                      + (boundary == NativeCore.MLN_BOUNDARY_FILL
                          ? "fillvalue " + fill
                          : boundary == NativeCore.MLN_BOUNDARY_WRAP ? "'wrap'" : "'symm'"));
            }
            Tensor xi = in[0];
            Tensor ki = in[1];
            long[] sx = xi.shape();
            long[] sk = ki.shape();
            Tensor gx = null;
            Tensor gk = null;
            if (needs[0]) {
              // x[r] meets gy[m] through k[j] where r = off + m +/- j: a correlation of gy with
              // k, flipped the other way, over x's extent.
              gx =
                  correlate2dRaw(
                      gy, ki, sx[0], sx[1], -offH, -offW, !flip, NativeCore.MLN_BOUNDARY_SKIP, 0);
            }
            if (needs[1]) {
              if (!flip) {
                gk =
                    correlate2dRaw(
                        xi, gy, sk[0], sk[1], offH, offW, false, NativeCore.MLN_BOUNDARY_SKIP, 0);
              } else {
                // Tap j reads x at off - j + m: correlate from off - (K - 1) and reverse.
                Tensor rev =
                    correlate2dRaw(
                        xi,
                        gy,
                        sk[0],
                        sk[1],
                        offH - (sk[0] - 1),
                        offW - (sk[1] - 1),
                        false,
                        NativeCore.MLN_BOUNDARY_SKIP,
                        0);
                gk = rev.slice(Slice.every(-1), Slice.every(-1));
              }
            }
            return new Tensor[] {gx, gk};
          },
          out,
          x,
          k);
    }
    return out;
  }
}
