package dev.myelin.data.metrics;

import static dev.myelin.data.Fixtures.doubleValue;
import static dev.myelin.data.Fixtures.doubles;
import static dev.myelin.data.Fixtures.ints;
import static dev.myelin.data.Fixtures.list;
import static dev.myelin.data.Fixtures.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Map<String, Object> FIXTURE =
      Fixtures.map(Fixtures.load("metrics.json"), "cases");

  @Test
  void classificationMetricsMatchScikitLearn() {
    for (Object c : list(FIXTURE, "classification")) {
      Map<?, ?> m = (Map<?, ?>) c;
      int[] t = ints(m.get("y_true"));
      int[] p = ints(m.get("y_pred"));
      assertEquals(doubleValue(c, "accuracy"), ClassificationMetrics.accuracy(t, p), 1e-15);
      for (Average avg : new Average[] {Average.MACRO, Average.WEIGHTED, Average.MICRO}) {
        String a = avg.name().toLowerCase();
        assertEquals(
            doubleValue(c, "precision_" + a), ClassificationMetrics.precision(t, p, avg, 1), 1e-15);
        assertEquals(
            doubleValue(c, "recall_" + a), ClassificationMetrics.recall(t, p, avg, 1), 1e-15);
        assertEquals(doubleValue(c, "f1_" + a), ClassificationMetrics.f1(t, p, avg, 1), 1e-15);
      }
      if (m.containsKey("f1_binary")) {
        assertEquals(
            doubleValue(c, "precision_binary"),
            ClassificationMetrics.precision(t, p, Average.BINARY, 1),
            1e-15);
        assertEquals(
            doubleValue(c, "recall_binary"),
            ClassificationMetrics.recall(t, p, Average.BINARY, 1),
            1e-15);
        assertEquals(
            doubleValue(c, "f1_binary"), ClassificationMetrics.f1(t, p, Average.BINARY, 1), 1e-15);
      }
      ConfusionMatrix cm = ConfusionMatrix.of(t, p);
      List<?> rows = (List<?>) m.get("confusion");
      for (int i = 0; i < rows.size(); i++) {
        assertArrayEquals(longs(rows.get(i)), cm.counts()[i]);
      }
      assertEquals(m.get("report"), ClassificationReport.classificationReport(t, p, 2));
    }
  }

  @Test
  void confusionMatrixPrintsAsScikitLearnsArray() {
    ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0});
    // repr(confusion_matrix([0, 1, 1], [0, 1, 0])) in numpy 2; ReportLayoutTest has the rest.
    assertEquals("array([[1, 0],\n       [1, 1]])", cm.toString());
  }

  @Test
  void rocAucAndRegressionMatchScikitLearn() {
    for (Object c : list(FIXTURE, "roc")) {
      Map<?, ?> m = (Map<?, ?>) c;
      assertEquals(
          doubleValue(c, "auc"),
          RocAuc.rocAucScore(ints(m.get("y")), doubles(m.get("scores"))),
          1e-12);
    }
    for (Object c : list(FIXTURE, "regression")) {
      Map<?, ?> m = (Map<?, ?>) c;
      double[] t = doubles(m.get("y_true"));
      double[] p = doubles(m.get("y_pred"));
      assertEquals(doubleValue(c, "r2"), RegressionMetrics.r2(t, p), 1e-12);
      assertEquals(doubleValue(c, "mse"), RegressionMetrics.mse(t, p), 1e-12);
      assertEquals(doubleValue(c, "mae"), RegressionMetrics.mae(t, p), 1e-12);
    }
  }

  @Test
  void pythonRoundingHalfToEven() {
    assertEquals("0.12", ClassificationReport.fixed(0.125, 2));
    assertEquals("0.61", ClassificationReport.fixed(0.615, 2));
  }

  @Test
  void badArgumentsNameTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationMetrics.accuracy(new int[] {1, 2}, new int[] {1}));
    assertTrue(
        e.getMessage().contains("yTrue.length=2") && e.getMessage().contains("yPred.length=1"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationMetrics.accuracy(new int[0], new int[0]));
    assertTrue(e.getMessage().startsWith("yTrue:"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RocAuc.rocAucScore(new int[] {1, 1}, new double[] {0.2, 0.3}));
    assertTrue(e.getMessage().startsWith("yTrue:"), e.getMessage());
  }
}
