package dev.myelin.examples;

import dev.myelin.Myelin;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.History;
import dev.myelin.data.metrics.ClassificationMetrics;
import dev.myelin.data.metrics.ClassificationReport;
import dev.myelin.data.metrics.ConfusionMatrix;
import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.TrainTestSplit;
import dev.myelin.data.plot.Plot;
import dev.myelin.data.preprocessing.Categorical;
import dev.myelin.data.table.DataFrame;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.nio.file.Path;
import java.util.Map;

/**
 * Chapter 4: multiclass classification of the iris flowers. Species mapped to 0/1/2 and one-hot
 * encoded, a stratified 80/20 split, {@code Dense(3, softmax)} trained by Adam(lr=0.1) on the
 * categorical cross-entropy; classification report and confusion matrix on the test set.
 */
public final class IrisMulticlass implements Example {
  static final String[] SPECIES = {"setosa", "versicolor", "virginica"};

  /**
   * The split, the test predictions and their scores; {@code yPred} holds the test probabilities in
   * the columns {@code pred_setosa pred_versicolor pred_virginica}, and {@code cmFrame} the
   * confusion matrix with those columns and the species as rows.
   */
  public record Result(
      double[] firstOneHot,
      int trainSize,
      int[] testSupport,
      double testAccuracy,
      ConfusionMatrix cm,
      String report,
      Path plot,
      DataFrame yPred,
      DataFrame cmFrame) {}

  @Override
  public String name() {
    return "iris-multiclass";
  }

  @Override
  public String description() {
    return "ch.4 iris: one-hot labels, Dense(3, softmax), categorical cross-entropy";
  }

  @Override
  public void run(String[] args) {
    Book.keras2Flag(args);
    Result r = run(Book.dataDir(args), Book.outDir(name(), args), 30, 0);
    System.out.println(Book.fmt("Test accuracy: %.3f", r.testAccuracy()));
    System.out.println(r.yPred().head());
    System.out.println(r.report());
    System.out.println(r.cm());
    System.out.println(r.cmFrame());
  }

  /** Trains for {@code epochs} with weights and shuffles seeded by {@code seed}. */
  public static Result run(Path data, Path out, int epochs, long seed) {
    DataFrame df = Book.csv(data, "iris.csv");
    double[][] x =
        df.drop("species")
            .toDoubleMatrix("sepal_length", "sepal_width", "petal_length", "petal_width");
    int[] y =
        df.get("species").map(Map.of("setosa", 0, "versicolor", 1, "virginica", 2)).toIntLabels();
    double[][] yCat = Categorical.toCategorical(y, 3);
    Split split = new TrainTestSplit().testSize(0.2).randomState(0).stratify(y).split(y.length);
    double[][] xTrain = Split.take(x, split.train());
    double[][] xTest = Split.take(x, split.test());
    int[] yTest = Split.take(y, split.test());
    int[] support = new int[3];
    for (int c : yTest) {
      support[c]++;
    }
    try (TensorScope scope = new TensorScope()) {
      Myelin.setSeed(seed);
      Sequential model = new Sequential(new Dense(3).inputDim(4).activation("softmax"));
      model.compile(new Adam(0.1), "categorical_crossentropy", "accuracy");
      History h =
          model.fit(
              Book.tensor(xTrain),
              Book.tensor(Split.take(yCat, split.train())),
              new FitOptions().epochs(epochs).validationSplit(0.1).verbose(0));
      double[] probabilities = Book.predict(model, xTest);
      int[] pred = Book.argmax(probabilities, 3);
      String[] predColumns = new String[SPECIES.length];
      for (int k = 0; k < SPECIES.length; k++) {
        predColumns[k] = "pred_" + SPECIES[k];
      }
      double[][] rows = new double[xTest.length][SPECIES.length];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(probabilities, i * SPECIES.length, rows[i], 0, SPECIES.length);
      }
      ConfusionMatrix cm = ConfusionMatrix.of(yTest, pred);
      Path plot =
          Book.save(
              Plot.plotHistory(h.history(), "loss", "val_loss", "accuracy", "val_accuracy"),
              out,
              "history.png");
      return new Result(
          yCat[0],
          xTrain.length,
          support,
          ClassificationMetrics.accuracy(yTest, pred),
          cm,
          ClassificationReport.classificationReport(yTest, pred, SPECIES, 2),
          plot,
          DataFrame.fromMatrix(rows, predColumns),
          cm.toDataFrame(SPECIES, "pred_"));
    }
  }
}
