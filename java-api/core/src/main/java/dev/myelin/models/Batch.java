package dev.myelin.models;

import dev.myelin.Tensor;

/**
 * One batch of training or evaluation data: one tensor per model input, one per output (may be null
 * for prediction), and optional per-sample weights of shape {@code (batch,)}.
 *
 * @param x the inputs, one per model input
 * @param y the targets, one per model output, or null
 * @param sampleWeight per-sample loss weights, or null
 */
public record Batch(Tensor[] x, Tensor[] y, Tensor sampleWeight) {
  /** The number of samples in the batch. */
  public long size() {
    return x[0].dim(0);
  }
}
