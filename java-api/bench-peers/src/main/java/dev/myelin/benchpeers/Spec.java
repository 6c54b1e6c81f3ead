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

  int[] units() {
    return ((List<?>) require("units")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
  }

  @SuppressWarnings("unchecked")
  List<String> activations() {
    return (List<String>) require("activations");
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
