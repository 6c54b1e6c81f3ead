package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNames;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.saving.KerasArchive;
import dev.myelin.saving.WeightArray;
import dev.myelin.saving.WeightsFile;
import dev.myelin.saving.WeightsFormatException;
import dev.myelin.saving.internal.Configs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saving and loading of a {@link Model}: {@code setWeights}, {@code save} ({@code .keras}, legacy
 * {@code .h5}, {@code .weights.h5}), {@code loadWeights}, the optimizer state, and the Keras 3 keys
 * of each layer in a weights file.
 */
final class ModelSaving {
  private ModelSaving() {}

  /** {@link Model#setWeights}: checks count and shapes, then assigns. */
  static void setWeights(Model m, List<Tensor> values) {
    List<Variable> ws = m.weights();
    if (values == null || values.size() != ws.size()) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".setWeights: argument 'values' expected "
              + ws.size()
              + " arrays but was "
              + (values == null ? "null" : values.size() + " arrays"));
    }
    for (int i = 0; i < ws.size(); i++) {
      Variable v = ws.get(i);
      Tensor t = values.get(i);
      if (!Arrays.equals(v.shape(), t.shape())) {
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + ".setWeights: weight "
                + i
                + " ("
                + v.name()
                + ") expected shape "
                + KerasTensor.formatShape(v.shape())
                + " but was "
                + KerasTensor.formatShape(t.shape()));
      }
    }
    for (int i = 0; i < ws.size(); i++) {
      Variable v = ws.get(i);
      Tensor t = values.get(i);
      v.assign(t.dtype() == v.dtype() ? t.copy() : t.cast(v.dtype()));
    }
  }

  /** {@link Model#save}: picks the format by the file name. */
  static void save(Model m, Path file) {
    if (file == null) {
      throw new IllegalArgumentException(
          "Model " + m.name() + ".save: argument 'file' expected a path but was null");
    }
    String n = file.getFileName() == null ? "" : file.getFileName().toString();
    if (n.endsWith(".weights.h5")) {
      m.saveWeights(file);
      return;
    }
    if (n.endsWith(".h5") || n.endsWith(".hdf5")) {
      if (m.subclassed()) {
        // Keras 3 writes such a file but cannot load it back, even with the class registered
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + ".save: argument 'file' expected a .keras or .weights.h5 name for a Model"
                + " subclass without a graph (a legacy .h5 file has no place for its registered"
                + " class and tracked layers) but was "
                + file);
      }
      saveLegacyH5(m, file);
      return;
    }
    if (!n.endsWith(".keras")) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".save: argument 'file' expected a name ending in .keras, .weights.h5 or .h5 but"
              + " was "
              + file);
    }
    KerasArchive.write(
        file, m.toJson(), KerasArchive.metadataNow(), weightsFile(m), StringInputs.assets(m));
  }

  /**
   * The legacy whole-model {@code .h5} Keras 3 writes for {@code save("m.h5")}: {@code
   * model_config} and {@code training_config} as root attributes, weights under {@code
   * model_weights} keyed by layer name.
   */
  private static void saveLegacyH5(Model m, Path file) {
    Map<String, Object> full = KerasConfig.serialize(m);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("class_name", full.get("class_name"));
    config.put("config", full.get("config"));
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("backend", "jax");
    attrs.put("keras_version", KerasArchive.KERAS_VERSION);
    attrs.put("model_config", Configs.toJson(config));
    if (full.get("compile_config") instanceof Map<?, ?> cc) {
      Map<String, Object> training = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : cc.entrySet()) {
        if (!"optimizer".equals(e.getKey())) {
          training.put((String) e.getKey(), e.getValue());
        }
      }
      Map<?, ?> opt = (Map<?, ?>) cc.get("optimizer");
      training.put(
          "optimizer_config",
          Map.of("class_name", opt.get("class_name"), "config", opt.get("config")));
      attrs.put("training_config", Configs.toJson(training));
    }
    WeightsFile w = new WeightsFile().setModelName(m.name());
    for (Layer l : m.layers()) {
      List<WeightArray> arrays = new ArrayList<>();
      for (Variable v : l.weights()) {
        // a nested model's weights sit together under its name: keep them apart by layer
        String n = v.name();
        String key =
            l instanceof Model || !l.subLayers().isEmpty()
                ? n.replace('/', '_')
                : n.substring(n.lastIndexOf('/') + 1);
        arrays.add(WeightArray.of(key, v.value()));
      }
      if (!arrays.isEmpty()) {
        w.put(l.name(), arrays);
      }
    }
    List<WeightArray> state = optimizerState(m);
    if (state != null) {
      w.putOptimizerWeights(m.optimizer().weightNames(m.trainableWeights()), state);
    }
    w.writeLegacyModel(file, attrs);
  }

  /**
   * Every layer's weights in the neutral {@link WeightsFile} structure (Keras 3 layout), each layer
   * under the path Keras 3 gives it (see {@link #kerasPaths}).
   */
  static WeightsFile weightsFile(Model m) {
    WeightsFile w = new WeightsFile().setModelName(m.name());
    for (Map.Entry<String, Layer> e : kerasLeaves(m).entrySet()) {
      List<WeightArray> arrays = new ArrayList<>();
      for (Variable v : e.getValue().ownWeights()) {
        String n = v.name();
        arrays.add(WeightArray.of(n.substring(n.lastIndexOf('/') + 1), v.value()));
      }
      // a layer the model holds in a field sits at the root by its attribute (encoder/vars),
      // where Keras 3 puts it; the graph's layers go under layers/
      Layer l = e.getValue();
      if (m.subLayers().get(e.getKey()) == l && (m.subclassed() || !m.layers().contains(l))) {
        w.putAtRoot(e.getKey(), arrays);
      } else {
        w.put(e.getKey(), arrays);
      }
    }
    StringInputs.addNamedVariables(m, w);
    List<WeightArray> state = optimizerState(m);
    if (state != null) {
      w.put(WeightsFile.OPTIMIZER, state);
    }
    return w;
  }

  /**
   * The compiled optimizer's state in Keras 3's {@code optimizer.variables} order (see {@link
   * Optimizer#getWeights}), named by index; null when the model is not compiled.
   */
  static List<WeightArray> optimizerState(Model m) {
    if (m.optimizer() == null) {
      return null;
    }
    List<WeightArray> r = new ArrayList<>();
    try (TensorScope scope = new TensorScope()) {
      List<Tensor> ts = m.optimizer().getWeights(m.trainableWeights());
      for (int i = 0; i < ts.size(); i++) {
        r.add(WeightArray.of(Integer.toString(i), ts.get(i)));
      }
    }
    return r;
  }

  /**
   * Restores the compiled optimizer's state from {@code state} (Keras 3's order) read from {@code
   * file}. When {@code strict}, a state that does not fit this optimizer and model throws a {@link
   * WeightsFormatException} naming the file; otherwise it is skipped (as Keras's {@code
   * load_weights} skips an optimizer whose variable count differs) and false is returned.
   */
  static boolean restoreOptimizerState(
      Model m, List<WeightArray> state, Path file, boolean strict) {
    if (m.optimizer() == null || state == null) {
      return false;
    }
    try (TensorScope scope = new TensorScope()) {
      List<Tensor> ts = new ArrayList<>();
      for (WeightArray a : state) {
        ts.add(a.toTensor());
      }
      m.optimizer().setWeights(m.trainableWeights(), ts);
      return true;
    } catch (RuntimeException e) {
      if (strict) {
        throw new WeightsFormatException(
            file,
            "optimizer state does not fit "
                + m.optimizer().getClass().getSimpleName()
                + " on model "
                + m.name()
                + ": "
                + e.getMessage(),
            e);
      }
      if (e instanceof IllegalArgumentException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Every layer with weights, those inside nested models included, by its key in a Keras 3 weights
   * file ({@link WeightsFile}): a top-level layer by its {@link #kerasPaths} entry ({@code dense}),
   * a layer of a nested model by its full path ({@code layers/sequential/layers/dense}), a
   * sub-layer by its owner's path and its attribute ({@code layers/residual_block/dense1}), as
   * Keras's {@code saving_lib} nests them. Each holds the layer's {@link Layer#ownWeights()}.
   */
  static Map<String, Layer> kerasLeaves(Model m) {
    Map<String, Layer> r = new LinkedHashMap<>();
    collectLeaves(m, "", r, Collections.newSetFromMap(new IdentityHashMap<>()));
    return r;
  }

  private static void collectLeaves(Model m, String base, Map<String, Layer> r, Set<Layer> seen) {
    List<String> paths = kerasPaths(m);
    List<Layer> ls = m.subclassed() ? List.of() : m.layers();
    for (int i = 0; i < ls.size(); i++) {
      Layer l = ls.get(i);
      String full = base + "layers/" + paths.get(i);
      if (!seen.add(l)) {
        continue;
      }
      if (l instanceof Model inner) {
        collectLeaves(inner, full + "/", r, seen);
      } else {
        collectOwned(l, base.isEmpty() ? paths.get(i) : full, full, r, seen);
      }
    }
    // layers a Model subclass tracks outside its graph, at their attribute paths (Keras 3 saves a
    // subclassed model's `self.encoder` at `encoder/vars`, a list element at `blocks/dense/vars`)
    for (Map.Entry<String, Layer> e : m.subLayers().entrySet()) {
      Layer l = e.getValue();
      String key = base + e.getKey();
      if (!seen.add(l)) {
        continue;
      }
      if (l instanceof Model inner) {
        collectLeaves(inner, key + "/", r, seen);
      } else {
        collectOwned(l, key, key, r, seen);
      }
    }
  }

  /** A layer's own weights under {@code key}, then its sub-layers' at {@code path/attribute}. */
  private static void collectOwned(
      Layer l, String key, String path, Map<String, Layer> r, Set<Layer> seen) {
    if (!l.ownWeights().isEmpty()) {
      r.put(key, l);
    }
    for (Map.Entry<String, Layer> e : l.subLayers().entrySet()) {
      Layer sub = e.getValue();
      String subPath = path + "/" + e.getKey();
      if (!seen.add(sub)) {
        continue;
      }
      if (sub instanceof Model inner) {
        collectLeaves(inner, subPath + "/", r, seen);
      } else {
        collectOwned(sub, subPath, subPath, r, seen);
      }
    }
  }

  /**
   * The key under which Keras 3 stores each of {@link Model#layers()} in a weights file: not the
   * layer's name but its snake-case class name, numbered by occurrence ({@code dense}, {@code
   * dense_1}, ... in layer order), as Keras's {@code saving_lib} names the entries of a layer list.
   */
  static List<String> kerasPaths(Model m) {
    Map<String, Integer> used = new HashMap<>();
    List<String> r = new ArrayList<>();
    for (Layer l : m.layers()) {
      String base =
          LayerNames.snakeCase(
              l.getClass().getSimpleName().isEmpty() ? "Layer" : l.getClass().getSimpleName());
      if (l instanceof Model && !(l instanceof Sequential)) {
        base = "functional";
      }
      Integer n = used.get(base);
      used.put(base, n == null ? 0 : n + 1);
      r.add(n == null ? base : base + "_" + (n + 1));
    }
    return r;
  }

  /** Loads weights already read from {@code file} into {@code m}. */
  static void loadWeights(Model m, WeightsFile w, Path file) {
    // Keras 3 files key layers by class-based path (dense, dense_1, ..., and for a nested model
    // layers/sequential/layers/dense); older Myelin files and Keras 2 files by layer name, a nested
    // model's weights together under its name; when neither matches every layer, layers are taken
    // in order.
    List<Layer> withWeights = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Map<String, Layer> leaves = kerasLeaves(m);
    boolean byPath =
        w.layout() == WeightsFile.Layout.KERAS3
            && !leaves.isEmpty()
            && w.layers().keySet().containsAll(leaves.keySet());
    if (byPath) {
      keys.addAll(leaves.keySet());
      withWeights.addAll(leaves.values());
    } else {
      for (Layer l : m.layers()) {
        if (!l.weights().isEmpty()) {
          withWeights.add(l);
          keys.add(l.name());
        }
      }
    }
    // a layer found by its Keras 3 path holds its own weights only (its sub-layers have their own
    // paths); a layer found by name or order holds all of them, as Keras 2 stores a layer
    List<List<Variable>> own = new ArrayList<>();
    for (Layer l : withWeights) {
      own.add(byPath ? l.ownWeights() : l.weights());
    }
    List<List<WeightArray>> stored = new ArrayList<>();
    if (w.layers().keySet().containsAll(keys)) {
      for (String k : keys) {
        stored.add(w.layer(k));
      }
    } else {
      for (Map.Entry<String, List<WeightArray>> e : w.layers().entrySet()) {
        boolean layerEntry = !e.getKey().equals("optimizer") && !e.getKey().contains("/");
        if (layerEntry && !e.getValue().isEmpty()) {
          stored.add(e.getValue());
        }
      }
      if (stored.size() != withWeights.size()) {
        throw new IllegalArgumentException(
            "Model "
                + m.name()
                + ".loadWeights: file "
                + file
                + " holds weights for "
                + stored.size()
                + " layers but the model has "
                + withWeights.size()
                + " layers with weights");
      }
    }
    List<Tensor> values = new ArrayList<>();
    try (TensorScope scope = new TensorScope()) {
      for (int i = 0; i < withWeights.size(); i++) {
        List<Variable> vs = own.get(i);
        List<WeightArray> as = stored.get(i);
        if (as.size() != vs.size()) {
          throw new IllegalArgumentException(
              "Model "
                  + m.name()
                  + ".loadWeights: layer \""
                  + withWeights.get(i).name()
                  + "\" expects "
                  + vs.size()
                  + " weights but file "
                  + file
                  + " has "
                  + as.size());
        }
        for (int k = 0; k < vs.size(); k++) {
          Tensor t = as.get(k).toTensor();
          if (!Arrays.equals(t.shape(), vs.get(k).shape())) {
            throw new IllegalArgumentException(
                "Model "
                    + m.name()
                    + ".loadWeights: weight "
                    + vs.get(k).name()
                    + " expects shape "
                    + KerasTensor.formatShape(vs.get(k).shape())
                    + " but file "
                    + file
                    + " has "
                    + KerasTensor.formatShape(t.shape()));
          }
          values.add(t);
        }
      }
      int j = 0;
      for (List<Variable> vs : own) {
        for (Variable v : vs) {
          Tensor t = values.get(j++);
          v.assign(t.dtype() == v.dtype() ? t.copy() : t.cast(v.dtype()));
        }
      }
    }
    if (m.optimizer() != null && w.layers().containsKey(WeightsFile.OPTIMIZER)) {
      restoreOptimizerState(m, w.layer(WeightsFile.OPTIMIZER), file, false);
    }
  }
}
