package dev.myelin.examples;

import dev.myelin.data.modelselection.Split;
import dev.myelin.data.modelselection.StratifiedKFold;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Chapter 5: a random-forest baseline for the banknotes before any neural network, the book's
 * {@code RandomForestClassifier()} scored by {@code cross_val_score(model, X, y)} and then by
 * {@code model.score} on the 70/30 split. The forest is Tribuo's (Oracle Labs, Apache-2.0): bagged
 * CART trees, each split choosing among a random half of the 4 features ({@code sqrt(4) = 2}, as
 * scikit-learn's {@code max_features='sqrt'}), 10 trees (scikit-learn 0.19's {@code n_estimators}),
 * majority vote. scikit-learn 0.19's {@code cross_val_score} of a classifier uses 3 unshuffled
 * stratified folds, which is what {@link #crossValScore} does.
 */
public final class RandomForestBaseline implements Example {
  /** scikit-learn 0.19's default forest size. */
  static final int TREES = 10;

  private static final String[] FEATURES = BanknoteData.FEATURES;

  /**
   * Tribuo logs every tree it builds at INFO; the book's output has none of that. Held in a field
   * because java.util.logging keeps loggers weakly, which would drop the level.
   */
  private static final java.util.logging.Logger TRIBUO_LOG = quiet();

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.tribuo");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  /** The three cross-validation scores, their fold sizes and the held-out test accuracy. */
  public record Result(double[] cvScores, int[] foldSizes, double testScore) {}

  @Override
  public String name() {
    return "random-forest";
  }

  @Override
  public String description() {
    return "ch.5 banknotes: a random-forest baseline (Tribuo), 3-fold cross-validation and test";
  }

  @Override
  public void run(String[] args) {
    Result r = run(Book.dataDir(args), TREES, 0);
    StringBuilder s = new StringBuilder("array([");
    for (int k = 0; k < r.cvScores().length; k++) {
      s.append(k == 0 ? "" : ", ").append(Book.fmt("%.8f", r.cvScores()[k]));
    }
    System.out.println("cross_val_score: " + s.append("])"));
    System.out.println("model.score on the test set: " + r.testScore());
  }

  /** Cross-validates on all the banknotes, then fits on the train split and scores the test. */
  public static Result run(Path data, int trees, long seed) {
    BanknoteData d = BanknoteData.load(data);
    double[][] x = d.df().toDoubleMatrix(FEATURES);
    int[] y = d.df().toIntLabels("class");
    List<Split> folds = new StratifiedKFold(3, false, null).split(y);
    double[] scores = crossValScore(x, y, folds, trees, seed);
    int[] sizes = folds.stream().mapToInt(f -> f.test().length).toArray();
    Model<Label> forest = fit(d.xTrain(), d.yTrain(), trees, seed);
    return new Result(scores, sizes, score(forest, d.xTest(), d.yTest()));
  }

  /** The accuracy of a fresh forest on each fold, trained on the other folds. */
  public static double[] crossValScore(
      double[][] x, int[] y, List<Split> folds, int trees, long seed) {
    double[] scores = new double[folds.size()];
    for (int k = 0; k < scores.length; k++) {
      Split f = folds.get(k);
      Model<Label> forest = fit(Split.take(x, f.train()), Split.take(y, f.train()), trees, seed);
      scores[k] = score(forest, Split.take(x, f.test()), Split.take(y, f.test()));
    }
    return scores;
  }

  /** Trains a forest of {@code trees} CART trees on {@code (x, y)}. */
  public static Model<Label> fit(double[][] x, int[] y, int trees, long seed) {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> train =
        new MutableDataset<>(new SimpleDataSourceProvenance("banknotes", labels), labels);
    for (int i = 0; i < x.length; i++) {
      train.add(example(x[i], y[i]));
    }
    // Depth unlimited and no minimum impurity decrease, as scikit-learn's trees grow; each split
    // looks at a random half of the features.
    CARTClassificationTrainer tree = new CARTClassificationTrainer(Integer.MAX_VALUE, 0.5f, seed);
    return new RandomForestTrainer<>(tree, new VotingCombiner(), trees, seed).train(train);
  }

  /** The share of rows whose predicted label is the true one (scikit-learn's {@code score}). */
  public static double score(Model<Label> forest, double[][] x, int[] y) {
    // Tribuo's own Example type; this class's Example is the launcher's.
    List<org.tribuo.Example<Label>> rows = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      rows.add(example(x[i], y[i]));
    }
    int right = 0;
    var predictions = forest.predict(rows);
    for (int i = 0; i < y.length; i++) {
      if (predictions.get(i).getOutput().getLabel().equals(String.valueOf(y[i]))) {
        right++;
      }
    }
    return (double) right / y.length;
  }

  private static ArrayExample<Label> example(double[] row, int label) {
    return new ArrayExample<>(new Label(String.valueOf(label)), FEATURES, row);
  }
}
