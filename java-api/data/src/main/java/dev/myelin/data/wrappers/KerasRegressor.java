package dev.myelin.data.wrappers;

import dev.myelin.data.internal.Checks;
import dev.myelin.data.modelselection.Estimator;
import dev.myelin.models.Model;
import java.util.function.Supplier;

/**
 * A Myelin model with one output as a scikit-learn regressor, as Keras 2's {@code
 * keras.wrappers.scikit_learn.KerasRegressor}: every {@code fit} builds a fresh model and trains it
 * on the targets; {@code predict} gives the output per row; {@code score} is minus the loss from
 * {@code evaluate} (higher is better).
 */
public final class KerasRegressor extends KerasWrapper<KerasRegressor> implements Estimator {
  /**
   * Wraps a build function.
   *
   * @param buildFn returns a new compiled model on every call ({@code build_fn})
   */
  public KerasRegressor(Supplier<? extends Model> buildFn) {
    super(buildFn);
  }

  private static float[] targets(double[][] x, double[] y) {
    Checks.check(y != null, "y", "an array of targets", "null");
    Checks.sameLength("x", x == null ? 0 : x.length, "y", y.length);
    float[] t = new float[y.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = (float) y[i];
    }
    return t;
  }

  @Override
  public void fit(double[][] x, double[] y) {
    float[] t = targets(x, y);
    train(build(), x, t, 1);
  }

  @Override
  public double[] predict(double[][] x) {
    double[][] out = outputs(x);
    double[] pred = new double[out.length];
    for (int i = 0; i < out.length; i++) {
      Checks.check(
          out[i].length == 1, "model output", "one value per row", out[i].length + " values");
      pred[i] = out[i][0];
    }
    return pred;
  }

  @Override
  public double score(double[][] x, double[] y) {
    return -evaluate(x, targets(x, y), 1)[0];
  }
}
