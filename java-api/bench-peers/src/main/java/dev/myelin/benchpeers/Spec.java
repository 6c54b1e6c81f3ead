package dev.myelin.benchpeers;

import java.util.List;
import java.util.Map;

/**
 * A workload description as Myelin's harness prints it ({@code BenchMain --describe}): the same
 * JSON keys the Python peers read.
 */
final class Spec {
  private final Map<String, Object> map;

  Spec(Map<String, Object> map) {
    this.map = map;
  }

  Map<String, Object> map() {
    return map;
  }

  String str(String key) {
    return (String) require(key);
  }

  int integer(String key) {
    return ((Number) require(key)).intValue();
  }

  double number(String key) {
    return ((Number) require(key)).doubleValue();
  }

  /** One sample's shape, channels-last as in Keras ({@code [784]}, {@code [28, 28, 1]}). */
  int[] inputShape() {
    return ints(require("input_shape"), "input_shape");
  }

  /** The model's layers: Keras class names and configs. */
  List<Layer> layers() {
    return ((List<?>) require("layers"))
        .stream()
        .map(o -> (Map<?, ?>) o)
        .map(m -> new Layer((String) m.get("class_name"), (Map<?, ?>) m.get("config")))
        .toList();
  }

  /** One layer of the spec: a Keras class name and its config. */
  record Layer(String className, Map<?, ?> config) {
    /** The config's integer {@code key}. */
    int integer(String key) {
      return ((Number) need(key)).intValue();
    }

    /** The config's list of integers {@code key} ({@code kernel_size}, {@code pool_size}). */
    int[] ints(String key) {
      return Spec.ints(need(key), className + "." + key);
    }

    /** The config's string {@code key}, or {@code fallback} when it is absent or null. */
    String str(String key, String fallback) {
      Object v = config.get(key);
      return v == null ? fallback : (String) v;
    }

    private Object need(String key) {
      Object v = config.get(key);
      if (v == null) {
        throw new IllegalArgumentException(
            "workload spec: layer " + className + " lacks '" + key + "': " + config);
      }
      return v;
    }
  }

  private static int[] ints(Object list, String what) {
    if (!(list instanceof List<?> l)) {
      throw new IllegalArgumentException("workload spec: '" + what + "' is not a list: " + list);
    }
    return l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
  }

  boolean training() {
    return str("kind").equals("train");
  }

  private Object require(String key) {
    Object v = map.get(key);
    if (v == null) {
      throw new IllegalArgumentException("workload spec lacks '" + key + "': " + map);
    }
    return v;
  }
}
