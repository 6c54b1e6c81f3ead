package dev.myelin.data;

import static dev.myelin.data.Fixtures.ints;
import static dev.myelin.data.Fixtures.list;
import static dev.myelin.data.Fixtures.longValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.metrics.ConfusionMatrix;
import dev.myelin.data.metrics.RegressionMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTest;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The toolkit's metrics, splits and plots on whatever array-like a user holds (issue 16): Java
 * arrays, series, frames and a model's prediction tensors, with the same numbers as the int[] /
 * double[] forms.
 */
class ArrayLikesTest {
  @Test
  void metricsTakeTensorsSeriesAndLongs() {
    int[] yTrue = {0, 1, 1, 0, 1, 0, 1, 1};
    int[] yPred = {0, 1, 0, 0, 1, 1, 1, 1};
    double[] probs = {0.1, 0.9, 0.4, 0.2, 0.8, 0.6, 0.7, 0.95};
    try (Tensor p = Tensor.fromArray(probs, probs.length, 1);
        Tensor thresholded = p.gt(0.5)) {
      long[] yl = java.util.Arrays.stream(yTrue).asLongStream().toArray();
      Series ys = Series.of("y", yTrue);
      double acc = ClassificationMetrics.accuracy(yTrue, yPred);
      assertEquals(acc, ClassificationMetrics.accuracy(yl, thresholded));
      assertEquals(acc, ClassificationMetrics.accuracy(ys, thresholded));
      assertEquals(
          ClassificationMetrics.f1(yTrue, yPred, dev.myelin.data.metrics.Average.BINARY, 1),
          ClassificationMetrics.f1(ys, thresholded));
      assertEquals(
          ClassificationReport.classificationReport(yTrue, yPred, 2),
          ClassificationReport.classificationReport(yl, thresholded));
      assertEquals(
          RegressionMetrics.mse(java.util.Arrays.stream(yTrue).asDoubleStream().toArray(), probs),
          RegressionMetrics.mse(yTrue, p));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ClassificationMetrics.accuracy(yTrue, p));
      assertTrue(e.getMessage().contains("yPred: expected integer class labels"), e.getMessage());
    }
  }

  @Test
  void confusionMatrixPrintsClassNamesLikeTheBook() {
    ConfusionMatrix cm = ConfusionMatrix.of(new long[] {0, 0, 1, 1, 1}, new int[] {0, 1, 1, 1, 0});
    DataFrame df = cm.toDataFrame("Stay", "Leave");
    assertEquals(List.of("Predicted Stay", "Predicted Leave"), df.columns());
    assertEquals(1L, df.loc("Stay", "Predicted Leave"));
    assertEquals(2L, df.loc("Leave", "Predicted Leave"));
    String text = cm.toString("Stay", "Leave");
    assertTrue(text.contains("Predicted Stay  Predicted Leave"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("Leave") && l.endsWith("2")), text);
  }

  @Test
  void trainTestSplitReturnsTheArraysScikitLearnDoes() {
    Map<String, Object> fixture = Fixtures.map(Fixtures.load("model_selection.json"), "cases");
    Object c = list(fixture, "train_test_split").get(0);
    int n = (int) longValue(c, "n");
    double[][] x = new double[n][2];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = i;
      x[i][1] = -i;
      y[i] = i % 3;
    }
    TrainTestSplit splitter =
        new TrainTestSplit()
            .testSize((Double) ((Map<?, ?>) c).get("test_size"))
            .randomState(longValue(c, "seed"));
    TrainTest<double[][], int[]> s = splitter.split(x, y);
    int[] train = ints(((Map<?, ?>) c).get("train"));
    int[] test = ints(((Map<?, ?>) c).get("test"));
    assertArrayEquals(train, s.indices().train());
    assertArrayEquals(test, s.indices().test());
    assertArrayEquals(Split.take(x, test), s.xTest());
    assertArrayEquals(Split.take(y, train), s.yTrain());
    DataFrame df = DataFrame.fromMatrix(x, "a", "b");
    TrainTest<DataFrame, Series> f = splitter.split(df, Series.of("y", y));
    assertEquals(test.length, f.xTest().length());
    assertEquals((double) test[3], f.xTest().get("a").getDouble(3));
    assertEquals(y[train[5]], f.yTrain().toIntLabels()[5]);
    try (Tensor t = Tensor.of(x)) {
      TrainTest<Tensor, int[]> ts = splitter.split(t, y);
      assertEquals(-(double) test[0], ts.xTest().toDoubleArray()[1]);
    }
  }
}
