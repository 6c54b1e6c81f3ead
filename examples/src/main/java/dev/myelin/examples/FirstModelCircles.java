package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.History;
import dev.myelin.data.datasets.LabeledDataset;
import dev.myelin.data.datasets.SampleGenerators;
import dev.myelin.data.plot.Plot;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Chapter 1: the first deep learning model. {@code make_circles(1000, noise=0.1, factor=0.2,
 * random_state=0)}, {@code Dense(4, tanh) -> Dense(1, sigmoid)}, SGD(lr=0.5), binary cross-entropy,
 * 20 epochs, then the decision boundary on a 101x101 grid over [-1.5, 1.5]^2.
 */
public final class FirstModelCircles implements Example {
  /** What a run produced. */
  public record Result(
      LabeledDataset data,
      double accuracy,
      double firstLoss,
      double finalLoss,
      double gridMin,
      double gridMax,
      Path plot,
      String summary) {}

  @Override
  public String name() {
    return "first-model-circles";
  }

  @Override
  public String description() {
    return "ch.1 first model on make_circles with its decision boundary plot";
  }

  @Override
  public void run(String[] args) {
    Result r = run(20, 1, Book.outDir(name(), args));
    System.out.print(r.summary());
    System.out.println(
        Book.fmt(
            "train accuracy %.3f; boundary scores in [%.6g, %.6g]",
            r.accuracy(), r.gridMin(), r.gridMax()));
  }

  /** Trains for {@code epochs} and plots the decision boundary into {@code out}. */
  public static Result run(int epochs, int verbose, Path out) {
    LabeledDataset circles = SampleGenerators.makeCircles(1000, true, 0.1, 0, 0.2);
    double[][] x = circles.x();
    int[] y = circles.labels();
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(0);
      Sequential model = new Sequential();
      model.add(new Dense(4).inputShape(2).activation("tanh"));
      model.add(new Dense(1).activation("sigmoid"));
      model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
      History h =
          model.fit(
              Book.tensor(x), Book.column(y), new FitOptions().epochs(epochs).verbose(verbose));
      double acc =
          model.evaluate(Book.tensor(x), Book.column(y), new EvaluateOptions().verbose(0))[1];

      // The book's plot_decision_boundary: predict on a 101x101 grid and draw the contour.
      double[] range = new double[2];
      range[0] = Double.POSITIVE_INFINITY;
      range[1] = Double.NEGATIVE_INFINITY;
      var fig =
          Plot.plotDecisionBoundary(
              grid -> {
                double[] c = Book.predict(model, grid);
                range[0] = Arrays.stream(c).min().orElse(Double.NaN);
                range[1] = Arrays.stream(c).max().orElse(Double.NaN);
                return c;
              },
              x,
              y,
              -1.5,
              1.5,
              -1.5,
              1.5,
              "Decision boundary",
              Plot.figure(800, 600));
      Path plot = Book.save(fig, out, "decision-boundary.png");
      return new Result(
          circles,
          acc,
          h.get("loss").get(0),
          Book.last(h.get("loss")),
          range[0],
          range[1],
          plot,
          model.summaryString());
    }
  }
}
