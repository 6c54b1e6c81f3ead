package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;
import static dev.myelin.internal.TensorChecks.normAxis;
import static dev.myelin.internal.TensorChecks.numel;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import java.util.Arrays;

/**
 * Tensor's shape operations: views (reshape, squeeze, expandDims), permutations, joining,
 * splitting, padding and tiling.
 */
final class ShapeOps {
  private ShapeOps() {}

  private static long[] handles(Tensor[] xs, String op) {
    if (xs == null || xs.length == 0) {
      throw Errors.arg(op, "tensors", "at least one tensor", xs == null ? "null" : "none");
    }
    long[] hs = new long[xs.length];
    for (int i = 0; i < xs.length; i++) {
      hs[i] = arg(xs[i], op, "tensors[" + i + "]");
    }
    return hs;
  }

  static Tensor concat(int axis, Tensor... tensors) {
    String op = "concat";
    long[] hs = handles(tensors, op);
    Tensor out = make(Reachable.after(NativeCore.mln_concat(hs.length, hs, axis), tensors), op);
    if (Recorder.active()) {
      Tensor[] ins = tensors.clone();
      record(
          op,
          (gy, in, o, needs) -> {
            int ax = axis < 0 ? axis + o.shp().length : axis;
            long[] sizes = new long[in.length];
            for (int i = 0; i < in.length; i++) {
              sizes[i] = in[i].shp()[ax];
            }
            return gy.split(sizes, ax);
          },
          out,
          ins);
    }
    return out;
  }

  static Tensor stack(int axis, Tensor... tensors) {
    String op = "stack";
    long[] hs = handles(tensors, op);
    Tensor out = make(Reachable.after(NativeCore.mln_stack(hs.length, hs, axis), tensors), op);
    if (Recorder.active()) {
      Tensor[] ins = tensors.clone();
      record(
          op,
          (gy, in, o, needs) -> {
            int ax = axis < 0 ? axis + o.shp().length : axis;
            long[] sizes = new long[in.length];
            Arrays.fill(sizes, 1);
            Tensor[] parts = gy.split(sizes, ax);
            for (int i = 0; i < parts.length; i++) {
              parts[i] = parts[i].reshape(in[i].shp());
            }
            return parts;
          },
          out,
          ins);
    }
    return out;
  }

  static Tensor[] split(Tensor self, long[] sizes, int axis) {
    String op = "split";
    long x = self.h(op);
    if (sizes == null || sizes.length == 0) {
      throw Errors.arg(op, "sizes", "at least one size", sizes == null ? "null" : "[]");
    }
    long[] outs = new long[sizes.length];
    Errors.checkStatus(
        Reachable.after(NativeCore.mln_split(x, sizes.length, sizes, axis, outs), self), op);
    Tensor[] res = new Tensor[sizes.length];
    for (int i = 0; i < outs.length; i++) {
      res[i] = Tensor.adopt(outs[i]);
    }
    if (Recorder.active()) {
      long[] s = self.shp();
      int ax = normAxis(axis, s.length, op, "axis");
      long off = 0;
      for (int i = 0; i < res.length; i++) {
        long[] starts = new long[s.length];
        long[] stops = s.clone();
        long[] steps = new long[s.length];
        Arrays.fill(steps, 1);
        starts[ax] = off;
        stops[ax] = off + sizes[i];
        off += sizes[i];
        record(op, IndexOps.sliceGradient(op, starts, stops, steps), res[i], self);
      }
    }
    return res;
  }

  static Tensor[] split(Tensor self, int parts, int axis) {
    String op = "split";
    self.h(op);
    long[] s = self.shp();
    int ax = normAxis(axis, s.length, op, "axis");
    if (parts <= 0 || s[ax] % parts != 0) {
      throw Errors.arg(op, "parts", "a positive divisor of " + s[ax], parts);
    }
    long[] sizes = new long[parts];
    Arrays.fill(sizes, s[ax] / parts);
    return self.split(sizes, ax);
  }

  static Tensor pad(Tensor self, long[] before, long[] after, double value) {
    String op = "pad";
    long x = self.h(op);
    int r = self.shp().length;
    if (before == null || before.length != r) {
      throw Errors.arg(
          op, "before", r + " entries", before == null ? "null" : before.length + " entries");
    }
    if (after == null || after.length != r) {
      throw Errors.arg(
          op, "after", r + " entries", after == null ? "null" : after.length + " entries");
    }
    long[] b = before.clone();
    long[] a = after.clone();
    Tensor out = make(Reachable.after(NativeCore.mln_pad(x, b, a, value), self), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            long[] s = in[0].shp();
            long[] stops = new long[s.length];
            long[] steps = new long[s.length];
            for (int i = 0; i < s.length; i++) {
              stops[i] = b[i] + s[i];
              steps[i] = 1;
            }
            return new Tensor[] {
              make(Reachable.after(NativeCore.mln_slice(gy.h(op), b, stops, steps), gy), op)
            };
          },
          out,
          self);
    }
    return out;
  }

  static Tensor tile(Tensor self, long... reps) {
    String op = "tile";
    self.h(op);
    if (reps == null) {
      throw Errors.arg(op, "reps", "repetition counts", "null");
    }
    long[] s = self.shp();
    int r = Math.max(s.length, reps.length);
    long[] rp = new long[r];
    long[] xs = new long[r];
    for (int i = 0; i < r; i++) {
      int ri = i - (r - reps.length);
      int si = i - (r - s.length);
      rp[i] = ri >= 0 ? reps[ri] : 1;
      xs[i] = si >= 0 ? s[si] : 1;
      if (rp[i] < 0) {
        throw Errors.arg(op, "reps", "non-negative counts", Arrays.toString(reps));
      }
    }
    Tensor src = r == s.length ? self : self.reshape(xs);
    try {
      Tensor out = make(Reachable.after(NativeCore.mln_tile(src.h(op), rp), src), op);
      if (Recorder.active()) {
        record(
            op,
            (gy, in, o, needs) -> {
              long[] is = in[0].shp();
              long[] split = new long[2 * is.length];
              int[] axes = new int[is.length];
              for (int i = 0; i < is.length; i++) {
                split[2 * i] = rp[i];
                split[2 * i + 1] = is[i];
                axes[i] = 2 * i;
              }
              return new Tensor[] {gy.reshape(split).sum(axes)};
            },
            out,
            src);
      }
      return out;
    } finally {
      if (src != self) {
        src.close();
      }
    }
  }

  static Tensor repeat(Tensor self, long repeats, int axis) {
    String op = "repeat";
    Tensor out = make(Reachable.after(NativeCore.mln_repeat(self.h(op), repeats, axis), self), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            long[] is = in[0].shp();
            int ax = normAxis(axis, is.length, op, "axis");
            long[] t = new long[is.length + 1];
            for (int i = 0, j = 0; i < t.length; i++) {
              t[i] = i == ax + 1 ? repeats : is[j++];
            }
            return new Tensor[] {gy.reshape(t).sum(ax + 1)};
          },
          out,
          self);
    }
    return out;
  }

  static Tensor reshape(Tensor self, long... shape) {
    String op = "reshape";
    long x = self.h(op);
    if (shape == null) {
      throw Errors.arg(op, "shape", "a shape", "null");
    }
    long n = numel(self.shp());
    long[] s = shape.clone();
    int infer = -1;
    long[] given = s.clone();
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw Errors.arg(op, "shape", "at most one -1", Arrays.toString(shape));
        }
        infer = i;
        given[i] = 1;
      } else if (s[i] < 0) {
        throw Errors.arg(op, "shape", "dimensions >= 0 or a single -1", Arrays.toString(shape));
      }
    }
    // Checked: an overflowing product must not wrap around to the element count.
    long known = numel(given, op);
    if (infer >= 0) {
      if (known == 0 || n % known != 0) {
        throw Errors.arg(
            op, "shape", "a shape compatible with " + n + " elements", Arrays.toString(shape));
      }
      s[infer] = n / known;
    } else if (known != n) {
      throw Errors.arg(
          op,
          "shape",
          n + " elements (from shape " + Arrays.toString(self.shp()) + ")",
          Arrays.toString(shape) + " (" + known + " elements)");
    }
    Tensor out = make(Reachable.after(NativeCore.mln_reshape(x, s.length, s), self), op);
    out.shape = s;
    out.dtype = self.dtype;
    if (Recorder.active()) {
      record(op, (gy, in, o, needs) -> new Tensor[] {gy.reshape(in[0].shp())}, out, self);
    }
    return out;
  }

  static Tensor squeeze(Tensor self) {
    long[] s = self.shape();
    return self.reshape(Arrays.stream(s).filter(d -> d != 1).toArray());
  }

  static Tensor squeeze(Tensor self, int... axes) {
    String op = "squeeze";
    self.h(op);
    if (axes == null) {
      throw Errors.arg(op, "axes", "an int array", "null");
    }
    long[] s = self.shp();
    boolean[] drop = new boolean[s.length];
    for (int a : axes) {
      int k = normAxis(a, s.length, op, "axes");
      if (s[k] != 1) {
        throw Errors.arg(op, "axes", "axes of size 1", "axis " + a + " of size " + s[k]);
      }
      drop[k] = true;
    }
    long[] t = new long[s.length];
    int j = 0;
    for (int i = 0; i < s.length; i++) {
      if (!drop[i]) {
        t[j++] = s[i];
      }
    }
    return self.reshape(Arrays.copyOf(t, j));
  }

  static Tensor expandDims(Tensor self, int axis) {
    String op = "expandDims";
    self.h(op);
    long[] s = self.shp();
    int k = normAxis(axis, s.length + 1, op, "axis");
    long[] t = new long[s.length + 1];
    for (int i = 0, j = 0; i < t.length; i++) {
      t[i] = i == k ? 1 : s[j++];
    }
    return self.reshape(t);
  }

  static Tensor permute(Tensor self, int... perm) {
    String op = "permute";
    self.h(op);
    int r = self.shp().length;
    if (perm == null || perm.length != r) {
      throw Errors.arg(op, "perm", r + " axes", perm == null ? "null" : Arrays.toString(perm));
    }
    int[] p = new int[r];
    boolean[] seen = new boolean[r];
    for (int i = 0; i < r; i++) {
      p[i] = normAxis(perm[i], r, op, "perm");
      if (seen[p[i]]) {
        throw Errors.arg(op, "perm", "a permutation of 0.." + (r - 1), Arrays.toString(perm));
      }
      seen[p[i]] = true;
    }
    Tensor out = make(Reachable.after(NativeCore.mln_permute(self.h(op), p), self), op);
    if (Recorder.active()) {
      int[] inv = new int[r];
      for (int i = 0; i < r; i++) {
        inv[p[i]] = i;
      }
      record(op, (gy, in, o, needs) -> new Tensor[] {gy.permute(inv)}, out, self);
    }
    return out;
  }

  static Tensor transpose(Tensor self) {
    self.h("transpose");
    int r = self.shp().length;
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = r - 1 - i;
    }
    return self.permute(p);
  }

  static Tensor transpose(Tensor self, int axis1, int axis2) {
    self.h("transpose");
    int r = self.shp().length;
    int a = normAxis(axis1, r, "transpose", "axis1");
    int b = normAxis(axis2, r, "transpose", "axis2");
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = i;
    }
    p[a] = b;
    p[b] = a;
    return self.permute(p);
  }
}
