package dev.myelin.models;

import dev.myelin.Variable;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Lambda;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Layers;
import dev.myelin.layers.Node;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Metric;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model configs in Keras's JSON shapes. Writes Keras 3's ({@code config.json} of a {@code .keras}
 * file, {@code to_json}); reads Keras 3's and Keras 2's ({@code model_config} of an {@code .h5},
 * with {@code inbound_nodes} as nested lists and Sequential configs that are a bare list of
 * layers).
 */
final class KerasConfig {
  /** Keras 3 optimizer keys Myelin has no counterpart for; their defaults are what Myelin does. */
  private static final Set<String> IGNORED_OPTIMIZER_KEYS =
      Set.of(
          "use_ema",
          "ema_momentum",
          "ema_overwrite_frequency",
          "loss_scale_factor",
          "gradient_accumulation_steps",
          "is_legacy_optimizer");

  private KerasConfig() {}

  // ======================================================================== writing

  /** The model's full serialized config (Keras 3), compile config included when compiled. */
  static Map<String, Object> serialize(Model model) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (model.subclassed()) {
      m.putAll(SubclassedConfig.serialize(model));
    } else if (model instanceof Sequential s) {
      m.put("module", "keras");
      m.put("class_name", "Sequential");
      m.put("config", sequentialConfig(s));
      m.put("registered_name", null);
      if (s.hasGraph()) {
        m.put("build_config", Map.of("input_shape", Configs.shape(s.input().shape())));
      }
    } else {
      m.put("module", "keras.src.models.functional");
      m.put("class_name", "Functional");
      m.put("config", functionalConfig(model));
      m.put("registered_name", "Functional");
    }
    if (model.optimizer() != null) {
      m.put("compile_config", compileConfig(model));
    }
    return m;
  }

  private static Map<String, Object> sequentialConfig(Sequential s) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", s.name());
    c.put("trainable", s.trainable());
    c.put("dtype", Configs.float32Policy());
    List<Object> layers = new ArrayList<>();
    if (s.hasGraph()) {
      layers.add(layer(s.input().layer()));
    }
    for (Layer l : s.layers()) {
      layers.add(layer(l));
    }
    c.put("layers", layers);
    if (s.hasGraph()) {
      c.put("build_input_shape", Configs.shape(s.input().shape()));
    }
    return c;
  }

  private static Map<String, Object> layer(Layer l) {
    if (l instanceof Model nested) {
      // A model used as a layer: its full config, as Keras nests it (no compile config).
      Map<String, Object> m = serialize(nested);
      m.remove("compile_config");
      if (nested instanceof Sequential s && s.hasGraph()) {
        m.put("build_config", Map.of("input_shape", Configs.shape(s.input().shape())));
      } else if (!(nested instanceof Sequential) && !nested.subclassed()) {
        Map<String, Object> bc = new LinkedHashMap<>();
        bc.put("input_shape", null);
        m.put("build_config", bc);
      }
      return m;
    }
    String registered = null;
    if (l instanceof Lambda lambda) {
      if (lambda.functionName() == null) {
        throw new IllegalArgumentException(
            "saving: Lambda layer \""
                + l.name()
                + "\" wraps an anonymous Java function, which a saved file cannot carry; give it"
                + " a name with new Lambda(\"name\", fn) (registered through Lambda.register),"
                + " and register the same name before loading, or save the weights alone with"
                + " saveWeights");
      }
    } else {
      Registry.Entry e = Registry.ofClass(Registry.Kind.LAYER, l.className());
      if (e == null || (e.builtIn() && e.type() != l.getClass())) {
        throw new IllegalArgumentException(
            "saving: layer \""
                + l.name()
                + "\" of class "
                + l.className()
                + " has no Keras config; built-in savable layers are "
                + Layers.classNames()
                + "; register a custom layer class with Layers.register(\""
                + l.className()
                + "\", fromConfig) so that its getConfig() is saved and read back");
      }
      registered = e.registeredName();
    }
    Map<String, Object> config = new LinkedHashMap<>(l.getConfig());
    // Keras 3 layers reject batch_input_shape; the model's InputLayer carries the shape instead.
    config.remove("batch_input_shape");
    if (!(l instanceof InputLayer)) {
      config.put("dtype", Configs.float32Policy());
    }
    Map<String, Object> m =
        Configs.serialized(registered == null ? "keras.layers" : null, l.className(), config);
    if (registered != null) {
      m.put("registered_name", registered);
    }
    long[][] built = l.builtInputShapes();
    if (built != null && !(l instanceof InputLayer)) {
      m.put("build_config", Map.of("input_shape", buildShape(built)));
    }
    return m;
  }

  /** The {@code input_shape} of a build config: one shape, or a list of shapes for several. */
  static Object buildShape(long[][] shapes) {
    if (shapes.length == 1) {
      return Configs.shape(shapes[0]);
    }
    List<Object> ss = new ArrayList<>();
    for (long[] s : shapes) {
      ss.add(Configs.shape(s));
    }
    return ss;
  }

  private static Map<String, Object> functionalConfig(Model model) {
    Map<Layer, List<Node>> nodesOf = new IdentityHashMap<>();
    for (KerasTensor in : model.inputs()) {
      nodesOf.computeIfAbsent(in.layer(), k -> new ArrayList<>()).add(in.node());
    }
    for (Node n : model.nodes()) {
      nodesOf.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
    }
    List<Object> layers = new ArrayList<>();
    for (Layer l : model.layers()) {
      Map<String, Object> m = layer(l);
      m.put("name", l.name());
      List<Object> inbound = new ArrayList<>();
      if (!(l instanceof InputLayer)) {
        for (Node n : nodesOf.getOrDefault(l, List.of())) {
          List<Object> args = new ArrayList<>();
          for (KerasTensor t : n.inputs()) {
            args.add(tensor(t, nodesOf));
          }
          Map<String, Object> node = new LinkedHashMap<>();
          node.put("args", args.size() == 1 ? args : List.of(args));
          node.put("kwargs", Map.of());
          inbound.add(node);
        }
      }
      m.put("inbound_nodes", inbound);
      layers.add(m);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", model.name());
    c.put("trainable", model.trainable());
    c.put("layers", layers);
    c.put("input_layers", history(model.inputs(), nodesOf));
    c.put("output_layers", history(model.outputs(), nodesOf));
    return c;
  }

  private static Object history(List<KerasTensor> ts, Map<Layer, List<Node>> nodesOf) {
    if (ts.size() == 1) {
      return keras(ts.get(0), nodesOf);
    }
    List<Object> r = new ArrayList<>();
    for (KerasTensor t : ts) {
      r.add(keras(t, nodesOf));
    }
    return r;
  }

  private static List<Object> keras(KerasTensor t, Map<Layer, List<Node>> nodesOf) {
    int index = Math.max(0, nodesOf.getOrDefault(t.layer(), List.of()).indexOf(t.node()));
    return List.of(t.layer().name(), index, t.index());
  }

  private static Map<String, Object> tensor(KerasTensor t, Map<Layer, List<Node>> nodesOf) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("shape", Configs.shape(t.shape()));
    c.put("dtype", "float32");
    c.put("keras_history", keras(t, nodesOf));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", "__keras_tensor__");
    m.put("config", c);
    return m;
  }

  private static Map<String, Object> compileConfig(Model model) {
    Map<String, Object> c = new LinkedHashMap<>();
    Optimizer opt = model.optimizer();
    c.put(
        "optimizer",
        Configs.serialized("keras.optimizers", opt.getClass().getSimpleName(), opt.getConfig()));
    c.put("loss", lossConfig(model.loss()));
    c.put("loss_weights", null);
    List<Object> metrics = new ArrayList<>();
    for (Metric m : model.compiledMetrics()) {
      metrics.add(m.name());
    }
    c.put("metrics", metrics);
    c.put("weighted_metrics", null);
    c.put("run_eagerly", false);
    c.put("steps_per_execution", 1);
    c.put("jit_compile", false);
    return c;
  }

  /**
   * A loss by name when its config is the one that name gives (Keras's string form), otherwise as
   * Keras 3's serialized object (a crossentropy from logits, a user loss with its registered name).
   */
  private static Object lossConfig(Loss loss) {
    Registry.Entry named = Registry.find(Registry.Kind.LOSS, loss.name(), null);
    if (named != null
        && named.type() == loss.getClass()
        && ((Loss) Registry.get(Registry.Kind.LOSS, loss.name()))
            .getConfig()
            .equals(loss.getConfig())) {
      return loss.name();
    }
    String cls = loss.getClass().getSimpleName();
    Registry.Entry e = Registry.ofClass(Registry.Kind.LOSS, cls);
    boolean builtIn = e != null && e.builtIn();
    Map<String, Object> m =
        Configs.serialized(builtIn ? "keras.losses" : null, cls, loss.getConfig());
    if (e != null && !builtIn) {
      m.put("registered_name", e.registeredName());
    }
    return m;
  }

  // ======================================================================== reading

  /**
   * A model from a parsed config: Keras 3's {@code {"class_name", "config", "compile_config"}} or
   * Keras 2's {@code {"class_name", "config"}}; not compiled.
   */
  static Model deserialize(Object parsed, Map<String, ?> customObjects) {
    Map<String, Object> top = Configs.map(parsed, "model config");
    String cls = String.valueOf(top.get("class_name"));
    Registry.Entry e = Registry.find(Registry.Kind.LAYER, cls, customObjects);
    if (e == null && top.get("registered_name") instanceof String r) {
      e = Registry.find(Registry.Kind.LAYER, r, customObjects);
    }
    // a user entry may be a Model subclass (Keras's subclassing API): its factory says
    if (e == null || (e.builtIn() && !Model.class.isAssignableFrom(e.type()))) {
      throw SubclassedConfig.unregistered(cls, top.get("registered_name"));
    }
    Layer made = layerFromConfig(top, customObjects);
    if (!(made instanceof Model model)) {
      release(List.of(made));
      throw new IllegalArgumentException(
          "model config: class \""
              + cls
              + "\" is registered as a layer ("
              + made.getClass().getName()
              + "), not as a Model subclass");
    }
    if (model.subclassed()) {
      try {
        SubclassedConfig.build(model, top.get("build_config"));
      } catch (RuntimeException | OutOfMemoryError x) {
        release(model.layers());
        throw x;
      }
    }
    return model;
  }

  /**
   * The config map of a layer or model: Keras 2.2 wrote a Sequential's as the bare list of its
   * layers, which becomes {@code {"layers": [...]}}.
   */
  private static Map<String, Object> modelConfig(Object config) {
    if (config instanceof List<?> layers) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("layers", layers);
      return c;
    }
    return Configs.map(config, "layer config");
  }

  /** A Sequential model from its config (the registered factory of {@code Sequential}). */
  static Sequential sequential(Map<String, Object> c, Map<String, ?> customObjects) {
    List<Object> layerConfigs = Configs.list(c.get("layers"), "Sequential config 'layers'");
    Sequential s = new Sequential();
    List<Layer> built = new ArrayList<>();
    try {
      if (c.get("name") instanceof String n) {
        s.name(n);
      }
      for (Object o : layerConfigs) {
        Map<String, Object> lc = Configs.map(o, "Sequential layer");
        try {
          Layer l = layerFromConfig(lc, customObjects);
          built.add(l);
          s.add(l);
        } catch (RuntimeException | OutOfMemoryError e) {
          throw inLayer(lc, e);
        }
      }
      if (!s.hasGraph() && c.get("build_input_shape") != null) {
        s.build(Configs.shape(c.get("build_input_shape"), "build_input_shape"));
      }
      s.trainable(Configs.bool(c, "trainable", true));
      return s;
    } catch (RuntimeException | OutOfMemoryError e) {
      release(built);
      throw e;
    }
  }

  /**
   * The failure {@code e} of building the layer of config {@code lc}, as an {@link
   * IllegalArgumentException} whose message starts with the layer's name and class ({@code layer
   * 'dense_3' (Dense): ...}); a nested model's layers add their names in turn.
   */
  private static IllegalArgumentException inLayer(Map<String, Object> lc, Throwable e) {
    Object cfg = lc.get("config");
    Object name = cfg instanceof Map<?, ?> m ? m.get("name") : null;
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IllegalArgumentException(
        "layer '" + name + "' (" + lc.get("class_name") + "): " + what, e);
  }

  /** Frees the weights of layers built for a model whose config then failed to load. */
  static void release(List<Layer> layers) {
    for (Layer l : layers) {
      try {
        for (Variable v : l.weights()) {
          v.close();
        }
      } catch (RuntimeException ignored) {
        // A layer that cannot list its weights has none to free; the load error is the one to
        // report.
      }
    }
  }

  /** A functional model from its config (the registered factory of {@code Functional}). */
  static Model functional(Map<String, Object> c, Map<String, ?> customObjects) {
    Map<String, Layer> byName = new LinkedHashMap<>();
    try {
      return functional(c, byName, customObjects);
    } catch (RuntimeException | OutOfMemoryError e) {
      release(new ArrayList<>(byName.values()));
      throw e;
    }
  }

  /** Builds the functional model of config {@code c}, each layer made put into {@code byName}. */
  private static Model functional(
      Map<String, Object> c, Map<String, Layer> byName, Map<String, ?> customObjects) {
    Map<String, KerasTensor> produced = new HashMap<>();
    List<Object[]> pending = new ArrayList<>();
    Map<Layer, Map<String, Object>> configOf = new IdentityHashMap<>();
    List<Object> layerConfigs = Configs.list(c.get("layers"), "Functional config 'layers'");
    Set<String> maskOps = SavedMasks.maskOnlyOps(layerConfigs, c.get("output_layers"));
    for (Object o : layerConfigs) {
      Map<String, Object> lc = Configs.map(o, "Functional layer");
      if (maskOps.contains(String.valueOf(lc.get("name")))) {
        continue;
      }
      Layer l;
      try {
        l = layerFromConfig(lc, customObjects);
      } catch (RuntimeException | OutOfMemoryError e) {
        throw inLayer(lc, e);
      }
      configOf.put(l, lc);
      String name = lc.get("name") instanceof String n ? n : l.name();
      l.name(name);
      byName.put(name, l);
      if (l instanceof InputLayer il) {
        produced.put(name + "#0#0", il.tensor());
        continue;
      }
      List<Object> nodes = Configs.list(lc.get("inbound_nodes"), name + " 'inbound_nodes'");
      for (Object node : nodes) {
        pending.add(new Object[] {l, inputRefs(node, name)});
      }
    }
    Map<Layer, Integer> callCount = new IdentityHashMap<>();
    while (!pending.isEmpty()) {
      boolean progress = false;
      for (int i = 0; i < pending.size(); i++) {
        Layer l = (Layer) pending.get(i)[0];
        @SuppressWarnings("unchecked")
        List<List<Object>> refs = (List<List<Object>>) pending.get(i)[1];
        KerasTensor[] ins = new KerasTensor[refs.size()];
        boolean ready = true;
        for (int k = 0; k < ins.length && ready; k++) {
          ins[k] = produced.get(key(refs.get(k)));
          ready = ins[k] != null;
        }
        if (!ready) {
          continue;
        }
        int index = callCount.merge(l, 1, Integer::sum) - 1;
        List<KerasTensor> outs;
        try {
          outs = l.applyAll(ins);
        } catch (RuntimeException | OutOfMemoryError e) {
          throw inLayer(configOf.get(l), e);
        }
        for (int k = 0; k < outs.size(); k++) {
          produced.put(l.name() + "#" + index + "#" + k, outs.get(k));
        }
        pending.remove(i);
        progress = true;
        break;
      }
      if (!progress) {
        Layer l = (Layer) pending.get(0)[0];
        throw new IllegalArgumentException(
            "Functional config: layer \""
                + l.name()
                + "\" needs inputs "
                + pending.get(0)[1]
                + " that no layer of the config produces");
      }
    }
    List<KerasTensor> ins = tensors(c.get("input_layers"), produced, "input_layers");
    List<KerasTensor> outs = tensors(c.get("output_layers"), produced, "output_layers");
    Model m = new Model(ins, outs);
    if (c.get("name") instanceof String n) {
      m.name(n);
    }
    m.trainable(Configs.bool(c, "trainable", true));
    return m;
  }

  /**
   * One layer of a model config, through the {@link Registry}: a built-in layer, a nested model, a
   * Lambda (its function found by name) or a custom class, from {@code customObjects} first (found
   * by its {@code registered_name} when it has one, else by its class name).
   */
  private static Layer layerFromConfig(Map<String, Object> lc, Map<String, ?> customObjects) {
    String cls = String.valueOf(lc.get("class_name"));
    String name =
        lc.get("registered_name") instanceof String r
                && Registry.find(Registry.Kind.LAYER, r, customObjects) != null
            ? r
            : cls;
    return Layers.fromConfig(name, modelConfig(lc.get("config")), customObjects);
  }

  private static String key(List<Object> ref) {
    // Keras's keras_history is [layer, node_index, tensor_index]; old configs may omit the last
    int tensor = ref.size() > 2 && ref.get(2) instanceof Number n ? n.intValue() : 0;
    return ref.get(0) + "#" + ((Number) ref.get(1)).intValue() + "#" + tensor;
  }

  /** The input references of one node: Keras 3's {@code {"args", "kwargs"}} or Keras 2's list. */
  private static List<List<Object>> inputRefs(Object node, String layer) {
    List<List<Object>> refs = new ArrayList<>();
    if (node instanceof Map<?, ?> m) {
      collectHistories(m.get("args"), refs);
    } else {
      for (Object r : Configs.list(node, layer + " inbound node")) {
        refs.add(Configs.list(r, layer + " inbound node entry"));
      }
    }
    if (refs.isEmpty()) {
      throw new IllegalArgumentException(
          "Functional config: layer \"" + layer + "\" has an inbound node without inputs");
    }
    return refs;
  }

  static void collectHistories(Object o, List<List<Object>> refs) {
    if (o instanceof Map<?, ?> m) {
      if ("__keras_tensor__".equals(m.get("class_name"))) {
        refs.add(
            Configs.list(
                Configs.map(m.get("config"), "keras tensor").get("keras_history"),
                "keras_history"));
      }
    } else if (o instanceof List<?> l) {
      for (Object x : l) {
        collectHistories(x, refs);
      }
    }
  }

  private static List<KerasTensor> tensors(
      Object spec, Map<String, KerasTensor> produced, String what) {
    List<Object> l = Configs.list(spec, "Functional config '" + what + "'");
    List<List<Object>> refs = new ArrayList<>();
    if (!l.isEmpty() && l.get(0) instanceof String) {
      refs.add(l);
    } else {
      for (Object r : l) {
        refs.add(Configs.list(r, what));
      }
    }
    List<KerasTensor> r = new ArrayList<>();
    for (List<Object> ref : refs) {
      KerasTensor t = produced.get(key(ref));
      if (t == null) {
        throw new IllegalArgumentException(
            "Functional config: '" + what + "' names " + ref + ", which no layer produces");
      }
      r.add(t);
    }
    return r;
  }

  /**
   * Compiles {@code model} from Keras 3's {@code compile_config} or Keras 2's {@code
   * training_config} (optimizer under {@code optimizer_config}); a missing optimizer is Keras's
   * default, RMSprop.
   */
  static void compile(Model model, Map<String, Object> cc, Map<String, ?> customObjects) {
    Object opt = cc.containsKey("optimizer") ? cc.get("optimizer") : cc.get("optimizer_config");
    Optimizer optimizer;
    if (opt == null) {
      optimizer = Optimizer.get("rmsprop");
    } else if (opt instanceof String s) {
      optimizer = Optimizer.fromConfig(s, Map.of(), customObjects);
    } else {
      Map<String, Object> oc = new LinkedHashMap<>(Configs.configOf(opt));
      oc.keySet().removeAll(IGNORED_OPTIMIZER_KEYS);
      oc.values().removeIf(v -> v == null);
      optimizer =
          Optimizer.fromConfig(
              Configs.componentName(Registry.Kind.OPTIMIZER, opt, customObjects),
              oc,
              customObjects);
    }
    Object loss = cc.get("loss");
    if (loss instanceof Map<?, ?> && !((Map<?, ?>) loss).containsKey("class_name")) {
      throw new IllegalArgumentException(
          "compile config: a loss per output (" + loss + ") is not supported yet");
    }
    Loss lossObject = lossFromConfig(loss, customObjects);
    List<Object> metrics = new ArrayList<>();
    for (Object m : Configs.list(cc.get("metrics"), "compile config 'metrics'")) {
      if (m instanceof List<?> perOutput) {
        metrics.addAll(perOutput);
      } else {
        metrics.add(m);
      }
    }
    boolean anyCustom = false;
    for (Object m : metrics) {
      anyCustom |=
          Registry.isCustom(
              Registry.Kind.METRIC,
              Configs.componentName(Registry.Kind.METRIC, m, customObjects),
              customObjects);
    }
    if (!anyCustom) {
      List<String> metricNames = new ArrayList<>();
      for (Object m : metrics) {
        metricNames.add(metricName(m));
      }
      model.compile(optimizer, lossObject, metricNames.toArray(new String[0]));
      return;
    }
    // A metric the per-load customObjects supply is built from its saved config; the others
    // resolve by name against the loss as above.
    List<Metric> objects = new ArrayList<>();
    for (Object m : metrics) {
      String name = Configs.componentName(Registry.Kind.METRIC, m, customObjects);
      objects.add(
          Registry.isCustom(Registry.Kind.METRIC, name, customObjects)
              ? (Metric) Configs.component(Registry.Kind.METRIC, m, customObjects)
              : Metric.get(metricName(m), lossObject));
    }
    model.compile(optimizer, lossObject, objects);
  }

  private static Loss lossFromConfig(Object loss, Map<String, ?> customObjects) {
    Object o = loss instanceof List<?> l && l.size() == 1 ? l.get(0) : loss;
    if (o == null || o instanceof List<?>) {
      throw new IllegalArgumentException("compile config: unsupported loss " + loss);
    }
    return (Loss) Configs.component(Registry.Kind.LOSS, o, customObjects);
  }

  private static String metricName(Object m) {
    if (m instanceof String s) {
      return s;
    }
    Map<String, Object> c = Configs.configOf(m);
    if (c.get("name") instanceof String n) {
      return n;
    }
    return snake(Configs.className(m));
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
