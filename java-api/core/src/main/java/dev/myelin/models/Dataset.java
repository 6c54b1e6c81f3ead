package dev.myelin.models;

/**
 * A source of batches that {@code fit}, {@code evaluate} and {@code predict} consume: tensors held
 * in memory ({@link TensorDataset}) or any later pipeline (generators, files). Batches are produced
 * on demand, so a pipeline never materialises the whole epoch.
 *
 * <pre>{@code
 * Dataset data = new TensorDataset(x, y).batchSize(32).shuffle(true);
 * model.fit(data, new FitOptions().epochs(5));
 * }</pre>
 */
public interface Dataset {
  /** The number of batches in one epoch. */
  int steps();

  /** The number of samples in one epoch, or -1 when unknown (progress then counts steps). */
  long samples();

  /**
   * Batch {@code step} (0-based) of the current epoch; its tensors belong to the caller's current
   * {@code TensorScope}.
   */
  Batch batch(int step);

  /** Called before each epoch (a shuffling dataset draws its new order here). */
  default void onEpochBegin(int epoch) {}
}
