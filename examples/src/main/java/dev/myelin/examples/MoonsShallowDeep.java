package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
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

  /**
   * The split sizes, the three models' scores, and the relu model's {@code predict_classes} and
   * probabilities for the first three training points (the book's {@code y_train_pred[:3]} and
   * {@code y_train_prob[:3]}).
   */
  public record Result(
      int trainSize,
      int testSize,
      Scores shallow,
      Scores relu,
      Scores tanh,
      int[] reluFirstClasses,
      double[] reluFirstProbabilities) {}

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
    Result r = run(Book.outDir(name(), args), 200, 100, 0, true);
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
    return run(out, shallowEpochs, deepEpochs, seed, false);
  }

  /**
   * {@link #run(Path, int, int, long)}; with {@code print}, the shallow model is also evaluated
   * with a progress bar ({@code 300/300 [====] - 0s 116us/step}) and the relu model's first three
   * training predictions are printed, as the book shows them.
   */
  public static Result run(Path out, int shallowEpochs, int deepEpochs, long seed, boolean print) {
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
    Scores shallowScores =
        fit(shallow, shallowEpochs, xTrain, yTrain, xTest, yTest, moons, out, "shallow");
    Scores reluScores =
        fit(relu, deepEpochs, xTrain, yTrain, xTest, yTest, moons, out, "deep-relu");
    Scores tanhScores =
        fit(tanh, deepEpochs, xTrain, yTrain, xTest, yTest, moons, out, "deep-tanh");
    try (TensorScope scope = new TensorScope()) {
      if (print) {
        // model.evaluate(X_test, y_test) prints its progress bar; the book then prints accuracy.
        shallow.evaluate(Book.tensor(xTest), Book.column(yTest));
        System.out.println(
            Book.fmt("The Accuracy score on the Test set is:\t%.3f", shallowScores.test()));
      }
      Tensor first = Book.tensor(java.util.Arrays.copyOf(xTrain, 3));
      int[] classes = relu.predictClasses(first).toIntArray();
      double[] probabilities = Book.predict(relu, java.util.Arrays.copyOf(xTrain, 3));
      if (print) {
        System.out.println("y_train_pred[:3] = " + java.util.Arrays.toString(classes));
        System.out.println("y_train_prob[:3] = " + java.util.Arrays.toString(probabilities));
      }
      return new Result(
          xTrain.length,
          xTest.length,
          shallowScores,
          reluScores,
          tanhScores,
          classes,
          probabilities);
    }
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
