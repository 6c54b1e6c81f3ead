package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.layers.Masks;

/**
 * The sample weights of a masked output (Keras's {@code losses.loss.apply_mask}): a model output
 * carrying a mask ({@link Masks}, e.g. the sequence of an LSTM with {@code return_sequences} after
 * {@code Embedding(maskZero(true))}) weights its loss and metric values per time step, so masked
 * steps count for nothing.
 */
final class MaskWeights {
  private MaskWeights() {}

  /**
   * The loss's weights: {@code mask * total / valid} (Keras's {@code sum_over_batch_size} reduction
   * then averages over the valid steps only), times {@code sampleWeight} per sample; flattened to
   * one weight per loss value. {@code sampleWeight} itself when {@code out} has no mask.
   */
  static Tensor loss(Tensor sampleWeight, Tensor out) {
    Tensor mask = Masks.of(out);
    if (mask == null) {
      return sampleWeight;
    }
    Tensor m = Masks.asFloat(mask, out.dtype());
    // valid counts whole steps, so max(valid, 1) only changes an all-masked batch (weights 0, as
    // Keras's divide_no_nan gives)
    Tensor w = m.mul((double) m.numel()).div(m.sum().maximum(1.0));
    return withSampleWeight(w, sampleWeight).reshape(w.numel());
  }

  /**
   * The metrics' weights: the mask as 0/1 (Keras's reduction "sum"), times {@code sampleWeight}.
   */
  static Tensor metric(Tensor sampleWeight, Tensor out) {
    Tensor mask = Masks.of(out);
    if (mask == null) {
      return sampleWeight;
    }
    return withSampleWeight(Masks.asFloat(mask, out.dtype()), sampleWeight);
  }

  private static Tensor withSampleWeight(Tensor w, Tensor sampleWeight) {
    if (sampleWeight == null) {
      return w;
    }
    if (sampleWeight.numel() != w.dim(0)) {
      throw new IllegalArgumentException(
          "fit: argument 'sampleWeight' expected one weight per sample ("
              + w.dim(0)
              + ") for an output with a mask but had "
              + sampleWeight.numel());
    }
    Tensor s = sampleWeight.dtype() == w.dtype() ? sampleWeight : sampleWeight.cast(w.dtype());
    return w.mul(s.reshape(w.dim(0), 1));
  }
}
