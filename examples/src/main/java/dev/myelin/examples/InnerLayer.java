package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Colormap;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.RMSprop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 5: what an inner layer learns. {@code Dense(2, relu) -> Dense(1, sigmoid)} on the
 * banknotes; a sub-model from the input to the hidden layer's output (the book's {@code
 * K.function([inp], [out])}) maps the test set to 2-D features, drawn after each of 25 more epochs
 * in a 5x5 grid: the two classes drift apart as training proceeds.
 */
public final class InnerLayer implements Example {
  /**
   * Parameter counts, the feature shape, the test accuracy after each extra epoch and each panel's
   * hidden features of the test set ({@code {unit0[], unit1[]}} per panel).
   */
  public record Result(
      long[] params,
      long[] featureShape,
      double[] testAccuracy,
      List<double[][]> features,
      Path plot) {}

  @Override
  public String name() {
    return "inner-layer";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: a sub-model on the hidden Dense(2) output, plotted over 25 epochs";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), Book.outDir(name(), args), 20, 25, 0, true);
    System.out.println("features.shape: " + Book.shape(r.featureShape()));
    System.out.println(
        Book.fmt(
            "Test accuracy after the last epoch: %.3f",
            r.testAccuracy()[r.testAccuracy().length - 1]));
  }

  /** Fits {@code epochs}, then {@code snapshots} single epochs, each followed by a snapshot. */
  public static Result run(
      Path data, Path out, int epochs, int snapshots, long seed, boolean print) {
    BanknoteData d = BanknoteData.load(data);
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Sequential model =
          new Sequential(
              new Dense(2).inputShape(4).activation("relu"), new Dense(1).activation("sigmoid"));
      if (print) {
        model.summary();
      }
      // Hand-written initial weights: kernel (4, 2), bias (2,), kernel (2, 1), bias (1,).
      model.setWeights(
          List.of(
              Tensor.of(new float[][] {{-0.4f, 0.5f}, {-0.3f, 0.2f}, {-0.2f, 0.1f}, {0.1f, -0.3f}}),
              Tensor.of(0.5f, 0.5f),
              Tensor.of(new float[][] {{1.0f}, {-1.0f}}),
              Tensor.of(0.0f)));
      model.compile(new RMSprop(0.01), "binary_crossentropy", "accuracy");
      Tensor x = Book.tensor(d.xTrain());
      Tensor y = Book.column(d.yTrain());
      Tensor xTest = Book.tensor(d.xTest());
      Tensor yTest = Book.column(d.yTest());
      model.fit(
          x, y, new FitOptions().batchSize(16).epochs(epochs).validationSplit(0.3).verbose(0));

      // The book's features_function: a model from the input to the first layer's output.
      Model inner = new Model(model.input(), model.layers().get(0).output());
      int side = (int) Math.ceil(Math.sqrt(snapshots));
      Figure fig = Plot.figure(300 * side, 300 * side);
      Axes[][] grid = fig.subplots(side, side);
      double[] acc = new double[snapshots];
      long[] featureShape = null;
      List<double[][]> snaps = new ArrayList<>();
      // The book fixes the view at (-0.5, 15); features that stay within a small part of it show
      // no change from panel to panel, so all panels share the range the features really take.
      double hi = 0;
      double lo = -0.5;
      for (int i = 0; i < snapshots; i++) {
        try (TensorScope step = new TensorScope()) {
          model.fit(x, y, new FitOptions().batchSize(16).epochs(1).verbose(0));
          acc[i] = model.evaluate(xTest, yTest, new EvaluateOptions().verbose(0))[1];
          Tensor features = inner.predict(xTest);
          featureShape = features.shape();
          float[] f = features.toFloatArray();
          double[] f0 = new double[f.length / 2];
          double[] f1 = new double[f.length / 2];
          for (int k = 0; k < f0.length; k++) {
            f0[k] = f[2 * k];
            f1[k] = f[2 * k + 1];
            hi = Math.max(hi, Math.max(f0[k], f1[k]));
            lo = Math.min(lo, Math.min(f0[k], f1[k]));
          }
          snaps.add(new double[][] {f0, f1});
        }
      }
      double pad = 0.05 * (hi - lo);
      for (int i = 0; i < snapshots; i++) {
        grid[i / side][i % side]
            .scatter(snaps.get(i)[0], snaps.get(i)[1], d.yTest(), Colormap.COOLWARM)
            .setXLim(lo - pad, hi + pad)
            .setYLim(lo - pad, hi + pad)
            .setTitle(Book.fmt("Epoch: %d, Test Acc: %.3f %%", i, acc[i] * 100));
      }
      Path plot = Book.save(fig, out, "inner-layer.png");
      long[] params = {
        model.layers().get(0).countParams(),
        model.layers().get(1).countParams(),
        model.layers().get(0).countParams() + model.layers().get(1).countParams()
      };
      return new Result(params, featureShape, acc, List.copyOf(snaps), plot);
    }
  }
}
