package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BatchNormalization's fused oneDNN path (float32) against the composed ops it replaces (same
 * weights, same input): outputs, moving statistics and gradients of x, gamma and beta within
 * float32 rounding, for channels last, channels first and a middle axis, with and without scale and
 * offset; the fused gradients also against central finite differences.
 */
@ExtendWith(TensorScopePerTest.class)
class FusedBatchNormTest {
  record Case(String name, long[] shape, int axis, boolean center, boolean scale) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("dense rows", new long[] {6, 5}, -1, true, true),
        new Case("images channels last", new long[] {3, 4, 5, 3}, -1, true, true),
        new Case("images channels first", new long[] {3, 3, 4, 5}, 1, true, true),
        new Case("middle axis, no scale", new long[] {2, 3, 4, 2}, 2, true, false),
        new Case("steps, no offset", new long[] {4, 6, 3}, -1, false, true),
        new Case("no scale or offset", new long[] {3, 2, 3, 3}, 1, false, false));
  }

  private static BatchNormalization layer(Case c, long[] shape) {
    BatchNormalization bn =
        new BatchNormalization().axis(c.axis()).center(c.center()).scale(c.scale()).momentum(0.8);
    bn.ensureBuilt(new long[][] {shape});
    Random r = new Random(3);
    for (Variable v : bn.weights()) {
      int n = (int) v.value().size();
      float[] w = new float[n];
      for (int i = 0; i < n; i++) {
        w[i] = v.name().contains("variance") ? 0.5f + r.nextFloat() : (float) r.nextGaussian();
      }
      v.assign(Tensor.fromArray(w, v.value().shape()));
    }
    return bn;
  }

  private static Tensor input(long[] shape) {
    Myelin.setSeed(4);
    return Tensor.randomNormal(shape, 0.5, 2, DType.FLOAT32);
  }

  private static List<float[]> run(
      BatchNormalization bn, Tensor x, boolean training, boolean fused) {
    List<float[]> r = new ArrayList<>();
    try (GradientTape tape = new GradientTape()) {
      Tensor in = x.add(0.0);
      List<Tensor> targets = new ArrayList<>(List.of(in));
      for (Variable v : bn.trainableWeights()) {
        targets.add(v.value());
      }
      for (Tensor t : targets) {
        tape.watch(t);
      }
      Tensor y = bn.fused(fused).call(new Tensor[] {in}, training);
      r.add(y.toFloatArray());
      Tensor w = Tensor.randomUniform(y.shape(), -1, 1, DType.FLOAT32);
      Tensor[] g = tape.gradient(y.mul(w).sum(), targets.toArray(new Tensor[0]));
      for (int i = 0; i < g.length; i++) {
        assertTrue(
            g[i] != null,
            (fused ? "fused" : "composed")
                + " training="
                + training
                + ": no gradient for source "
                + i);
        r.add(g[i].toFloatArray());
      }
    }
    r.add(bn.movingMean().value().toFloatArray());
    r.add(bn.movingVariance().value().toFloatArray());
    return r;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedMatchesComposedInTrainingAndInference(Case c) {
    Tensor x = input(c.shape());
    for (boolean training : new boolean[] {true, false}) {
      Myelin.setSeed(9);
      List<float[]> fused = run(layer(c, c.shape()), x, training, true);
      Myelin.setSeed(9);
      List<float[]> composed = run(layer(c, c.shape()), x, training, false);
      assertEquals(composed.size(), fused.size());
      for (int i = 0; i < fused.size(); i++) {
        assertArrayEquals(
            composed.get(i), fused.get(i), 2e-5f, c + " training=" + training + " #" + i);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fusedGradientsMatchFiniteDifferences(Case c) {
    for (boolean training : new boolean[] {true, false}) {
      BatchNormalization bn = layer(c, c.shape());
      Tensor x = input(c.shape());
      List<Variable> params = bn.trainableWeights();
      List<Tensor> targets = new ArrayList<>();
      targets.add(x);
      for (Variable v : params) {
        targets.add(v.value());
      }
      Random rnd = new Random(5);
      float[] w = new float[(int) x.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = rnd.nextFloat() * 2 - 1;
      }
      Tensor wt = Tensor.fromArray(w, x.shape());
      Tensor[] g;
      try (GradientTape tape = new GradientTape()) {
        for (Tensor t : targets) {
          tape.watch(t);
        }
        g =
            tape.gradient(
                bn.call(new Tensor[] {x}, training).mul(wt).sum(), targets.toArray(new Tensor[0]));
      }
      for (int t = 0; t < targets.size(); t++) {
        float[] v = targets.get(t).toFloatArray();
        float[] analytic = g[t].toFloatArray();
        for (int j = 0; j < v.length; j++) {
          double num =
              (loss(bn, x, params, t, v, j, 1e-2f, wt, training)
                      - loss(bn, x, params, t, v, j, -1e-2f, wt, training))
                  / 2e-2;
          assertTrue(
              Math.abs(num - analytic[j]) <= 2e-2 * Math.max(1, Math.abs(num)),
              c
                  + " training="
                  + training
                  + " target "
                  + t
                  + " element "
                  + j
                  + ": analytic "
                  + analytic[j]
                  + " numeric "
                  + num);
        }
      }
    }
  }

  /** sum(w * bn(x)) with element j of target t (0 x, then the trainable weights) moved by d. */
  private static double loss(
      BatchNormalization bn,
      Tensor x,
      List<Variable> params,
      int t,
      float[] v,
      int j,
      float d,
      Tensor w,
      boolean training) {
    try (TensorScope s = new TensorScope()) {
      float[] moved = v.clone();
      moved[j] += d;
      Tensor in = x;
      Tensor saved = null;
      if (t == 0) {
        in = Tensor.fromArray(moved, x.shape());
      } else {
        saved = params.get(t - 1).value().add(0.0);
        params.get(t - 1).assign(Tensor.fromArray(moved, saved.shape()));
      }
      double r = bn.call(new Tensor[] {in}, training).mul(w).sum().cast(DType.FLOAT64).item();
      if (saved != null) {
        params.get(t - 1).assign(saved);
      }
      return r;
    }
  }

  @Test
  void nativeArgumentsAreCheckedWithTheOpsName() {
    Tensor x = Tensor.zeros(DType.FLOAT32, 2, 3);
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                x.batchNormalization(
                    Tensor.zeros(DType.FLOAT32, 4), null, null, null, -1, 1e-3, true));
    assertTrue(
        e.getMessage().contains("batch_norm: argument 'gamma' expected shape (3,) but was (4,)"),
        e.getMessage());
    RuntimeException noStats =
        assertThrows(
            RuntimeException.class,
            () -> x.batchNormalization(null, null, null, null, -1, 1e-3, false));
    assertEquals("batchNorm: argument 'mean' expected a Tensor but was null", noStats.getMessage());
    RuntimeException f64 =
        assertThrows(
            RuntimeException.class,
            () -> x.cast(DType.FLOAT64).batchNormalization(null, null, null, null, 1, 1e-3, true));
    assertTrue(f64.getMessage().contains("expected float32 but was float64"), f64.getMessage());
  }
}
