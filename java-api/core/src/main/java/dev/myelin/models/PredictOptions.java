package dev.myelin.models;

/**
 * The optional arguments of {@link Model#predict} and {@link Model#predictAll}, with Keras's
 * default batch size of 32. The same builder style as {@link FitOptions} and {@link
 * EvaluateOptions}.
 *
 * <pre>{@code
 * Tensor p = model.predict(x, new PredictOptions().batchSize(256));
 * }</pre>
 */
public final class PredictOptions {
  int batchSize = 32;

  /** Options with Keras's defaults. */
  public PredictOptions() {}

  /** Samples per prediction batch (default 32). */
  public PredictOptions batchSize(int n) {
    this.batchSize = Options.positive("PredictOptions", "batchSize", n);
    return this;
  }
}
