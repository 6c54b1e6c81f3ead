package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autodiff.GradientTape;
import dev.myelin.internal.NativeCore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The native recurrent kernels (mln_rnn_forward/backward) against a plain double-precision loop
 * written from Keras's cell equations, their gradients against central finite differences of that
 * loop, the SimpleRNN gradient against the book appendix's backpropagation-through-time equations,
 * and the embedding lookup.
 */
@ExtendWith(TensorScopePerTest.class)
class SequenceOpsTest {
  static final int LIN = NativeCore.MLN_RNN_ACT_LINEAR;
  static final int TANH = NativeCore.MLN_RNN_ACT_TANH;
  static final int SIG = NativeCore.MLN_RNN_ACT_SIGMOID;
  static final int HARD = NativeCore.MLN_RNN_ACT_HARD_SIGMOID;
  static final int RELU = NativeCore.MLN_RNN_ACT_RELU;

  /** One case: sizes, the spec and which optional inputs it has. */
  record Case(
      RnnSpec spec,
      int n,
      int t,
      int f,
      int h,
      boolean bias,
      boolean h0,
      boolean c0,
      boolean mask) {
    int gates() {
      return spec.cell() == NativeCore.MLN_RNN_LSTM
          ? 4
          : spec.cell() == NativeCore.MLN_RNN_GRU ? 3 : 1;
    }
  }

  /** The case's inputs as double arrays (null where absent). */
  static final class Data {
    double[] x, w, u, b, h0, c0, mask;

    /** Keras's mask (N, T): 0 where the step is skipped; null for none. */
    double[] steps;

    double[] get(int i) {
      return new double[][] {x, w, u, b, h0, c0, mask, steps}[i];
    }
  }

  static double act(int a, double v, double slope) {
    switch (a) {
      case NativeCore.MLN_RNN_ACT_TANH:
        return Math.tanh(v);
      case NativeCore.MLN_RNN_ACT_SIGMOID:
        return 1 / (1 + Math.exp(-v));
      case NativeCore.MLN_RNN_ACT_HARD_SIGMOID:
        return Math.max(0, Math.min(1, slope * v + 0.5));
      case NativeCore.MLN_RNN_ACT_RELU:
        return Math.max(0, v);
      default:
        return v;
    }
  }

  /**
   * Keras's cells step by step (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py): returns y (N, T, H)
   * flattened, followed by the last c for an LSTM.
   */
  static double[] reference(Case k, Data d) {
    int n = k.n(), t = k.t(), f = k.f(), h = k.h(), g = k.gates(), kh = g * h;
    RnnSpec s = k.spec();
    double sl = s.hardSigmoidSlope();
    boolean lstm = s.cell() == NativeCore.MLN_RNN_LSTM;
    double[] y = new double[n * t * h];
    double[] cl = new double[n * h];
    for (int i = 0; i < n; i++) {
      double[] hp = new double[h];
      double[] cp = new double[h];
      for (int j = 0; j < h; j++) {
        hp[j] = d.h0 == null ? 0 : d.h0[i * h + j];
        cp[j] = d.c0 == null ? 0 : d.c0[i * h + j];
      }
      for (int step = 0; step < t; step++) {
        int tx = s.goBackwards() ? t - 1 - step : step;
        if (d.steps != null && d.steps[i * t + tx] == 0) {
          // Keras's masked step: the states carry over and the output repeats the previous one
          for (int j = 0; j < h; j++) {
            y[(i * t + step) * h + j] = hp[j];
          }
          continue;
        }
        double[] hm = new double[h];
        for (int j = 0; j < h; j++) {
          hm[j] = d.mask == null ? hp[j] : hp[j] * d.mask[i * h + j];
        }
        double[] xw = new double[kh];
        double[] hu = new double[kh];
        for (int q = 0; q < kh; q++) {
          for (int p = 0; p < f; p++) {
            xw[q] += d.x[(i * t + tx) * f + p] * d.w[p * kh + q];
          }
          if (d.b != null) {
            xw[q] += d.b[q];
          }
          for (int p = 0; p < h; p++) {
            hu[q] += hm[p] * d.u[p * kh + q];
          }
          if (d.b != null && s.resetAfter()) {
            hu[q] += d.b[kh + q];
          }
        }
        double[] hn = new double[h];
        if (s.cell() == NativeCore.MLN_RNN_SIMPLE) {
          for (int j = 0; j < h; j++) {
            hn[j] = act(s.activation(), xw[j] + hu[j], sl);
          }
        } else if (lstm) {
          for (int j = 0; j < h; j++) {
            double ig = act(s.recurrentActivation(), xw[j] + hu[j], sl);
            double fg = act(s.recurrentActivation(), xw[h + j] + hu[h + j], sl);
            double cg = act(s.activation(), xw[2 * h + j] + hu[2 * h + j], sl);
            double og = act(s.recurrentActivation(), xw[3 * h + j] + hu[3 * h + j], sl);
            cp[j] = fg * cp[j] + ig * cg;
            hn[j] = og * act(s.activation(), cp[j], sl);
          }
        } else {
          double[] z = new double[h];
          double[] r = new double[h];
          for (int j = 0; j < h; j++) {
            z[j] = act(s.recurrentActivation(), xw[j] + hu[j], sl);
            r[j] = act(s.recurrentActivation(), xw[h + j] + hu[h + j], sl);
          }
          for (int j = 0; j < h; j++) {
            double rec;
            if (s.resetAfter()) {
              rec = r[j] * hu[2 * h + j];
            } else {
              rec = 0;
              for (int p = 0; p < h; p++) {
                rec += r[p] * hm[p] * d.u[p * kh + 2 * h + j];
              }
            }
            double hh = act(s.activation(), xw[2 * h + j] + rec, sl);
            hn[j] = z[j] * hm[j] + (1 - z[j]) * hh;
          }
        }
        for (int j = 0; j < h; j++) {
          y[(i * t + step) * h + j] = hn[j];
        }
        hp = hn;
      }
      System.arraycopy(cp, 0, cl, i * h, h);
    }
    if (!lstm) {
      return y;
    }
    double[] r = new double[y.length + cl.length];
    System.arraycopy(y, 0, r, 0, y.length);
    System.arraycopy(cl, 0, r, y.length, cl.length);
    return r;
  }

  static double[] random(Random rnd, int size, double scale) {
    double[] a = new double[size];
    for (int i = 0; i < size; i++) {
      a[i] = scale * (2 * rnd.nextDouble() - 1);
    }
    return a;
  }

  static Data data(Case k, long seed) {
    Random rnd = new Random(seed);
    int kh = k.gates() * k.h();
    Data d = new Data();
    d.x = random(rnd, k.n() * k.t() * k.f(), 1);
    d.w = random(rnd, k.f() * kh, 0.7);
    d.u = random(rnd, k.h() * kh, 0.7);
    d.b = k.bias() ? random(rnd, (k.spec().resetAfter() ? 2 : 1) * kh, 0.3) : null;
    d.h0 = k.h0() ? random(rnd, k.n() * k.h(), 0.8) : null;
    d.c0 = k.c0() ? random(rnd, k.n() * k.h(), 0.8) : null;
    if (k.mask()) {
      d.mask = new double[k.n() * k.h()];
      for (int i = 0; i < d.mask.length; i++) {
        d.mask[i] = rnd.nextDouble() < 0.3 ? 0 : 1 / 0.7;
      }
    }
    return d;
  }

  static long[][] shapes(Case k) {
    int kh = k.gates() * k.h();
    return new long[][] {
      {k.n(), k.t(), k.f()},
      {k.f(), kh},
      {k.h(), kh},
      k.spec().resetAfter() ? new long[] {2, kh} : new long[] {kh},
      {k.n(), k.h()},
      {k.n(), k.h()},
      {k.n(), k.h()},
      {k.n(), k.t()}
    };
  }

  static Tensor[] tensors(Case k, Data d, DType dt) {
    long[][] s = shapes(k);
    Tensor[] r = new Tensor[d.steps == null ? 7 : 8];
    for (int i = 0; i < r.length; i++) {
      double[] a = d.get(i);
      r[i] = a == null ? null : Tensor.fromArray(a, s[i]).cast(dt);
    }
    return r;
  }

  static RnnSpec spec(int cell, int act, int ract, boolean back, boolean resetAfter) {
    return new RnnSpec(cell, act, ract, 0.2, back, resetAfter);
  }

  static Case[] cases() {
    int s = NativeCore.MLN_RNN_SIMPLE, l = NativeCore.MLN_RNN_LSTM, g = NativeCore.MLN_RNN_GRU;
    return new Case[] {
      new Case(spec(s, TANH, TANH, false, false), 3, 5, 4, 3, true, false, false, false),
      new Case(spec(s, RELU, RELU, true, false), 2, 4, 3, 5, true, true, false, true),
      new Case(spec(s, LIN, LIN, false, false), 2, 3, 2, 2, false, true, false, false),
      new Case(spec(l, TANH, SIG, false, false), 3, 5, 4, 3, true, false, false, false),
      new Case(spec(l, TANH, HARD, true, false), 2, 4, 3, 4, true, true, true, true),
      new Case(spec(l, TANH, SIG, false, false), 2, 3, 2, 2, false, true, true, false),
      new Case(spec(g, TANH, SIG, false, true), 3, 5, 4, 3, true, false, false, false),
      new Case(spec(g, TANH, HARD, true, true), 2, 4, 3, 4, true, true, false, true),
      new Case(spec(g, TANH, SIG, false, false), 3, 5, 4, 3, true, true, false, false),
      new Case(spec(g, RELU, HARD, true, false), 2, 4, 3, 4, false, true, false, true),
    };
  }

  @Test
  void forwardMatchesKerasCellEquationsInFloat64AndFloat32() {
    for (Case k : cases()) {
      Data d = data(k, 7);
      double[] want = reference(k, d);
      for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
        Tensor[] out = Tensor.recurrent(k.spec(), tensors(k, d, dt));
        double[] y = out[0].cast(DType.FLOAT64).toDoubleArray();
        double tol = dt == DType.FLOAT64 ? 1e-12 : 2e-5;
        int ny = k.n() * k.t() * k.h();
        assertEquals(ny, y.length, k.toString());
        for (int i = 0; i < ny; i++) {
          assertEquals(want[i], y[i], tol, k + " " + dt + " y[" + i + "]");
        }
        if (k.spec().cell() == NativeCore.MLN_RNN_LSTM) {
          double[] c = out[1].cast(DType.FLOAT64).toDoubleArray();
          for (int i = 0; i < c.length; i++) {
            assertEquals(want[ny + i], c[i], tol, k + " " + dt + " c[" + i + "]");
          }
        } else {
          assertNull(out[1]);
        }
      }
    }
  }

  /** L = sum(y * ry) + sum(c_last * rc), from the reference loop. */
  static double loss(Case k, Data d, double[] ry, double[] rc) {
    double[] o = reference(k, d);
    double l = 0;
    for (int i = 0; i < ry.length; i++) {
      l += o[i] * ry[i];
    }
    for (int i = 0; rc != null && i < rc.length; i++) {
      l += o[ry.length + i] * rc[i];
    }
    return l;
  }

  /** Cases big enough for the batch-parallel path (one block of rows per thread). */
  static Case[] bigCases() {
    int l = NativeCore.MLN_RNN_LSTM, g = NativeCore.MLN_RNN_GRU;
    return new Case[] {
      new Case(spec(l, TANH, SIG, false, false), 37, 9, 5, 8, true, true, true, true),
      new Case(spec(g, TANH, HARD, true, false), 37, 9, 5, 8, true, true, false, true),
      new Case(spec(g, TANH, SIG, false, true), 37, 9, 5, 8, true, false, false, false),
    };
  }

  @Test
  void theBatchParallelPathMatchesTheReferenceAndFiniteDifferences() {
    assertTrue(Myelin.numThreads() > 1 || Runtime.getRuntime().availableProcessors() == 1);
    for (Case k : bigCases()) {
      Data d = data(k, 17);
      double[] want = reference(k, d);
      double[] y =
          Tensor.recurrent(k.spec(), tensors(k, d, DType.FLOAT32))[0]
              .cast(DType.FLOAT64)
              .toDoubleArray();
      for (int i = 0; i < y.length; i++) {
        assertEquals(want[i], y[i], 2e-5, k + " y[" + i + "]");
      }
      checkGradients(k, d, 7);
    }
  }

  @Test
  void gradientsOfEveryInputMatchCentralFiniteDifferences() {
    for (Case k : cases()) {
      checkGradients(k, data(k, 11), 1);
    }
  }

  /** Native float64 gradients of every input against central differences, every stride-th. */
  static void checkGradients(Case k, Data d, int stride) {
    {
      Random rnd = new Random(5);
      boolean lstm = k.spec().cell() == NativeCore.MLN_RNN_LSTM;
      double[] ry = random(rnd, k.n() * k.t() * k.h(), 1);
      double[] rc = lstm ? random(rnd, k.n() * k.h(), 1) : null;
      Tensor[] in = tensors(k, d, DType.FLOAT64);
      Tensor[] watched = new Tensor[6];
      System.arraycopy(in, 0, watched, 0, 6);
      Tensor[] grads;
      try (GradientTape tape = new GradientTape()) {
        for (Tensor w : watched) {
          if (w != null) {
            tape.watch(w);
          }
        }
        Tensor[] out = Tensor.recurrent(k.spec(), in);
        Tensor l = out[0].mul(Tensor.fromArray(ry, k.n(), k.t(), k.h())).sum();
        if (lstm) {
          l = l.add(out[1].mul(Tensor.fromArray(rc, k.n(), k.h())).sum());
        }
        java.util.List<Tensor> src = new java.util.ArrayList<>();
        for (Tensor w : watched) {
          if (w != null) {
            src.add(w);
          }
        }
        grads = tape.gradient(l, src.toArray(new Tensor[0]));
      }
      int gi = 0;
      for (int i = 0; i < 6; i++) {
        double[] a = d.get(i);
        if (a == null) {
          continue;
        }
        double[] got = grads[gi++].toDoubleArray();
        assertEquals(a.length, got.length, k + " input " + i);
        for (int q = 0; q < a.length; q += stride) {
          double keep = a[q];
          double eps = 1e-6;
          a[q] = keep + eps;
          double lp = loss(k, d, ry, rc);
          a[q] = keep - eps;
          double lm = loss(k, d, ry, rc);
          a[q] = keep;
          double fd = (lp - lm) / (2 * eps);
          assertEquals(
              fd, got[q], 1e-6 * Math.max(1, Math.abs(fd)), k + " input " + i + "[" + q + "]");
        }
      }
    }
  }

  /** Every case with a mask over the steps: post padding, pre padding, holes, all masked. */
  static Data masked(Case k, long seed) {
    Data d = data(k, seed);
    int n = k.n(), t = k.t();
    d.steps = new double[n * t];
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < t; s++) {
        int kind = i % 4; // post padding, pre padding, holes, all masked
        boolean keep = kind == 0 ? s < t - 2 : kind == 1 ? s >= 1 : kind == 2 && s % 2 == 0;
        d.steps[i * t + s] = keep ? 1 : 0;
      }
    }
    return d;
  }

  @Test
  void maskedStepsAreSkippedAsKerasSkipsThemWithExactGradients() {
    for (Case k : cases()) {
      Data d = masked(k, 23);
      double[] want = reference(k, d);
      Tensor[] out = Tensor.recurrent(k.spec(), tensors(k, d, DType.FLOAT64));
      double[] y = out[0].toDoubleArray();
      for (int i = 0; i < y.length; i++) {
        assertEquals(want[i], y[i], 1e-12, k + " masked y[" + i + "]");
      }
      if (out[1] != null) {
        double[] c = out[1].toDoubleArray();
        for (int i = 0; i < c.length; i++) {
          assertEquals(want[y.length + i], c[i], 1e-12, k + " masked c[" + i + "]");
        }
      }
      // the skipped steps repeat the previous output: a step mask that changes nothing is not
      // what was tested
      Data plain = data(k, 23);
      assertTrue(
          Math.abs(reference(k, plain)[y.length - 1] - want[y.length - 1]) > 1e-9
              || Math.abs(reference(k, plain)[k.t() * k.h()] - want[k.t() * k.h()]) > 1e-9,
          k.toString());
      checkGradients(k, d, 1);
    }
    for (Case k : bigCases()) {
      checkGradients(k, masked(k, 29), 7);
    }
  }

  @Test
  void aStepMaskOfTheWrongShapeIsRejected() {
    Case k = cases()[3];
    Data d = data(k, 3);
    d.steps = new double[k.n() * k.t()];
    Tensor[] in = tensors(k, d, DType.FLOAT32);
    in[7] = Tensor.ones(DType.FLOAT32, k.n(), k.t() + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.recurrent(k.spec(), in));
    assertTrue(e.getMessage().contains("step_mask"), e.getMessage());
  }

  @Test
  void simpleRnnGradientEqualsTheAppendixBackpropagationThroughTime() {
    // a_t = x_t W + h_{t-1} U + b, h_t = tanh(a_t), L = sum_t sum(h_t * r_t):
    // delta_t = (r_t + delta_{t+1} U^T) * (1 - h_t^2); dW = sum_t x_t^T delta_t,
    // dU = sum_t h_{t-1}^T delta_t, db = sum_t delta_t, dh_0 = delta_1 U^T.
    Case k =
        new Case(
            spec(NativeCore.MLN_RNN_SIMPLE, TANH, TANH, false, false),
            2,
            6,
            3,
            4,
            true,
            true,
            false,
            false);
    Data d = data(k, 3);
    int n = k.n(), t = k.t(), f = k.f(), h = k.h();
    double[] r = random(new Random(9), n * t * h, 1);
    double[] y = reference(k, d);
    double[] dw = new double[f * h], du = new double[h * h], db = new double[h];
    double[] dh0 = new double[n * h];
    for (int i = 0; i < n; i++) {
      double[] next = new double[h]; // delta_{t+1} U^T
      for (int s = t - 1; s >= 0; s--) {
        double[] delta = new double[h];
        for (int j = 0; j < h; j++) {
          double ht = y[(i * t + s) * h + j];
          delta[j] = (r[(i * t + s) * h + j] + next[j]) * (1 - ht * ht);
        }
        for (int j = 0; j < h; j++) {
          db[j] += delta[j];
          for (int p = 0; p < f; p++) {
            dw[p * h + j] += d.x[(i * t + s) * f + p] * delta[j];
          }
          for (int p = 0; p < h; p++) {
            double hp = s > 0 ? y[(i * t + s - 1) * h + p] : d.h0[i * h + p];
            du[p * h + j] += hp * delta[j];
          }
        }
        next = new double[h];
        for (int p = 0; p < h; p++) {
          for (int j = 0; j < h; j++) {
            next[p] += delta[j] * d.u[p * h + j];
          }
        }
      }
      System.arraycopy(next, 0, dh0, i * h, h);
    }
    Tensor[] in = tensors(k, d, DType.FLOAT64);
    Tensor[] g;
    try (GradientTape tape = new GradientTape()) {
      tape.watch(in[1], in[2], in[3], in[4]);
      Tensor[] out = Tensor.recurrent(k.spec(), in);
      g = tape.gradient(out[0].mul(Tensor.fromArray(r, n, t, h)).sum(), in[1], in[2], in[3], in[4]);
    }
    assertArrayEquals(dw, g[0].toDoubleArray(), 1e-12);
    assertArrayEquals(du, g[1].toDoubleArray(), 1e-12);
    assertArrayEquals(db, g[2].toDoubleArray(), 1e-12);
    assertArrayEquals(dh0, g[3].toDoubleArray(), 1e-12);
  }

  @Test
  void badRecurrentInputsAreClearErrors() {
    Case k = cases()[3];
    Tensor[] in = tensors(k, data(k, 1), DType.FLOAT32);
    Tensor[] rank2 = in.clone();
    rank2[0] = in[0].reshape(k.n(), -1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensor.recurrent(k.spec(), rank2));
    assertTrue(e.getMessage().contains("argument 'x' expected rank 3"), e.getMessage());
    Tensor[] wrongKernel = in.clone();
    wrongKernel[1] = Tensor.zeros(k.f() + 1, 4L * k.h());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.recurrent(k.spec(), wrongKernel));
    assertTrue(e.getMessage().contains("argument 'kernel' expected shape (4, 12)"), e.getMessage());
    Tensor[] wrongState = in.clone();
    wrongState[4] = Tensor.zeros(k.n() + 1, k.h());
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.recurrent(k.spec(), wrongState));
    assertTrue(
        e.getMessage().contains("argument 'initial_h' expected shape (3, 3)"), e.getMessage());
    Tensor[] f64 = in.clone();
    f64[2] = in[2].cast(DType.FLOAT64);
    e = assertThrows(IllegalArgumentException.class, () -> Tensor.recurrent(k.spec(), f64));
    assertTrue(e.getMessage().contains("expected dtype float32"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.recurrent(k.spec(), in[0], in[1]));
    assertTrue(
        e.getMessage().contains("argument 'inputs' expected 7 or 8 tensors"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new RnnSpec(7, TANH, SIG, 0.2, false, false));
  }

  @Test
  void embeddingGathersRowsAndScatterAddsItsGradient() {
    Tensor table = Tensor.fromArray(new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2);
    Tensor idx = Tensor.fromArray(new int[] {3, 0, 3, 1}, 2, 2);
    Tensor g;
    Tensor y;
    try (GradientTape tape = new GradientTape()) {
      tape.watch(table);
      y = Tensor.embedding(table, idx);
      g =
          tape.gradient(
                  y.mul(Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)).sum(),
                  table)[0];
    }
    assertArrayEquals(new long[] {2, 2, 2}, y.shape());
    assertArrayEquals(new float[] {30, 31, 0, 1, 30, 31, 10, 11}, y.toFloatArray(), 0f);
    // row 3 gets the gradients of positions 0 and 2; row 2 none
    assertArrayEquals(new float[] {3, 4, 7, 8, 0, 0, 1 + 5, 2 + 6}, g.toFloatArray(), 0f);
    IndexOutOfBoundsException e =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> Tensor.embedding(table, Tensor.fromArray(new int[] {1, 4}, 2)));
    assertTrue(
        e.getMessage().contains("input index 4 (at position 1) is out of range for input_dim 4"),
        e.getMessage());
    e =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> Tensor.embedding(table, Tensor.fromArray(new long[] {-1}, 1)));
    assertTrue(e.getMessage().contains("input index -1"), e.getMessage());
  }
}
