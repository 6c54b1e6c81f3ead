package dev.myelin.serving;

import java.util.Arrays;

/**
 * TF-Serving's Classify and Regress over a Keras model (REST {@code :classify}/{@code :regress} and
 * the gRPC RPCs): both read the model's first output; classify answers one (label, score) per
 * class, labels being class indices (one sigmoid unit gives classes "0" and "1"); regress needs an
 * output of one unit and answers its value.
 */
public final class Classification {
  private Classification() {}

  /** Checks that the model's first output suits {@code verb} ("classify" or "regress"). */
  public static void check(String verb, ModelMetadata meta) {
    long[] outShape = meta.outputs().get(0).shape();
    if (outShape.length != 2) {
      throw new ServingException(
          ServingException.Code.FAILED_PRECONDITION,
          verb
              + " needs a model whose first output has shape (None, k) but was "
              + Arrays.toString(outShape));
    }
    if (verb.equals("regress") && outShape[1] != 1) {
      throw new ServingException(
          ServingException.Code.FAILED_PRECONDITION,
          "regress needs a model whose first output has shape (None, 1) but was "
              + Arrays.toString(outShape)
              + "; use :classify or :predict");
    }
  }

  /** The number of classes of output {@code y}: its units, or 2 for one sigmoid unit. */
  public static int classes(InferTensor y) {
    int k = (int) y.shape()[1];
    return k == 1 ? 2 : k;
  }

  /** The score of class {@code c} of example {@code row}. */
  public static float score(InferTensor y, int row, int c) {
    int k = (int) y.shape()[1];
    if (k == 1) {
      float p = y.data()[row];
      return c == 1 ? p : 1 - p;
    }
    return y.data()[row * k + c];
  }
}
