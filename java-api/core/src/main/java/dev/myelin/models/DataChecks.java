package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.TerminateOnNaN;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Node;
import java.util.List;

/**
 * The checks a {@link Model} runs on input and target arrays before any step, with messages that
 * name the model, the layer and both shapes.
 */
final class DataChecks {
  private DataChecks() {}

  /** {@link Model#checkData}. */
  static void checkData(Model m, Tensor[] xs) {
    if (m.subclassed()) {
      // a subclass's call is its own code: its layers check what they get, as in Keras
      return;
    }
    if (!m.hasGraph()) {
      throw new IllegalStateException(
          "Model " + m.name() + " has no input shape yet: give the first layer an inputShape");
    }
    if (xs.length != m.inputs().size()) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ": expected "
              + m.inputs().size()
              + " input arrays but got "
              + xs.length);
    }
    for (int i = 0; i < xs.length; i++) {
      long[] want = m.inputs().get(i).shape();
      long[] got = xs[i].shape();
      if (got.length > 0 && got[0] == 0) {
        // Caught here: an empty array would make fit report a loss of 0 and predict fail in concat.
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + ": argument 'x' expected at least one sample but input "
                + i
                + " has size 0 (shape "
                + KerasTensor.formatShape(got)
                + ")");
      }
      boolean ok = want.length == got.length;
      for (int k = 1; ok && k < want.length; k++) {
        ok = want[k] < 0 || want[k] == got[k];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "Input "
                + i
                + " of model \""
                + m.name()
                + "\" (layer \""
                + firstConsumer(m, m.inputs().get(i))
                + "\") expected data of shape "
                + KerasTensor.formatShape(want)
                + " but got data of shape "
                + KerasTensor.formatShape(got));
      }
      xs[i] = castInput(m, i, xs[i]);
    }
  }

  /**
   * An integer or bool input array cast to float32 at the model's input, as Keras converts data to
   * its Input's float32 dtype; an {@link Embedding} keeps its integer ids (a cast to float32 would
   * round ids above 2^24).
   */
  private static Tensor castInput(Model m, int i, Tensor x) {
    if (x.dtype().isFloating()) {
      return x;
    }
    Node consumer = firstConsumerNode(m, m.inputs().get(i));
    if (consumer != null && consumer.layer() instanceof Embedding) {
      return x;
    }
    return x.cast(DType.FLOAT32);
  }

  /** {@link Model#checkTargets}. */
  static void checkTargets(Model m, Tensor[] xs, Tensor[] ys) {
    // Empty inputs are refused earlier, by checkInputs, for fit, evaluate and predict alike.
    for (int i = 0; i < xs.length; i++) {
      checkFinite(m, xs.length > 1 ? "x[" + i + "]" : "x", xs[i]);
    }
    for (int i = 0; i < ys.length; i++) {
      checkFinite(m, ys.length > 1 ? "y[" + i + "]" : "y", ys[i]);
    }
    long[][] outs = m.outputShapes();
    if (ys.length != outs.length) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ": expected "
              + outs.length
              + " target arrays (one per output) but got "
              + ys.length);
    }
    for (int k = 0; k < ys.length; k++) {
      String which =
          ys.length <= 1
              ? ""
              : m.subclassed()
                  ? " (output " + k + ")"
                  : " (output \"" + m.outputs().get(k).layer().name() + "\")";
      if (ys[k].rank() == 0 || ys[k].dim(0) != xs[0].dim(0)) {
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + which
                + ": target array of shape "
                + KerasTensor.formatShape(ys[k].shape())
                + " has "
                + (ys[k].rank() == 0 ? "no sample axis" : ys[k].dim(0) + " samples")
                + " but the input data has "
                + xs[0].dim(0));
      }
      long[] out = outs[k];
      out[0] = ys[k].dim(0);
      try {
        m.loss().checkLabels(ys[k], out);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Model " + m.name() + which + ": " + e.getMessage(), e);
      }
    }
  }

  private static String firstConsumer(Model m, KerasTensor in) {
    Node n = firstConsumerNode(m, in);
    return n != null ? n.layer().name() : in.layer().name();
  }

  private static Node firstConsumerNode(Model m, KerasTensor in) {
    for (Node n : m.nodes()) {
      for (KerasTensor t : n.inputs()) {
        if (t == in) {
          return n;
        }
      }
    }
    return null;
  }

  /**
   * Fails on the first NaN or infinite value of a float array, naming the array and the index. One
   * native sum finds out whether anything is wrong (a NaN or an infinity makes it non-finite); only
   * then is the array read back to locate the value, so a clean array costs one reduction, outside
   * any traced step.
   */
  static void checkFinite(Model m, String name, Tensor t) {
    if (!t.dtype().isFloating() || t.numel() == 0) {
      return;
    }
    double total;
    try (dev.myelin.TensorScope scope = new dev.myelin.TensorScope()) {
      total = t.sum().item();
    }
    if (Double.isFinite(total)) {
      return;
    }
    double[] v = t.toDoubleArray();
    for (int k = 0; k < v.length; k++) {
      if (!Double.isFinite(v[k])) {
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + ": argument '"
                + name
                + "' expected finite values but was "
                + v[k]
                + " at index "
                + indexText(t.shape(), k)
                + " (array of shape "
                + KerasTensor.formatShape(t.shape())
                + "); clean or impute the data first");
      }
    }
  }

  private static String indexText(long[] shape, long flat) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
      flat = shape[d] == 0 ? 0 : flat / shape[d];
    }
    StringBuilder b = new StringBuilder("[");
    for (int d = 0; d < idx.length; d++) {
      b.append(d > 0 ? ", " : "").append(idx[d]);
    }
    return b.append(']').toString();
  }

  /** Fails when {@code validationSplit} leaves no training or no validation sample. */
  static void checkSplit(Model m, long n, long trainRows, double fraction) {
    if (trainRows <= 0 || trainRows >= n) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".fit: argument 'validationSplit' = "
              + fraction
              + " of "
              + n
              + " samples leaves "
              + trainRows
              + " training and "
              + (n - trainRows)
              + " validation samples; expected at least one of each");
    }
  }

  /**
   * Adds the default NaN-loss guard unless it is switched off or the caller gave a {@link
   * TerminateOnNaN} already.
   */
  static void addNaNGuard(List<Callback> cbs, FitOptions o) {
    if (!o.terminateOnNaN) {
      return;
    }
    for (Callback c : cbs) {
      if (c instanceof TerminateOnNaN) {
        return;
      }
    }
    cbs.add(new NaNLossGuard(o.epochs));
  }
}
