package dev.myelin.data.modelselection;

import dev.myelin.data.internal.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * scikit-learn's {@code cross_val_score}: for each split, a fresh estimator from the factory is
 * fitted on the training rows and scored on the test rows; the scores come back in split order.
 *
 * <pre>{@code
 * double[] scores = CrossValScore.crossValScore(
 *     () -> new KerasClassifier(Chapter3::buildLogisticRegr).epochs(25).verbose(0),
 *     x, y, new KFold(3, true, null), null);
 * }</pre>
 */
public final class CrossValScore {
  private CrossValScore() {}

  /**
   * Cross-validates with {@code cv} folds chosen as scikit-learn's {@code check_cv} does: a
   * (non-shuffled) {@link StratifiedKFold} for a classifier, a {@link KFold} otherwise.
   *
   * @param estimatorFactory makes a new, unfitted estimator (called once per fold, and once to ask
   *     whether it is a classifier)
   * @param x the samples, one row each
   * @param y one target per row
   * @param cv the number of folds, at least 2
   * @param scoring a {@link Scoring} name, or null for the estimator's own score
   * @return one score per fold
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      double[] y,
      int cv,
      String scoring) {
    checkData(estimatorFactory, x, y);
    List<Split> folds =
        estimatorFactory.get().isClassifier()
            ? new StratifiedKFold(cv, false, null).split(codes(y))
            : new KFold(cv, false, null).split(y.length);
    return crossValScore(estimatorFactory, x, y, folds, Scoring.get(scoring));
  }

  /**
   * Cross-validates over the splits of {@code cv}; see {@link #crossValScore(Supplier, double[][],
   * double[], int, String)}.
   *
   * @param estimatorFactory makes a new, unfitted estimator
   * @param x the samples
   * @param y the targets
   * @param cv the splitter
   * @param scoring a {@link Scoring} name, or null for the estimator's own score
   * @return one score per fold
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      double[] y,
      KFold cv,
      String scoring) {
    checkData(estimatorFactory, x, y);
    Checks.check(cv != null, "cv", "a KFold", "null");
    return crossValScore(estimatorFactory, x, y, cv.split(y.length), Scoring.get(scoring));
  }

  /**
   * Cross-validates over the stratified splits of {@code cv} (classes of {@code y}).
   *
   * @param estimatorFactory makes a new, unfitted estimator
   * @param x the samples
   * @param y the class labels
   * @param cv the splitter
   * @param scoring a {@link Scoring} name, or null for the estimator's own score
   * @return one score per fold
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      double[] y,
      StratifiedKFold cv,
      String scoring) {
    checkData(estimatorFactory, x, y);
    Checks.check(cv != null, "cv", "a StratifiedKFold", "null");
    return crossValScore(estimatorFactory, x, y, cv.split(codes(y)), Scoring.get(scoring));
  }

  /**
   * Cross-validates over given splits with a given scorer.
   *
   * @param estimatorFactory makes a new, unfitted estimator
   * @param x the samples
   * @param y the targets
   * @param splits the train/test index splits
   * @param scorer scores a fitted estimator on test rows
   * @return one score per split
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      double[] y,
      List<Split> splits,
      Scorer scorer) {
    checkData(estimatorFactory, x, y);
    Checks.check(splits != null && !splits.isEmpty(), "splits", "at least one split", splits);
    Checks.check(scorer != null, "scorer", "a scorer", "null");
    double[] scores = new double[splits.size()];
    for (int k = 0; k < scores.length; k++) {
      Split s = splits.get(k);
      for (int[] part : new int[][] {s.train(), s.test()}) {
        for (int i : part) {
          Checks.check(
              i >= 0 && i < y.length, "splits[" + k + "]", "indices in [0, " + y.length + ")", i);
        }
      }
      Estimator e = estimatorFactory.get();
      Checks.check(e != null, "estimatorFactory", "a new estimator", "null");
      e.fit(Split.take(x, s.train()), Split.take(y, s.train()));
      scores[k] = scorer.score(e, Split.take(x, s.test()), Split.take(y, s.test()));
    }
    return scores;
  }

  /**
   * scikit-learn's {@code cross_val_predict}: every row's prediction by the estimator fitted on the
   * splits where that row is held out; the test parts of {@code splits} must cover every row once.
   *
   * @param estimatorFactory makes a new, unfitted estimator
   * @param x the samples
   * @param y the targets
   * @param splits train/test splits whose test parts partition the rows
   * @return one out-of-fold prediction per row
   */
  public static double[] crossValPredict(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      double[] y,
      List<Split> splits) {
    checkData(estimatorFactory, x, y);
    Checks.check(splits != null && !splits.isEmpty(), "splits", "at least one split", splits);
    double[] out = new double[y.length];
    boolean[] seen = new boolean[y.length];
    for (int k = 0; k < splits.size(); k++) {
      Split s = splits.get(k);
      Estimator e = estimatorFactory.get();
      e.fit(Split.take(x, s.train()), Split.take(y, s.train()));
      double[] p = e.predict(Split.take(x, s.test()));
      for (int i = 0; i < p.length; i++) {
        int row = s.test()[i];
        Checks.check(!seen[row], "splits[" + k + "]", "test rows not in an earlier split", row);
        seen[row] = true;
        out[row] = p[i];
      }
    }
    for (int i = 0; i < seen.length; i++) {
      Checks.check(
          seen[i], "splits", "test parts covering every row", "row " + i + " never tested");
    }
    return out;
  }

  /**
   * Integer class labels; see {@link #crossValScore(Supplier, double[][], double[], int, String)}.
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      int[] y,
      int cv,
      String scoring) {
    return crossValScore(estimatorFactory, x, toDoubles(y), cv, scoring);
  }

  /**
   * Integer class labels; see {@link #crossValScore(Supplier, double[][], double[], KFold,
   * String)}.
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      int[] y,
      KFold cv,
      String scoring) {
    return crossValScore(estimatorFactory, x, toDoubles(y), cv, scoring);
  }

  /**
   * Integer class labels; see {@link #crossValScore(Supplier, double[][], double[],
   * StratifiedKFold, String)}.
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory,
      double[][] x,
      int[] y,
      StratifiedKFold cv,
      String scoring) {
    return crossValScore(estimatorFactory, x, toDoubles(y), cv, scoring);
  }

  private static double[] toDoubles(int[] y) {
    Checks.check(y != null, "y", "an array", "null");
    return Arrays.stream(y).asDoubleStream().toArray();
  }

  private static void checkData(Supplier<? extends Estimator> factory, double[][] x, double[] y) {
    Checks.check(factory != null, "estimatorFactory", "a supplier of estimators", "null");
    Checks.check(x != null, "x", "an array of rows", "null");
    Checks.check(y != null, "y", "an array", "null");
    Checks.sameLength("x", x.length, "y", y.length);
  }

  /** Each label's position among the sorted distinct labels (a class code per row). */
  static int[] codes(double[] y) {
    double[] classes = Arrays.stream(y).distinct().sorted().toArray();
    int[] out = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      Checks.check(!Double.isNaN(y[i]), "y[" + i + "]", "a class label", "NaN");
      out[i] = Arrays.binarySearch(classes, y[i]);
    }
    return out;
  }

  /**
   * {@code cross_val_score(model, X, y, cv=cv)} for any array-likes ({@code DataFrame}, {@code
   * Series}, Java arrays, tensors) with the estimator's own score.
   */
  public static double[] crossValScore(
      Supplier<? extends Estimator> estimatorFactory, Object x, Object y, KFold cv) {
    return crossValScore(
        estimatorFactory,
        dev.myelin.data.internal.ArrayData.matrix(x, "x"),
        dev.myelin.data.internal.ArrayData.values(y, "y"),
        cv,
        null);
  }
}
