package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import java.util.Arrays;
import java.util.List;

/** {@link Model#warmUp}: traces and replays the forward pass on zeros of the model's inputs. */
final class WarmUp {
  /** Replays per batch size: enough for the JIT to compile the per-request path. */
  private static final int CALLS = 1000;

  /** Caps the warm-up's work on large batches (rows replayed per batch size). */
  private static final long ROWS = 32_768;

  private WarmUp() {}

  static void run(Model m, int[] batchSizes) {
    for (int b : batchSizes) {
      if (b < 1) {
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + ".warmUp: argument 'batchSizes' expected sizes >= 1 but was "
                + b);
      }
    }
    List<KerasTensor> inputs;
    try {
      inputs = m.inputs();
    } catch (RuntimeException e) {
      inputs = null;
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalStateException(
          "Model "
              + m.name()
              + ".warmUp: the model has no input shape yet: give the first layer an inputShape or"
              + " call build(shape)");
    }
    for (int b : batchSizes) {
      try (TensorScope scope = new TensorScope()) {
        Tensor[] xs = new Tensor[inputs.size()];
        for (int i = 0; i < xs.length; i++) {
          long[] s = inputs.get(i).shape();
          s[0] = b;
          for (int d = 1; d < s.length; d++) {
            if (s[d] < 0) {
              throw new IllegalStateException(
                  "Model "
                      + m.name()
                      + ".warmUp: input "
                      + i
                      + " has an unknown dimension "
                      + d
                      + " (shape "
                      + Arrays.toString(inputs.get(i).shape())
                      + "): call predict on a representative batch instead");
            }
          }
          // Plans are recorded per input dtype: an integer input (Embedding ids) warms up on ints.
          xs[i] =
              Tensor.zeros(
                  inputs.get(i).layer() instanceof InputLayer in ? in.dtype() : DType.FLOAT32, s);
        }
        PredictOptions o = new PredictOptions().batchSize(b);
        long calls = Math.max(2, Math.min(CALLS, ROWS / b));
        for (long c = 0; c < calls; c++) {
          try (TensorScope call = new TensorScope()) {
            m.predictAll(xs, o);
          }
        }
      }
    }
  }
}
