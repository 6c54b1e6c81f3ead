package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.table.Csv;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Conv1D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.MaxPooling1D;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 7.1 to 7.3: classifying 200-step curves as normal or anomalous. A dense network on the
 * raw values barely beats chance; two engineered features (the curve's standard deviation and that
 * of its first differences) do much better; a small 1-D convolutional network learns such features
 * itself. Split by {@code train_test_split(test_size=0.25, random_state=0)}, Adam, binary
 * cross-entropy, {@code validation_split=0.1}.
 *
 * <p>The book's {@code sequence_classification.csv.bz2} (4000 rows: {@code anomaly}, {@code t_0} to
 * {@code t_199}) is not among the shared data files (it is over the size the surviving copy of the
 * book's repository kept), so the program reads {@code --file FILE} (default {@code
 * DATA/sequence_classification.csv.bz2}); any CSV with those columns works.
 */
public final class SequenceClassification implements Example {
  /** What the chapter prints, and the shapes of the convolutional model. */
  public record Result(
      int rows,
      int columns,
      double[][] featureHead,
      double denseAccuracy,
      double featureAccuracy,
      double convAccuracy,
      List<long[]> convShapes,
      long convParams) {}

  @Override
  public String name() {
    return "sequence-classification";
  }

  @Override
  public String description() {
    return "ch.7 curve anomalies: dense on raw values, two engineered features, Conv1D network";
  }

  @Override
  public void run(String[] args) {
    String given = Book.option(args, "--file");
    Path file =
        given != null
            ? Path.of(given)
            : Book.dataDir(args).resolve("sequence_classification.csv.bz2");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "sequence-classification: the data file "
              + file.toAbsolutePath().normalize()
              + " does not exist; pass --file FILE (a CSV with columns anomaly, t_0 .. t_199)");
    }
    Result r = run(file, 30, 50, 30, 0, true);
    System.out.println("rows " + r.rows() + ", columns " + r.columns());
  }

  /** Runs the three models for the given epochs, seeded by {@code seed}. */
  public static Result run(
      Path file, int denseEpochs, int featureEpochs, int convEpochs, long seed, boolean print) {
    DataFrame df = Csv.read(file);
    List<String> steps = new ArrayList<>(df.columns());
    steps.remove("anomaly");
    double[][] x = df.toDoubleMatrix(steps.toArray(new String[0]));
    int[] y = new int[df.length()];
    for (int i = 0; i < y.length; i++) {
      Object a = df.get("anomaly").get(i);
      y[i] = Boolean.TRUE.equals(a) || "True".equals(String.valueOf(a)) ? 1 : 0;
    }
    Split split = new TrainTestSplit().testSize(0.25).randomState(0).split(y.length);
    int[] yTest = Split.take(y, split.test());
    FitOptions quiet = new FitOptions().verbose(0).validationSplit(0.1);

    // 7.1: the raw curves.
    Myelin.setSeed(seed);
    Sequential dense = new Sequential();
    dense.add(new Dense(100).inputDim(x[0].length).activation("relu"));
    dense.add(new Dense(50).activation("relu"));
    dense.add(new Dense(20).activation("relu"));
    dense.add(new Dense(1).activation("sigmoid"));
    double denseAcc = fitScore(dense, x, y, split, yTest, quiet.epochs(denseEpochs));

    // 7.2: std (pandas, ddof=1) and std of np.diff (numpy, ddof=0) per curve.
    double[][] features = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double[] d = new double[x[i].length - 1];
      for (int j = 0; j < d.length; j++) {
        d[j] = x[i][j + 1] - x[i][j];
      }
      features[i] = new double[] {std(x[i], 1), std(d, 0)};
    }
    Sequential small = new Sequential();
    small.add(new Dense(30).inputDim(2).activation("relu"));
    small.add(new Dense(10).activation("relu"));
    small.add(new Dense(1).activation("sigmoid"));
    double featureAcc = fitScore(small, features, y, split, yTest, quiet.epochs(featureEpochs));

    // 7.3: X[:, :, None] through Conv1D/MaxPool1D.
    Sequential conv = new Sequential();
    conv.add(new Conv1D(16, 3).inputShape(x[0].length, 1));
    conv.add(new Conv1D(16, 3));
    conv.add(new MaxPooling1D());
    conv.add(new Activation("relu"));
    conv.add(new Conv1D(16, 3));
    conv.add(new MaxPooling1D());
    conv.add(new Activation("relu"));
    conv.add(new Flatten());
    conv.add(new Dense(10).activation("relu"));
    conv.add(new Dense(1).activation("sigmoid"));
    List<long[]> shapes = new ArrayList<>();
    for (var layer : conv.layers()) {
      shapes.add(layer.output().shape());
    }
    double convAcc = fitScore(conv, x, y, split, yTest, quiet.epochs(convEpochs));
    if (print) {
      System.out.println(Book.fmt("Test Accuracy: %.3f", denseAcc));
      System.out.println(Book.fmt("Test Accuracy: %.3f", featureAcc));
      System.out.print(conv.summaryString());
      System.out.println(Book.fmt("Test Accuracy: %.3f", convAcc));
    }
    double[][] head = new double[Math.min(5, features.length)][];
    System.arraycopy(features, 0, head, 0, head.length);
    return new Result(
        df.length(),
        df.columns().size(),
        head,
        denseAcc,
        featureAcc,
        convAcc,
        shapes,
        conv.countParams());
  }

  private static double fitScore(
      Sequential model, double[][] x, int[] y, Split split, int[] yTest, FitOptions options) {
    model.compile("adam", "binary_crossentropy", "accuracy");
    int[] tr = split.train();
    int[] te = split.test();
    boolean sequence = model.layers().get(0) instanceof Conv1D;
    try (TensorScope scope = new TensorScope()) {
      Tensor xTrain = rows(Split.take(x, tr), sequence);
      model.fit(xTrain, Book.column(Split.take(y, tr)), options);
      float[] p = model.predict(rows(Split.take(x, te), sequence)).toFloatArray();
      int[] pred = new int[p.length];
      for (int i = 0; i < p.length; i++) {
        pred[i] = p[i] > 0.5f ? 1 : 0;
      }
      return ClassificationMetrics.accuracy(yTest, pred);
    }
  }

  /** Rows as {@code (n, d)}, or {@code (n, d, 1)} for the convolutional model. */
  private static Tensor rows(double[][] x, boolean sequence) {
    Tensor t = Book.tensor(x);
    return sequence ? t.reshape(x.length, x[0].length, 1) : t;
  }

  /** The standard deviation with {@code ddof} degrees of freedom removed. */
  static double std(double[] v, int ddof) {
    double mean = 0;
    for (double d : v) {
      mean += d;
    }
    mean /= v.length;
    double ss = 0;
    for (double d : v) {
      ss += (d - mean) * (d - mean);
    }
    return Math.sqrt(ss / (v.length - ddof));
  }
}
