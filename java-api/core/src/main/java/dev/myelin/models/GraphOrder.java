package dev.myelin.models;

import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras 3's order of a functional graph's layers ({@code keras.src.ops.function.map_graph}, which
 * {@code model.layers}, {@code summary()}, {@code get_config()} and the legacy weight files
 * follow): layers by decreasing depth (the longest path to an output), ties by the order in which a
 * depth-first walk from the outputs first reaches them. On a branching graph this differs from a
 * plain topological order: a ResNet block lists its main branch's {@code _1_conv} .. {@code
 * _2_relu} before the shortcut's {@code _0_conv}, and an input that joins late comes late. Sorting
 * by depth is still topological (a layer's producers are deeper), so the order remains executable.
 */
final class GraphOrder {
  private GraphOrder() {}

  /**
   * The layers between {@code inputs} and {@code outputs} in Keras's {@code model.layers} order.
   */
  static List<Layer> layers(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    Walk w = new Walk(inputs);
    for (KerasTensor o : outputs) {
      w.visit(o);
    }
    Map<Node, Integer> nodeDepth = new IdentityHashMap<>();
    Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
    Set<Node> inGraph = Collections.newSetFromMap(new IdentityHashMap<>());
    inGraph.addAll(w.nodes);
    for (int i = w.nodes.size() - 1; i >= 0; i--) {
      Node n = w.nodes.get(i);
      // a shared layer takes the largest depth of its calls
      int d = Math.max(nodeDepth.getOrDefault(n, 0), layerDepth.getOrDefault(n.layer(), 0));
      layerDepth.put(n.layer(), d);
      nodeDepth.put(n, d);
      for (KerasTensor in : n.inputs()) {
        Node parent = in.node();
        if (parent != null && inGraph.contains(parent)) {
          nodeDepth.put(parent, Math.max(d + 1, nodeDepth.getOrDefault(parent, 0)));
        }
      }
    }
    // Keras keeps an input layer that no output depends on, at depth 0 before the others there.
    for (KerasTensor in : inputs) {
      Node n = in.node();
      if (n != null && n.inputs().isEmpty() && !layerDepth.containsKey(in.layer())) {
        layerDepth.put(in.layer(), 0);
        w.index.put(in.layer(), -1);
      }
    }
    List<Layer> layers = new ArrayList<>(layerDepth.keySet());
    layers.sort(
        Comparator.<Layer>comparingInt(l -> -layerDepth.get(l)).thenComparingInt(w.index::get));
    return List.copyOf(layers);
  }

  /** Keras's {@code _build_map}: nodes from inputs to outputs and each layer's first-visit rank. */
  private static final class Walk {
    final Set<KerasTensor> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
    final Set<Node> finished = Collections.newSetFromMap(new IdentityHashMap<>());
    final List<Node> nodes = new ArrayList<>();
    final Map<Layer, Integer> index = new IdentityHashMap<>();

    Walk(List<KerasTensor> in) {
      inputs.addAll(in);
    }

    void visit(KerasTensor t) {
      Node n = t.node();
      if (n == null || finished.contains(n)) {
        return;
      }
      boolean isInputLayer = n.inputs().isEmpty();
      if (!isInputLayer && inputs.contains(t)) {
        // a model input made by another layer: that layer lies outside this graph
        finished.add(n);
        return;
      }
      // ranked when first reached, before its producers (pre-order), as Keras does
      index.putIfAbsent(n.layer(), index.size());
      for (KerasTensor in : n.inputs()) {
        visit(in);
      }
      finished.add(n);
      nodes.add(n);
    }
  }
}
