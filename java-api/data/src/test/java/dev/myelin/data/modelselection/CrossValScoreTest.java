package dev.myelin.data.modelselection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * crossValScore against scikit-learn's cross_val_score (fixtures/cross_val.json) with Java versions
 * of its DummyRegressor (mean) and DummyClassifier (most_frequent / prior), and by hand.
 */
class CrossValScoreTest {
  private static final Map<String, Object> CASES =
      Fixtures.map(Fixtures.load("cross_val.json"), "cases");

  /** DummyRegressor(): predicts the training mean; score is R2. */
  static final class MeanRegressor implements Estimator {
    double mean;

    @Override
    public void fit(double[][] x, double[] y) {
      double s = 0;
      for (double v : y) {
        s += v;
      }
      mean = s / y.length;
    }

    @Override
    public double[] predict(double[][] x) {
      double[] p = new double[x.length];
      Arrays.fill(p, mean);
      return p;
    }

    @Override
    public double score(double[][] x, double[] y) {
      return dev.myelin.data.metrics.RegressionMetrics.r2(y, predict(x));
    }
  }

  /** DummyClassifier(most_frequent): the first most common class; probabilities are the priors. */
  static class MostFrequent implements Classifier {
    double[] classes;
    double[] prior;

    @Override
    public void fit(double[][] x, double[] y) {
      classes = Arrays.stream(y).distinct().sorted().toArray();
      prior = new double[classes.length];
      for (double v : y) {
        prior[Arrays.binarySearch(classes, v)] += 1.0 / y.length;
      }
    }

    @Override
    public double[] classes() {
      return classes;
    }

    @Override
    public double[][] predictProba(double[][] x) {
      double[][] p = new double[x.length][];
      Arrays.fill(p, prior);
      return p;
    }

    @Override
    public double[] predict(double[][] x) {
      int best = 0;
      for (int i = 1; i < prior.length; i++) {
        best = prior[i] > prior[best] ? i : best;
      }
      double[] p = new double[x.length];
      Arrays.fill(p, classes[best]);
      return p;
    }

    @Override
    public double score(double[][] x, double[] y) {
      return Scoring.accuracy(y, predict(x));
    }
  }

  @Test
  void scoresEqualScikitLearnsForEveryCvKindAndScoring() {
    double[][] x = Fixtures.matrix(CASES.get("x"));
    int n = 0;
    for (Object c : Fixtures.list(CASES, "scores")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) c;
      double[] y = Fixtures.doubles(CASES.get((String) m.get("y")));
      String name = (String) m.get("name");
      Supplier<Estimator> factory = name.startsWith("reg") ? MeanRegressor::new : MostFrequent::new;
      Map<String, Object> cv = Fixtures.map(m, "cv");
      int k = (int) Fixtures.longValue(cv, "n");
      String scoring = (String) m.get("scoring");
      double[] got =
          switch ((String) cv.get("kind")) {
            case "int" -> CrossValScore.crossValScore(factory, x, y, k, scoring);
            case "kfold" ->
                CrossValScore.crossValScore(
                    factory, x, y, new KFold(k, true, Fixtures.longValue(cv, "seed")), scoring);
            default ->
                CrossValScore.crossValScore(
                    factory,
                    x,
                    y,
                    new StratifiedKFold(k, true, Fixtures.longValue(cv, "seed")),
                    scoring);
          };
      Fixtures.assertWithinUlps(Fixtures.doubles(m.get("scores")), got, 4, name);
      n++;
    }
    assertEquals(9, n);
  }

  @Test
  void handComputedFoldsAndScores() {
    double[][] x = {{0}, {1}, {2}, {3}, {4}, {5}};
    double[] y = {1, 2, 3, 4, 5, 9};
    // KFold(3): tests {0,1}, {2,3}, {4,5}; the mean of the other four rows predicts each test row.
    double[] mse =
        CrossValScore.crossValScore(MeanRegressor::new, x, y, 3, "neg_mean_squared_error");
    double m0 = (3 + 4 + 5 + 9) / 4.0;
    double m1 = (1 + 2 + 5 + 9) / 4.0;
    double m2 = (1 + 2 + 3 + 4) / 4.0;
    double[] expected = {
      -((1 - m0) * (1 - m0) + (2 - m0) * (2 - m0)) / 2,
      -((3 - m1) * (3 - m1) + (4 - m1) * (4 - m1)) / 2,
      -((5 - m2) * (5 - m2) + (9 - m2) * (9 - m2)) / 2
    };
    assertArrayEquals(expected, mse);
    List<Split> folds = new KFold(3, false, null).split(6);
    assertArrayEquals(
        new double[] {m0, m0, m1, m1, m2, m2},
        CrossValScore.crossValPredict(MeanRegressor::new, x, y, folds));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossValScore.crossValPredict(MeanRegressor::new, x, y, folds.subList(0, 2)));
    assertTrue(e.getMessage().contains("row 4 never tested"), e.getMessage());
    // A classifier gets stratified folds: each fold holds one row of each class.
    int[] labels = {0, 0, 0, 1, 1, 1};
    List<int[]> tests = new ArrayList<>();
    Supplier<Estimator> recorder =
        () ->
            new MostFrequent() {
              @Override
              public double score(double[][] xt, double[] yt) {
                tests.add(Arrays.stream(xt).mapToInt(r -> (int) r[0]).toArray());
                return super.score(xt, yt);
              }
            };
    double[] acc = CrossValScore.crossValScore(recorder, x, labels, 3, null);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, acc);
    assertEquals(
        List.of("[0, 3]", "[1, 4]", "[2, 5]"), tests.stream().map(Arrays::toString).toList());
  }

  @Test
  void badArgumentsAreNamed() {
    double[][] x = {{0}, {1}, {2}};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CrossValScore.crossValScore(MeanRegressor::new, x, new double[] {1, 2}, 2, null));
    assertTrue(
        e.getMessage().contains("x.length=3") && e.getMessage().contains("y.length=2"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CrossValScore.crossValScore(
                    MeanRegressor::new, x, new double[] {1, 2, 3}, 2, "auc"));
    assertTrue(
        e.getMessage().startsWith("scoring") && e.getMessage().contains("'auc'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CrossValScore.crossValScore(
                    MeanRegressor::new, x, new double[] {1, 2, 3}, 2, "roc_auc"));
    assertTrue(e.getMessage().contains("Classifier"), e.getMessage());
  }
}
