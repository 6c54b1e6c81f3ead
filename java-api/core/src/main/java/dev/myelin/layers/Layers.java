package dev.myelin.layers;

import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Creates layers from their Keras configs (Keras's {@code layers.deserialize}): the inverse of
 * {@link Layer#getConfig()}, reading both Keras 3 configs (initializers as serialized objects,
 * {@code batch_shape}) and Keras 2 ones (initializers as {@code {class_name, config}}, {@code
 * batch_input_shape}). Each layer class registers its own {@code fromConfig} in the {@link
 * Registry}; this class looks it up and applies what every layer's config shares.
 *
 * <pre>{@code
 * Layer copy = Layers.fromConfig("Dense", dense.getConfig());
 * }</pre>
 */
public final class Layers {
  private Layers() {}

  /** The built-in layer class names {@link #fromConfig} knows (models and Lambda included). */
  public static List<String> classNames() {
    Set<String> r = new TreeSet<>();
    for (Registry.Entry e : Registry.entries(Registry.Kind.LAYER)) {
      if (e.builtIn()) {
        r.addAll(e.names());
      }
    }
    return new ArrayList<>(r);
  }

  /**
   * Registers a custom Java layer class for saving and loading (Keras's {@code
   * register_keras_serializable}; the same as {@link Registry#register} for {@link
   * Registry.Kind#LAYER}): {@code name} is the layer's {@link Layer#className()}, or {@code
   * package>ClassName} as Keras writes a registered class ({@code Custom>} is Keras's default
   * package); {@code fromConfig} rebuilds a layer from what its {@link Layer#getConfig()} returned.
   * A model holding the layer then saves it as {@code {"module": null, "class_name": "ClassName",
   * "registered_name": "package>ClassName", "config": ...}} and loads it back through {@code
   * fromConfig}; weights travel as for built-in layers. A later registration of the same class
   * replaces the earlier one.
   *
   * <pre>{@code
   * Layers.register("Scale", c -> new Scale(((Number) c.get("factor")).doubleValue()));
   * }</pre>
   */
  public static void register(String name, Function<Map<String, Object>, Layer> fromConfig) {
    try {
      Registry.register(Registry.Kind.LAYER, name, fromConfig);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("Registry.", "Layers."), e);
    }
  }

  /**
   * The registered name ({@code package>ClassName}) of custom layer class {@code className}, or
   * null when it is not registered.
   */
  public static String registeredName(String className) {
    Registry.Entry e = Registry.ofClass(Registry.Kind.LAYER, className);
    return e == null ? null : e.registeredName();
  }

  /**
   * The factory registered for {@code registeredName} ({@code package>ClassName}, may be null) or
   * else for {@code className}; null when neither is registered.
   */
  public static Function<Map<String, Object>, Layer> registered(
      String registeredName, String className) {
    Registry.Entry e = Registry.find(Registry.Kind.LAYER, registeredName, null);
    if (e == null) {
      e = Registry.find(Registry.Kind.LAYER, className, null);
    }
    Registry.Entry found = e;
    return found == null || found.builtIn()
        ? null
        : c -> (Layer) Registry.create(found, found.className(), c, null);
  }

  /** The registered custom layer names ({@code package>ClassName}), sorted. */
  public static Set<String> registeredNames() {
    return Registry.userNames(Registry.Kind.LAYER);
  }

  /**
   * A new, unbuilt layer of Keras class {@code className} configured by {@code config}; an unknown
   * class throws an {@link IllegalArgumentException} listing close matches and the known ones.
   */
  public static Layer fromConfig(String className, Map<String, Object> config) {
    return fromConfig(className, config, null);
  }

  /**
   * {@link #fromConfig(String, Map)} looking in {@code customObjects} (Keras's {@code
   * custom_objects}: class name or {@code package>ClassName} to a {@code fromConfig} function; may
   * be null) before the registry, for this layer and the components its config names.
   */
  public static Layer fromConfig(
      String className, Map<String, Object> config, Map<String, ?> customObjects) {
    Map<String, Object> c = config == null ? Map.of() : config;
    Registry.Entry e = Registry.find(Registry.Kind.LAYER, className, customObjects);
    if (e == null) {
      throw Registry.unknown(
          Registry.Kind.LAYER,
          className,
          "; a custom layer class must be registered with Layers.register(\""
              + className
              + "\", fromConfig) or passed in customObjects (registered: "
              + registeredNames()
              + ")");
    }
    Object made = Registry.create(e, className, c, customObjects);
    if (!(made instanceof Layer layer)) {
      throw new IllegalArgumentException(
          "Layers.fromConfig: the factory for \""
              + className
              + "\" expected to return a Layer but returned "
              + made.getClass().getName());
    }
    Object name = c.get("name");
    if (name instanceof String s && !s.isEmpty()) {
      layer.name(s);
    }
    layer.trainable(Configs.bool(c, "trainable", true));
    Object bis = c.get("batch_input_shape");
    if (bis != null && !(layer instanceof InputLayer)) {
      long[] full = Configs.shape(bis, className + " config 'batch_input_shape'");
      layer.inputShape(java.util.Arrays.copyOfRange(full, 1, full.length));
    }
    return layer;
  }
}
