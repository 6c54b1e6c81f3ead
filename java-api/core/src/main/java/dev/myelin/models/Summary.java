package dev.myelin.models;

import dev.myelin.Variable;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNames;
import dev.myelin.layers.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The layer table of {@link Model#summaryString()} (Keras 2.2's classic layout). */
final class Summary {
  private Summary() {}

  /** The table for {@code m}, whose graph is known to be defined. */
  static String of(Model m) {
    StringBuilder sb = new StringBuilder();
    boolean seqLike = sequentialLike(m);
    int lineLength = seqLike ? 65 : 98;
    int[] pos =
        seqLike
            ? new int[] {(int) (lineLength * .45), (int) (lineLength * .85), lineLength}
            : new int[] {
              (int) (lineLength * .33),
              (int) (lineLength * .55),
              (int) (lineLength * .67),
              lineLength
            };
    if (!LayerNames.keras2Names()) {
      sb.append("Model: \"").append(m.name()).append("\"\n");
    }
    sb.append("_".repeat(lineLength)).append('\n');
    row(
        sb,
        seqLike
            ? new String[] {"Layer (type)", "Output Shape", "Param #"}
            : new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"},
        pos);
    sb.append("=".repeat(lineLength)).append('\n');
    List<Layer> ls = m.layers();
    Set<Node> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    mine.addAll(m.nodes());
    for (KerasTensor i : m.inputs()) {
      mine.add(i.node());
    }
    for (int i = 0; i < ls.size(); i++) {
      Layer l = ls.get(i);
      String shape = outputShapeIn(l, mine);
      String first = l.name() + " (" + l.className() + ")";
      if (seqLike) {
        row(sb, new String[] {first, shape, Long.toString(l.countParams())}, pos);
      } else {
        List<String> conns = new ArrayList<>();
        for (Node n : l.inboundNodes()) {
          if (!mine.contains(n)) {
            continue;
          }
          for (KerasTensor t : n.inputs()) {
            conns.add(
                t.layer().name()
                    + "["
                    + t.layer().inboundNodes().indexOf(t.node())
                    + "]["
                    + t.index()
                    + "]");
          }
        }
        row(
            sb,
            new String[] {
              first, shape, Long.toString(l.countParams()), conns.isEmpty() ? "" : conns.get(0)
            },
            pos);
        for (int c = 1; c < conns.size(); c++) {
          row(sb, new String[] {"", "", "", conns.get(c)}, pos);
        }
      }
      sb.append((i == ls.size() - 1 ? "=" : "_").repeat(lineLength)).append('\n');
    }
    long trainableCount = count(m.trainableWeights());
    long nonTrainable = count(m.nonTrainableWeights());
    sb.append(
        String.format(java.util.Locale.ROOT, "Total params: %,d%n", trainableCount + nonTrainable));
    sb.append(String.format(java.util.Locale.ROOT, "Trainable params: %,d%n", trainableCount));
    sb.append(String.format(java.util.Locale.ROOT, "Non-trainable params: %,d%n", nonTrainable));
    sb.append("_".repeat(lineLength)).append('\n');
    return sb.toString().replace(System.lineSeparator(), "\n");
  }

  private static long count(List<Variable> vs) {
    long n = 0;
    for (Variable v : vs) {
      long k = 1;
      for (long d : v.shape()) {
        k *= d;
      }
      n += k;
    }
    return n;
  }

  private static boolean sequentialLike(Model m) {
    if (m instanceof Sequential || m.subclassed()) {
      return true;
    }
    Map<Layer, Integer> uses = new IdentityHashMap<>();
    for (Node n : m.nodes()) {
      if (n.inputs().size() > 1) {
        return false;
      }
      if (uses.merge(n.layer(), 1, Integer::sum) > 1) {
        return false;
      }
    }
    if (m.inputs().size() != 1 || m.outputs().size() != 1) {
      return false;
    }
    Map<KerasTensor, Integer> consumers = new IdentityHashMap<>();
    for (Node n : m.nodes()) {
      for (KerasTensor t : n.inputs()) {
        if (consumers.merge(t, 1, Integer::sum) > 1) {
          return false;
        }
      }
    }
    return true;
  }

  private static String outputShapeIn(Layer l, Set<Node> mine) {
    String shape = null;
    for (Node n : l.inboundNodes()) {
      if (mine.contains(n)) {
        String s = shapesOf(n.outputs());
        if (shape != null && !shape.equals(s)) {
          return "multiple";
        }
        shape = s;
      }
    }
    return shape == null ? "multiple" : shape;
  }

  /** One output's shape, or Keras's list of shapes for a layer with several outputs. */
  private static String shapesOf(List<KerasTensor> outs) {
    if (outs.size() == 1) {
      return KerasTensor.formatShape(outs.get(0).shape());
    }
    List<String> r = new ArrayList<>();
    for (KerasTensor t : outs) {
      r.add(KerasTensor.formatShape(t.shape()));
    }
    return r.toString();
  }

  private static void row(StringBuilder sb, String[] fields, int[] pos) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.setLength(line.length() - 1);
        line.append(' ');
      }
      line.append(fields[i]);
      if (line.length() > pos[i]) {
        line.setLength(pos[i]);
      }
      while (line.length() < pos[i]) {
        line.append(' ');
      }
    }
    sb.append(line).append('\n');
  }
}
