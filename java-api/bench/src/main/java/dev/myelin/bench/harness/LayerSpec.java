package dev.myelin.bench.harness;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of a workload's model as Keras serializes it: the Keras class name and a small config
 * ({@code Dense}: units, activation; {@code Conv2D}: filters, kernel_size, strides, padding,
 * activation; {@code MaxPooling2D}: pool_size, strides, padding; {@code Flatten}; {@code Reshape}:
 * target_shape; {@code Embedding}: input_dim, output_dim; {@code LSTM}, {@code GRU}: units, with
 * Keras 3's defaults for everything else). Every framework builds its layer from this: Keras by
 * {@code keras.layers.<class_name>(**config)}, Myelin through its component registry, the other
 * peers by their own equivalent. Shapes here have no batch axis and are channels-last, as in Keras.
 *
 * @param className the Keras layer class name
 * @param config the Keras config keys the layer needs (integers, strings, lists of integers)
 */
public record LayerSpec(String className, Map<String, Object> config) {

  /** Copies the config so the description cannot change under its users. */
  public LayerSpec {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  /** {@code Dense(units, activation)}. */
  public static LayerSpec dense(int units, String activation) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("units", units);
    c.put("activation", activation);
    return new LayerSpec("Dense", c);
  }

  /** {@code Conv2D(filters, (k, k), strides=1, padding, activation)}. */
  public static LayerSpec conv2d(int filters, int kernel, String padding, String activation) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("filters", filters);
    c.put("kernel_size", List.of(kernel, kernel));
    c.put("strides", List.of(1, 1));
    c.put("padding", padding);
    c.put("activation", activation);
    return new LayerSpec("Conv2D", c);
  }

  /** {@code MaxPooling2D(pool_size=(p, p))}: strides equal to the pool size, valid padding. */
  public static LayerSpec maxPooling2d(int pool) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("pool_size", List.of(pool, pool));
    c.put("strides", List.of(pool, pool));
    c.put("padding", "valid");
    return new LayerSpec("MaxPooling2D", c);
  }

  /** {@code Flatten()}. */
  public static LayerSpec flatten() {
    return new LayerSpec("Flatten", Map.of());
  }

  /** {@code Embedding(input_dim, output_dim)}: integer ids (given as floats) to vectors. */
  public static LayerSpec embedding(int inputDim, int outputDim) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("input_dim", inputDim);
    c.put("output_dim", outputDim);
    return new LayerSpec("Embedding", c);
  }

  /**
   * {@code LSTM(units)} or {@code GRU(units)} ({@code className}) with Keras 3's defaults: tanh,
   * sigmoid gates, the last step's output only (GRU: {@code reset_after=True}).
   */
  public static LayerSpec recurrent(String className, int units) {
    if (!className.equals("LSTM") && !className.equals("GRU")) {
      throw new IllegalArgumentException(
          "LayerSpec: argument 'className' expected LSTM or GRU but was \"" + className + "\"");
    }
    return new LayerSpec(className, Map.of("units", units));
  }

  /** {@code Reshape(target_shape)}. */
  public static LayerSpec reshape(int... targetShape) {
    return new LayerSpec(
        "Reshape", Map.of("target_shape", Arrays.stream(targetShape).boxed().toList()));
  }

  /**
   * The output shape (no batch axis) for input shape {@code in}; throws naming the layer for a
   * class this description does not know or an input it cannot take.
   */
  public int[] outputShape(int[] in) {
    return switch (className) {
      case "Dense" -> {
        int[] out = in.clone();
        out[out.length - 1] = integer("units");
        yield out;
      }
      case "Conv2D" -> {
        int[] k = pair("kernel_size");
        int[] s = pair("strides");
        yield new int[] {
          spatial(in, 0, k[0], s[0]), spatial(in, 1, k[1], s[1]), integer("filters")
        };
      }
      case "MaxPooling2D" -> {
        int[] p = pair("pool_size");
        int[] s = pair("strides");
        yield new int[] {spatial(in, 0, p[0], s[0]), spatial(in, 1, p[1], s[1]), rank3(in)[2]};
      }
      case "Flatten" -> new int[] {Math.toIntExact(product(in))};
      case "Embedding" -> {
        if (in.length != 1) {
          throw bad("input_shape", "(timesteps,) of token ids", Arrays.toString(in));
        }
        yield new int[] {in[0], integer("output_dim")};
      }
      case "LSTM", "GRU" -> {
        sequence(in);
        yield new int[] {integer("units")};
      }
      case "Reshape" -> {
        int[] t = ints("target_shape");
        if (product(t) != product(in)) {
          throw bad("target_shape", "a shape of " + product(in) + " elements", Arrays.toString(t));
        }
        yield t;
      }
      default ->
          throw new IllegalArgumentException(
              "LayerSpec: argument 'className' expected one of [Dense, Conv2D, MaxPooling2D,"
                  + " Flatten, Reshape, Embedding, LSTM, GRU] but was \""
                  + className
                  + "\"");
    };
  }

  /**
   * Multiply-add FLOPs of this layer's forward pass for one sample with input shape {@code in}: 2
   * per weight use (Dense: 2 x in x units per position; Conv2D: 2 x kh x kw x cin x cout x oh x
   * ow); pooling and reshapes count 0.
   */
  public long forwardFlops(int[] in) {
    int[] out = outputShape(in);
    return switch (className) {
      case "Dense" -> 2L * product(in) * out[out.length - 1];
      case "Conv2D" -> {
        int[] k = pair("kernel_size");
        yield 2L * k[0] * k[1] * in[2] * product(out);
      }
      // per step: the gates' input and recurrent products (4 gates for an LSTM, 3 for a GRU)
      case "LSTM", "GRU" -> {
        int[] seq = sequence(in);
        int units = integer("units");
        yield 2L * seq[0] * (className.equals("LSTM") ? 4 : 3) * units * (seq[1] + units);
      }
      default -> 0L;
    };
  }

  /** The Keras serialized form {@code {"class_name": ..., "config": {...}}} (the peers read it). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("class_name", className);
    m.put("config", config);
    return m;
  }

  /** The product of the sizes (the element count of one sample). */
  static long product(int[] shape) {
    long p = 1;
    for (int d : shape) {
      p *= d;
    }
    return p;
  }

  private int spatial(int[] in, int axis, int window, int stride) {
    int size = rank3(in)[axis];
    boolean same = "same".equals(config.get("padding"));
    int out = same ? (size + stride - 1) / stride : (size - window) / stride + 1;
    if (out <= 0 || (!same && size < window)) {
      throw bad(
          "input_shape",
          "spatial sizes of at least the window " + window,
          Arrays.toString(in) + " (padding " + config.get("padding") + ")");
    }
    return out;
  }

  private int[] sequence(int[] in) {
    if (in.length != 2) {
      throw bad("input_shape", "(timesteps, features)", Arrays.toString(in));
    }
    return in;
  }

  private int[] rank3(int[] in) {
    if (in.length != 3) {
      throw bad("input_shape", "(height, width, channels)", Arrays.toString(in));
    }
    return in;
  }

  private int integer(String key) {
    Object v = config.get(key);
    if (!(v instanceof Number n) || n.intValue() <= 0) {
      throw bad(key, "a positive integer", String.valueOf(v));
    }
    return n.intValue();
  }

  private int[] ints(String key) {
    Object v = config.get(key);
    if (!(v instanceof List<?> l) || l.isEmpty()) {
      throw bad(key, "a list of positive integers", String.valueOf(v));
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(l.get(i) instanceof Number n) || n.intValue() <= 0) {
        throw bad(key, "a list of positive integers", String.valueOf(v));
      }
      out[i] = n.intValue();
    }
    return out;
  }

  private int[] pair(String key) {
    int[] p = ints(key);
    if (p.length != 2) {
      throw bad(key, "two sizes", String.valueOf(config.get(key)));
    }
    return p;
  }

  private IllegalArgumentException bad(String argument, String expected, String actual) {
    return new IllegalArgumentException(
        "LayerSpec "
            + className
            + ": argument '"
            + argument
            + "' expected "
            + expected
            + " but was "
            + actual);
  }
}
