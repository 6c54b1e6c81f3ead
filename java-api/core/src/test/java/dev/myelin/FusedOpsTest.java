package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.activations.Activations;
import dev.myelin.autodiff.GradientTape;
import org.junit.jupiter.api.Test;

/** The fused Dense and binary cross-entropy kernels agree with the ops they replace. */
class FusedOpsTest {
  private static Tensor rand(long... shape) {
    return Tensor.randomUniform(shape, -2, 2, DType.FLOAT32);
  }

  @Test
  void denseMatchesComposedOpsForEachActivation() {
    try (TensorScope s = new TensorScope()) {
      Myelin.setSeed(3);
      Tensor x = rand(32, 2);
      Tensor w = rand(2, 4);
      Tensor b = rand(4);
      assertTrue(Tensor.dense(x, w, b, "linear").allClose(x.matmul(w).add(b), 1e-5, 1e-6));
      assertTrue(Tensor.dense(x, w, b, "relu").allClose(x.matmul(w).add(b).relu(), 1e-5, 1e-6));
      assertTrue(Tensor.dense(x, w, b, "tanh").allClose(x.matmul(w).add(b).tanh(), 1e-5, 1e-6));
      assertTrue(
          Tensor.dense(x, w, b, "sigmoid").allClose(x.matmul(w).add(b).sigmoid(), 1e-5, 1e-6));
      assertTrue(Tensor.dense(x, w, null, null).allClose(x.matmul(w), 1e-5, 1e-6));
      // a large product (oneDNN path) and a 3-D input
      Tensor xl = rand(64, 128);
      Tensor wl = rand(128, 96);
      Tensor bl = rand(96);
      assertTrue(
          Tensor.dense(xl, wl, bl, "relu").allClose(xl.matmul(wl).add(bl).relu(), 1e-4, 1e-4));
      Tensor x3 = rand(2, 5, 2);
      assertEquals(
          java.util.List.of(2L, 5L, 4L),
          java.util.Arrays.stream(Tensor.dense(x3, w, b, "tanh").shape()).boxed().toList());
    }
  }

  @Test
  void denseGradientsMatchComposedOps() {
    try (TensorScope s = new TensorScope()) {
      Myelin.setSeed(4);
      Tensor x = rand(8, 3);
      Tensor w = rand(3, 5);
      Tensor b = rand(5);
      Tensor[] fused;
      Tensor[] plain;
      try (GradientTape t = new GradientTape()) {
        t.watch(x, w, b);
        fused = t.gradient(Tensor.dense(x, w, b, "sigmoid").square().sum(), x, w, b);
      }
      try (GradientTape t = new GradientTape()) {
        t.watch(x, w, b);
        plain = t.gradient(x.matmul(w).add(b).sigmoid().square().sum(), x, w, b);
      }
      for (int i = 0; i < 3; i++) {
        assertTrue(fused[i].allClose(plain[i], 1e-4, 1e-5), "gradient " + i);
      }
      // x not watched: no gradient for it
      try (GradientTape t = new GradientTape()) {
        t.watch(w);
        Tensor[] g = t.gradient(Tensor.dense(x, w, b, "relu").sum(), x, w, b);
        assertNull(g[0]);
        assertTrue(
            g[1].allClose(
                x.transpose().matmul(x.matmul(w).add(b).gt(0.0).cast(DType.FLOAT32)), 1e-4, 1e-5));
        assertNull(g[2]);
      }
    }
  }

  @Test
  void denseRejectsBadArguments() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = rand(4, 3);
      assertThrows(RuntimeException.class, () -> Tensor.dense(x, rand(2, 4), null, "relu"));
      assertThrows(IllegalArgumentException.class, () -> Tensor.dense(x, rand(3, 4), null, "elu"));
      assertThrows(RuntimeException.class, () -> Tensor.dense(x, rand(3, 4), rand(3), "relu"));
    }
  }

  @Test
  void onlyPlainBuiltInActivationsFuse() {
    assertEquals("relu", Activations.fusedName(Activations.relu()));
    assertEquals("linear", Activations.fusedName(null));
    assertEquals("sigmoid", Activations.fusedName(Activations.get("sigmoid")));
    assertNull(Activations.fusedName(Activations.relu(0.1, Double.NaN, 0)));
    assertNull(Activations.fusedName(Activations.get("softmax")));
    assertFalse(Tensor.denseFuses("softmax"));
  }

  @Test
  void binaryCrossentropyMatchesKerasFormula() {
    try (TensorScope s = new TensorScope()) {
      Tensor z = Tensor.of(0f, 1f, 1f, 0f, 0.3f, 1f);
      Tensor p = Tensor.of(0.2f, 0.9f, 0f, 1f, 0.5f, 1e-9f);
      double eps = 1e-7;
      Tensor pc = p.clip(eps, 1 - eps);
      Tensor want = z.mul(pc.log()).add(z.neg().add(1.0).mul(pc.neg().add(1.0).log())).neg();
      assertTrue(Tensor.binaryCrossentropy(z, p, eps, false).allClose(want, 1e-5, 1e-5));
      Tensor logits = Tensor.of(-30f, 2f, 0f, 5f, -1f, 40f);
      Tensor wantLogits = logits.relu().sub(logits.mul(z)).add(logits.abs().neg().exp().log1p());
      assertTrue(Tensor.binaryCrossentropy(z, logits, eps, true).allClose(wantLogits, 1e-5, 1e-5));
      // gradient through the clip is zero outside [eps, 1 - eps]
      try (GradientTape t = new GradientTape()) {
        t.watch(p);
        float[] g =
            t.gradient(Tensor.binaryCrossentropy(z, p, eps, false).sum(), p)[0].toFloatArray();
        assertEquals(0f, g[2]);
        assertEquals(0f, g[3]);
        assertEquals(1 / 0.8, g[0], 1e-5);
        assertEquals(-1 / 0.9, g[1], 1e-5);
      }
    }
  }

  @Test
  void binaryAccuracyMatchesComposedOps() {
    try (TensorScope s = new TensorScope()) {
      Tensor t = Tensor.of(new float[][] {{0, 1, 1}, {1, 0, 0}, {0, 0, 1}, {1, 1, 1}});
      Tensor p =
          Tensor.of(new float[][] {{0.2f, 0.7f, 0.5f}, {0.9f, 0.1f, 0.6f}, {0, 0, 1}, {0, 0, 0}});
      Tensor want = p.gt(0.5).cast(DType.FLOAT32).eq(t).cast(DType.FLOAT32).mean(-1);
      Tensor got = Tensor.binaryAccuracy(t, p, 0.5);
      assertTrue(got.allClose(want, 0, 1e-6));
      assertEquals(4, got.numel());
      assertThrows(RuntimeException.class, () -> Tensor.binaryAccuracy(t, p.reshape(3, 4), 0.5));
    }
  }

  @Test
  void binaryCrossentropyLossWithAndWithoutWeightsAgree() {
    try (TensorScope s = new TensorScope()) {
      Tensor y = Tensor.of(new float[][] {{0, 1}, {1, 1}, {0, 0}});
      Tensor p = Tensor.of(new float[][] {{0.1f, 0.8f}, {0.6f, 0.99f}, {0.3f, 0f}});
      for (boolean logits : new boolean[] {false, true}) {
        var loss = new dev.myelin.losses.BinaryCrossentropy(logits, 0.1);
        double unweighted = loss.compute(y, p, null).item();
        double weighted = loss.compute(y, p, Tensor.ones(3)).item();
        assertEquals(weighted, unweighted, 1e-6);
      }
    }
  }

  @Test
  void fusedTanhIsAccurateAcrossItsRange() {
    try (TensorScope s = new TensorScope()) {
      float[] v = {0f, 1e-6f, -1e-4f, 0.03f, 0.0624f, 0.0626f, -0.3f, 0.9f, 2.5f, -7f, 20f, -90f};
      Tensor x = Tensor.of(v).reshape(v.length, 1);
      Tensor one = Tensor.of(new float[][] {{1f}});
      float[] got = Tensor.dense(x, one, null, "tanh").toFloatArray();
      for (int i = 0; i < v.length; i++) {
        double want = Math.tanh(v[i]);
        assertEquals(want, got[i], Math.abs(want) * 1e-6 + 1e-12, "tanh(" + v[i] + ")");
      }
    }
  }
}
