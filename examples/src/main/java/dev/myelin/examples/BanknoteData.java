package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.History;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Axes;
import dev.myelin.data.plot.Figure;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chapter 5's data: the banknotes, {@code X = df.drop('class')}, {@code y = df['class']} and {@code
 * train_test_split(X, y, test_size=0.3, random_state=42)} (960/412), plus the comparison loop the
 * chapter repeats for learning rates, batch sizes, optimizers and initializers.
 */
public record BanknoteData(
    DataFrame df, double[][] xTrain, int[] yTrain, double[][] xTest, int[] yTest) {

  static final String[] FEATURES = {"variance", "skewness", "kurtosis", "entropy"};

  /** Loads banknotes.csv and splits it as the book does. */
  public static BanknoteData load(Path dataDir) {
    DataFrame df = Book.csv(dataDir, "banknotes.csv");
    double[][] x = df.toDoubleMatrix(FEATURES);
    int[] y = df.toIntLabels("class");
    Split s = new TrainTestSplit().testSize(0.3).randomState(42).split(y.length);
    return new BanknoteData(
        df,
        Split.take(x, s.train()),
        Split.take(y, s.train()),
        Split.take(x, s.test()),
        Split.take(y, s.test()));
  }

  /** The chapter's logistic regression: {@code Dense(1, kernel_initializer='ones', sigmoid)}. */
  static Sequential onesModel() {
    return new Sequential(
        new Dense(1).inputShape(4).kernelInitializer("ones").activation("sigmoid"));
  }

  /**
   * Trains one freshly built model per entry (the book resets the weights or clears the session
   * each run) and returns each run's training history by label.
   */
  public Map<String, History> compare(
      Map<String, Supplier<Model>> runs, Map<String, Integer> batchSizes, int epochs, long seed) {
    Map<String, History> out = new LinkedHashMap<>();
    for (var run : runs.entrySet()) {
      try (TensorScope scope = new TensorScope()) {
        Myelin.setSeed(seed);
        Model model = run.getValue().get();
        int batch = batchSizes.getOrDefault(run.getKey(), 16);
        out.put(
            run.getKey(),
            model.fit(
                Book.tensor(xTrain),
                Book.column(yTrain),
                new FitOptions().batchSize(batch).epochs(epochs).verbose(0)));
      }
      System.out.println("Done: " + run.getKey());
    }
    return out;
  }

  /** The book's line styles and markers, so that curves that coincide can still be told apart. */
  private static final String[] STYLES = {
    "-", "--", "-.", ":", "--+", ":*", "-.x", "--o", ":s", "-.^"
  };

  /**
   * One curve per run of the metric {@code metric} against the epoch, each in its own line style
   * ({@code -}, {@code --}, {@code -.}, {@code :}, {@code -+}, {@code -*}, ...), with the legend
   * where it covers no curve ({@code loc='best'}).
   */
  public static Figure plot(Map<String, History> histories, String metric, String title) {
    Figure fig = Plot.figure(800, 600);
    Axes ax = fig.axes();
    int k = 0;
    for (Map.Entry<String, History> run : histories.entrySet()) {
      List<Double> values = run.getValue().get(metric);
      double[] y = new double[values.size()];
      double[] epochs = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = values.get(i);
        epochs[i] = i;
      }
      ax.plot(epochs, y, STYLES[k++ % STYLES.length], run.getKey());
    }
    ax.setTitle(title).setXLabel("Epochs").setYLabel(metric).legend();
    return fig;
  }

  /** Saves the loss and accuracy comparison plots; returns both files. */
  public static List<Path> savePlots(Map<String, History> histories, Path out, String what) {
    return List.of(
        Book.save(plot(histories, "loss", "Loss by " + what), out, "loss.png"),
        Book.save(plot(histories, "accuracy", "Accuracy by " + what), out, "accuracy.png"));
  }
}
