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

  /** Gradients of f w.r.t. xs on a fresh tape. */
  private static Tensor[] grads(java.util.function.Supplier<Tensor> f, Tensor... xs) {
    try (GradientTape t = new GradientTape()) {
      t.watch(xs);
      return t.gradient(f.get(), xs);
    }
  }

  @Test
  void categoricalCrossentropyMatchesComposedOps() {
    try (TensorScope s = new TensorScope()) {
      Myelin.setSeed(5);
      Tensor t = Tensor.randomUniform(new long[] {6, 4}, 0, 1, DType.FLOAT32);
      Tensor p = Tensor.randomUniform(new long[] {6, 4}, 0.01, 1, DType.FLOAT32);
      // rows 0 and 1 go through the clip (a zero, a one after normalisation)
      p = p.mul(Tensor.of(new float[][] {{0, 1, 1, 1}, {1, 0, 0, 0}, {1, 1, 1, 1}}).tile(2, 1));
      double eps = 1e-7;
      Tensor pp = p;
      Tensor want = t.mul(p.div(p.sum(true, -1)).clip(eps, 1 - eps).log()).sum(-1).neg();
      assertTrue(Tensor.categoricalCrossentropy(t, p, eps, false).allClose(want, 1e-5, 1e-6));
      Tensor[] fused =
          grads(() -> Tensor.categoricalCrossentropy(t, pp, eps, false).square().sum(), t, pp);
      Tensor[] plain =
          grads(
              () -> t.mul(pp.div(pp.sum(true, -1)).clip(eps, 1 - eps).log()).sum(-1).square().sum(),
              t,
              pp);
      assertTrue(fused[0].allClose(plain[0], 1e-4, 1e-5), "d/dt");
      assertTrue(fused[1].allClose(plain[1], 1e-4, 1e-5), "d/dp");
      // from logits
      Tensor z = rand(6, 4).mul(3.0);
      Tensor wantLogits = t.mul(z.logSoftmax(-1)).sum(-1).neg();
      assertTrue(Tensor.categoricalCrossentropy(t, z, eps, true).allClose(wantLogits, 1e-5, 1e-5));
      Tensor[] fl = grads(() -> Tensor.categoricalCrossentropy(t, z, eps, true).sum(), t, z);
      Tensor[] pl = grads(() -> t.mul(z.logSoftmax(-1)).sum(-1).neg().sum(), t, z);
      assertTrue(fl[0].allClose(pl[0], 1e-4, 1e-5));
      assertTrue(fl[1].allClose(pl[1], 1e-4, 1e-5));
    }
  }

  @Test
  void softmaxCrossentropyEqualsSoftmaxThenLossIncludingTheClip() {
    try (TensorScope s = new TensorScope()) {
      Myelin.setSeed(6);
      // one-hot labels; row 1 saturates (p of the true class > 1 - 1e-7), row 2 is confidently
      // wrong (p of the true class < 1e-7): the clip decides both
      Tensor y = Tensor.of(new float[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
      Tensor z =
          Tensor.of(
              new float[][] {{0.3f, -1.2f, 2f}, {30f, -5f, 0f}, {25f, 1f, -20f}, {0f, 0f, 0f}});
      double eps = 1e-7;
      Tensor composed = Tensor.categoricalCrossentropy(y, z.softmax(-1), eps, false);
      Tensor fused = Tensor.softmaxCategoricalCrossentropy(y, z, eps);
      assertTrue(fused.allClose(composed, 1e-5, 1e-6));
      assertEquals(-Math.log(eps), fused.toFloatArray()[2], 1e-3); // clipped at -log(1e-7)
      Tensor[] gf = grads(() -> Tensor.softmaxCategoricalCrossentropy(y, z, eps).mean(), y, z);
      Tensor[] gc =
          grads(() -> Tensor.categoricalCrossentropy(y, z.softmax(-1), eps, false).mean(), y, z);
      assertTrue(gf[1].allClose(gc[1], 1e-4, 1e-6), "d/dlogits");
      assertTrue(gf[0].allClose(gc[0], 1e-4, 1e-4), "d/dlabels");
      // unclipped rows: (p - y) / n
      Tensor pMinusY = z.softmax(-1).sub(y).div(4.0);
      float[] g = gf[1].toFloatArray();
      float[] want = pMinusY.toFloatArray();
      for (int j : new int[] {0, 1, 2, 9, 10, 11}) {
        assertEquals(want[j], g[j], 1e-6, "element " + j);
      }
      // the clipped rows get no gradient (as the composed ops)
      for (int j = 3; j < 9; j++) {
        assertEquals(0f, g[j], 1e-6, "element " + j);
      }
      assertThrows(
          RuntimeException.class, () -> Tensor.softmaxCategoricalCrossentropy(y, rand(4, 2), eps));
    }
  }

  @Test
  void modelLossFusesASoftmaxOutputWithTheSameValuesAndWeightGradients() {
    try (TensorScope s = new TensorScope()) {
      Myelin.setSeed(7);
      Tensor x = rand(8, 5);
      Tensor w = rand(5, 3);
      Tensor b = rand(3);
      Tensor labels = Tensor.of(0, 2, 1, 1, 0, 2, 2, 1);
      Tensor oneHot = labels.cast(DType.INT64).oneHot(3, DType.FLOAT32, 1.0, 0.0);
      Tensor sw = Tensor.of(1f, 2f, 0.5f, 1f, 1f, 0f, 3f, 1f);
      dev.myelin.losses.Loss[] losses = {
        new dev.myelin.losses.CategoricalCrossentropy(),
        new dev.myelin.losses.CategoricalCrossentropy(false, 0.1),
        new dev.myelin.losses.SparseCategoricalCrossentropy()
      };
      for (dev.myelin.losses.Loss loss : losses) {
        Tensor yt =
            loss instanceof dev.myelin.losses.SparseCategoricalCrossentropy ? labels : oneHot;
        double[] values = new double[2];
        Tensor[][] g = new Tensor[2][];
        for (int fusedPath = 0; fusedPath < 2; fusedPath++) {
          boolean f = fusedPath == 1;
          try (GradientTape t = new GradientTape()) {
            t.watch(w, b);
            Tensor p = Tensor.dense(x, w, b, "linear").softmax(-1);
            Tensor l = f ? loss.computeOnOutput(yt, p, sw) : loss.compute(yt, p, sw);
            values[fusedPath] = l.item();
            g[fusedPath] = t.gradient(l, w, b);
          }
        }
        assertEquals(values[1], values[0], 1e-6, loss.name());
        assertTrue(g[1][0].allClose(g[0][0], 1e-4, 1e-6), loss.name() + " d/dw");
        assertTrue(g[1][1].allClose(g[0][1], 1e-4, 1e-6), loss.name() + " d/db");
      }
      // not a softmax output (or from_logits): the composed path, so yPred gets its gradient
      Tensor p = rand(8, 3).abs().add(0.1);
      Tensor[] gp =
          grads(
              () ->
                  new dev.myelin.losses.CategoricalCrossentropy().computeOnOutput(oneHot, p, null),
              p);
      Tensor[] gq =
          grads(() -> new dev.myelin.losses.CategoricalCrossentropy().compute(oneHot, p, null), p);
      assertTrue(gp[0].allClose(gq[0], 1e-5, 1e-6));
    }
  }

  @Test
  void fitStepOfASoftmaxClassifierMatchesTheComposedGradient() {
    try (TensorScope s = new TensorScope()) {
      Myelin.setSeed(8);
      Tensor x = rand(8, 5);
      Tensor labels = Tensor.of(0, 2, 1, 1, 0, 2, 2, 1);
      dev.myelin.models.Sequential m = new dev.myelin.models.Sequential();
      m.add(new dev.myelin.layers.Dense(3).activation("softmax").inputShape(5));
      m.compile(new dev.myelin.optimizers.SGD(0.5), "sparse_categorical_crossentropy");
      java.util.List<Tensor> w0 = m.getWeights();
      Tensor k = w0.get(0).copy();
      Tensor b = w0.get(1).copy();
      // the step by hand, through the composed ops (softmax node, then the loss on probabilities)
      Tensor[] g =
          grads(
              () ->
                  new dev.myelin.losses.SparseCategoricalCrossentropy()
                      .compute(labels, x.matmul(k).add(b).softmax(-1)),
              k,
              b);
      m.fit(x, labels, new dev.myelin.models.FitOptions().batchSize(8).epochs(1).verbose(0));
      java.util.List<Tensor> w1 = m.getWeights();
      assertTrue(w1.get(0).allClose(k.sub(g[0].mul(0.5)), 1e-5, 1e-6), "kernel");
      assertTrue(w1.get(1).allClose(b.sub(g[1].mul(0.5)), 1e-5, 1e-6), "bias");
      assertFalse(w1.get(0).allClose(k, 1e-4, 1e-4), "the step moved the kernel");
    }
  }
}
