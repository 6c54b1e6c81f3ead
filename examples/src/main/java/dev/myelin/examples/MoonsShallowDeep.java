package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.data.datasets.LabeledDataset;
import dev.myelin.data.datasets.SampleGenerators;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;

/**
 * Chapter 4: the two moons. A shallow model (logistic regression) draws a straight boundary and
 * stops near 85% test accuracy; deeper models with relu or tanh hidden layers separate the moons.
 */
public final class MoonsShallowDeep implements Example {
  /** Train/test accuracy of one model and its decision-boundary plot. */
  public record Scores(double train, double test, Path plot) {}

  /** The split sizes and the three models' scores. */
  public record Result(int trainSize, int testSize, Scores shallow, Scores relu, Scores tanh) {}

  @Override
  public String name() {
    return "moons-shallow-deep";
  }

  @Override
  public String description() {
    return "ch.4 make_moons: logistic regression vs deeper relu and tanh models, with boundaries";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.outDir(name(), args), 200, 100, 0);
    System.out.println(Book.fmt("Train/test: %d/%d", r.trainSize(), r.testSize()));
    print("Shallow", r.shallow());
    print("Deep relu", r.relu());
    print("Deep tanh", r.tanh());
  }

  private static void print(String what, Scores s) {
    System.out.println(
        Book.fmt(
            "%s: Accuracy (Train set): %.3f, Accuracy (Test set): %.3f",
            what, s.train(), s.test()));
  }

  /**
   * Trains the shallow model for {@code shallowEpochs} and the deep ones for {@code deepEpochs}.
   */
  public static Result run(Path out, int shallowEpochs, int deepEpochs, long seed) {
    LabeledDataset moons = SampleGenerators.makeMoons(1000, true, 0.1, 0);
    Split split = new TrainTestSplit().testSize(0.3).randomState(42).split(moons.x().length);
    double[][] xTrain = Split.take(moons.x(), split.train());
    double[][] xTest = Split.take(moons.x(), split.test());
    int[] yTrain = Split.take(moons.labels(), split.train());
    int[] yTest = Split.take(moons.labels(), split.test());
    Myelin.setSeed(seed);

    Sequential shallow = new Sequential(new Dense(1).inputDim(2).activation("sigmoid"));
    Sequential relu =
        new Sequential(
            new Dense(4).inputDim(2).activation("relu"),
            new Dense(2).activation("relu"),
            new Dense(1).activation("sigmoid"));
    Sequential tanh =
        new Sequential(
            new Dense(4).inputDim(2).activation("tanh"),
            new Dense(2).activation("tanh"),
            new Dense(1).activation("sigmoid"));
    return new Result(
        xTrain.length,
        xTest.length,
        fit(shallow, shallowEpochs, xTrain, yTrain, xTest, yTest, moons, out, "shallow"),
        fit(relu, deepEpochs, xTrain, yTrain, xTest, yTest, moons, out, "deep-relu"),
        fit(tanh, deepEpochs, xTrain, yTrain, xTest, yTest, moons, out, "deep-tanh"));
  }

  private static Scores fit(
      Sequential model,
      int epochs,
      double[][] xTrain,
      int[] yTrain,
      double[][] xTest,
      int[] yTest,
      LabeledDataset all,
      Path out,
      String name) {
    try (TensorScope scope = new TensorScope()) {
      model.compile(new Adam(0.05), "binary_crossentropy", "accuracy");
      model.fit(
          Book.tensor(xTrain), Book.column(yTrain), new FitOptions().epochs(epochs).verbose(0));
      double train =
          ClassificationMetrics.accuracy(yTrain, Book.above(Book.predict(model, xTrain), 0.5));
      double test =
          ClassificationMetrics.accuracy(yTest, Book.above(Book.predict(model, xTest), 0.5));
      // The book's boundary grid spans the data's min/max +- 0.1, Plot's default.
      Figure fig = Plot.plotDecisionBoundary(g -> Book.predict(model, g), all.x(), all.labels());
      fig.axes()
          .setTitle(
              Book.fmt("%s model: train accuracy %.3f, test accuracy %.3f", name, train, test))
          .setXLabel("x1")
          .setYLabel("x2");
      Path plot = Book.save(fig, out, name + ".png");
      return new Scores(train, test, plot);
    }
  }
}
