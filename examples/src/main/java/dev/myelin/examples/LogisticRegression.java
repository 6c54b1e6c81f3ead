package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.Average;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.metrics.ConfusionMatrix;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;

/**
 * Chapter 3: logistic regression on how long users stay on a site before buying. {@code Dense(1)}
 * plus a sigmoid, SGD(lr=0.5) on the binary cross-entropy; accuracy, confusion matrix, precision,
 * recall and F1 for the weights the book printed and for our own training; then an 80/20 split.
 */
public final class LogisticRegression implements Example {
  /** The book's figures from one run. */
  public record Result(
      double bookAccuracy,
      ConfusionMatrix bookCm,
      double bookPrecision,
      double bookRecall,
      double bookF1,
      String bookReport,
      double zeroAccuracy,
      double trainedAccuracy,
      int trainSize,
      int testSize,
      double splitTrainAccuracy,
      double splitTestAccuracy,
      Path plot) {}

  @Override
  public String name() {
    return "logistic-regression";
  }

  @Override
  public String description() {
    return "ch.3 user visits: logistic regression, accuracy, confusion matrix, precision/recall";
  }

  @Override
  public void run(String[] args) {
    Book.keras2Flag(args);
    run(Book.dataDir(args), Book.outDir(name(), args), 25, true);
  }

  /** The book's model: Dense(1, input_dim=1) then Activation('sigmoid'), SGD(0.5), BCE. */
  static Sequential model() {
    Sequential model = new Sequential();
    model.add(new Dense(1).inputDim(1));
    model.add(new Activation("sigmoid"));
    model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
    return model;
  }

  /** Runs the chapter's steps with {@code epochs} of training each time. */
  public static Result run(Path data, Path out, int epochs, boolean print) {
    DataFrame df = Book.csv(data, "user_visit_duration.csv");
    double[][] x = df.toDoubleMatrix("Time (min)");
    int[] y = df.toIntLabels("Buy");
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(0);
      Sequential model = model();
      if (print) {
        model.summary();
      }
      // The weights the book printed after its training run.
      model.setWeights(List.of(Tensor.of(new float[][] {{1.7809732f}}), Tensor.of(-2.8685334f)));
      int[] pred = Book.above(Book.predict(model, x), 0.5);
      double bookAcc = ClassificationMetrics.accuracy(y, pred);
      ConfusionMatrix cm = ConfusionMatrix.of(y, pred);
      double p = ClassificationMetrics.precision(y, pred, Average.BINARY, 1);
      double r = ClassificationMetrics.recall(y, pred, Average.BINARY, 1);
      double f1 = ClassificationMetrics.f1(y, pred, Average.BINARY, 1);
      String report = ClassificationReport.classificationReport(y, pred, 2);

      Figure fig = Plot.figure(800, 600);
      double[] grid = new double[101];
      double[][] gx = new double[101][1];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = i * 0.04;
        gx[i][0] = grid[i];
      }
      fig.axes()
          .scatter(Book.col(x, 0), Book.doubles(y), "data")
          .plot(grid, Book.predict(model, gx), "sigmoid(1.78 x - 2.87)")
          .setTitle("Purchase vs visit time")
          .setXLabel("Time (min)")
          .setYLabel("Buy")
          .legend();
      Path plot = Book.save(fig, out, "logistic-curve.png");

      // Zero weights predict 0.5 everywhere: "y_pred > 0.5" is false for everyone.
      model.setWeights(List.of(Tensor.zeros(1, 1), Tensor.zeros(1)));
      double zeroAcc = ClassificationMetrics.accuracy(y, Book.above(Book.predict(model, x), 0.5));

      Sequential trained = model();
      trained.fit(
          Book.tensor(x), Book.column(y), new FitOptions().epochs(epochs).verbose(print ? 1 : 0));
      double trainedAcc =
          ClassificationMetrics.accuracy(y, Book.above(Book.predict(trained, x), 0.5));

      Split split = new TrainTestSplit().testSize(0.2).randomState(0).split(y.length);
      double[][] xTrain = Split.take(x, split.train());
      double[][] xTest = Split.take(x, split.test());
      int[] yTrain = Split.take(y, split.train());
      int[] yTest = Split.take(y, split.test());
      Sequential fresh = model();
      fresh.setWeights(List.of(Tensor.zeros(1, 1), Tensor.zeros(1)));
      fresh.fit(
          Book.tensor(xTrain), Book.column(yTrain), new FitOptions().epochs(epochs).verbose(0));
      double trainAcc =
          ClassificationMetrics.accuracy(yTrain, Book.above(Book.predict(fresh, xTrain), 0.5));
      double testAcc =
          ClassificationMetrics.accuracy(yTest, Book.above(Book.predict(fresh, xTest), 0.5));

      Result res =
          new Result(
              bookAcc,
              cm,
              p,
              r,
              f1,
              report,
              zeroAcc,
              trainedAcc,
              xTrain.length,
              xTest.length,
              trainAcc,
              testAcc,
              plot);
      if (print) {
        System.out.println(Book.fmt("With the book's weights: Accuracy score: %.3f", bookAcc));
        System.out.println(cm);
        System.out.println(Book.fmt("Precision: %.3f%nRecall: %.3f%nF1 Score: %.3f", p, r, f1));
        System.out.println(report);
        System.out.println(Book.fmt("The accuracy score is %.3f (zero weights)", zeroAcc));
        System.out.println(Book.fmt("Accuracy after %d epochs: %.3f", epochs, trainedAcc));
        System.out.println(Book.fmt("Train accuracy score %.3f", trainAcc));
        System.out.println(Book.fmt("Test accuracy score %.3f", testAcc));
      }
      return res;
    }
  }
}
