package dev.myelin.models;

import dev.myelin.Tensor;

/**
 * Anything that can hand a model its data as one tensor, as Keras accepts any array-like: the data
 * toolkit's {@code DataFrame} (all its columns, float32) and {@code Series} implement it, so {@code
 * model.fit(frame, series, options)} works without a conversion call.
 */
public interface ArrayLike {
  /** The values as a new tensor: rows are samples. */
  Tensor toTensor();
}
