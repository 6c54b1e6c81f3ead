package dev.myelin.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitializersTest {
  /** Mean, std, min, max of a draw. */
  private static double[] stats(Initializer init, long... shape) {
    double[] v;
    try (TensorScope scope = new TensorScope()) {
      Tensor t = init.apply(shape, DType.FLOAT32);
      assertEquals(DType.FLOAT32, t.dtype());
      assertArrayEquals(shape, t.shape());
      v = t.toDoubleArray();
    }
    double mean = Arrays.stream(v).average().orElse(0);
    double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
    return new double[] {
      mean, Math.sqrt(var), Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0)
    };
  }

  /** A uniform draw in [-limit, limit): std limit/sqrt(3), extremes within 1% of the limit. */
  private static void assertUniform(double limit, double[] s) {
    assertEquals(0.0, s[0], limit * 0.01, "mean");
    assertEquals(limit / Math.sqrt(3), s[1], limit * 0.01, "std");
    assertTrue(s[2] >= -limit && s[2] < -limit * 0.99, "min " + s[2]);
    assertTrue(s[3] < limit && s[3] > limit * 0.99, "max " + s[3]);
  }

  /** A truncated normal with target std: std within 1.5%, all values within 2 raw stddevs. */
  private static void assertTruncated(double targetStd, double[] s) {
    double raw = targetStd / VarianceScaling.TRUNCATED_STDDEV;
    assertEquals(0.0, s[0], targetStd * 0.01, "mean");
    assertEquals(targetStd, s[1], targetStd * 0.015, "std");
    assertTrue(s[2] >= -2 * raw && s[3] <= 2 * raw, "range " + s[2] + ".." + s[3]);
    assertTrue(s[3] > 1.95 * raw, "max " + s[3] + " reaches near the cut " + 2 * raw);
  }

  @Test
  void fansFollowKerasComputeFans() {
    assertArrayEquals(new long[] {1, 1}, VarianceScaling.computeFans(new long[] {}));
    assertArrayEquals(new long[] {7, 7}, VarianceScaling.computeFans(new long[] {7}));
    assertArrayEquals(new long[] {784, 128}, VarianceScaling.computeFans(new long[] {784, 128}));
    // Conv2D kernel (kh, kw, in, out) = (3, 5, 16, 32): receptive field 15.
    assertArrayEquals(
        new long[] {15 * 16, 15 * 32}, VarianceScaling.computeFans(new long[] {3, 5, 16, 32}));
    assertArrayEquals(
        new long[] {2 * 3 * 4 * 5, 2 * 3 * 4 * 6},
        VarianceScaling.computeFans(new long[] {2, 3, 4, 5, 6}));
  }

  @Test
  void varianceScalingModesAndDistributions() {
    Myelin.setSeed(1234);
    // fan_in 400, fan_out 300 for (400, 300).
    assertUniform(Math.sqrt(6.0 / 700), stats(new GlorotUniform(), 400, 300));
    assertUniform(Math.sqrt(6.0 / 400), stats(new HeUniform(), 400, 300));
    assertUniform(Math.sqrt(3.0 / 400), stats(new LecunUniform(), 400, 300));
    assertTruncated(Math.sqrt(2.0 / 700), stats(new GlorotNormal(), 400, 300));
    assertTruncated(Math.sqrt(2.0 / 400), stats(new HeNormal(), 400, 300));
    assertTruncated(Math.sqrt(1.0 / 400), stats(new LecunNormal(), 400, 300));
    assertTruncated(
        Math.sqrt(3.0 / 300),
        stats(new VarianceScaling(3.0, "fan_out", "truncated_normal", null), 400, 300));
    double[] un = stats(new VarianceScaling(2.0, "fan_avg", "untruncated_normal", 5L), 400, 300);
    assertEquals(Math.sqrt(2.0 / 350), un[1], Math.sqrt(2.0 / 350) * 0.01);
    assertTrue(un[3] > 3.5 * Math.sqrt(2.0 / 350), "untruncated tails beyond 2 std: " + un[3]);
    // Conv kernel (3, 3, 32, 64): fan_in 288, fan_out 576.
    assertUniform(Math.sqrt(6.0 / (288 + 576)), stats(new GlorotUniform(), 3, 3, 32, 64));
  }

  @Test
  void randomDefaultsMatchKeras() {
    Myelin.setSeed(7);
    assertUniform(0.05, stats(Initializer.get("random_uniform"), 500, 400));
    double[] n = stats(Initializer.get("random_normal"), 500, 400);
    assertEquals(0.0, n[0], 0.0005);
    assertEquals(0.05, n[1], 0.0005);
    assertTrue(n[3] > 0.2, "untruncated max " + n[3]);
    double[] t = stats(Initializer.get("truncated_normal"), 500, 400);
    assertTrue(t[2] >= -0.1 && t[3] <= 0.1, "cut at 2 stddev: " + t[2] + ".." + t[3]);
    assertEquals(0.05 * VarianceScaling.TRUNCATED_STDDEV, t[1], 0.0005);
    double[] u = stats(new RandomUniform(2.0, 3.0, 1L), 1000);
    assertEquals(2.5, u[0], 0.03);
    assertTrue(u[2] >= 2.0 && u[3] < 3.0);
  }

  @Test
  void sameSeedSameValuesAndGlobalSeedRepeats() {
    try (TensorScope scope = new TensorScope()) {
      float[] a = new GlorotUniform(42L).apply(new long[] {20, 30}, DType.FLOAT32).toFloatArray();
      float[] b = new GlorotUniform(42L).apply(new long[] {20, 30}, DType.FLOAT32).toFloatArray();
      float[] c = new GlorotUniform(43L).apply(new long[] {20, 30}, DType.FLOAT32).toFloatArray();
      assertArrayEquals(a, b);
      assertFalse(Arrays.equals(a, c));
      Initializer o = new Orthogonal(1.0, 9L);
      assertArrayEquals(
          o.apply(new long[] {6, 4}, DType.FLOAT32).toFloatArray(),
          o.apply(new long[] {6, 4}, DType.FLOAT32).toFloatArray());
      Myelin.setSeed(3);
      float[] g1 = new HeNormal().apply(new long[] {50}, DType.FLOAT32).toFloatArray();
      float[] g2 = new HeNormal().apply(new long[] {50}, DType.FLOAT32).toFloatArray();
      Myelin.setSeed(3);
      float[] g3 = new HeNormal().apply(new long[] {50}, DType.FLOAT32).toFloatArray();
      assertFalse(Arrays.equals(g1, g2), "successive unseeded draws differ");
      assertArrayEquals(g1, g3, "setSeed repeats the sequence");
    }
  }

  private static double maxGramError(double[] w, int rows, int cols, boolean columns) {
    int n = columns ? cols : rows;
    int len = columns ? rows : cols;
    double worst = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double dot = 0;
        for (int k = 0; k < len; k++) {
          double x = columns ? w[k * cols + a] : w[a * cols + k];
          double y = columns ? w[k * cols + b] : w[b * cols + k];
          dot += x * y;
        }
        worst = Math.max(worst, Math.abs(dot - (a == b ? 1 : 0)));
      }
    }
    return worst;
  }

  @Test
  void orthogonalIsOrthogonal() {
    Myelin.setSeed(11);
    try (TensorScope scope = new TensorScope()) {
      double[] tall = new Orthogonal().apply(new long[] {64, 16}, DType.FLOAT64).toDoubleArray();
      assertTrue(maxGramError(tall, 64, 16, true) < 1e-5, "W^T W = I");
      double[] wide = new Orthogonal().apply(new long[] {16, 64}, DType.FLOAT64).toDoubleArray();
      assertTrue(maxGramError(wide, 16, 64, false) < 1e-5, "W W^T = I");
      double[] sq = new Orthogonal().apply(new long[] {32, 32}, DType.FLOAT32).toDoubleArray();
      assertTrue(maxGramError(sq, 32, 32, true) < 1e-5, "float32 square");
      // A conv kernel (3, 3, 4, 8) flattens to (36, 8).
      Tensor k = new Orthogonal(2.0, 1L).apply(new long[] {3, 3, 4, 8}, DType.FLOAT64);
      assertArrayEquals(new long[] {3, 3, 4, 8}, k.shape());
      double[] kd = k.mul(0.5).toDoubleArray();
      assertTrue(maxGramError(kd, 36, 8, true) < 1e-5, "gain 2 kernel");
    }
  }

  @Test
  void orthogonalQrHasPositiveDiagonal() {
    // Q is the factor whose R has a positive diagonal: A = [[-2, 0], [0, 3]] gives Q = diag(-1, 1).
    double[] q = Orthogonal.orthonormalColumns(new double[] {-2, 0, 0, 3}, 2, 2);
    assertArrayEquals(new double[] {-1, 0, 0, 1}, q, 1e-12);
    double[] q2 = Orthogonal.orthonormalColumns(new double[] {3, 0, 4, 0, 0, 5}, 3, 2);
    assertArrayEquals(new double[] {0.6, 0, 0.8, 0, 0, 1}, q2, 1e-12);
  }

  @Test
  void constantsAndIdentity() {
    try (TensorScope scope = new TensorScope()) {
      assertArrayEquals(
          new float[] {0, 0, 0},
          Initializer.get("zeros").apply(new long[] {3}, DType.FLOAT32).toFloatArray());
      assertArrayEquals(
          new float[] {1, 1},
          Initializer.get("ones").apply(new long[] {2}, DType.FLOAT32).toFloatArray());
      assertArrayEquals(
          new double[] {2.5, 2.5},
          new Constant(2.5).apply(new long[] {1, 2}, DType.FLOAT64).toDoubleArray());
      assertArrayEquals(
          new float[] {3, 0, 0, 0, 3, 0},
          new Identity(3.0).apply(new long[] {2, 3}, DType.FLOAT32).toFloatArray());
      assertThrows(
          IllegalArgumentException.class,
          () -> new Identity().apply(new long[] {2, 2, 2}, DType.FLOAT32));
    }
  }

  @Test
  void namesConfigsAndErrors() {
    assertEquals("glorot_uniform", Initializer.get("GlorotUniform").name());
    assertEquals("GlorotUniform", Initializer.get("glorot_uniform").className());
    assertEquals("OrthogonalInitializer", Initializer.get("orthogonal").className());
    assertEquals("random_uniform", Initializer.get("uniform").name());
    assertEquals(
        "{scale=2.0, mode=fan_in, distribution=truncated_normal, seed=null}",
        new VarianceScaling(2.0, "fan_in", "normal", null).getConfig().toString());
    assertEquals("{seed=5}", new HeUniform(5L).getConfig().toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Initializer.get("glorot"));
    assertTrue(e.getMessage().contains("glorot_uniform") && e.getMessage().contains("\"glorot\""));
    IllegalArgumentException m =
        assertThrows(
            IllegalArgumentException.class, () -> new VarianceScaling(1, "fan", "uniform", null));
    assertTrue(m.getMessage().contains("'mode'") && m.getMessage().contains("\"fan\""));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GlorotUniform().apply(new long[] {2, 2}, DType.INT32));
  }
}
