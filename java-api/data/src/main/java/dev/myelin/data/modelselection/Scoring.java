package dev.myelin.data.modelselection;

import dev.myelin.data.metrics.Average;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.RegressionMetrics;
import dev.myelin.data.metrics.RocAuc;
import java.util.List;

/**
 * Scorers by scikit-learn's {@code scoring} names: {@code accuracy}, {@code precision}, {@code
 * recall}, {@code f1} (binary, positive label 1) and their {@code _macro}, {@code _micro} and
 * {@code _weighted} forms, {@code roc_auc}, {@code r2}, {@code neg_mean_squared_error}, {@code
 * neg_mean_absolute_error}; errors are negated so that higher is better, as scikit-learn does.
 */
public final class Scoring {
  /** The names {@link #get} knows. */
  public static final List<String> NAMES =
      List.of(
          "accuracy",
          "precision",
          "recall",
          "f1",
          "precision_macro",
          "recall_macro",
          "f1_macro",
          "precision_micro",
          "recall_micro",
          "f1_micro",
          "precision_weighted",
          "recall_weighted",
          "f1_weighted",
          "roc_auc",
          "r2",
          "neg_mean_squared_error",
          "neg_mean_absolute_error");

  private Scoring() {}

  /**
   * The scorer named {@code name}; {@code null} gives the estimator's own {@link Estimator#score}.
   *
   * @param name a scikit-learn scoring name, or null
   * @return the scorer
   */
  public static Scorer get(String name) {
    if (name == null) {
      return Estimator::score;
    }
    switch (name) {
      case "accuracy":
        return (e, x, y) -> accuracy(y, e.predict(x));
      case "roc_auc":
        return Scoring::rocAuc;
      case "r2":
        return (e, x, y) -> RegressionMetrics.r2(y, e.predict(x));
      case "neg_mean_squared_error":
        return (e, x, y) -> -RegressionMetrics.mse(y, e.predict(x));
      case "neg_mean_absolute_error":
        return (e, x, y) -> -RegressionMetrics.mae(y, e.predict(x));
      default:
        break;
    }
    String[] parts = name.split("_", 2);
    if (NAMES.contains(name)) {
      Average average =
          parts.length == 1
              ? Average.BINARY
              : Average.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT));
      String metric = parts[0];
      return (e, x, y) -> {
        int[] t = labels("y", y);
        int[] p = labels("predictions", e.predict(x));
        return switch (metric) {
          case "precision" -> ClassificationMetrics.precision(t, p, average, 1);
          case "recall" -> ClassificationMetrics.recall(t, p, average, 1);
          default -> ClassificationMetrics.f1(t, p, average, 1);
        };
      };
    }
    throw new IllegalArgumentException(
        "scoring: expected one of " + NAMES + " or null, got '" + name + "'");
  }

  /** The fraction of equal labels (any label values). */
  static double accuracy(double[] yTrue, double[] yPred) {
    dev.myelin.data.internal.Checks.sameLength("y", yTrue.length, "predictions", yPred.length);
    int hits = 0;
    for (int i = 0; i < yTrue.length; i++) {
      hits += yTrue[i] == yPred[i] ? 1 : 0;
    }
    return hits / (double) yTrue.length;
  }

  private static double rocAuc(Estimator e, double[][] x, double[] y) {
    if (!(e instanceof Classifier c)) {
      throw new IllegalArgumentException(
          "scoring 'roc_auc': expected a Classifier (with predictProba), got "
              + e.getClass().getName());
    }
    double[][] proba = c.predictProba(x);
    double[] classes = c.classes();
    if (classes.length != 2) {
      throw new IllegalArgumentException(
          "scoring 'roc_auc': expected a binary classifier, got " + classes.length + " classes");
    }
    int[] t = new int[y.length];
    double[] s = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      t[i] = y[i] == classes[1] ? 1 : 0;
      s[i] = proba[i][1];
    }
    return RocAuc.rocAucScore(t, s);
  }

  /** Integral labels as ints; a fraction fails naming the array and position. */
  static int[] labels(String what, double[] v) {
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            what + "[" + i + "]: expected an integer class label, got " + v[i]);
      }
      out[i] = (int) v[i];
    }
    return out;
  }
}
