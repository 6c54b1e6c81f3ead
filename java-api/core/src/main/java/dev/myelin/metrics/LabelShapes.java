package dev.myelin.metrics;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.util.Arrays;

/** Shape checks shared by the metrics: Keras's squeeze-or-expand of a trailing axis of size 1. */
final class LabelShapes {
  private LabelShapes() {}

  /**
   * {@code yTrue} cast to {@code yPred}'s float dtype and brought to its rank; throws naming {@code
   * owner} and both shapes when they still differ.
   */
  static Tensor[] align(String owner, Tensor yTrue, Tensor yPred) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          owner
              + ": arguments 'yTrue' and 'yPred' expected tensors but "
              + (yTrue == null ? "yTrue" : "yPred")
              + " was null");
    }
    Tensor p = yPred.dtype().isFloating() ? yPred : yPred.cast(DType.FLOAT32);
    Tensor t = yTrue.dtype() == p.dtype() ? yTrue : yTrue.cast(p.dtype());
    if (t.rank() == p.rank() - 1 && p.rank() > 0 && p.dim(-1) == 1) {
      t = t.expandDims(-1);
    } else if (t.rank() == p.rank() + 1 && t.rank() > 0 && t.dim(-1) == 1) {
      t = t.squeeze(-1);
    }
    if (!Arrays.equals(t.shape(), p.shape())) {
      throw new IllegalArgumentException(
          owner
              + ": y_true shape "
              + Arrays.toString(yTrue.shape())
              + " does not match y_pred shape "
              + Arrays.toString(yPred.shape()));
    }
    return new Tensor[] {t, p};
  }

  /** Sample weights broadcast to {@code shape} in {@code dtype}, or ones when null. */
  static Tensor weights(String owner, Tensor sampleWeight, long[] shape, DType dtype) {
    if (sampleWeight == null) {
      return Tensor.ones(dtype, shape);
    }
    Tensor w = sampleWeight.dtype() == dtype ? sampleWeight : sampleWeight.cast(dtype);
    if (w.rank() > shape.length || (w.rank() > 0 && w.dim(0) != shape[0] && w.numel() != 1)) {
      throw new IllegalArgumentException(
          owner
              + ": argument 'sampleWeight' of shape "
              + Arrays.toString(sampleWeight.shape())
              + " does not broadcast to shape "
              + Arrays.toString(shape));
    }
    while (w.rank() < shape.length) {
      w = w.expandDims(-1);
    }
    return w.broadcastTo(shape);
  }
}
