package dev.myelin.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.Tensor;
import dev.myelin.optimizers.KerasFixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-sample losses against the real Keras 3 on the generator's inputs. Keras's stored values carry
 * rounding of about 1e-8 relative (they differ from numpy's float64 evaluation of the same formula
 * by that much, while Myelin's float64 results agree with numpy's), so the comparison is to 1e-6
 * relative.
 */
class KerasLossFixturesTest {
  static final int N = 6;
  static final int C = 4;

  static Tensor grid(java.util.function.IntToDoubleFunction f) {
    double[] v = new double[N * C];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(i);
    }
    return Tensor.fromArray(v, N, C);
  }

  static Tensor probs() {
    return grid(k -> 0.05 + 0.9 * KerasFixtures.frac(k, 0.37));
  }

  static long[] labels() {
    double[] p = probs().toDoubleArray();
    long[] out = new long[N];
    for (int i = 0; i < N; i++) {
      if (i % 2 == 0) {
        int best = 0;
        for (int j = 1; j < C; j++) {
          if (p[i * C + j] > p[i * C + best]) {
            best = j;
          }
        }
        out[i] = best;
      } else {
        out[i] = (3L * i + 1) % C;
      }
    }
    return out;
  }

  @Test
  void perSampleLossesMatchKeras() {
    Tensor probs = probs();
    Tensor rows = probs.div(probs.sum(true, -1));
    Tensor logits = grid(k -> 4.0 * KerasFixtures.frac(k, 0.61) - 2.0);
    Tensor binary = grid(k -> k % 3 == 0 ? 1.0 : 0.0);
    Tensor labels = Tensor.fromArray(labels(), N);
    Tensor onehot = labels.oneHot(C, dev.myelin.DType.FLOAT64, 1, 0);
    Tensor regression = grid(k -> 2.0 * KerasFixtures.frac(k, 0.23) - 0.5);
    Tensor positive = regression.abs().add(0.1);
    Map<String, Object[]> cases = new LinkedHashMap<>();
    cases.put("mean_squared_error", new Object[] {new MeanSquaredError(), regression, probs});
    cases.put("mean_absolute_error", new Object[] {new MeanAbsoluteError(), regression, probs});
    cases.put(
        "mean_absolute_percentage_error",
        new Object[] {new MeanAbsolutePercentageError(), regression, probs});
    cases.put(
        "mean_squared_logarithmic_error",
        new Object[] {new MeanSquaredLogarithmicError(), positive, probs});
    cases.put("binary_crossentropy", new Object[] {new BinaryCrossentropy(), binary, probs});
    cases.put(
        "binary_crossentropy_logits_smoothing",
        new Object[] {new BinaryCrossentropy(true, 0.1), binary, logits});
    cases.put(
        "categorical_crossentropy", new Object[] {new CategoricalCrossentropy(), onehot, probs});
    cases.put(
        "categorical_crossentropy_logits_smoothing",
        new Object[] {new CategoricalCrossentropy(true, 0.2), onehot, logits});
    cases.put(
        "sparse_categorical_crossentropy",
        new Object[] {new SparseCategoricalCrossentropy(), labels, probs});
    cases.put(
        "sparse_categorical_crossentropy_logits",
        new Object[] {new SparseCategoricalCrossentropy(true), labels, logits});
    cases.put("hinge", new Object[] {new Hinge(), binary, logits});
    cases.put("squared_hinge", new Object[] {new SquaredHinge(), binary, logits});
    cases.put("categorical_hinge", new Object[] {new CategoricalHinge(), onehot, logits});
    cases.put("kl_divergence", new Object[] {new KLDivergence(), rows, probs});
    cases.put("poisson", new Object[] {new Poisson(), positive, probs});
    cases.put("cosine_similarity", new Object[] {new CosineSimilarity(), regression, logits});
    cases.put("huber", new Object[] {new Huber(0.5), regression, logits});
    cases.put("log_cosh", new Object[] {new LogCosh(), regression, logits});
    Map<String, double[]> expected = KerasFixtures.section("losses");
    assertEquals(cases.keySet(), expected.keySet());
    for (Map.Entry<String, Object[]> e : cases.entrySet()) {
      Loss loss = (Loss) e.getValue()[0];
      double[] got = loss.call((Tensor) e.getValue()[1], (Tensor) e.getValue()[2]).toDoubleArray();
      double[] want = expected.get(e.getKey());
      assertEquals(want.length, got.length, e.getKey());
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-6 * (1 + Math.abs(want[i])), e.getKey() + " sample " + i);
      }
    }
  }
}
