package dev.myelin.layers;

import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

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

  private Layers() {}

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
        throw new IllegalArgumentException(
            "Layers.fromConfig: argument 'className' expected one of "
                + CLASS_NAMES
                + " but was "
                + (className == null ? "null" : "\"" + className + "\"")
                + (("Lambda".equals(className))
                    ? " (a Lambda layer holds code, which a config cannot carry)"
                    : ""));
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
