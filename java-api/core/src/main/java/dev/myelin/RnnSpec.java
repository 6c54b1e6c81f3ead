package dev.myelin;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;

/**
 * What a native recurrent call computes: the cell (SimpleRNN, LSTM or GRU), its two activations,
 * the hard-sigmoid slope (Keras 3: 1/6, Keras 2: 0.2), and the go-backwards and GRU reset-after
 * switches. Layers build one per call; {@link Tensor#recurrent} runs it.
 *
 * @param cell {@code NativeCore.MLN_RNN_SIMPLE}, {@code MLN_RNN_LSTM} or {@code MLN_RNN_GRU}
 * @param activation the native code of the output activation ({@link #activationCode})
 * @param recurrentActivation the native code of the gate activation (LSTM and GRU)
 * @param hardSigmoidSlope the slope of {@code hard_sigmoid} where one of the two is it
 * @param goBackwards read the sequence from its last step (Keras's {@code go_backwards})
 * @param resetAfter GRU only: the reset gate multiplies after the recurrent matmul
 */
public record RnnSpec(
    int cell,
    int activation,
    int recurrentActivation,
    double hardSigmoidSlope,
    boolean goBackwards,
    boolean resetAfter) {

  /**
   * The native code of a Keras activation name the recurrent kernels run natively, or -1 for any
   * other (then the layer cannot run natively).
   */
  public static int activationCode(String name) {
    if (name == null) {
      return NativeCore.MLN_RNN_ACT_LINEAR;
    }
    switch (name) {
      case "linear":
        return NativeCore.MLN_RNN_ACT_LINEAR;
      case "tanh":
        return NativeCore.MLN_RNN_ACT_TANH;
      case "sigmoid":
        return NativeCore.MLN_RNN_ACT_SIGMOID;
      case "hard_sigmoid":
        return NativeCore.MLN_RNN_ACT_HARD_SIGMOID;
      case "relu":
        return NativeCore.MLN_RNN_ACT_RELU;
      default:
        return -1;
    }
  }

  /** Checks the codes, naming the argument that is out of range. */
  public RnnSpec {
    if (cell < NativeCore.MLN_RNN_SIMPLE || cell > NativeCore.MLN_RNN_GRU) {
      throw Errors.arg("recurrent", "cell", "0 (SimpleRNN), 1 (LSTM) or 2 (GRU)", cell);
    }
    if (activation < 0 || activation > NativeCore.MLN_RNN_ACT_RELU) {
      throw Errors.arg("recurrent", "activation", "a native activation code 0..4", activation);
    }
    if (recurrentActivation < 0 || recurrentActivation > NativeCore.MLN_RNN_ACT_RELU) {
      throw Errors.arg(
          "recurrent", "recurrentActivation", "a native activation code 0..4", recurrentActivation);
    }
  }

  /** The native flags word. */
  int flags() {
    return (goBackwards ? NativeCore.MLN_RNN_GO_BACKWARDS : 0)
        | (resetAfter ? NativeCore.MLN_RNN_RESET_AFTER : 0);
  }
}
