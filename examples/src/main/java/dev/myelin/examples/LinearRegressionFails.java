package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.RegressionMetrics;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;
import java.util.List;

/**
 * Chapter 3: why linear regression is the wrong tool for a yes/no target. The chapter's {@code
 * Dense(1)} regression model, reset to {@code w = 1, b = 0} with {@code set_weights}, is trained by
 * Adam(lr=0.8) on the mean squared error against the 0/1 {@code Buy} column of the site-visit data
 * for 200 epochs. The best straight line through 0/1 points predicts values below 0 and above 1,
 * which are not probabilities: the motivation for the logistic regression that follows.
 */
public final class LinearRegressionFails implements Example {
  /** The fitted line, its MSE, its predictions' range over the data and their accuracy at 0.5. */
  public record Result(
      double w,
      double b,
      double mse,
      double minPrediction,
      double maxPrediction,
      double accuracy,
      Path plot) {}

  @Override
  public String name() {
    return "linear-regression-fails";
  }

  @Override
  public String description() {
    return "ch.3 user visits: a linear regression on a 0/1 target predicts values outside [0, 1]";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), Book.outDir(name(), args), 200, 0);
    System.out.println(Book.fmt("w = %.6f, b = %.6f, MSE %.4f", r.w(), r.b(), r.mse()));
    System.out.println(
        Book.fmt(
            "predictions over the data range from %.3f to %.3f (a probability lies in [0, 1])",
            r.minPrediction(), r.maxPrediction()));
    System.out.println(Book.fmt("Accuracy of y_pred > 0.5: %.3f", r.accuracy()));
  }

  /** Trains the regression model on the 0/1 target for {@code epochs} and plots the line. */
  public static Result run(Path data, Path out, int epochs, long seed) {
    DataFrame df = Book.csv(data, "user_visit_duration.csv");
    double[][] x = df.toDoubleMatrix("Time (min)");
    int[] y = df.toIntLabels("Buy");
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Sequential model = new Sequential(new Dense(1).inputShape(1));
      model.compile(new Adam(0.8), "mean_squared_error");
      // The book re-uses the weight-height model with set_weights: w = 1, b = 0.
      model.setWeights(List.of(Tensor.of(new float[][] {{1f}}), Tensor.of(0f)));
      model.fit(Book.tensor(x), Book.column(y), new FitOptions().epochs(epochs).verbose(0));
      double w = model.getWeights().get(0).toFloatArray()[0];
      double b = model.getWeights().get(1).toFloatArray()[0];
      double[] pred = Book.predict(model, x);
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double p : pred) {
        min = Math.min(min, p);
        max = Math.max(max, p);
      }
      double[] time = Book.col(x, 0);
      double lo = java.util.Arrays.stream(time).min().orElse(0);
      double hi = java.util.Arrays.stream(time).max().orElse(1);
      Figure fig = Plot.figure(800, 600);
      fig.axes()
          .scatter(time, Book.doubles(y), "data")
          .plot(new double[] {lo, hi}, new double[] {w * lo + b, w * hi + b}, "Dense(1), mse")
          .setTitle("Linear regression on a 0/1 target")
          .setXLabel("Time (min)")
          .setYLabel("Buy")
          .legend();
      Path plot = Book.save(fig, out, "linear-on-buy.png");
      return new Result(
          w,
          b,
          RegressionMetrics.mse(Book.doubles(y), pred),
          min,
          max,
          ClassificationMetrics.accuracy(y, Book.above(pred, 0.5)),
          plot);
    }
  }
}
