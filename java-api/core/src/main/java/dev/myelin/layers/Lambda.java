package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Wraps a tensor function as a layer (no weights); gradients flow through the tensor operations it
 * uses. The output shape is found by running the function once on a zero batch of one sample.
 *
 * <p>Saving: Keras serialises a Python lambda as bytecode, which Java cannot run, and a Java lambda
 * cannot be written to a file either. A Lambda is therefore saved by the <em>name</em> of its
 * function, as Keras saves a named (registered) Python function: {@code {"class_name": "function",
 * "config": "double"}}. Give the function a name with {@link #Lambda(String, UnaryOperator)} (which
 * registers it) or {@link #register}; loading looks the name up in this registry (or in the {@code
 * CustomObjects} passed to the load) and fails naming the layer and the missing registration
 * otherwise. Python Keras loads such a file with {@code custom_objects={"double": fn}}. A Keras
 * file whose Lambda holds Python bytecode loads only when a Java function is registered under the
 * layer's name.
 *
 * <pre>{@code
 * model.add(new Lambda(x -> x.mul(2.0)));              // not savable whole
 * model.add(new Lambda("double", x -> x.mul(2.0)));    // savable; registered as "double"
 * }</pre>
 */
public class Lambda extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Lambda.class,
        "Lambda",
        List.of(),
        (c, custom) -> fromConfig(c, custom));
  }

  private static final Map<String, UnaryOperator<Tensor>> REGISTRY = new ConcurrentHashMap<>();

  private final UnaryOperator<Tensor> fn;
  private final String functionName;

  /** A layer computing {@code fn(input)}; it cannot be saved whole (its function has no name). */
  public Lambda(UnaryOperator<Tensor> fn) {
    this(null, fn, false);
  }

  /**
   * A layer computing {@code fn(input)} that is saved by the function's name {@code functionName};
   * registers {@code fn} under that name (see {@link #register}).
   */
  public Lambda(String functionName, UnaryOperator<Tensor> fn) {
    this(checkName(functionName), fn, true);
  }

  /** A layer computing the function registered as {@code functionName}. */
  public Lambda(String functionName) {
    this(checkName(functionName), lookup(functionName), false);
  }

  private Lambda(String functionName, UnaryOperator<Tensor> fn, boolean register) {
    if (fn == null) {
      throw new IllegalArgumentException("Lambda: argument 'fn' expected a function but was null");
    }
    this.fn = fn;
    this.functionName = functionName;
    if (register) {
      register(functionName, fn);
    }
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "Lambda: argument 'functionName' expected a non-empty name but was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    return name;
  }

  private static UnaryOperator<Tensor> lookup(String name) {
    UnaryOperator<Tensor> f = registered(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "Lambda: no function is registered as \""
              + name
              + "\"; register one with Lambda.register(\""
              + name
              + "\", fn). Registered: "
              + registeredNames());
    }
    return f;
  }

  /**
   * Registers {@code fn} under {@code name} for loading saved Lambda layers (Keras's {@code
   * register_keras_serializable} / {@code custom_objects} for functions); a later registration of
   * the same name replaces it. A name of the form {@code package>name}, as Keras writes registered
   * functions, is also found by its part after {@code >}.
   */
  public static void register(String name, UnaryOperator<Tensor> fn) {
    checkName(name);
    if (fn == null) {
      throw new IllegalArgumentException(
          "Lambda.register: argument 'fn' expected a function but was null");
    }
    REGISTRY.put(name, fn);
  }

  /**
   * The function registered as {@code name} (or, for {@code package>name}, as {@code name}), or
   * null.
   */
  public static UnaryOperator<Tensor> registered(String name) {
    if (name == null) {
      return null;
    }
    UnaryOperator<Tensor> f = REGISTRY.get(name);
    int gt = name.lastIndexOf('>');
    return f != null || gt < 0 ? f : REGISTRY.get(name.substring(gt + 1));
  }

  /** The registered function names, sorted. */
  public static java.util.Set<String> registeredNames() {
    return new TreeSet<>(REGISTRY.keySet());
  }

  /** The name the function is saved by, or null for an anonymous function. */
  public String functionName() {
    return functionName;
  }

  @Override
  public Lambda inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] probe = inputShapes[0].clone();
    for (int i = 0; i < probe.length; i++) {
      if (probe[i] < 0) {
        probe[i] = 1;
      }
    }
    try (TensorScope scope = new TensorScope()) {
      long[] out = fn.apply(Tensor.zeros(DType.FLOAT32, probe)).shape();
      if (out.length > 0 && inputShapes[0][0] < 0) {
        out[0] = -1;
      }
      return out;
    }
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    return fn.apply(inputs[0]);
  }

  /**
   * Keras's keys; {@code function} is Keras's serialized named function ({@code {"module":
   * "builtins", "class_name": "function", "config": NAME, "registered_name": "function"}}) when the
   * function has a name, else the Java class of the anonymous function (informative only).
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    if (functionName != null) {
      Map<String, Object> f = new java.util.LinkedHashMap<>();
      f.put("module", "builtins");
      f.put("class_name", "function");
      f.put("config", functionName);
      f.put("registered_name", "function");
      c.put("function", f);
    } else {
      c.put("function", fn.getClass().getName());
    }
    c.put("arguments", Map.of());
    return c;
  }

  /**
   * A Lambda layer from its Keras config: its function is found by name in {@code customObjects} (a
   * {@link UnaryOperator} value) or else among the {@link #register registered} functions. Keras 3
   * writes a named function as {@code {"class_name": "function", "config": "package>name"}}, Keras
   * 2 as the name itself; a Python lambda (bytecode) is looked up under the layer's name.
   */
  public static Lambda fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    String layer = c.get("name") instanceof String n ? n : "lambda";
    Object f = c.get("function");
    // Keras 3 writes a Python lambda as {"class_name": "__lambda__", ...}; Keras 2 as a list
    // [bytecode, defaults, closure] with function_type "lambda".
    boolean bytecode =
        f instanceof Map<?, ?> fm && "__lambda__".equals(fm.get("class_name"))
            || f instanceof List<?>
            || "lambda".equals(c.get("function_type"));
    String fname =
        bytecode
            ? layer
            : f instanceof Map<?, ?> fm && fm.get("config") instanceof String named
                ? named
                : String.valueOf(f);
    UnaryOperator<Tensor> fn = customFunction(fname, customObjects);
    if (fn == null) {
      fn = registered(fname);
    }
    if (fn == null && bytecode) {
      throw new IllegalArgumentException(
          "Lambda layer \""
              + layer
              + "\" holds a Python lambda (bytecode), which Myelin cannot run; register a Java"
              + " function under the layer's name with Lambda.register(\""
              + layer
              + "\", fn) before loading");
    }
    if (fn == null) {
      throw new IllegalArgumentException(
          "Lambda layer \""
              + layer
              + "\" calls the function \""
              + fname
              + "\", which is not registered; register a Java function for it with"
              + " Lambda.register(\""
              + fname.substring(fname.lastIndexOf('>') + 1)
              + "\", fn) before loading (registered: "
              + registeredNames()
              + ")");
    }
    if (c.get("arguments") instanceof Map<?, ?> args && !args.isEmpty()) {
      throw new IllegalArgumentException(
          "Lambda layer \"" + layer + "\": 'arguments' " + args + " are not supported");
    }
    Lambda l = new Lambda(fname, fn, false);
    l.name(layer);
    l.trainable(Configs.bool(c, "trainable", true));
    return l;
  }

  @SuppressWarnings("unchecked")
  private static UnaryOperator<Tensor> customFunction(String name, Map<String, ?> customObjects) {
    if (customObjects == null) {
      return null;
    }
    Object v = customObjects.get(name);
    if (v == null) {
      v = customObjects.get(name.substring(name.lastIndexOf('>') + 1));
    }
    return v instanceof UnaryOperator<?> u ? (UnaryOperator<Tensor>) u : null;
  }
}
