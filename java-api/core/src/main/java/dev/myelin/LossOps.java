package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.gradients;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;

/**
 * Tensor's fused loss and metric kernels: binary and categorical cross-entropy, binary accuracy.
 */
final class LossOps {
  private LossOps() {}

  static Tensor binaryCrossentropy(
      Tensor target, Tensor output, double epsilon, boolean fromLogits) {
    String op = "binaryCrossentropy";
    long hz = arg(target, op, "target");
    long hp = arg(output, op, "output");
    int logits = fromLogits ? 1 : 0;
    Tensor out =
        make(
            Reachable.after(
                NativeCore.mln_binary_crossentropy(hz, hp, epsilon, logits), target, output),
            op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            long[] gz = needs[0] ? new long[1] : null;
            long[] gp = needs[1] ? new long[1] : null;
            return gradients(
                Reachable.after(
                    NativeCore.mln_binary_crossentropy_backward(
                        in[0].h(op), in[1].h(op), gy.h(op), epsilon, logits, gz, gp),
                    in,
                    gy),
                gz,
                gp,
                op);
          },
          out,
          target,
          output);
    }
    return out;
  }

  static Tensor categoricalCrossentropy(
      Tensor target, Tensor output, double epsilon, boolean fromLogits) {
    return crossentropyOp(
        "categoricalCrossentropy",
        target,
        output,
        epsilon,
        fromLogits ? NativeCore.MLN_CCE_LOGITS : NativeCore.MLN_CCE_PROBS);
  }

  static Tensor softmaxCategoricalCrossentropy(Tensor target, Tensor logits, double epsilon) {
    return crossentropyOp(
        "softmaxCategoricalCrossentropy", target, logits, epsilon, NativeCore.MLN_CCE_SOFTMAX);
  }

  private static Tensor crossentropyOp(
      String op, Tensor target, Tensor output, double epsilon, int mode) {
    long ht = arg(target, op, "target");
    long hx = arg(output, op, "output");
    Tensor out =
        make(
            Reachable.after(
                NativeCore.mln_categorical_crossentropy(ht, hx, epsilon, mode), target, output),
            op);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) -> {
            long[] gt = needs[0] ? new long[1] : null;
            long[] gx = needs[1] ? new long[1] : null;
            return gradients(
                Reachable.after(
                    NativeCore.mln_categorical_crossentropy_backward(
                        in[0].h(op), in[1].h(op), gy.h(op), epsilon, mode, gt, gx),
                    in,
                    gy),
                gt,
                gx,
                op);
          },
          out,
          target,
          output);
    }
    return out;
  }

  static Tensor binaryAccuracy(Tensor target, Tensor output, double threshold) {
    String op = "binaryAccuracy";
    long ht = arg(target, op, "target");
    long hp = arg(output, op, "output");
    return make(
        Reachable.after(NativeCore.mln_binary_accuracy(ht, hp, threshold), target, output), op);
  }
}
