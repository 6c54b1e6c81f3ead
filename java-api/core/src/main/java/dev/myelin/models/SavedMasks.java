package dev.myelin.models;

import dev.myelin.saving.internal.Configs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mask computations Keras 3 writes into a functional model's config: a model with {@code
 * Embedding(mask_zero=True)} or {@code Masking} saves the ops of their {@code compute_mask} ({@code
 * NotEqual}, {@code Any}, module {@code keras.src.ops.numpy}) as nodes whose outputs reach the
 * later layers only as their {@code mask=} keyword. Myelin recomputes masks as the layers run (see
 * {@code dev.myelin.layers.Masks}), so such nodes are skipped when a model loads.
 */
final class SavedMasks {
  private SavedMasks() {}

  /**
   * The names of the op nodes ({@code keras.src.ops.*}) that no layer reads as an argument, nor the
   * model as an output, directly or through other ops: the ones that only make masks.
   */
  static Set<String> maskOnlyOps(List<Object> layers, Object outputLayers) {
    Map<String, Map<String, Object>> ops = new HashMap<>();
    Deque<String> needed = new ArrayDeque<>(names(outputLayers));
    for (Object o : layers) {
      Map<String, Object> lc = Configs.map(o, "Functional layer");
      String name = String.valueOf(lc.get("name"));
      if (String.valueOf(lc.get("module")).startsWith("keras.src.ops")) {
        ops.put(name, lc);
      } else {
        needed.addAll(argNames(lc));
      }
    }
    Set<String> used = new HashSet<>();
    while (!needed.isEmpty()) {
      String n = needed.pop();
      if (used.add(n) && ops.containsKey(n)) {
        needed.addAll(argNames(ops.get(n)));
      }
    }
    Set<String> r = new HashSet<>(ops.keySet());
    r.removeAll(used);
    return r;
  }

  /** The layer names a node list's positional arguments come from. */
  private static List<String> argNames(Map<String, Object> lc) {
    List<String> r = new ArrayList<>();
    if (!(lc.get("inbound_nodes") instanceof List<?> nodes)) {
      return r;
    }
    for (Object node : nodes) {
      List<List<Object>> refs = new ArrayList<>();
      KerasConfig.collectHistories(node instanceof Map<?, ?> m ? m.get("args") : node, refs);
      for (List<Object> ref : refs) {
        r.add(String.valueOf(ref.get(0)));
      }
    }
    return r;
  }

  private static List<String> names(Object outputLayers) {
    List<String> r = new ArrayList<>();
    if (outputLayers instanceof List<?> l) {
      if (!l.isEmpty() && l.get(0) instanceof String s) {
        r.add(s);
      } else {
        for (Object x : l) {
          if (x instanceof List<?> ref && !ref.isEmpty()) {
            r.add(String.valueOf(ref.get(0)));
          }
        }
      }
    }
    return r;
  }
}
