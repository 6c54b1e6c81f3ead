package dev.myelin.data.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Myelin;
import dev.myelin.data.modelselection.CrossValScore;
import dev.myelin.data.modelselection.KFold;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.initializers.Constant;
import dev.myelin.layers.Dense;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KerasClassifier and KerasRegressor around Myelin models. Models with fixed weights and a zero
 * learning rate make every score computable by hand; one trained model checks that fit trains.
 */
class KerasWrappersTest {
  // The book's trained logistic regression (section 3.4): w = 1.7809732, b = -2.8685334.
  private static final double W = 1.7809732;
  private static final double B = -2.8685334;
  private static final DataFrame VISITS =
      Csv.read(Path.of("../../../shared/data/book/user_visit_duration.csv"));

  private static Model fixedLogistic(String... metrics) {
    Sequential m = new Sequential();
    m.add(
        new Dense(1)
            .inputDim(1)
            .activation("sigmoid")
            .kernelInitializer(new Constant(W))
            .biasInitializer(new Constant(B)));
    m.compile(new SGD(0.0), "binary_crossentropy", metrics);
    return m;
  }

  private static double[][] rows(double[] v) {
    double[][] x = new double[v.length][1];
    for (int i = 0; i < v.length; i++) {
      x[i][0] = v[i];
    }
    return x;
  }

  @Test
  void crossValidatedFixedModelScoresEqualHandCountedAccuracies() {
    double[][] x = VISITS.toDoubleMatrix("Time (min)");
    double[] y = VISITS.get("Buy").toDoubleArray();
    KFold cv = new KFold(3, true, 0L);
    double[] scores =
        CrossValScore.crossValScore(
            () -> new KerasClassifier(() -> fixedLogistic("accuracy")).epochs(2).verbose(0),
            x,
            y,
            cv,
            null);
    List<Split> folds = cv.split(y.length);
    int total = 0;
    for (int k = 0; k < 3; k++) {
      int hits = 0;
      for (int i : folds.get(k).test()) {
        int predicted = W * x[i][0] + B > 0 ? 1 : 0;
        hits += predicted == (int) y[i] ? 1 : 0;
      }
      total += hits;
      assertEquals(hits / (double) folds.get(k).test().length, scores[k], 1e-6, "fold " + k);
    }
    // The book: these weights classify 83 of the 100 visits correctly.
    assertEquals(83, total);
    double[] accuracy =
        CrossValScore.crossValScore(
            () -> new KerasClassifier(() -> fixedLogistic("accuracy")).verbose(0),
            x,
            y,
            cv,
            "accuracy");
    for (int k = 0; k < 3; k++) {
      assertEquals(scores[k], accuracy[k], 1e-6);
    }
  }

  @Test
  void classifierMapsLabelsToClassesAndBack() {
    double[] t = {0.5, 1.0, 1.5, 2.0, 3.0};
    double[] y = {7, 7, 3, 3, 3}; // classes_ = [3, 7]: 3 -> 0, 7 -> 1
    KerasClassifier c = new KerasClassifier(() -> fixedLogistic("accuracy")).verbose(0);
    c.fit(rows(t), y);
    assertArrayEquals(new double[] {3, 7}, c.classes());
    // p > 0.5 exactly where W t + B > 0, i.e. t > 1.6107: position 1 -> class 7.
    assertArrayEquals(new double[] {3, 3, 3, 7, 7}, c.predict(rows(t)));
    double[][] p = c.predictProba(rows(t));
    for (int i = 0; i < t.length; i++) {
      double sigmoid = 1 / (1 + Math.exp(-(W * t[i] + B)));
      assertEquals(sigmoid, p[i][1], 1e-6);
      assertEquals(1.0, p[i][0] + p[i][1], 1e-6);
    }
    // Only row 2 (t = 1.5, label 3, predicted 3) is right: 1/5.
    assertEquals(0.2, c.score(rows(t), y), 1e-6);
    assertThrows(
        IllegalArgumentException.class, () -> c.score(rows(t), new double[] {1, 2, 3, 4, 5}));
    KerasClassifier noAccuracy = new KerasClassifier(() -> fixedLogistic()).verbose(0);
    noAccuracy.fit(rows(t), y);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> noAccuracy.score(rows(t), y));
    assertTrue(e.getMessage().contains("accuracy"), e.getMessage());
  }

  @Test
  void categoricalCrossEntropyGetsOneHotTargets() {
    // Three classes from one feature: logits (t, 0, -t) through softmax; class 0 for t > 0,
    // class 2 for t < 0.
    KerasClassifier c =
        new KerasClassifier(
                () -> {
                  Sequential m = new Sequential();
                  m.add(
                      new Dense(3)
                          .inputDim(1)
                          .activation("softmax")
                          .kernelInitializer(new Constant(0.0))
                          .biasInitializer(new Constant(0.0)));
                  m.compile(new SGD(0.0), "categorical_crossentropy", "accuracy");
                  m.setWeights(
                      List.of(
                          dev.myelin.Tensor.fromArray(new float[] {1, 0, -1}, 1, 3),
                          dev.myelin.Tensor.fromArray(new float[] {0, 0, 0}, 3)));
                  return m;
                })
            .verbose(0)
            .batchSize(2);
    double[][] x = rows(new double[] {2, -1, 3, -2, 0.5});
    double[] y = {10, 30, 10, 20, 20};
    c.fit(x, y);
    assertArrayEquals(new double[] {10, 30, 10, 30, 10}, c.predict(x));
    assertEquals(0.6, c.score(x, y), 1e-6);
    assertEquals(3, c.predictProba(x)[0].length);
  }

  @Test
  void regressorScoresMinusTheLoss() {
    KerasRegressor r =
        new KerasRegressor(
                () -> {
                  Sequential m = new Sequential();
                  m.add(
                      new Dense(1)
                          .inputDim(1)
                          .kernelInitializer(new Constant(2.0))
                          .biasInitializer(new Constant(1.0)));
                  m.compile(new SGD(0.0), "mse");
                  return m;
                })
            .verbose(0);
    double[][] x = rows(new double[] {0, 1, 2, 3});
    double[] y = {1, 4, 5, 6};
    r.fit(x, y);
    assertArrayEquals(new double[] {1, 3, 5, 7}, r.predict(x));
    // Errors 0, 1, 0, -1: MSE 0.5.
    assertEquals(-0.5, r.score(x, y), 1e-6);
    double[] folds =
        CrossValScore.crossValScore(
            () -> r, x, y, new KFold(2, false, null), "neg_mean_absolute_error");
    assertArrayEquals(new double[] {-0.5, -0.5}, folds, 1e-6);
  }

  @Test
  void fitTrainsAFreshModelEachTime() {
    Myelin.setSeed(3);
    double[][] x = VISITS.toDoubleMatrix("Time (min)");
    double[] y = VISITS.get("Buy").toDoubleArray();
    KerasClassifier c =
        new KerasClassifier(
                () -> {
                  Sequential m = new Sequential();
                  m.add(new Dense(1).inputDim(1).activation("sigmoid"));
                  m.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
                  return m;
                })
            .epochs(25)
            .verbose(0);
    c.fit(x, y);
    Model first = c.model();
    assertEquals(25, c.history().history().get("loss").size());
    assertTrue(c.score(x, y) >= 0.75, "trained accuracy " + c.score(x, y));
    c.fit(x, y);
    assertTrue(c.model() != first, "a new model per fit");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new KerasClassifier(null));
    assertTrue(e.getMessage().startsWith("buildFn"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> c.epochs(0));
    assertTrue(e.getMessage().startsWith("epochs"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new KerasRegressor(() -> null).fit(x, y));
  }
}
