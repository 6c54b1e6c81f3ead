package dev.myelin.models;

/**
 * The optional arguments of {@link Model#predict} and {@link Model#predictAll}, with Keras's
 * default batch size of 32, every batch ({@code steps} unset) and no progress bar (verbose 0: Keras
 * shows one by default, Myelin's {@code predict} stays silent as it always was). The same builder
 * style as {@link FitOptions} and {@link EvaluateOptions}.
 *
 * <pre>{@code
 * Tensor p = model.predict(x, new PredictOptions().batchSize(256));
 * Tensor q = model.predict(testIterator, new PredictOptions().steps(10).verbose(1));
 * }</pre>
 */
public final class PredictOptions {
  int batchSize = 32;
  int steps = -1;
  int verbose = 0;

  /** Options with Keras's defaults. */
  public PredictOptions() {}

  /** Samples per prediction batch (default 32). */
  public PredictOptions batchSize(int n) {
    this.batchSize = Options.positive("PredictOptions", "batchSize", n);
    return this;
  }

  /**
   * Predicts only the first {@code n} batches (Keras's {@code steps}); by default every batch. For
   * a {@link Dataset}, {@code n} may not exceed its {@link Dataset#steps()}.
   */
  public PredictOptions steps(int n) {
    this.steps = Options.positive("PredictOptions", "steps", n);
    return this;
  }

  /** 0 = silent (default), 1 = progress bar, 2 = one line at the end. */
  public PredictOptions verbose(int v) {
    this.verbose = Options.verbosity("PredictOptions", v);
    return this;
  }
}
