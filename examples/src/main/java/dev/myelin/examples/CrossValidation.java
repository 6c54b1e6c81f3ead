package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.data.metrics.Average;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.modelselection.CrossValScore;
import dev.myelin.data.modelselection.KFold;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.wrappers.KerasClassifier;
import dev.myelin.layers.Dense;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chapter 3: 3-fold cross-validation of the logistic regression on the user visits, as the book
 * does it: {@code crossValScore} over a {@link KerasClassifier} whose build function (the book's
 * {@code build_logistic_regr}) makes a fresh model for every fold; the fold scores, their mean and
 * (population) standard deviation, then precision, recall, F1 and the classification report of the
 * out-of-fold predictions.
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
    // The book: cross_val_score(KerasClassifier(build_fn=build_logistic_regr, epochs=25,
    // verbose=0), X, y, cv=KFold(3, shuffle=True)); a fresh model is built for every fold.
    Supplier<KerasClassifier> model =
        () -> new KerasClassifier(CrossValidation::buildLogisticRegr).epochs(epochs).verbose(0);
    KFold cv = new KFold(3, true, seed);
    List<Split> folds = cv.split(y.length);
    int[] sizes = folds.stream().mapToInt(f -> f.test().length).toArray();
    double[] scores = CrossValScore.crossValScore(model, x, y, cv, null);
    // Out-of-fold predictions (cross_val_predict) for precision, recall and F1.
    double[] predicted = CrossValScore.crossValPredict(model, x, Book.doubles(y), folds);
    int[] oof = Arrays.stream(predicted).mapToInt(p -> (int) p).toArray();
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
