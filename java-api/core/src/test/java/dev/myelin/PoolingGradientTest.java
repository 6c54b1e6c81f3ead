package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autodiff.GradientTape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pooling through the tape: analytic gradients against central finite differences, in float64
 * (direct loops) and float32 (oneDNN), on distinct inputs so every window has one maximum.
 */
class PoolingGradientTest {
  record Case(String name, long[] shape, UnaryOperator<Tensor> f) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    List<Case> l = new ArrayList<>();
    long[] img = {2, 5, 4, 3};
    long[] seq = {2, 7, 3};
    l.add(new Case("max2dValid", img, x -> x.maxPool(new long[] {2, 2}, null, "valid")));
    l.add(new Case("max2dSame", img, x -> x.maxPool(new long[] {2, 2}, null, "same")));
    l.add(
        new Case(
            "max2dOverlap", img, x -> x.maxPool(new long[] {3, 3}, new long[] {1, 1}, "same")));
    l.add(new Case("avg2dValid", img, x -> x.averagePool(new long[] {2, 2}, null, "valid")));
    l.add(
        new Case(
            "avg2dSame", img, x -> x.averagePool(new long[] {3, 2}, new long[] {2, 1}, "same")));
    l.add(new Case("max1dSame", seq, x -> x.maxPool(new long[] {2}, null, "same")));
    l.add(
        new Case("avg1dOverlap", seq, x -> x.averagePool(new long[] {3}, new long[] {1}, "same")));
    l.add(
        new Case(
            "max3d",
            new long[] {1, 3, 4, 3, 2},
            x -> x.maxPool(new long[] {2, 2, 2}, new long[] {1, 2, 1}, "same")));
    // channels first, natively: (batch, channels, spatial...)
    String cf = "channels_first";
    long[] imgFirst = {2, 3, 5, 4};
    l.add(
        new Case(
            "max2dSameChannelsFirst",
            imgFirst,
            x -> x.maxPool(new long[] {2, 2}, null, "same", cf)));
    l.add(
        new Case(
            "avg2dOverlapChannelsFirst",
            imgFirst,
            x -> x.averagePool(new long[] {3, 2}, new long[] {2, 1}, "same", cf)));
    l.add(
        new Case(
            "max1dOverlapChannelsFirst",
            new long[] {2, 3, 7},
            x -> x.maxPool(new long[] {3}, new long[] {1}, "valid", cf)));
    l.add(
        new Case(
            "avg3dChannelsFirst",
            new long[] {1, 2, 3, 4, 3},
            x -> x.averagePool(new long[] {2, 2, 2}, new long[] {1, 2, 1}, "same", cf)));
    return l;
  }

  /** Distinct values 0.05 apart, shuffled, centred on 0. */
  private static double[] distinct(int n, long seed) {
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      v.add((i - n / 2) * 0.05);
    }
    Collections.shuffle(v, new Random(seed));
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = v.get(i);
    }
    return r;
  }

  private static double loss(Case c, double[] x, double[] w, DType dt) {
    try (TensorScope s = new TensorScope()) {
      Tensor t = Tensor.fromArray(x, c.shape()).cast(dt);
      double[] y = c.f().apply(t).cast(DType.FLOAT64).toDoubleArray();
      double acc = 0;
      for (int i = 0; i < y.length; i++) {
        acc += y[i] * w[i];
      }
      return acc;
    }
  }

  private static void check(Case c, DType dt, double eps, double tol) {
    try (TensorScope scope = new TensorScope()) {
      int n = 1;
      for (long d : c.shape()) {
        n *= (int) d;
      }
      double[] x = distinct(n, c.name().hashCode());
      Tensor in = Tensor.fromArray(x, c.shape()).cast(dt);
      Random rnd = new Random(7);
      double[] w;
      double[] g;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(in);
        Tensor y = c.f().apply(in);
        assertEquals(dt, y.dtype());
        w = new double[(int) y.size()];
        for (int i = 0; i < w.length; i++) {
          w[i] = rnd.nextDouble() * 2 - 1;
        }
        Tensor l = y.mul(Tensor.fromArray(w, y.shape()).cast(dt)).sum();
        g = tape.gradient(l, new Tensor[] {in})[0].cast(DType.FLOAT64).toDoubleArray();
      }
      for (int j = 0; j < n; j++) {
        double orig = x[j];
        x[j] = orig + eps;
        double lp = loss(c, x, w, dt);
        x[j] = orig - eps;
        double lm = loss(c, x, w, dt);
        x[j] = orig;
        double num = (lp - lm) / (2 * eps);
        assertTrue(
            Math.abs(num - g[j]) <= tol * Math.max(1, Math.abs(num)),
            c + " " + dt + " element " + j + ": analytic " + g[j] + " numeric " + num);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void float64GradientMatchesFiniteDifferences(Case c) {
    check(c, DType.FLOAT64, 1e-6, 1e-6);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void float32GradientMatchesFiniteDifferences(Case c) {
    check(c, DType.FLOAT32, 1e-2, 2e-3);
  }

  @Test
  void forwardValuesAndKerasSameSplit() {
    try (TensorScope s = new TensorScope()) {
      // 1-D, 5 steps, pool 2 "same": windows [0,1] [2,3] [4] (the extra pad goes after)
      Tensor x = Tensor.fromArray(new float[] {1, 5, 2, 0, 7}, 1, 5, 1);
      assertArrayEquals(
          new float[] {5, 2, 7}, x.maxPool(new long[] {2}, null, "same").toFloatArray());
      assertArrayEquals(
          new float[] {3, 1, 7}, x.averagePool(new long[] {2}, null, "same").toFloatArray());
      // pool 4 stride 1 "same" on 5 steps: 1 pad before, 2 after; averages exclude the padding
      assertArrayEquals(
          new float[] {8f / 3, 2, 3.5f, 3, 3.5f},
          x.averagePool(new long[] {4}, new long[] {1}, "same").toFloatArray(),
          1e-6f);
      assertArrayEquals(
          new double[] {8.0 / 3, 2, 3.5, 3, 3.5},
          x.cast(DType.FLOAT64).averagePool(new long[] {4}, new long[] {1}, "SAME").toDoubleArray(),
          1e-12);
    }
  }

  @Test
  void badArgumentsNameTheOpAndArgument() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.zeros(1, 4, 4, 2);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> x.maxPool(new long[] {2}, null, "valid"));
      assertEquals(
          "maxPool: argument 'poolSize' expected 2 positive integers (one per spatial axis) but was [2]",
          e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> x.averagePool(new long[] {2, 2}, null, "full"));
      assertEquals(
          "averagePool: argument 'padding' expected \"valid\" or \"same\" but was \"full\"",
          e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Tensor.zeros(4, 2).maxPool(new long[] {2}, null, "valid"));
      assertTrue(e.getMessage().startsWith("maxPool: argument 'x' expected rank 3, 4 or 5"));
      IllegalArgumentException m =
          assertThrows(
              IllegalArgumentException.class, () -> x.maxPool(new long[] {5, 2}, null, "valid"));
      assertTrue(m.getMessage().contains("padded input size 4"), m.getMessage());
      m =
          assertThrows(
              IllegalArgumentException.class,
              () -> x.maxPool(new long[] {2, 2}, new long[] {0, 1}, "valid"));
      assertEquals(
          "maxPool: argument 'strides' expected 2 positive integers (one per spatial axis) but"
              + " was [0, 1]",
          m.getMessage());
    }
  }

  @Test
  void concurrentMaxPoolBackwardsMatchOneThread() throws Exception {
    // one cached primitive pair per shape, shared by the threads; each backward has its own
    // workspace and scratchpad, so results equal the single-threaded ones
    long[] shape = {4, 12, 10, 8};
    double[] xv = distinct(4 * 12 * 10 * 8, 3);
    float[] want;
    try (TensorScope s = new TensorScope()) {
      want = grad(xv, shape);
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<float[]>> runs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        runs.add(
            pool.submit(
                () -> {
                  try (TensorScope s = new TensorScope()) {
                    return grad(xv, shape);
                  }
                }));
      }
      for (java.util.concurrent.Future<float[]> f : runs) {
        assertArrayEquals(want, f.get(), 0f);
      }
    } finally {
      pool.shutdown();
    }
  }

  private static float[] grad(double[] xv, long[] shape) {
    Tensor x = Tensor.fromArray(xv, shape).cast(DType.FLOAT32);
    try (GradientTape tape = new GradientTape()) {
      tape.watch(x);
      Tensor y = x.maxPool(new long[] {3, 3}, new long[] {2, 2}, "same");
      Tensor w = Tensor.arange(0, y.size(), 1).cast(DType.FLOAT32).reshape(y.shape());
      return tape.gradient(y.mul(w).sum(), new Tensor[] {x})[0].toFloatArray();
    }
  }
}
