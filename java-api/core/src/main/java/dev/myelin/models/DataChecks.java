package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Node;

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
    }
  }

  /** {@link Model#checkTargets}. */
  static void checkTargets(Model m, Tensor[] xs, Tensor[] ys) {
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
    for (Node n : m.nodes()) {
      for (KerasTensor t : n.inputs()) {
        if (t == in) {
          return n.layer().name();
        }
      }
    }
    return in.layer().name();
  }
}
