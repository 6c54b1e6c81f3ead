package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.Average;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.modelselection.KFold;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chapter 3: 3-fold cross-validation of the logistic regression on the user visits. A model factory
 * (the book's {@code build_logistic_regr}) builds a fresh model for every fold; the fold scores,
 * their mean and (population) standard deviation, then precision, recall, F1 and the classification
 * report of the out-of-fold predictions.
 */
public final class CrossValidation implements Example {
  /** Fold scores and the metrics of the out-of-fold predictions. */
  public record Result(
      double[] scores,
      int[] foldSizes,
      double mean,
      double std,
      double precision,
      double recall,
      double f1,
      String report) {}

  @Override
  public String name() {
    return "cross-validation";
  }

  @Override
  public String description() {
    return "ch.3 KFold(3) cross-validation of a Keras model factory; precision/recall/F1/report";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), 25, 0L, true);
  }

  /** The book's {@code build_logistic_regr}. */
  static Model buildLogisticRegr() {
    Sequential model = new Sequential();
    model.add(new Dense(1).inputDim(1).activation("sigmoid"));
    model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
    return model;
  }

  /**
   * Cross-validates the models {@code factory} builds: trains one per fold for {@code epochs} and
   * returns the test-fold accuracies; {@code outOfFold} receives each sample's predicted class.
   */
  public static double[] crossValScore(
      Supplier<Model> factory,
      double[][] x,
      int[] y,
      List<Split> folds,
      int epochs,
      int[] outOfFold) {
    // The data toolkit has no crossValScore/KerasClassifier for Keras models yet: a plain loop.
    double[] scores = new double[folds.size()];
    for (int k = 0; k < scores.length; k++) {
      Split f = folds.get(k);
      try (TensorScope scope = new TensorScope()) {
        Model model = factory.get();
        model.fit(
            Book.tensor(Split.take(x, f.train())),
            Book.column(Split.take(y, f.train())),
            new FitOptions().epochs(epochs).verbose(0));
        int[] pred = Book.above(Book.predict(model, Split.take(x, f.test())), 0.5);
        scores[k] = ClassificationMetrics.accuracy(Split.take(y, f.test()), pred);
        for (int i = 0; i < pred.length; i++) {
          outOfFold[f.test()[i]] = pred[i];
        }
      }
    }
    return scores;
  }

  /** Mean and population standard deviation (numpy's default ddof=0). */
  public static double[] meanStd(double[] v) {
    double mean = 0;
    for (double d : v) {
      mean += d / v.length;
    }
    double var = 0;
    for (double d : v) {
      var += (d - mean) * (d - mean) / v.length;
    }
    return new double[] {mean, Math.sqrt(var)};
  }

  /** Runs 3-fold cross-validation with shuffling seeded by {@code seed}. */
  public static Result run(Path data, int epochs, long seed, boolean print) {
    DataFrame df = Book.csv(data, "user_visit_duration.csv");
    double[][] x = df.toDoubleMatrix("Time (min)");
    int[] y = df.toIntLabels("Buy");
    Myelin.setSeed(seed);
    List<Split> folds = new KFold(3, true, seed).split(y.length);
    int[] sizes = folds.stream().mapToInt(f -> f.test().length).toArray();
    int[] oof = new int[y.length];
    double[] scores = crossValScore(CrossValidation::buildLogisticRegr, x, y, folds, epochs, oof);
    double[] ms = meanStd(scores);
    Result r =
        new Result(
            scores,
            sizes,
            ms[0],
            ms[1],
            ClassificationMetrics.precision(y, oof, Average.BINARY, 1),
            ClassificationMetrics.recall(y, oof, Average.BINARY, 1),
            ClassificationMetrics.f1(y, oof, Average.BINARY, 1),
            ClassificationReport.classificationReport(y, oof, 2));
    if (print) {
      System.out.println("Fold scores: " + java.util.Arrays.toString(scores));
      System.out.println(Book.fmt("Cross Validation accuracy: %.4f ± %.4f", ms[0], ms[1]));
      System.out.println(
          Book.fmt(
              "Precision: %.3f%nRecall: %.3f%nF1 Score: %.3f", r.precision(), r.recall(), r.f1()));
      System.out.println(r.report());
    }
    return r;
  }
}
