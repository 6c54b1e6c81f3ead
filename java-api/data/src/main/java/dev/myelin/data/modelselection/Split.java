package dev.myelin.data.modelselection;

/**
 * One train/test partition of sample indices.
 *
 * @param train indices of the training samples
 * @param test indices of the test samples
 */
public record Split(int[] train, int[] test) {

  /** The rows of {@code x} at {@code indices}, in that order. */
  public static double[][] take(double[][] x, int[] indices) {
    double[][] out = new double[indices.length][];
    for (int i = 0; i < indices.length; i++) {
      out[i] = x[indices[i]].clone();
    }
    return out;
  }

  /** The entries of {@code y} at {@code indices}, in that order. */
  public static int[] take(int[] y, int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = y[indices[i]];
    }
    return out;
  }

  /** The entries of {@code y} at {@code indices}, in that order. */
  public static double[] take(double[] y, int[] indices) {
    double[] out = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = y[indices[i]];
    }
    return out;
  }
}
