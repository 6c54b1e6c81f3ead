package dev.myelin.data.wrappers;

import dev.myelin.data.internal.Checks;
import dev.myelin.data.modelselection.Classifier;
import dev.myelin.models.Model;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Myelin model as a scikit-learn classifier, as Keras 2's {@code
 * keras.wrappers.scikit_learn.KerasClassifier}: every {@code fit} calls the build function for a
 * fresh compiled model, maps the labels to their positions among the sorted classes (one-hot when
 * the loss is {@code categorical_crossentropy}) and trains; {@code predict} gives the class of the
 * arg-max (or of {@code p > 0.5} for one sigmoid output); {@code score} is the model's accuracy
 * from {@code evaluate}.
 *
 * <pre>{@code
 * double[] scores = CrossValScore.crossValScore(
 *     () -> new KerasClassifier(Chapter3::buildLogisticRegr).epochs(25).verbose(0),
 *     x, y, new KFold(3, true, null), null);
 * }</pre>
 */
public final class KerasClassifier extends KerasWrapper<KerasClassifier> implements Classifier {
  private double[] classes;

  /**
   * Wraps a build function.
   *
   * @param buildFn returns a new compiled model on every call ({@code build_fn})
   */
  public KerasClassifier(Supplier<? extends Model> buildFn) {
    super(buildFn);
  }

  @Override
  public void fit(double[][] x, double[] y) {
    Checks.check(y != null, "y", "an array of class labels", "null");
    Checks.sameLength("x", x == null ? 0 : x.length, "y", y.length);
    double[] found = Arrays.stream(y).distinct().sorted().toArray();
    for (double c : found) {
      Checks.check(!Double.isNaN(c), "y", "class labels", "NaN");
    }
    Model m = build();
    classes = found;
    int[] width = new int[1];
    float[] targets = targets(m, y, width);
    train(m, x, targets, width[0]);
  }

  /**
   * Class positions, one-hot for a categorical cross-entropy loss; {@code width[0]} gets the width.
   */
  private float[] targets(Model m, double[] y, int[] width) {
    int[] idx = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      idx[i] = Arrays.binarySearch(classes, y[i]);
      if (idx[i] < 0) {
        throw new IllegalArgumentException(
            "y["
                + i
                + "]: expected one of the fitted classes "
                + Arrays.toString(classes)
                + ", got "
                + y[i]);
      }
    }
    boolean oneHot = "categorical_crossentropy".equals(m.loss().name());
    width[0] = oneHot ? classes.length : 1;
    float[] out = new float[y.length * width[0]];
    for (int i = 0; i < y.length; i++) {
      if (oneHot) {
        out[i * width[0] + idx[i]] = 1f;
      } else {
        out[i] = idx[i];
      }
    }
    return out;
  }

  @Override
  public double[] classes() {
    Checks.check(
        classes != null, "classes", "a fitted classifier (call fit first)", "an unfitted one");
    return classes.clone();
  }

  /** Class probabilities; one sigmoid output {@code p} becomes the two columns {@code 1 - p, p}. */
  @Override
  public double[][] predictProba(double[][] x) {
    double[][] out = outputs(x);
    if (out.length > 0 && out[0].length == 1) {
      for (int i = 0; i < out.length; i++) {
        double p = out[i][0];
        out[i] = new double[] {1 - p, p};
      }
    }
    return out;
  }

  @Override
  public double[] predict(double[][] x) {
    double[][] out = outputs(x);
    double[] known = classes();
    double[] pred = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      if (out[i].length == 1) {
        best = out[i][0] > 0.5 ? 1 : 0;
      } else {
        for (int j = 1; j < out[i].length; j++) {
          if (out[i][j] > out[i][best]) {
            best = j;
          }
        }
      }
      Checks.check(
          best < known.length,
          "model output",
          "at most " + known.length + " classes (those seen by fit)",
          "class position " + best);
      pred[i] = known[best];
    }
    return pred;
  }

  /**
   * The accuracy {@code evaluate} reports for {@code (x, y)}; the model must be compiled with the
   * {@code accuracy} metric, as Keras requires.
   */
  @Override
  public double score(double[][] x, double[] y) {
    Checks.check(y != null, "y", "an array of class labels", "null");
    Checks.sameLength("x", x == null ? 0 : x.length, "y", y.length);
    Model m = model();
    int[] width = new int[1];
    float[] targets = targets(m, y, width);
    double[] values = evaluate(x, targets, width[0]);
    List<String> names = m.metricsNames();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals("accuracy") || names.get(i).equals("acc")) {
        return values[i];
      }
    }
    throw new IllegalStateException(
        "KerasClassifier.score: the model is not configured to compute accuracy (metrics "
            + names
            + "); compile it with the \"accuracy\" metric");
  }
}
