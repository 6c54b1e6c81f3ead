package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.RegressionMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;

/**
 * Chapter 3: linear regression of weight on height. First by hand (the mean squared error of the
 * line {@code y = w x + b} for a few chosen w and b), then with a Keras {@code Dense(1)} trained by
 * Adam(lr=0.8) on the mean squared error, then trained further on an 80/20 train/test split.
 */
public final class LinearRegression implements Example {
  /** The book's figures from one run. */
  public record Result(
      double mse00,
      double mse20,
      double mse2_20,
      double r2PrintedWeights,
      double w,
      double b,
      double r2,
      int trainSize,
      int testSize,
      double mseTrain,
      double mseTest,
      double r2Train,
      double r2Test,
      Path plot) {}

  @Override
  public String name() {
    return "linear-regression";
  }

  @Override
  public String description() {
    return "ch.3 weight vs height: MSE by hand, a Keras Dense(1) fit, train/test split and R2";
  }

  @Override
  public void run(String[] args) {
    run(Book.dataDir(args), Book.outDir(name(), args), 40, 50, true);
  }

  /** The mean squared error of the line {@code w x + b} (the book's manual cost). */
  public static double mse(double[] x, double[] y, double w, double b) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double e = y[i] - (w * x[i] + b);
      sum += e * e;
    }
    return sum / x.length;
  }

  /** Fits for {@code epochs} on all data, then {@code splitEpochs} more on the train split. */
  public static Result run(Path data, Path out, int epochs, int splitEpochs, boolean print) {
    DataFrame df = Book.csv(data, "weight-height.csv");
    double[] height = df.get("Height").toDoubleArray();
    double[] weight = df.get("Weight").toDoubleArray();
    double[][] x = df.toDoubleMatrix("Height");

    double mse00 = mse(height, weight, 0, 0);
    double mse20 = mse(height, weight, 2, 0);
    double mse2_20 = mse(height, weight, 2, 20);
    // The R2 score of the weights the book printed after its run.
    double[] bookLine = new double[height.length];
    for (int i = 0; i < height.length; i++) {
      bookLine[i] = 7.5778575 * height[i] - 348.83707;
    }
    double r2Book = RegressionMetrics.r2(weight, bookLine);

    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(0);
      Sequential model = new Sequential();
      model.add(new Dense(1).inputShape(1));
      if (print) {
        model.summary();
      }
      model.compile(new Adam(0.8), "mean_squared_error");
      model.fit(Book.tensor(x), Book.column(weight), new FitOptions().epochs(epochs).verbose(0));
      double[] pred = Book.predict(model, x);
      double r2 = RegressionMetrics.r2(weight, pred);
      float[] wb = new float[2];
      wb[0] = model.getWeights().get(0).toFloatArray()[0];
      wb[1] = model.getWeights().get(1).toFloatArray()[0];

      Figure fig = Plot.figure(800, 600);
      fig.axes()
          .scatter(height, weight, "data")
          .plot(
              new double[] {55, 80},
              new double[] {wb[0] * 55 + wb[1], wb[0] * 80 + wb[1]},
              "Dense(1)")
          .setTitle("Weight vs height")
          .setXLabel("Height (in)")
          .setYLabel("Weight (lbs)")
          .legend();
      Path plot = Book.save(fig, out, "regression-line.png");

      Split split = new TrainTestSplit().testSize(0.2).randomState(0).split(height.length);
      double[][] xTrain = Split.take(x, split.train());
      double[][] xTest = Split.take(x, split.test());
      double[] yTrain = Split.take(weight, split.train());
      double[] yTest = Split.take(weight, split.test());
      model.fit(
          Book.tensor(xTrain),
          Book.column(yTrain),
          new FitOptions().epochs(splitEpochs).verbose(0));
      double[] pTrain = Book.predict(model, xTrain);
      double[] pTest = Book.predict(model, xTest);
      Result r =
          new Result(
              mse00,
              mse20,
              mse2_20,
              r2Book,
              wb[0],
              wb[1],
              r2,
              xTrain.length,
              xTest.length,
              RegressionMetrics.mse(yTrain, pTrain),
              RegressionMetrics.mse(yTest, pTest),
              RegressionMetrics.r2(yTrain, pTrain),
              RegressionMetrics.r2(yTest, pTest),
              plot);
      if (print) {
        System.out.println("MSE for w=0, b=0: " + mse00);
        System.out.println("MSE for w=2, b=0: " + mse20);
        System.out.println("MSE for w=2, b=20: " + mse2_20);
        System.out.println(Book.fmt("The R2 score of the book's weights is %.3f", r2Book));
        System.out.println(
            Book.fmt("W = %.7f, B = %.5f, -b/w = %.6f", r.w(), r.b(), -r.b() / r.w()));
        System.out.println(Book.fmt("The R2 score is %.3f", r2));
        System.out.println(Book.fmt("Train/test sizes: %d/%d", r.trainSize(), r.testSize()));
        System.out.println(Book.fmt("Mean Squared Error (Train set): %.1f", r.mseTrain()));
        System.out.println(Book.fmt("Mean Squared Error (Test set): %.1f", r.mseTest()));
        System.out.println(Book.fmt("R2 score (Train set): %.3f", r.r2Train()));
        System.out.println(Book.fmt("R2 score (Test set): %.3f", r.r2Test()));
      }
      return r;
    }
  }
}
