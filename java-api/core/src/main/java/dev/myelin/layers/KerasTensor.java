package dev.myelin.layers;

import java.util.Arrays;

/**
 * A symbolic tensor of the functional API: a shape ({@code -1} for the unknown batch size, printed
 * {@code None}) and the layer call that produces it. Calling a layer on one records the call and
 * returns the output's symbolic tensor; {@code new Model(inputs, outputs)} then runs that graph.
 *
 * <pre>{@code
 * KerasTensor x = Input.of(3);
 * KerasTensor y = new Dense(1).activation("sigmoid").apply(x);
 * }</pre>
 */
public final class KerasTensor {
  private final long[] shape;
  private final Node node;
  private final int index;

  KerasTensor(long[] shape, Node node, int index) {
    this.shape = shape.clone();
    this.node = node;
    this.index = index;
  }

  /** The shape, batch axis first; {@code -1} marks an unknown size. */
  public long[] shape() {
    return shape.clone();
  }

  /** The rank (number of axes, batch included). */
  public int rank() {
    return shape.length;
  }

  /** The layer call that produces this tensor. */
  public Node node() {
    return node;
  }

  /**
   * This tensor's position among its node's outputs (Keras's {@code tensor_index} in {@code
   * keras_history}): 0 unless the layer returns several tensors.
   */
  public int index() {
    return index;
  }

  /** The layer that produces this tensor. */
  public Layer layer() {
    return node.layer();
  }

  /** Formats a shape as Keras prints it: {@code (None, 4)}. */
  public static String formatShape(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(shape[i] < 0 ? "None" : Long.toString(shape[i]));
    }
    if (shape.length == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  /** Returns e.g. {@code <KerasTensor shape=(None, 3), dtype=float32, name=input_layer>}. */
  @Override
  public String toString() {
    return "<KerasTensor shape="
        + formatShape(shape)
        + ", dtype=float32, name="
        + node.layer().name()
        + ">";
  }

  /** Whether the two shapes agree on every axis whose size both know. */
  static boolean compatible(long[] a, long[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  static String shapes(long[][] s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(formatShape(s[i]));
    }
    return s.length == 1 ? sb.toString() : "[" + sb + "]";
  }

  static long[][] shapesOf(KerasTensor[] ts) {
    long[][] r = new long[ts.length][];
    for (int i = 0; i < ts.length; i++) {
      r[i] = ts[i].shape;
    }
    return r;
  }

  static String debug(long[] s) {
    return Arrays.toString(s);
  }
}
