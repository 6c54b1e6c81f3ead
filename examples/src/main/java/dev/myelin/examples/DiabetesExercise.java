package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.metrics.ConfusionMatrix;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.preprocessing.Categorical;
import dev.myelin.data.preprocessing.StandardScaler;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Chapter 4, exercise 1 (with the model of exercise 2): the Pima diabetes data explored with
 * per-column histograms and the annotated correlation heatmap, the 8 features standardised, the
 * outcome one-hot encoded, then {@code Dense(32, relu) -> Dense(32, relu) -> Dense(2, softmax)}
 * with Adam(lr=0.05) on an 80/20 split ({@code random_state=22}); accuracy, report and confusion
 * matrix on the test set.
 */
public final class DiabetesExercise implements Example {
  /** The figures the exercise produces. */
  public record Result(
      DataFrame corr,
      double[][] x,
      double[][] yCat,
      int trainSize,
      double testAccuracy,
      ConfusionMatrix cm,
      Path hist,
      Path heatmap) {}

  @Override
  public String name() {
    return "diabetes-exercise";
  }

  @Override
  public String description() {
    return "ch.4 exercise 1: diabetes, histograms, correlation heatmap, scaled features, softmax net";
  }

  @Override
  public void run(String[] args) throws IOException {
    exercise(Book.dataDir(args), Book.outDir(name(), args), 0);
  }

  // ---- the exercise as a user writes it (counted against the book's Python) ----

  /** Runs the exercise on {@code data}, writing the plots into {@code out}. */
  public static Result exercise(Path data, Path out, long seed) throws IOException {
    DataFrame df = Csv.read(data.resolve("diabetes.csv"));
    Plot.hist(df).savePng(out.resolve("hist.png"));
    Plot.heatmap(df.corr(), true).savePng(out.resolve("corr.png"));
    double[][] x = new StandardScaler().fitTransform(df.drop("Outcome"));
    int[] y = df.toIntLabels("Outcome");
    double[][] yCat = Categorical.toCategorical(y);
    var s = new TrainTestSplit().randomState(22).testSize(0.2).split(x, y);
    Myelin.setSeed(seed);
    Sequential model = new Sequential();
    model.add(new Dense(32).activation("relu").inputShape(8));
    model.add(new Dense(32).activation("relu"));
    model.add(new Dense(2).activation("softmax"));
    model.compile(new Adam(0.05), "categorical_crossentropy", "accuracy");
    var options = new FitOptions().epochs(20).verbose(2).validationSplit(0.1);
    model.fit(s.xTrain(), Categorical.toCategorical(s.yTrain()), options);
    Tensor yPredClass = model.predict(s.xTest()).argmax(1);
    double accuracy = ClassificationMetrics.accuracy(s.yTest(), yPredClass);
    System.out.printf("Accuracy: %.3f%n", accuracy);
    System.out.println(ClassificationReport.classificationReport(s.yTest(), yPredClass));
    ConfusionMatrix cm = ConfusionMatrix.of(s.yTest(), yPredClass);
    System.out.println(cm);
    return new Result(
        df.corr(),
        x,
        yCat,
        s.xTrain().length,
        accuracy,
        cm,
        out.resolve("hist.png"),
        out.resolve("corr.png"));
  }

  // ---- end of the exercise ----
}
