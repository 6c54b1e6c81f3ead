package dev.myelin.models;

/**
 * The optional arguments of {@link Model#evaluate}, with Keras's defaults: batch size 32, verbose 1
 * (a progress bar). The same builder style as {@link FitOptions} and {@link PredictOptions}.
 *
 * <pre>{@code
 * double[] lossAndAcc = model.evaluate(x, y, new EvaluateOptions().batchSize(128).verbose(0));
 * }</pre>
 */
public final class EvaluateOptions {
  int batchSize = 32;
  int verbose = 1;

  /** Options with Keras's defaults. */
  public EvaluateOptions() {}

  /** Samples per evaluation batch (default 32; a {@link Dataset} keeps its own). */
  public EvaluateOptions batchSize(int n) {
    this.batchSize = Options.positive("EvaluateOptions", "batchSize", n);
    return this;
  }

  /** 0 = silent, 1 = progress bar, 2 = one line at the end (default 1). */
  public EvaluateOptions verbose(int v) {
    this.verbose = Options.verbosity("EvaluateOptions", v);
    return this;
  }
}
