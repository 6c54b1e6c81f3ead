package dev.myelin.layers;

import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link RNN} runs its cell over a sequence: a built-in cell in one native call, a stack of
 * built-in cells in one native call per cell, any other cell step by step in Java (Keras's {@code
 * backend.rnn} loop, masks included). Each returns the outputs of every step in processing order
 * (reversed for go_backwards), then the last states.
 */
final class CellRunner {
  private CellRunner() {}

  /**
   * Runs {@code cell} over {@code x} (N, T, F) from {@code initial} (one per state, null entries
   * for zeros); {@code steps} is the (N, T) 0/1 mask or null.
   */
  static Tensor[] run(
      RNNCell cell,
      Tensor x,
      Tensor[] initial,
      Tensor steps,
      boolean goBackwards,
      boolean zeroOutputForMask,
      boolean training) {
    Tensor[] r;
    if (cell instanceof BaseRNNCell<?> b) {
      r = fused(List.of(b), x, initial, steps, goBackwards, training);
    } else if (cell instanceof StackedRNNCells s && s.allBuiltIn()) {
      List<BaseRNNCell<?>> cells = new ArrayList<>();
      for (RNNCell c : s.cells()) {
        cells.add((BaseRNNCell<?>) c);
      }
      r = fused(cells, x, initial, steps, goBackwards, training);
    } else {
      r = stepwise(cell, x, initial, steps, goBackwards, training);
    }
    if (steps != null && zeroOutputForMask) {
      r[0] = r[0].mul(inProcessingOrder(steps, goBackwards).expandDims(-1));
    }
    return r;
  }

  private static Tensor inProcessingOrder(Tensor steps, boolean goBackwards) {
    return goBackwards ? steps.slice(":, ::-1") : steps;
  }

  /**
   * Built-in cells, one whole-sequence native pass each: the first reads {@code x} (backwards for
   * go_backwards), each next one reads the outputs below it, which are already in processing order.
   */
  private static Tensor[] fused(
      List<BaseRNNCell<?>> cells,
      Tensor x,
      Tensor[] initial,
      Tensor steps,
      boolean goBackwards,
      boolean training) {
    List<Tensor> states = new ArrayList<>();
    Tensor in = x;
    Tensor mask = steps;
    boolean back = goBackwards;
    int k = 0;
    for (BaseRNNCell<?> c : cells) {
      int n = c.stateSize().length;
      Tensor[] r = c.sequence(in, initial[k], n > 1 ? initial[k + 1] : null, mask, back, training);
      states.add(r[0].slice(":, -1, :"));
      if (n > 1) {
        states.add(r[1]);
      }
      in = r[0];
      if (back) {
        back = false;
        mask = steps == null ? null : inProcessingOrder(steps, true);
      }
      k += n;
    }
    states.add(0, in);
    return states.toArray(new Tensor[0]);
  }

  /**
   * Any cell, one {@link RNNCell#call} per step (Keras's loop): at a masked step the new states are
   * the old ones and the output is the previous output (the cell's first state).
   */
  private static Tensor[] stepwise(
      RNNCell cell,
      Tensor x,
      Tensor[] initial,
      Tensor steps,
      boolean goBackwards,
      boolean training) {
    long n = x.dim(0);
    long t = x.dim(1);
    long[] sizes = cell.stateSize();
    Tensor[] st = new Tensor[sizes.length];
    for (int i = 0; i < st.length; i++) {
      st[i] = initial[i] != null ? initial[i] : Tensor.zeros(x.dtype(), n, sizes[i]);
    }
    List<Tensor> outs = new ArrayList<>();
    for (long s = 0; s < t; s++) {
      long tx = goBackwards ? t - 1 - s : s;
      Tensor[] r = cell.call(x.slice(":, " + tx + ", :"), st, training);
      if (r == null || r.length != st.length + 1) {
        throw new IllegalStateException(
            "RNNCell "
                + cell.name()
                + " ("
                + cell.className()
                + "): call(input, states) expected to return the output and "
                + st.length
                + " new state(s) but returned "
                + (r == null ? "null" : (r.length - 1) + " state(s)"));
      }
      Tensor out = r[0];
      Tensor[] next = Arrays.copyOfRange(r, 1, r.length);
      if (steps != null) {
        Tensor keep = steps.slice(":, " + tx + ":" + (tx + 1));
        Tensor skip = keep.neg().add(1.0);
        out = out.mul(keep).add(st[cell.previousOutputState()].mul(skip));
        for (int i = 0; i < next.length; i++) {
          next[i] = next[i].mul(keep).add(st[i].mul(skip));
        }
      }
      outs.add(out.expandDims(1));
      st = next;
    }
    Tensor[] r = new Tensor[1 + st.length];
    r[0] = Tensor.concat(1, outs.toArray(new Tensor[0]));
    System.arraycopy(st, 0, r, 1, st.length);
    return r;
  }
}
