package dev.myelin.layers;

import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Creates layers from their Keras configs (Keras's {@code layers.deserialize}): the inverse of
 * {@link Layer#getConfig()}, reading both Keras 3 configs (initializers as serialized objects,
 * {@code batch_shape}) and Keras 2 ones (initializers as {@code {class_name, config}}, {@code
 * batch_input_shape}).
 *
 * <pre>{@code
 * Layer copy = Layers.fromConfig("Dense", dense.getConfig());
 * }</pre>
 */
public final class Layers {
  /** The class names {@link #fromConfig} knows. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "InputLayer",
          "Dense",
          "Activation",
          "Dropout",
          "BatchNormalization",
          "Flatten",
          "Reshape",
          "Concatenate",
          "Add");

  private static final Map<String, Function<Map<String, Object>, Layer>> CUSTOM =
      new ConcurrentHashMap<>();

  private Layers() {}

  /**
   * Registers a custom Java layer class for saving and loading (Keras's {@code
   * register_keras_serializable}): {@code name} is the layer's {@link Layer#className()}, or {@code
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
    if (name == null || name.isBlank() || name.endsWith(">")) {
      throw new IllegalArgumentException(
          "Layers.register: argument 'name' expected a class name or package>ClassName but was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    if (fromConfig == null) {
      throw new IllegalArgumentException(
          "Layers.register: argument 'fromConfig' expected a function but was null");
    }
    String cls = name.substring(name.lastIndexOf('>') + 1);
    if (CLASS_NAMES.contains(cls) || cls.equals("Lambda")) {
      throw new IllegalArgumentException(
          "Layers.register: \"" + cls + "\" is a built-in layer class and cannot be replaced");
    }
    CUSTOM.keySet().removeIf(k -> k.substring(k.lastIndexOf('>') + 1).equals(cls));
    CUSTOM.put(name.contains(">") ? name : "Custom>" + name, fromConfig);
  }

  /**
   * The registered name ({@code package>ClassName}) of custom layer class {@code className}, or
   * null when it is not registered.
   */
  public static String registeredName(String className) {
    for (String k : CUSTOM.keySet()) {
      if (k.substring(k.lastIndexOf('>') + 1).equals(className)) {
        return k;
      }
    }
    return null;
  }

  /**
   * The factory registered for {@code registeredName} ({@code package>ClassName}, may be null) or
   * else for {@code className}; null when neither is registered.
   */
  public static Function<Map<String, Object>, Layer> registered(
      String registeredName, String className) {
    Function<Map<String, Object>, Layer> f =
        registeredName == null ? null : CUSTOM.get(registeredName);
    if (f == null && className != null) {
      String k = registeredName(className);
      f = k == null ? null : CUSTOM.get(k);
    }
    return f;
  }

  /** The registered custom layer names ({@code package>ClassName}), sorted. */
  public static java.util.Set<String> registeredNames() {
    return new java.util.TreeSet<>(CUSTOM.keySet());
  }

  /**
   * A new, unbuilt layer of Keras class {@code className} configured by {@code config}; an unknown
   * class throws an {@link IllegalArgumentException} listing the known ones. {@code Lambda} layers
   * hold Java code and cannot be recreated from a config.
   */
  public static Layer fromConfig(String className, Map<String, Object> config) {
    Map<String, Object> c = config == null ? Map.of() : config;
    Layer layer;
    switch (className == null ? "" : className) {
      case "InputLayer":
        {
          Object s =
              c.containsKey("batch_shape") ? c.get("batch_shape") : c.get("batch_input_shape");
          long[] full = Configs.shape(s, "InputLayer config 'batch_shape'");
          long[] shape = java.util.Arrays.copyOfRange(full, 1, full.length);
          layer = new InputLayer(shape);
          break;
        }
      case "Dense":
        {
          Dense d = new Dense(((Number) require(c, "units", className)).longValue());
          Object act = c.get("activation");
          if (act != null) {
            d.activation(activationName(act));
          }
          d.useBias(Configs.bool(c, "use_bias", true));
          Object ki = c.get("kernel_initializer");
          if (ki != null) {
            d.kernelInitializer(Configs.initializer(ki));
          }
          Object bi = c.get("bias_initializer");
          if (bi != null) {
            d.biasInitializer(Configs.initializer(bi));
          }
          d.kernelRegularizer(Configs.regularizer(c.get("kernel_regularizer")));
          d.biasRegularizer(Configs.regularizer(c.get("bias_regularizer")));
          d.kernelConstraint(Configs.constraint(c.get("kernel_constraint")));
          d.biasConstraint(Configs.constraint(c.get("bias_constraint")));
          if (c.get("activity_regularizer") != null) {
            d.activityRegularizer(Configs.regularizer(c.get("activity_regularizer")));
          }
          layer = d;
          break;
        }
      case "Activation":
        layer = new Activation(activationName(require(c, "activation", className)));
        break;
      case "Dropout":
        layer = new Dropout(Configs.num(c, "rate", 0.5));
        break;
      case "BatchNormalization":
        {
          int axis = (int) Configs.num(c, "axis", -1);
          if (axis != -1) {
            throw new IllegalArgumentException(
                "BatchNormalization config: argument 'axis' expected -1 (the last axis) but was "
                    + axis);
          }
          layer =
              new BatchNormalization()
                  .momentum(Configs.num(c, "momentum", 0.99))
                  .epsilon(Configs.num(c, "epsilon", 1e-3))
                  .center(Configs.bool(c, "center", true))
                  .scale(Configs.bool(c, "scale", true));
          break;
        }
      case "Flatten":
        layer = new Flatten();
        break;
      case "Reshape":
        layer = new Reshape(Configs.shape(require(c, "target_shape", className), "target_shape"));
        break;
      case "Concatenate":
        layer = new Concatenate((int) Configs.num(c, "axis", -1));
        break;
      case "Add":
        layer = new Add();
        break;
      default:
        Function<Map<String, Object>, Layer> custom = registered(null, className);
        if (custom != null) {
          layer = custom.apply(c);
          if (layer == null) {
            throw new IllegalArgumentException(
                "Layers.fromConfig: the factory registered for \""
                    + className
                    + "\" returned null");
          }
          break;
        }
        throw new IllegalArgumentException(
            "Layers.fromConfig: argument 'className' expected one of "
                + CLASS_NAMES
                + " but was "
                + (className == null ? "null" : "\"" + className + "\"")
                + (("Lambda".equals(className))
                    ? " (a Lambda layer holds code: it is rebuilt from its registered function"
                        + " name when a whole model is loaded; see Lambda.register)"
                    : "; a custom layer class must be registered with Layers.register(\""
                        + className
                        + "\", fromConfig) (registered: "
                        + registeredNames()
                        + ")"));
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

  private static Object require(Map<String, Object> c, String key, String className) {
    Object v = c.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          className + " config: missing required argument '" + key + "' in " + c.keySet());
    }
    return v;
  }

  private static String activationName(Object o) {
    // Keras 3 may serialize an activation as {"module": "keras.activations", "class_name": "relu"}.
    return o instanceof String s ? s : Configs.className(o);
  }
}
