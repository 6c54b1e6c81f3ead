package dev.myelin.models;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved config of a {@link Model} subclass without a graph, by Keras 3's rule for a subclassed
 * model: the class is found again by its registered name ({@code Custom>Towers}, Keras's {@code
 * register_keras_serializable}; in Myelin {@code Layers.register}), rebuilt from what its {@link
 * Model#getConfig()} returned (the base keys plus the constructor arguments a subclass adds), then
 * built by one call on its {@code build_config} input shape; its weights travel by the attribute
 * paths of its tracked layers ({@code encoder/vars}, {@code blocks/dense_1/vars}), as for a
 * composite layer.
 */
final class SubclassedConfig {
  private SubclassedConfig() {}

  /**
   * {@code {"module": null, "class_name", "config", "registered_name", "build_config"}}, as Keras 3
   * writes a registered subclassed model; an unregistered class throws an {@link
   * IllegalArgumentException} saying how to register it.
   */
  static Map<String, Object> serialize(Model model) {
    String cls = model.className();
    Registry.Entry e = Registry.ofClass(Registry.Kind.LAYER, cls);
    boolean anonymous = model.getClass().getSimpleName().isEmpty();
    if (anonymous || e == null || e.builtIn()) {
      throw new IllegalArgumentException(
          "saving: Model subclass \""
              + model.name()
              + "\" of class "
              + (anonymous ? model.getClass().getName() + " (an anonymous class)" : cls)
              + " has no Keras config: a subclassed model is saved by its registered class, so"
              + (anonymous ? " give it a named class," : "")
              + " register it with Layers.register(\""
              + (anonymous ? "ClassName" : cls)
              + "\", fromConfig) (Keras's register_keras_serializable) and override getConfig()"
              + " to add its constructor arguments; or save the weights alone with saveWeights");
    }
    Map<String, Object> config = new LinkedHashMap<>(model.getConfig());
    config.remove("batch_input_shape");
    config.put("dtype", Configs.float32Policy());
    Map<String, Object> m = Configs.serialized(null, cls, config);
    m.put("registered_name", e.registeredName());
    long[][] in = model.subclassInputShapes();
    if (in != null) {
      m.put("build_config", Map.of("input_shape", KerasConfig.buildShape(in)));
    }
    return m;
  }

  /**
   * Builds a subclassed model read back from its config for the {@code input_shape} of its {@code
   * build_config} (one shape, or a list of shapes for several inputs; a known batch size is kept,
   * as Keras does); a model saved unbuilt (no build config) stays unbuilt.
   */
  static void build(Model model, Object buildConfig) {
    if (!(buildConfig instanceof Map<?, ?> bc) || bc.get("input_shape") == null) {
      return;
    }
    Object shape = bc.get("input_shape");
    String what = "Model subclass " + model.className() + " build_config 'input_shape'";
    List<Object> list = Configs.list(shape, what);
    long[][] shapes;
    if (!list.isEmpty() && list.get(0) instanceof List<?>) {
      shapes = new long[list.size()][];
      for (int i = 0; i < shapes.length; i++) {
        shapes[i] = Configs.shape(list.get(i), what);
      }
    } else {
      shapes = new long[][] {Configs.shape(list, what)};
    }
    model.buildSubclass(shapes);
  }

  /**
   * The exception for a model config whose class is not registered: it names the class, the
   * registered name the file asks for and how to register it.
   */
  static IllegalArgumentException unregistered(String cls, Object registeredName) {
    String wanted = registeredName instanceof String r ? r : cls;
    return new IllegalArgumentException(
        "model config: 'class_name' expected Sequential, Functional, Model or a registered Model"
            + " subclass but was \""
            + cls
            + "\""
            + (registeredName instanceof String r ? " (registered_name \"" + r + "\")" : "")
            + "; a subclassed model loads only through its registered class: register it with"
            + " Layers.register(\""
            + wanted
            + "\", fromConfig) or pass it in customObjects");
  }
}
