package dev.myelin;

import java.util.Arrays;
import java.util.Random;

/**
 * The child process of {@link FuzzTest}: runs a batch of seeded random calls of the public Tensor
 * API with hostile arguments and prints {@code CASE seed index call} before each, so that a crash
 * or hang of this JVM is reported by the parent with the call that caused it. A call may throw only
 * the documented argument, index, state or out-of-memory exceptions; anything else, or a result
 * whose shape or values differ from numpy's semantics (computed here in Java), prints {@code FAIL}
 * and exits with status 3.
 *
 * <p>Arguments: {@code seed firstCase cases}.
 */
final class FuzzChild {
  private static final long H = (1L << 62) + 1;
  // Every large count is at least 2^48 elements, so a tensor that passes the size checks still
  // cannot be mapped (2^48 bytes exceed the 2^47-byte user address space of 4-level paging): the
  // fuzzer never makes this machine actually commit a huge buffer.
  private static final long[] DIMS = {
    0,
    1,
    2,
    3,
    4,
    5,
    -1,
    -2,
    1L << 48,
    1L << 50,
    1L << 61,
    1L << 62,
    H,
    Long.MAX_VALUE,
    Long.MIN_VALUE
  };
  private static final long[] INDICES = {
    0, 1, 2, -1, -3, 3, 7, 1L << 40, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE
  };
  private static final int[] AXES = {
    0, 1, 2, -1, -2, -3, 3, 8, -9, Integer.MAX_VALUE, Integer.MIN_VALUE
  };
  private static final double[] VALUES = {
    0,
    1,
    -1,
    2.5,
    -2.7,
    300,
    3e9,
    -3e9,
    1e20,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e-300,
    Double.MIN_VALUE
  };

  private FuzzChild() {}

  /** Thrown when a result breaks numpy's semantics. */
  static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Mismatch(String m) {
      super(m);
    }
  }

  private final Random r = new Random();
  private final StringBuilder call = new StringBuilder();

  private long dim() {
    // Mostly small (results get checked), sometimes hostile.
    return r.nextInt(3) > 0 ? r.nextInt(4) : DIMS[r.nextInt(DIMS.length)];
  }

  private long[] shape() {
    long[] s = new long[r.nextInt(5)];
    for (int i = 0; i < s.length; i++) {
      s[i] = dim();
    }
    return s;
  }

  private long[] smallShape() {
    long[] s = new long[r.nextInt(4)];
    for (int i = 0; i < s.length; i++) {
      s[i] = r.nextInt(4);
    }
    return s;
  }

  private DType dtype() {
    return DType.values()[r.nextInt(DType.values().length)];
  }

  private int axis() {
    return r.nextInt(2) == 0 ? r.nextInt(7) - 3 : AXES[r.nextInt(AXES.length)];
  }

  private double value() {
    return r.nextInt(2) == 0 ? r.nextInt(7) - 3 : VALUES[r.nextInt(VALUES.length)];
  }

  private long index() {
    return r.nextInt(2) == 0 ? r.nextInt(7) - 3 : INDICES[r.nextInt(INDICES.length)];
  }

  private Tensor small(DType d) {
    long[] s = smallShape();
    if (s.length > 1 && r.nextInt(8) == 0) {
      // An empty tensor with a huge axis (numpy allows np.empty((0, 2**48))): a kernel that loops
      // over an axis instead of over elements would spin for 2^48 iterations here.
      s[r.nextInt(s.length)] = 0;
      s[r.nextInt(s.length)] = 1L << 48;
      note("t" + Arrays.toString(s) + d);
      return Tensor.zeros(d, s);
    }
    note("t" + Arrays.toString(s) + d);
    return Tensor.randomUniform(s, -5, 5, DType.FLOAT64, r.nextLong()).floor().cast(d);
  }

  private void note(String s) {
    call.append(s).append(' ');
    // Printed at once: if the next native call kills this JVM, the parent shows the call.
    System.out.println("  " + s);
    System.out.flush();
  }

  private static long numelOrMinus(long[] s) {
    long n = 1;
    for (long d : s) {
      if (d < 0) {
        return -1;
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static void expectShape(String what, long[] want, Tensor got) {
    if (!Arrays.equals(want, got.shape())) {
      throw new Mismatch(
          what
              + ": shape "
              + Arrays.toString(got.shape())
              + ", numpy gives "
              + Arrays.toString(want));
    }
  }

  /** numpy's broadcast of two shapes, or null when they do not broadcast. */
  private static long[] broadcast(long[] a, long[] b) {
    int n = Math.max(a.length, b.length);
    long[] o = new long[n];
    for (int i = 0; i < n; i++) {
      long da = i < n - a.length ? 1 : a[i - (n - a.length)];
      long db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        return null;
      }
      o[i] = da == 1 ? db : da;
    }
    return o;
  }

  /** numpy 2.x astype on x86-64 for one double (see ops.hpp from_double). */
  static long numpyCast(double v, DType d) {
    switch (d) {
      case INT32:
        return v > -2147483649.0 && v < 2147483648.0 ? (long) v : Integer.MIN_VALUE;
      case INT64:
        return v > -9.223372036854775808e18 && v < 9.223372036854775808e18
            ? (long) v
            : Long.MIN_VALUE;
      case UINT8:
        return numpyCast(v, DType.INT32) & 0xff;
      default:
        return v != 0 ? 1 : 0;
    }
  }

  private void runOne() {
    int op = r.nextInt(25);
    note("op" + op);
    switch (op) {
      case 0 -> {
        long[] s = shape();
        DType d = dtype();
        double v = value();
        note("full(" + v + ", " + d + ", " + Arrays.toString(s) + ")");
        try (Tensor t = Tensor.full(v, d, s)) {
          expectShape("full", s, t);
          if (t.size() > 0 && d != DType.FLOAT32 && d != DType.FLOAT64) {
            long want = numpyCast(v, d);
            if (t.toLongArray()[0] != want) {
              throw new Mismatch(
                  "full " + v + " as " + d + " gave " + t.toLongArray()[0] + ", numpy " + want);
            }
          }
        }
      }
      case 1 -> {
        long n = dim();
        long m = dim();
        long k = index();
        note("eye(" + n + ", " + m + ", " + k + ")");
        try (Tensor t = Tensor.eye(n, m, k, dtype())) {
          expectShape("eye", new long[] {n, m}, t);
          double[] v = t.cast(DType.FLOAT64).toDoubleArray();
          for (int i = 0; i < v.length; i++) {
            long row = i / m;
            long col = i % m;
            if (v[i] != (col - row == k ? 1 : 0)) {
              throw new Mismatch("eye value at " + i);
            }
          }
        }
      }
      case 2 -> {
        double a = value();
        double b = value();
        double st = value();
        double n = Math.ceil((b - a) / st);
        if (n > 4096 && n < 0x1p48) {
          // A legitimate but large count would really fill gigabytes: keep it small instead.
          b = a + 3 * st;
        }
        note("arange(" + a + ", " + b + ", " + st + ")");
        Tensor.arange(a, b, st, dtype()).close();
      }
      case 3 -> {
        long n = dim();
        note("arange(" + n + ") / linspace / permutation");
        switch (r.nextInt(3)) {
          case 0 -> Tensor.arange(n).close();
          case 1 -> Tensor.linspace(value(), value(), n, dtype()).close();
          default -> Tensor.permutation(n, r.nextLong()).close();
        }
      }
      case 4 -> {
        long[] s = shape();
        DType d = dtype();
        note("random(" + Arrays.toString(s) + ", " + d + ")");
        switch (r.nextInt(4)) {
          case 0 -> Tensor.randomUniform(s, value(), value(), d, r.nextLong()).close();
          case 1 -> Tensor.randomNormal(s, value(), value(), d, r.nextLong()).close();
          case 2 -> Tensor.truncatedNormal(s, value(), value(), d, r.nextLong()).close();
          default -> Tensor.bernoulli(s, value(), d, r.nextLong()).close();
        }
      }
      case 5 -> {
        Tensor x = small(dtype());
        Tensor y = small(dtype());
        int which = r.nextInt(8);
        note("binary" + which);
        long[] want = broadcast(x.shape(), y.shape());
        try {
          Tensor z =
              switch (which) {
                case 0 -> x.add(y);
                case 1 -> x.sub(y);
                case 2 -> x.mul(y);
                case 3 -> x.div(y);
                case 4 -> x.mod(y);
                case 5 -> x.maximum(y);
                case 6 -> x.lt(y);
                default -> x.pow(y);
              };
          if (want == null) {
            throw new Mismatch("broadcast of incompatible shapes accepted");
          }
          expectShape("binary", want, z);
        } catch (IllegalArgumentException e) {
          if (want != null && x.dtype() == y.dtype() && x.dtype() == DType.FLOAT64) {
            throw new Mismatch("valid broadcast rejected: " + e.getMessage());
          }
        }
      }
      case 6 -> {
        Tensor x = small(dtype());
        double v = value();
        note("scalar op " + v);
        switch (r.nextInt(6)) {
          case 0 -> x.add(v).close();
          case 1 -> x.div(v).close();
          case 2 -> x.mod(v).close();
          case 3 -> x.pow(v).close();
          case 4 -> x.clip(v, value()).close();
          default -> x.leakyRelu(v).close();
        }
      }
      case 7 -> {
        Tensor x = small(r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64);
        note("unary");
        Tensor[] all = {
          x.exp(),
          x.log(),
          x.sqrt(),
          x.tanh(),
          x.sigmoid(),
          x.gelu(),
          x.softplus(),
          x.round(),
          x.floor(),
          x.abs(),
          x.neg(),
          x.selu()
        };
        for (Tensor t : all) {
          expectShape("unary", x.shape(), t);
        }
      }
      case 8 -> {
        Tensor x = small(dtype());
        int a = axis();
        boolean keep = r.nextBoolean();
        note("reduce axis " + a + " keep " + keep);
        int rank = x.rank();
        int na = a < 0 ? a + rank : a;
        boolean valid = na >= 0 && na < rank;
        try {
          Tensor t =
              switch (r.nextInt(6)) {
                case 0 -> x.sum(keep, a);
                case 1 -> x.mean(keep, a);
                case 2 -> x.max(keep, a);
                case 3 -> x.prod(keep, a);
                case 4 -> x.argmax(a, keep);
                default -> x.any(keep, a);
              };
          if (!valid) {
            throw new Mismatch(
                "reduction over invalid axis " + a + " of rank " + rank + " accepted");
          }
          long[] want = x.shape();
          if (keep) {
            want[na] = 1;
          } else {
            long[] w = new long[rank - 1];
            for (int i = 0, j = 0; i < rank; i++) {
              if (i != na) {
                w[j++] = want[i];
              }
            }
            want = w;
          }
          expectShape("reduce", want, t);
        } catch (IllegalArgumentException | IllegalStateException e) {
          // invalid axis, or max/argmax of an empty axis (numpy raises there too)
        }
      }
      case 9 -> {
        Tensor x = small(dtype());
        long[] s = shape();
        if (r.nextInt(3) == 0 && s.length > 0) {
          s[r.nextInt(s.length)] = -1;
        }
        note("reshape" + Arrays.toString(s));
        Tensor t = x.reshape(s);
        long n = numelOrMinus(t.shape());
        if (n != x.size()) {
          throw new Mismatch("reshape changed the element count to " + n);
        }
      }
      case 10 -> {
        Tensor x = small(dtype());
        long[] reps = new long[r.nextInt(4)];
        for (int i = 0; i < reps.length; i++) {
          reps[i] = dim();
        }
        note("tile" + Arrays.toString(reps));
        Tensor t = x.tile(reps);
        long[] xs = x.shape();
        int rank = Math.max(xs.length, reps.length);
        long[] want = new long[rank];
        for (int i = 0; i < rank; i++) {
          int ri = i - (rank - reps.length);
          int si = i - (rank - xs.length);
          want[i] = (ri >= 0 ? reps[ri] : 1) * (si >= 0 ? xs[si] : 1);
        }
        expectShape("tile", want, t);
      }
      case 11 -> {
        Tensor x = small(dtype());
        long n = dim();
        int a = axis();
        note("repeat(" + n + ", " + a + ")");
        x.repeat(n, a).close();
      }
      case 12 -> {
        Tensor x = small(dtype());
        long[] b = new long[x.rank()];
        long[] af = new long[x.rank()];
        for (int i = 0; i < b.length; i++) {
          b[i] = dim();
          af[i] = dim();
        }
        note("pad" + Arrays.toString(b) + Arrays.toString(af));
        Tensor t = x.pad(b, af, value());
        long[] want = x.shape();
        for (int i = 0; i < want.length; i++) {
          want[i] += b[i] + af[i];
        }
        expectShape("pad", want, t);
      }
      case 13 -> {
        Tensor x = small(r.nextBoolean() ? DType.INT32 : DType.INT64);
        long depth = dim();
        note("oneHot(" + depth + ")");
        Tensor t = x.oneHot(depth, dtype(), value(), value());
        long[] want = Arrays.copyOf(x.shape(), x.rank() + 1);
        want[x.rank()] = depth;
        expectShape("oneHot", want, t);
      }
      case 14 -> {
        Tensor x = small(dtype());
        long[] idx = new long[r.nextInt(x.rank() + 2)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = index();
        }
        note("get" + Arrays.toString(idx));
        if (r.nextBoolean()) {
          x.get(idx).close();
        } else {
          x.getDouble(idx);
        }
      }
      case 15 -> {
        Tensor x = small(dtype());
        Slice[] sl = new Slice[r.nextInt(x.rank() + 2)];
        for (int i = 0; i < sl.length; i++) {
          long st = index();
          sl[i] = r.nextBoolean() ? Slice.range(st, index(), index()) : Slice.index(st);
        }
        note("slice" + Arrays.toString(sl));
        x.slice(sl).close();
      }
      case 16 -> {
        Tensor x = small(dtype());
        Tensor idx = small(r.nextBoolean() ? DType.INT32 : DType.INT64);
        int a = axis();
        note("take/scatterAdd axis " + a);
        if (r.nextBoolean()) {
          x.take(idx, a).close();
        } else {
          x.scatterAdd(idx, small(x.dtype()), a).close();
        }
      }
      case 17 -> {
        Tensor x = small(dtype());
        Tensor y = small(x.dtype());
        int a = axis();
        note("concat/stack/split axis " + a);
        switch (r.nextInt(3)) {
          case 0 -> Tensor.concat(a, x, y).close();
          case 1 -> Tensor.stack(a, x, y).close();
          default -> {
            long[] sizes = {dim(), dim()};
            for (Tensor t : x.split(sizes, a)) {
              t.close();
            }
          }
        }
      }
      case 18 -> {
        Tensor x = small(dtype());
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
          perm[i] = r.nextInt(3) == 0 ? axis() : i;
        }
        note("permute" + Arrays.toString(perm) + " squeeze expandDims transpose");
        switch (r.nextInt(4)) {
          case 0 -> x.permute(perm).close();
          case 1 -> x.squeeze(axis()).close();
          case 2 -> x.expandDims(axis()).close();
          default -> x.transpose(axis(), axis()).close();
        }
      }
      case 19 -> {
        DType from = r.nextBoolean() ? DType.FLOAT64 : DType.FLOAT32;
        DType to = dtype();
        double[] v = new double[1 + r.nextInt(6)];
        for (int i = 0; i < v.length; i++) {
          v[i] = value() * (r.nextBoolean() ? 1 : 1e10 * r.nextDouble());
          if (from == DType.FLOAT32) {
            v[i] = (float) v[i];
          }
        }
        note("cast " + Arrays.toString(v) + " " + from + "->" + to);
        Tensor t = Tensor.of(v).cast(from).cast(to);
        if (to != DType.FLOAT32 && to != DType.FLOAT64) {
          long[] got = t.toLongArray();
          for (int i = 0; i < v.length; i++) {
            if (got[i] != numpyCast(v[i], to)) {
              throw new Mismatch(
                  "cast "
                      + v[i]
                      + " to "
                      + to
                      + " gave "
                      + got[i]
                      + ", numpy "
                      + numpyCast(v[i], to));
            }
          }
        }
      }
      case 20 -> {
        Tensor x = small(r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64);
        Tensor y = small(x.dtype());
        note("matmul");
        x.matmul(y, r.nextBoolean(), r.nextBoolean()).close();
      }
      case 21 -> {
        Tensor x = small(r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64);
        int a = axis();
        note("softmax/logsumexp/var " + a);
        switch (r.nextInt(3)) {
          case 0 -> x.softmax(a).close();
          case 1 -> x.logsumexp(a).close();
          default -> x.var(a).close();
        }
      }
      case 22 -> {
        Tensor x = small(dtype());
        long[] s = shape();
        note("broadcastTo/sumToShape" + Arrays.toString(s));
        if (r.nextBoolean()) {
          x.broadcastTo(s).close();
        } else {
          x.sumToShape(s).close();
        }
      }
      case 23 -> {
        // image resizing and sampling: any rank, dtype, size, interpolation, fill mode, transform
        Tensor x = small(dtype());
        String interp = new String[] {"bilinear", "nearest", "bicubic", null}[r.nextInt(4)];
        if (r.nextBoolean()) {
          long h = r.nextBoolean() ? index() : r.nextInt(6);
          long w = r.nextBoolean() ? index() : r.nextInt(6);
          note("resizeImages " + h + " " + w + " " + interp);
          x.resizeImages(h, w, interp).close();
        } else {
          String mode =
              new String[] {"reflect", "wrap", "constant", "nearest", "mirror"}[r.nextInt(5)];
          double[] t = new double[8 * (1 + r.nextInt(3))];
          for (int i = 0; i < t.length; i++) {
            t[i] = value();
          }
          long rows = t.length / 8;
          Tensor tt = r.nextInt(4) == 0 ? small(dtype()) : Tensor.fromArray(t, rows, 8);
          note("affineTransform " + tt + " " + interp + " " + mode);
          x.affineTransform(tt, interp, mode, value()).close();
        }
      }
      default -> {
        long[] s = shape();
        note("fromArray/empty " + Arrays.toString(s));
        if (r.nextBoolean()) {
          Tensor.fromArray(new float[r.nextInt(5)], s).close();
        } else {
          Tensor.empty(dtype(), s).close();
        }
      }
    }
  }

  /** Runs cases [first, first + count) of the seed; returns 0, or 3 on a semantic failure. */
  int run(long seed, int first, int count) {
    for (int i = first; i < first + count; i++) {
      r.setSeed(seed * 1_000_003L + i);
      call.setLength(0);
      System.out.println("CASE " + seed + " " + i);
      System.out.flush();
      try (TensorScope s = new TensorScope()) {
        runOne();
      } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException e) {
        // the documented answers to bad arguments
      } catch (MyelinException e) {
        if (!e.isOutOfMemory()) {
          System.out.println("FAIL " + seed + " " + i + " " + call + ": " + e);
          return 3;
        }
      } catch (RuntimeException e) {
        System.out.println("FAIL " + seed + " " + i + " " + call + ": " + e);
        e.printStackTrace(System.out);
        return 3;
      }
    }
    System.out.println("DONE " + count);
    return 0;
  }

  /** Entry point of the child JVM: {@code seed firstCase cases}. */
  public static void main(String[] args) {
    int rc =
        new FuzzChild()
            .run(Long.parseLong(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    System.exit(rc);
  }
}
