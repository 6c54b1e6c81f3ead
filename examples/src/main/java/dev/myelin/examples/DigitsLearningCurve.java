package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.datasets.Digits;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.awt.Color;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chapter 10.1 and 10.2: a baseline {@code Dense(16, relu) -> Dense(10, softmax)} on the 8 x 8
 * digits (Adam, 100 epochs, batch 32), then its learning curve: the same initial weights ({@code
 * set_weights}) trained on stratified subsets of 125, 377, 628, 879 and 1131 training rows.
 */
public final class DigitsLearningCurve implements Example {
  /** The chapter's figures. */
  public record Result(
      int trainSize,
      int testSize,
      Map<Integer, Integer> testClassCounts,
      double trainAccuracy,
      double testAccuracy,
      int[] trainSizes,
      double[] trainScores,
      double[] testScores,
      Path plot) {}

  @Override
  public String name() {
    return "digits-baseline";
  }

  @Override
  public String description() {
    return "ch.10.1-2 digits baseline Dense(16) -> 10 and its learning curve over 5 train sizes";
  }

  @Override
  public void run(String[] args) {
    int epochs = DigitsData.count(args, "--epochs", 100);
    Result r = run(DigitsData.load(args), Book.outDir(name(), args), epochs, 0, true);
    System.out.println("learning curve: " + r.plot());
  }

  /**
   * {@code pd.Series(y_test.argmax(axis=1)).value_counts()} as the book prints it: by count, ties
   * by label from high to low ("5 55", "3 55", "1 55", "9 54", ...).
   */
  public static List<String> valueCounts(Map<Integer, Integer> counts) {
    return counts.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<Integer, Integer>>comparingInt(e -> -e.getValue())
                .thenComparingInt(e -> -e.getKey()))
        .map(e -> e.getKey() + " " + e.getValue())
        .toList();
  }

  /** Trains for {@code epochs} (the book: 100) per fit, seeded by {@code seed}. */
  public static Result run(DigitsData d, Path out, int epochs, long seed, boolean print) {
    int[] train = d.split().train();
    int[] test = d.split().test();
    Map<Integer, Integer> counts = new TreeMap<>();
    for (int y : d.testLabels()) {
      counts.merge(y, 1, Integer::sum);
    }
    if (print) {
      System.out.println(Book.fmt("X_train: %d rows, X_test: %d rows", train.length, test.length));
      valueCounts(counts).forEach(System.out::println);
    }
    try (TensorScope scope = new TensorScope()) {
      Tensor xTrain = d.x(train, 64);
      Tensor yTrain = d.oneHot(train);
      Tensor xTest = d.x(test, 64);
      Tensor yTest = d.oneHot(test);
      Myelin.setSeed(seed);
      Sequential model = new Sequential();
      model.add(new Dense(16).inputShape(64).activation("relu"));
      model.add(new Dense(10).activation("softmax"));
      model.compile("adam", "categorical_crossentropy", "accuracy");
      List<Tensor> initial = model.getWeights();
      FitOptions fit = new FitOptions().epochs(epochs).verbose(0);
      EvaluateOptions quiet = new EvaluateOptions().verbose(0);
      model.fit(xTrain, yTrain, fit);
      double trainAcc = model.evaluate(xTrain, yTrain, quiet)[1];
      double testAcc = model.evaluate(xTest, yTest, quiet)[1];
      if (print) {
        System.out.println(Book.fmt("Train accuracy: %.4f", trainAcc));
        System.out.println(Book.fmt("Test accuracy: %.4f", testAcc));
      }
      // 10.2: fracs = np.linspace(0.1, 0.90, 5); train_sizes = (len(X_train) * fracs).astype(int).
      int[] sizes = new int[5];
      for (int i = 0; i < 5; i++) {
        sizes[i] = (int) (train.length * (0.1 + i * 0.2));
      }
      // The book stratifies the subsets on the one-hot y_train (see Digits.oneHotStrata).
      int[] strata = Digits.oneHotStrata(d.trainLabels(), 10);
      double[] trainScores = new double[5];
      double[] testScores = new double[5];
      for (int i = 0; i < 5; i++) {
        Split sub =
            new TrainTestSplit()
                .trainSize(sizes[i])
                .randomState(0)
                .stratify(strata)
                .split(train.length);
        int[] rows = Split.take(train, sub.train());
        try (TensorScope inner = new TensorScope()) {
          Tensor x = d.x(rows, 64);
          Tensor y = d.oneHot(rows);
          model.setWeights(initial);
          model.fit(x, y, fit);
          trainScores[i] = model.evaluate(x, y, quiet)[1];
          testScores[i] = model.evaluate(xTest, yTest, quiet)[1];
        }
        if (print) {
          System.out.println("Done size:  " + sizes[i]);
        }
      }
      double[] xs = new double[5];
      for (int i = 0; i < 5; i++) {
        xs[i] = sizes[i];
      }
      Figure fig = Plot.figure(800, 600);
      fig.axes()
          .plot(xs, trainScores, "Training score", Color.RED)
          .scatter(xs, trainScores, null, Color.RED, "o")
          .plot(xs, testScores, "Test score", new Color(0, 128, 0))
          .scatter(xs, testScores, null, new Color(0, 128, 0), "o")
          .setTitle("Learning curve")
          .setXLabel("Training examples")
          .setYLabel("Accuracy")
          .legend();
      Path plot = Book.save(fig, out, "learning-curve.png");
      return new Result(
          train.length,
          test.length,
          counts,
          trainAcc,
          testAcc,
          sizes,
          trainScores,
          testScores,
          plot);
    }
  }
}
