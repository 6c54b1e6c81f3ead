package dev.myelin.internal;

import dev.myelin.Tensor;

/**
 * The backward rule of one recorded operation: given the gradient of the output, returns one
 * gradient per input (null where an input needs none).
 */
@FunctionalInterface
public interface BackwardFn {
  /**
   * Computes input gradients.
   *
   * @param gy gradient of the op's output
   * @param in the op's inputs, kept alive by the tape
   * @param out the op's output, kept alive by the tape
   * @param needs which inputs need a gradient
   */
  Tensor[] apply(Tensor gy, Tensor[] in, Tensor out, boolean[] needs);
}
