package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.metrics.ConfusionMatrix;
import dev.myelin.data.modelselection.CrossValScore;
import dev.myelin.data.modelselection.KFold;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.data.table.Series;
import dev.myelin.data.wrappers.KerasClassifier;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;

/**
 * Chapter 3, exercise 2: who leaves the company (HR data). The majority benchmark, hours scaled by
 * 100, dummies for department and salary, a logistic regression {@code Dense(1, sigmoid)} with
 * Adam(lr=0.5), its confusion matrix with the book's Stay/Leave names and report, then 5-fold
 * cross-validation of the same model wrapped as a scikit-learn classifier (10 epochs).
 */
public final class HrExercise implements Example {
  /** The figures the exercise prints. */
  public record Result(
      double benchmark,
      int features,
      double testAccuracy,
      String confusion,
      String report,
      double[] cvScores) {}

  @Override
  public String name() {
    return "hr-exercise";
  }

  @Override
  public String description() {
    return "ch.3 exercise 2: HR attrition, logistic regression, Stay/Leave matrix, 5-fold CV";
  }

  @Override
  public void run(String[] args) {
    exercise(Book.dataDir(args), 0);
  }

  // ---- the exercise as a user writes it (counted against the book's Python) ----

  static Sequential buildLogisticRegr() {
    Sequential model = new Sequential();
    model.add(new Dense(1).activation("sigmoid").inputDim(20));
    model.compile(new Adam(0.5), "binary_crossentropy", "accuracy");
    return model;
  }

  /**
   * Runs the exercise on the data in {@code data}, seeding weights and splits with {@code seed}.
   */
  public static Result exercise(Path data, long seed) {
    DataFrame df = Csv.read(data.resolve("HR_comma_sep.csv"));
    System.out.println(df.get("left").valueCounts(true));
    df = df.assign("average_montly_hours_100", df.get("average_montly_hours").div(100.0));
    DataFrame x = df.drop("left", "average_montly_hours").getDummies("sales", "salary");
    int[] y = df.toIntLabels("left");
    var s = new TrainTestSplit().testSize(0.2).randomState(seed).split(x, y);
    Myelin.setSeed(seed);
    Sequential model = buildLogisticRegr();
    model.fit(s.xTrain(), s.yTrain(), new FitOptions().verbose(0));
    Tensor yTestPred = model.predictClasses(s.xTest());
    ConfusionMatrix cm = ConfusionMatrix.of(s.yTest(), yTestPred);
    System.out.println(cm.toString("Stay", "Leave"));
    String report = ClassificationReport.classificationReport(s.yTest(), yTestPred);
    System.out.println(report);
    var wrapped = new KerasClassifier(HrExercise::buildLogisticRegr).epochs(10).verbose(0);
    Series scores =
        Series.of("cv", CrossValScore.crossValScore(() -> wrapped, x, y, new KFold(5, true, seed)));
    System.out.printf(
        "The cross validation accuracy is %.4f ± %.4f%n", scores.mean(), scores.std(0));
    return new Result(
        1 - df.get("left").mean(),
        x.columns().size(),
        ClassificationMetrics.accuracy(s.yTest(), yTestPred),
        cm.toString("Stay", "Leave"),
        report,
        scores.toDoubleArray());
  }

  // ---- end of the exercise ----
}
