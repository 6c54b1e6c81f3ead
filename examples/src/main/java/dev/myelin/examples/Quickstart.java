package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.History;
import dev.myelin.data.datasets.LabeledDataset;
import dev.myelin.data.datasets.SampleGenerators;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The book's first deep learning model (chapter 1): two concentric circles from {@code
 * make_circles(1000, noise=0.1, factor=0.2, random_state=0)}, a {@code Dense(4, tanh)} hidden layer
 * and a {@code Dense(1, sigmoid)} output, SGD(lr=0.5) on the binary cross-entropy for 20 epochs,
 * printing Keras's summary and progress lines. {@code --keras2} uses the book's Keras 2.2 names
 * ({@code dense_1}, {@code acc}); {@code --seed N} changes the weight/shuffle seed.
 */
public final class Quickstart implements Example {
  /** What one training run ended with. */
  public record Result(double firstLoss, double finalLoss, double accuracy) {}

  @Override
  public String name() {
    return "quickstart";
  }

  @Override
  public String description() {
    return "the book's first model: Dense(4, tanh) -> Dense(1, sigmoid) on make_circles";
  }

  @Override
  public void run(String[] args) {
    List<String> a = Arrays.asList(args);
    boolean keras2 = a.contains("--keras2");
    int i = a.indexOf("--seed");
    long seed = i >= 0 && i + 1 < args.length ? Long.parseLong(args[i + 1]) : 42;
    Models.useKeras2Conventions(keras2);
    Result r = train(seed, 1);
    System.out.printf(
        Locale.ROOT, "final loss %.4f, final accuracy %.3f%n", r.finalLoss(), r.accuracy());
  }

  /** Builds, trains and evaluates the model; {@code verbose} 1 prints the summary and progress. */
  public static Result train(long seed, int verbose) {
    LabeledDataset circles = SampleGenerators.makeCircles(1000, true, 0.1, 0, 0.2);
    double[] y = Arrays.stream(circles.labels()).asDoubleStream().toArray();
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.of(circles.x());
      Tensor labels = Tensor.fromArray(y, y.length);
      Myelin.setSeed(seed);
      Sequential model = new Sequential();
      model.add(new Dense(4).activation("tanh").inputShape(2));
      model.add(new Dense(1).activation("sigmoid"));
      if (verbose > 0) {
        model.summary();
      }
      model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
      History h = model.fit(x, labels, new FitOptions().epochs(20).verbose(verbose));
      List<Double> loss = h.get("loss");
      double[] ev = model.evaluate(x, labels, new EvaluateOptions().verbose(0));
      return new Result(loss.get(0), loss.get(loss.size() - 1), ev[1]);
    }
  }
}
