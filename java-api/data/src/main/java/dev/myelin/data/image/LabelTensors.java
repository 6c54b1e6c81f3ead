package dev.myelin.data.image;

import dev.myelin.Tensor;

/** The label tensors of a batch, shared by the folder iterators. */
final class LabelTensors {
  private LabelTensors() {}

  /** The int32 labels {@code (batch,)} of the samples at {@code indices}. */
  static Tensor sparse(int[] labels, int[] indices) {
    int[] y = new int[indices.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[indices[i]];
    }
    return Tensor.fromArray(y, y.length);
  }

  /**
   * The float32 labels of the samples at {@code indices}, shaped {@code (batch,)} or {@code (batch,
   * 1)}.
   */
  static Tensor binary(int[] labels, int[] indices, boolean column) {
    float[] y = new float[indices.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[indices[i]];
    }
    return column ? Tensor.fromArray(y, y.length, 1) : Tensor.fromArray(y, y.length);
  }

  /** The one-hot float32 labels {@code (batch, classes)} of the samples at {@code indices}. */
  static Tensor oneHot(int[] labels, int[] indices, int classes) {
    float[] y = new float[indices.length * classes];
    for (int i = 0; i < indices.length; i++) {
      y[i * classes + labels[indices[i]]] = 1;
    }
    return Tensor.fromArray(y, indices.length, classes);
  }
}
