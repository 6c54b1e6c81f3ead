package dev.myelin.data.wrappers;

import dev.myelin.Tensor;
import dev.myelin.callbacks.History;
import dev.myelin.data.internal.Checks;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.PredictOptions;
import java.util.function.Supplier;

/**
 * What Keras's scikit-learn wrappers share: a build function called anew by every {@code fit}, the
 * fit options the book passes ({@code epochs}, {@code batch_size}, {@code verbose}), and the
 * conversions of Java rows to float32 tensors.
 *
 * @param <W> the concrete wrapper, for chaining setters
 */
abstract class KerasWrapper<W extends KerasWrapper<W>> {
  private final Supplier<? extends Model> buildFn;
  private int epochs = 1;
  private int batchSize = 32;
  private int verbose = 1;
  private Model model;
  private History history;

  KerasWrapper(Supplier<? extends Model> buildFn) {
    Checks.check(buildFn != null, "buildFn", "a function building a compiled model", "null");
    this.buildFn = buildFn;
  }

  @SuppressWarnings("unchecked")
  private W self() {
    return (W) this;
  }

  /**
   * Sets the number of epochs each {@code fit} trains (Keras's default 1).
   *
   * @param n at least 1
   * @return this wrapper
   */
  public W epochs(int n) {
    Checks.check(n >= 1, "epochs", "at least 1", n);
    epochs = n;
    return self();
  }

  /**
   * Sets the batch size for fit, predict and score (Keras's default 32).
   *
   * @param n at least 1
   * @return this wrapper
   */
  public W batchSize(int n) {
    Checks.check(n >= 1, "batchSize", "at least 1", n);
    batchSize = n;
    return self();
  }

  /**
   * Sets fit's verbosity: 0 silent, 1 progress bar (the default), 2 one line per epoch.
   *
   * @param v 0, 1 or 2
   * @return this wrapper
   */
  public W verbose(int v) {
    Checks.check(v >= 0 && v <= 2, "verbose", "0, 1 or 2", v);
    verbose = v;
    return self();
  }

  /** The number of epochs. */
  public int epochs() {
    return epochs;
  }

  /** The batch size. */
  public int batchSize() {
    return batchSize;
  }

  /** The model built and trained by the last {@code fit} ({@code model} of the wrapper). */
  public Model model() {
    Checks.check(model != null, "model", "a fitted wrapper (call fit first)", "an unfitted one");
    return model;
  }

  /** The training history of the last {@code fit}. */
  public History history() {
    Checks.check(
        history != null, "history", "a fitted wrapper (call fit first)", "an unfitted one");
    return history;
  }

  /** Calls the build function for a new compiled model. */
  Model build() {
    Model m = buildFn.get();
    Checks.check(m != null, "buildFn", "a compiled model", "null");
    Checks.check(m.loss() != null, "buildFn", "a compiled model", "a model without compile()");
    return m;
  }

  /** Trains the new model {@code m} on {@code x} and the prepared targets. */
  void train(Model m, double[][] x, float[] targets, int width) {
    try (Tensor tx = rows(x);
        Tensor ty = Tensor.fromArray(targets, x.length, width)) {
      history =
          m.fit(tx, ty, new FitOptions().epochs(epochs).batchSize(batchSize).verbose(verbose));
    }
    model = m;
  }

  /** The model's outputs for {@code x} as rows. */
  double[][] outputs(double[][] x) {
    try (Tensor tx = rows(x);
        Tensor out = model().predict(tx, new PredictOptions().batchSize(batchSize))) {
      long[] shape = out.shape();
      int n = x.length;
      int k = shape.length == 1 ? 1 : (int) (out.numel() / Math.max(1, n));
      float[] flat = out.toFloatArray();
      double[][] r = new double[n][k];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < k; j++) {
          r[i][j] = flat[i * k + j];
        }
      }
      return r;
    }
  }

  /** {@code model.evaluate(x, y)} over the prepared targets, in metricsNames order. */
  double[] evaluate(double[][] x, float[] targets, int width) {
    try (Tensor tx = rows(x);
        Tensor ty = Tensor.fromArray(targets, x.length, width)) {
      return model().evaluate(tx, ty, new EvaluateOptions().batchSize(batchSize).verbose(0));
    }
  }

  /** Rows of features as a float32 {@code (n, d)} tensor. */
  static Tensor rows(double[][] x) {
    Checks.check(x != null && x.length > 0, "x", "at least one row", x == null ? "null" : "0 rows");
    int d = x[0].length;
    float[] flat = new float[x.length * d];
    for (int i = 0; i < x.length; i++) {
      Checks.check(
          x[i] != null && x[i].length == d,
          "x[" + i + "]",
          "a row of length " + d,
          x[i] == null ? "null" : x[i].length);
      for (int j = 0; j < d; j++) {
        flat[i * d + j] = (float) x[i][j];
      }
    }
    return Tensor.fromArray(flat, x.length, d);
  }
}
