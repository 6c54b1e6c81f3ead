package dev.myelin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.losses.Loss;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Metric values by hand and from Keras's documentation examples. */
class MetricsTest {
  @AfterEach
  void restoreNames() {
    MetricNames.useKeras2Names(false);
  }

  @Test
  void accuracyResolvesFromTheLoss() {
    Metric bin = Metric.get("accuracy", Loss.get("binary_crossentropy"));
    bin.updateState(
        Tensor.of(1, 1, 0, 0), Tensor.of(new float[][] {{0.98f}, {1f}, {0f}, {0.6f}}), null);
    assertEquals(0.75, bin.result(), 1e-12);
    assertEquals("accuracy", bin.name());
    MetricNames.useKeras2Names(true);
    assertEquals("acc", bin.name());
    MetricNames.useKeras2Names(false);

    Metric cat = Metric.get("acc", Loss.get("categorical_crossentropy"));
    cat.updateState(
        Tensor.of(new float[][] {{0, 0, 1}, {0, 1, 0}}),
        Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0f}}),
        null);
    assertEquals(0.5, cat.result(), 1e-12);
    assertEquals("acc", cat.name());

    Metric sparse = Metric.get("accuracy", Loss.get("sparse_categorical_crossentropy"));
    sparse.updateState(
        Tensor.of(new float[][] {{2}, {1}}),
        Tensor.of(new float[][] {{0.1f, 0.6f, 0.3f}, {0.05f, 0.95f, 0f}}),
        null);
    assertEquals(0.5, sparse.result(), 1e-12);

    // Without a deciding loss the shapes decide (Keras 3).
    Metric byShape = Metric.get("accuracy", Loss.get("mse"));
    byShape.updateState(Tensor.of(1, 0), Tensor.of(new float[][] {{0.7f}, {0.7f}}), null);
    assertEquals(0.5, byShape.result(), 1e-12);
    byShape.resetState();
    assertEquals(0.0, byShape.result());
  }

  @Test
  void explicitVariantsAndWeights() {
    Metric b = Metric.get("binary_accuracy", null);
    // Keras example: sample_weight [1, 0, 0, 1] -> 0.5.
    b.updateState(
        Tensor.of(new float[][] {{1}, {1}, {0}, {0}}),
        Tensor.of(new float[][] {{0.98f}, {1f}, {0f}, {0.6f}}),
        Tensor.of(1f, 0f, 0f, 1f));
    assertEquals(0.5, b.result(), 1e-12);
    Metric c = new CategoricalAccuracy();
    c.updateState(
        Tensor.of(new float[][] {{0, 0, 1}, {0, 1, 0}}),
        Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0f}}),
        Tensor.of(0.7f, 0.3f));
    assertEquals(0.3, c.result(), 1e-6);
    // Accumulates across batches: (0.3 + 1 * 1) / (1 + 1).
    c.updateState(
        Tensor.of(new float[][] {{1, 0, 0}}), Tensor.of(new float[][] {{0.5f, 0.2f, 0.3f}}), null);
    assertEquals(1.3 / 2, c.result(), 1e-6);
  }

  @Test
  void topK() {
    Tensor probs = Tensor.of(new float[][] {{0.1f, 0.9f, 0.8f}, {0.05f, 0.95f, 0f}});
    Metric s = new TopKCategoricalAccuracy(1, true);
    s.updateState(Tensor.of(2, 1), probs, null);
    assertEquals(0.5, s.result(), 1e-12);
    Metric s2 = new TopKCategoricalAccuracy(2, true);
    s2.updateState(Tensor.of(2, 1), probs, null);
    assertEquals(1.0, s2.result(), 1e-12);
    Metric c = Metric.get("top_k_categorical_accuracy", null);
    c.updateState(Tensor.of(new float[][] {{0, 0, 1}, {1, 0, 0}}), probs, null);
    assertEquals(1.0, c.result(), 1e-12);
    assertEquals(
        "sparse_top_k_categorical_accuracy",
        Metric.get("sparse_top_k_categorical_accuracy", null).name());
  }

  @Test
  void regressionMetricsAndNames() {
    Metric mse = Metric.get("mse", null);
    mse.updateState(
        Tensor.of(new double[][] {{0, 1}, {0, 0}}),
        Tensor.of(new double[][] {{1, 1}, {1, 0}}),
        null);
    assertEquals(0.5, mse.result(), 1e-12);
    assertEquals("mse", mse.name());
    MetricNames.useKeras2Names(true);
    assertEquals("mean_squared_error", mse.name());
    MetricNames.useKeras2Names(false);
    Metric mae = Metric.get("mae", null);
    mae.updateState(
        Tensor.of(new double[][] {{0, 1}, {0, 0}}),
        Tensor.of(new double[][] {{1, 1}, {1, 0}}),
        Tensor.of(1.0, 0.0));
    assertEquals(0.5, mae.result(), 1e-12);
    Mean loss = new Mean("loss");
    loss.update(0.5, 32);
    loss.update(1.0, 8);
    assertEquals((16 + 8) / 40.0, loss.result(), 1e-12);
  }

  @Test
  void precisionAndRecall() {
    Metric p = Metric.get("precision", null);
    Metric r = Metric.get("recall", null);
    Tensor t = Tensor.of(0f, 1f, 1f, 1f);
    Tensor y = Tensor.of(1f, 0f, 1f, 1f);
    p.updateState(t, y, null);
    r.updateState(t, y, null);
    assertEquals(2.0 / 3, p.result(), 1e-12);
    assertEquals(2.0 / 3, r.result(), 1e-12);
    p.resetState();
    p.updateState(t, y, Tensor.of(0f, 0f, 1f, 0f));
    assertEquals(1.0, p.result(), 1e-12);
    Recall strict = new Recall(0.5);
    strict.updateState(Tensor.of(1f, 1f), Tensor.of(0.5f, 0.51f), null);
    assertEquals(0.5, strict.result(), 1e-12);
  }

  @Test
  void aucByHand() {
    // Keras's example: y_true [0, 0, 1, 1], y_pred [0, 0.5, 0.3, 0.9] with 3 thresholds
    // (-1e-7, 0.5, 1 + 1e-7): TP [2, 1, 0], FP [2, 0, 0], TN [0, 2, 2], FN [0, 1, 2];
    // TPR [1, 0.5, 0], FPR [1, 0, 0]; trapezoids give (1 - 0) * (1 + 0.5) / 2 = 0.75.
    AUC auc = new AUC(3, AUC.Curve.ROC);
    auc.updateState(Tensor.of(0f, 0f, 1f, 1f), Tensor.of(0f, 0.5f, 0.3f, 0.9f), null);
    assertEquals(0.75, auc.result(), 1e-12);
    auc.resetState();
    auc.updateState(
        Tensor.of(0f, 0f, 1f, 1f), Tensor.of(0f, 0.5f, 0.3f, 0.9f), Tensor.of(1f, 0f, 0f, 1f));
    assertEquals(1.0, auc.result(), 1e-12);

    // 200 thresholds, perfectly separated scores: ROC AUC 1; reversed: 0.
    Metric roc = Metric.get("auc", null);
    roc.updateState(Tensor.of(0f, 0f, 1f, 1f), Tensor.of(0.1f, 0.2f, 0.8f, 0.9f), null);
    assertEquals(1.0, roc.result(), 1e-12);
    roc.resetState();
    roc.updateState(Tensor.of(1f, 1f, 0f, 0f), Tensor.of(0.1f, 0.2f, 0.8f, 0.9f), null);
    assertEquals(0.0, roc.result(), 1e-12);

    // PR with 3 thresholds on the first example: tp [2, 1, 0], p = tp + fp [4, 1, 0].
    // Segment 0: dtp 1, dp 3, slope 1/3, intercept 1 - 1/3 = 2/3, ratio 4 / 1:
    // (1/3) * (1 + (2/3) ln 4) / (tp[1] + fn[1] = 2). Segment 1: p[2] = 0 so ratio 1:
    // slope 1, intercept 0, increment 1 * 1 / (0 + 2).
    AUC pr = new AUC(3, AUC.Curve.PR);
    pr.updateState(Tensor.of(0f, 0f, 1f, 1f), Tensor.of(0f, 0.5f, 0.3f, 0.9f), null);
    double want = (1.0 / 3) * (1 + (2.0 / 3) * Math.log(4)) / 2 + 0.5;
    assertEquals(want, pr.result(), 1e-12);
  }

  @Test
  void badInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Metric.get("f1", null));
    assertTrue(
        e.getMessage().contains("accuracy") && e.getMessage().contains("\"f1\""), e.getMessage());
    Metric b = new BinaryAccuracy();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                b.updateState(
                    Tensor.of(new float[][] {{1, 0, 0}}),
                    Tensor.of(new float[][] {{0.4f, 0.6f}}),
                    null));
    assertTrue(
        e.getMessage()
            .contains("binary_accuracy: y_true shape [1, 3] does not match y_pred shape [1, 2]"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new AUC().updateState(Tensor.of(1f), Tensor.of(1.5f), null));
    assertTrue(e.getMessage().contains("auc: expected predictions in [0, 1]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SparseCategoricalAccuracy()
                    .updateState(
                        Tensor.of(0, 1, 1), Tensor.of(new float[][] {{0.4f, 0.6f}}), null));
    assertTrue(
        e.getMessage()
            .contains("sparse_categorical_accuracy: expected integer labels of shape (batch,)"),
        e.getMessage());
  }
}
