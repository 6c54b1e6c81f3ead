package dev.myelin;

import static dev.myelin.Tensor.arg;
import static dev.myelin.Tensor.make;
import static dev.myelin.Tensor.record;

import dev.myelin.internal.BackwardFn;
import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Recorder;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensor's sequence-layer ops: the embedding lookup, and a whole sequence through a SimpleRNN, LSTM
 * or GRU cell in one native call (mln_rnn_forward), differentiated by one native call
 * (mln_rnn_backward).
 */
final class SequenceOps {
  private SequenceOps() {}

  private static final String OP = "recurrent";
  private static final String[] NAMES = {
    "x", "kernel", "recurrentKernel", "bias", "initialH", "initialC", "recurrentMask", "stepMask"
  };

  /**
   * Rows of {@code table} (input_dim, output_dim) at the int32/int64 {@code indices}: shape
   * indices.shape + (output_dim); the gradient scatter-adds into the table's rows.
   */
  static Tensor embedding(Tensor table, Tensor indices) {
    String op = "embedding";
    long t = arg(table, op, "table");
    long i = arg(indices, op, "indices");
    Tensor out = make(NativeCore.mln_embedding(t, i), op);
    Reference.reachabilityFence(table);
    Reference.reachabilityFence(indices);
    if (Recorder.active()) {
      record(
          op,
          (gy, in, o, needs) ->
              new Tensor[] {Tensor.full(0, gy.dtype(), in[0].shp()).scatterAdd(in[1], gy, 0), null},
          out,
          table,
          indices);
    }
    return out;
  }

  /**
   * Runs {@code spec} over {@code inputs} = x (N, T, F), kernel, recurrent kernel, bias or null,
   * initial h or null, initial c or null, recurrent dropout mask or null and, optionally, a step
   * mask (N, T) in x's time order, 0 where Keras's mask skips the step; returns the outputs of
   * every step (N, T, H) and, for an LSTM, the last cell state (N, H), else null.
   */
  static Tensor[] recurrent(RnnSpec spec, Tensor[] inputs) {
    if (spec == null) {
      throw Errors.arg(OP, "spec", "an RnnSpec", "null");
    }
    if (inputs == null || inputs.length < NAMES.length - 1 || inputs.length > NAMES.length) {
      throw Errors.arg(
          OP,
          "inputs",
          (NAMES.length - 1) + " or " + NAMES.length + " tensors (nulls allowed after the third)",
          inputs == null ? "null" : inputs.length + " tensors");
    }
    long[] h = new long[NAMES.length];
    for (int i = 0; i < inputs.length; i++) {
      h[i] = i < 3 || inputs[i] != null ? arg(inputs[i], OP, NAMES[i]) : 0;
    }
    Tensor steps = inputs.length > 7 ? inputs[7] : null;
    long[] out = new long[3];
    int st =
        NativeCore.mln_rnn_forward(
            spec.cell(),
            spec.activation(),
            spec.recurrentActivation(),
            spec.flags(),
            spec.hardSigmoidSlope(),
            h,
            out);
    Reference.reachabilityFence(inputs);
    Errors.checkStatus(st, OP);
    Tensor y = make(out[0], OP);
    Tensor c = out[1] == 0 ? null : make(out[1], OP);
    Tensor ws = make(out[2], OP);
    if (!Recorder.active()) {
      ws.close();
      return new Tensor[] {y, c};
    }
    // The op's differentiable inputs (the masks are constants) and where each sits in `inputs`.
    List<Tensor> in = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      if (inputs[i] != null) {
        in.add(inputs[i]);
        at.add(i);
      }
    }
    Tensor[] ins = in.toArray(new Tensor[0]);
    Tensor mask = inputs[6];
    Tensor[] masks = {mask, steps};
    record(OP, backward(spec, at, masks, y, ws, false), y, ins);
    if (c != null) {
      record(OP, backward(spec, at, masks, y, ws, true), c, ins);
    }
    return new Tensor[] {y, c};
  }

  /**
   * The backward of one output: the sequence ({@code ofCellState} false) or the last cell state.
   * Each runs the whole native backward pass with the other output's gradient taken as zero; the
   * tape adds the two when both are used.
   */
  private static BackwardFn backward(
      RnnSpec spec, List<Integer> at, Tensor[] masks, Tensor y, Tensor ws, boolean ofCellState) {
    return (gy, in, o, needs) -> {
      long[] h = new long[NAMES.length + 4];
      for (int k = 0; k < in.length; k++) {
        h[at.get(k)] = in[k].h(OP);
      }
      h[6] = masks[0] == null ? 0 : masks[0].h(OP);
      h[7] = masks[1] == null ? 0 : masks[1].h(OP);
      h[8] = y.h(OP);
      h[9] = ws.h(OP);
      h[ofCellState ? 11 : 10] = gy.h(OP);
      long[] g = new long[6];
      int st =
          NativeCore.mln_rnn_backward(
              spec.cell(),
              spec.activation(),
              spec.recurrentActivation(),
              spec.flags(),
              spec.hardSigmoidSlope(),
              h,
              g);
      Reference.reachabilityFence(in);
      Reference.reachabilityFence(masks);
      Reference.reachabilityFence(y);
      Reference.reachabilityFence(ws);
      Reference.reachabilityFence(gy);
      Errors.checkStatus(st, OP + " backward");
      Tensor[] grads = new Tensor[in.length];
      for (int k = 0; k < in.length; k++) {
        long gk = g[at.get(k)];
        g[at.get(k)] = 0;
        grads[k] = needs[k] ? make(gk, OP + " backward") : null;
        if (!needs[k]) {
          NativeCore.mln_release(gk);
        }
      }
      return grads;
    };
  }
}
