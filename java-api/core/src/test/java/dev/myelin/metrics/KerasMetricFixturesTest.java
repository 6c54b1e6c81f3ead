package dev.myelin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.optimizers.KerasFixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metric results against the real Keras 3 (whose metric state is float32, hence 1e-6). */
class KerasMetricFixturesTest {
  @Test
  void resultsMatchKeras() {
    double[] s = new double[50];
    double[] t = new double[50];
    double[] w = new double[50];
    for (int i = 0; i < 50; i++) {
      s[i] = KerasFixtures.frac(i, 0.377);
      t[i] = (i * 7) % 5 < 2 ? 1 : 0;
      w[i] = 0.5 + KerasFixtures.frac(i, 0.13);
    }
    Tensor scores = Tensor.fromArray(s, 50);
    Tensor truth = Tensor.fromArray(t, 50);
    Tensor weights = Tensor.fromArray(w, 50);
    int n = 6;
    int c = 4;
    double[] p = new double[n * c];
    for (int k = 0; k < p.length; k++) {
      p[k] = 0.05 + 0.9 * KerasFixtures.frac(k, 0.37);
    }
    Tensor probs = Tensor.fromArray(p, n, c);
    long[] lab = new long[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < c; j++) {
        if (p[i * c + j] > p[i * c + best]) {
          best = j;
        }
      }
      lab[i] = i % 2 == 0 ? best : (3L * i + 1) % c;
    }
    Tensor labels = Tensor.fromArray(lab, n);
    Tensor onehot = labels.oneHot(c, DType.FLOAT64, 1, 0);

    Map<String, Double> got = new LinkedHashMap<>();
    got.put("auc_roc", run(new AUC(), truth, scores, null));
    got.put("auc_pr", run(new AUC(200, AUC.Curve.PR), truth, scores, null));
    got.put("auc_roc_weighted", run(new AUC(), truth, scores, weights));
    got.put("precision", run(new Precision(), truth, scores, null));
    got.put("recall_weighted", run(new Recall(), truth, scores, weights));
    got.put("binary_accuracy", run(new BinaryAccuracy(), truth, scores, null));
    got.put("categorical_accuracy", run(new CategoricalAccuracy(), onehot, probs, null));
    got.put(
        "sparse_categorical_accuracy", run(new SparseCategoricalAccuracy(), labels, probs, null));
    got.put("sparse_top_k_2", run(new TopKCategoricalAccuracy(2, true), labels, probs, null));
    got.put("top_k_2", run(new TopKCategoricalAccuracy(2, false), onehot, probs, null));
    Map<String, double[]> expected = KerasFixtures.section("metrics");
    assertEquals(got.keySet(), expected.keySet());
    got.forEach((k, v) -> assertEquals(expected.get(k)[0], v, 1e-6, k));
  }

  private static double run(Metric m, Tensor yTrue, Tensor yPred, Tensor w) {
    m.updateState(yTrue, yPred, w);
    return m.result();
  }
}
