package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.gradient;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;
import static dev.myelin.internal.TensorChecks.checkDType;

import dev.myelin.internal.BackwardFn;
import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Tensor's indexing: numpy slicing, get, boolean masks, take, scatterAdd and oneHot. */
final class IndexOps {
  private IndexOps() {}

  /** The backward of a strided slice: {@code gy} scattered into zeros of the input's shape. */
  static BackwardFn sliceGradient(String op, long[] starts, long[] stops, long[] steps) {
    return (gy, in, o, needs) ->
        gradient(
            Reachable.after(
                NativeCore.mln_slice_backward(
                    gy.h(op), in[0].shp().length, in[0].shp(), starts, stops, steps),
                gy),
            op);
  }

  private static Tensor sliceRaw(Tensor x, long[] starts, long[] stops, long[] steps, String op) {
    Tensor out = make(Reachable.after(NativeCore.mln_slice(x.h(op), starts, stops, steps), x), op);
    if (Recorder.active()) {
      record(op, sliceGradient(op, starts, stops, steps), out, x);
    }
    return out;
  }

  static Tensor slice(Tensor self, Slice... slices) {
    String op = "slice";
    self.h(op);
    if (slices == null) {
      throw Errors.arg(op, "slices", "Slice values", "null");
    }
    long[] s = self.shp();
    if (slices.length > s.length) {
      throw Errors.arg(
          op, "slices", "at most " + s.length + " entries", slices.length + " entries");
    }
    int r = s.length;
    long[] starts = new long[r];
    long[] stops = new long[r];
    long[] steps = new long[r];
    long[] outShape = new long[r];
    int kept = 0;
    boolean anyIndex = false;
    for (int i = 0; i < r; i++) {
      Slice sl = i < slices.length ? slices[i] : Slice.all();
      if (sl == null) {
        throw Errors.arg(op, "slices[" + i + "]", "a Slice", "null");
      }
      long[] n = sl.normalize(s[i], i, op);
      starts[i] = n[0];
      stops[i] = n[1];
      steps[i] = n[2];
      if (sl.isIndex()) {
        anyIndex = true;
      } else {
        long len = n[2] > 0 ? (n[1] - n[0] + n[2] - 1) / n[2] : (n[0] - n[1] - n[2] - 1) / (-n[2]);
        outShape[kept++] = Math.max(0, len);
      }
    }
    Tensor out = sliceRaw(self, starts, stops, steps, op);
    if (!anyIndex) {
      return out;
    }
    try {
      return out.reshape(Arrays.copyOf(outShape, kept));
    } finally {
      out.close();
    }
  }

  static Tensor slice(Tensor self, String spec) {
    String op = "slice";
    self.h(op);
    if (spec == null) {
      throw Errors.arg(op, "spec", "a slice string", "null");
    }
    String[] parts = spec.split(",", -1);
    List<Slice> list = new ArrayList<>();
    int ellipsis = -1;
    for (String p : parts) {
      if (p.trim().equals("...")) {
        if (ellipsis >= 0) {
          throw Errors.arg(op, "spec", "at most one \"...\"", "\"" + spec + "\"");
        }
        ellipsis = list.size();
      } else if (p.isBlank() && parts.length == 1) {
        break;
      } else {
        list.add(Slice.parse(p, spec));
      }
    }
    int r = self.shp().length;
    if (ellipsis >= 0) {
      int fill = r - list.size();
      if (fill < 0) {
        throw Errors.arg(op, "spec", "at most " + r + " components", "\"" + spec + "\"");
      }
      for (int i = 0; i < fill; i++) {
        list.add(ellipsis, Slice.all());
      }
    }
    return self.slice(list.toArray(new Slice[0]));
  }

  static Tensor get(Tensor self, long... indices) {
    String op = "get";
    self.h(op);
    if (indices == null) {
      throw Errors.arg(op, "indices", "indices", "null");
    }
    int r = self.shp().length;
    if (indices.length > r) {
      throw Errors.arg(op, "indices", "at most " + r + " indices", indices.length + " indices");
    }
    Slice[] sl = new Slice[indices.length];
    for (int i = 0; i < sl.length; i++) {
      long k = indices[i];
      long d = self.shp()[i];
      if (k < -d || k >= d) {
        throw new IndexOutOfBoundsException(
            op + ": index " + k + " is out of range for axis " + i + " with size " + d);
      }
      sl[i] = Slice.index(k);
    }
    return self.slice(sl);
  }

  static Tensor mask(Tensor self, Tensor mask) {
    String op = "mask";
    long m = arg(mask, op, "mask");
    Tensor out = make(Reachable.after(NativeCore.mln_masked_select(self.h(op), m), self, mask), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            Tensor x = in[0];
            Tensor idx = Tensor.arange(x.size()).reshape(x.shp()).mask(in[1]);
            Tensor z = Tensor.full(0, gy.dtype(), x.size());
            return new Tensor[] {z.scatterAdd(idx, gy, 0).reshape(x.shp()), null};
          },
          out,
          self,
          mask);
    }
    return out;
  }

  static Tensor take(Tensor self, Tensor indices, int axis) {
    String op = "take";
    long i = arg(indices, op, "indices");
    Tensor out = make(Reachable.after(NativeCore.mln_take(self.h(op), i, axis), self, indices), op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              new Tensor[] {
                Tensor.full(0, gy.dtype(), in[0].shp()).scatterAdd(in[1], gy, axis), null
              },
          out,
          self,
          indices);
    }
    return out;
  }

  static Tensor scatterAdd(Tensor self, Tensor indices, Tensor updates, int axis) {
    String op = "scatterAdd";
    long i = arg(indices, op, "indices");
    long u = arg(updates, op, "updates");
    Tensor out =
        make(
            Reachable.after(
                NativeCore.mln_scatter_add(self.h(op), i, u, axis), self, indices, updates),
            op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> new Tensor[] {gy, null, needs[2] ? gy.take(in[1], axis) : null},
          out,
          self,
          indices,
          updates);
    }
    return out;
  }

  static Tensor oneHot(Tensor self, long depth, DType dtype, double on, double off) {
    checkDType(dtype, "oneHot");
    return make(
        Reachable.after(
            NativeCore.mln_one_hot(self.h("oneHot"), depth, dtype.code(), on, off), self),
        "oneHot");
  }
}
