package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.table.Series;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 5: gradient descent on the banknotes. The class balance (the accuracy to beat), then the
 * same {@code Dense(1, sigmoid)} trained three ways: one point at a time with {@code
 * train_on_batch} (a noisy loss), mini-batches of 16 (smoother), and {@code fit}.
 */
public final class Banknotes implements Example {
  /** Data facts, the two loss curves and the final test accuracy. */
  public record Result(
      Series classCounts,
      double majority,
      int trainSize,
      int testSize,
      double[] perPointLoss,
      double[] miniBatchLoss,
      double testAccuracy,
      Path plot) {}

  @Override
  public String name() {
    return "banknotes";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: per-point SGD, mini-batches and fit of a Dense(1, sigmoid)";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), Book.outDir(name(), args), 20, 0);
    System.out.println(r.classCounts());
    System.out.println("Majority class fraction: " + r.majority());
    System.out.println(Book.fmt("Train/test: %d/%d", r.trainSize(), r.testSize()));
    System.out.println(Book.fmt("Test accuracy: %.2f %%", r.testAccuracy() * 100));
  }

  /** Runs the three trainings; {@code fit} runs {@code epochs} epochs at batch 16. */
  public static Result run(Path data, Path out, int epochs, long seed) {
    BanknoteData d = BanknoteData.load(data);
    Series counts = d.df().get("class").valueCounts();
    double majority = counts.getDouble(0) / d.df().length();
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Sequential model = BanknoteData.onesModel();
      model.compile("sgd", "binary_crossentropy", "accuracy");
      List<Tensor> initial = model.getWeights();
      Tensor x = Book.tensor(d.xTrain());
      Tensor y = Book.column(d.yTrain());
      long n = d.xTrain().length;

      double[] perPoint = new double[(int) n - 1];
      for (int i = 0; i < n - 1; i++) {
        try (TensorScope step = new TensorScope()) {
          perPoint[i] =
              model.trainOnBatch(x.slice(Slice.range(i, i + 1)), y.slice(Slice.range(i, i + 1)))[0];
        }
      }

      model.setWeights(initial);
      int b = 16;
      List<Double> mini = new ArrayList<>();
      for (int i = 0; i < n; i += b) {
        try (TensorScope step = new TensorScope()) {
          long end = Math.min(n, i + b);
          mini.add(
              model.trainOnBatch(x.slice(Slice.range(i, end)), y.slice(Slice.range(i, end)))[0]);
        }
      }

      model.setWeights(initial);
      model.fit(x, y, new FitOptions().batchSize(16).epochs(epochs).verbose(0));
      double acc = model.evaluate(Book.tensor(d.xTest()), Book.column(d.yTest()))[1];

      Figure fig = Plot.figure(1000, 500);
      var ax = fig.subplots(1, 2);
      ax[0][0]
          .plot(perPoint)
          .setTitle("Loss, one point per step")
          .setXLabel("step")
          .setYLabel("loss");
      ax[0][1]
          .plot(mini.stream().mapToDouble(Double::doubleValue).toArray())
          .setTitle("Loss, batches of 16")
          .setXLabel("step")
          .setYLabel("loss");
      Path plot = Book.save(fig, out, "sgd-loss.png");
      return new Result(
          counts,
          majority,
          d.xTrain().length,
          d.xTest().length,
          perPoint,
          mini.stream().mapToDouble(Double::doubleValue).toArray(),
          acc,
          plot);
    }
  }
}
