package dev.myelin.saving.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.constraints.Constraint;
import dev.myelin.constraints.MaxNorm;
import dev.myelin.constraints.MinMaxNorm;
import dev.myelin.constraints.UnitNorm;
import dev.myelin.initializers.Constant;
import dev.myelin.initializers.GlorotNormal;
import dev.myelin.initializers.GlorotUniform;
import dev.myelin.initializers.HeNormal;
import dev.myelin.initializers.HeUniform;
import dev.myelin.initializers.Identity;
import dev.myelin.initializers.Initializer;
import dev.myelin.initializers.LecunNormal;
import dev.myelin.initializers.LecunUniform;
import dev.myelin.initializers.Orthogonal;
import dev.myelin.initializers.RandomNormal;
import dev.myelin.initializers.RandomUniform;
import dev.myelin.initializers.TruncatedNormal;
import dev.myelin.initializers.VarianceScaling;
import dev.myelin.regularizers.L1;
import dev.myelin.regularizers.L1L2;
import dev.myelin.regularizers.L2;
import dev.myelin.regularizers.Regularizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras config plumbing shared by layers and models: JSON text to maps and back, shapes with {@code
 * null} for an unknown size, and Keras 3's serialized-object form ({@code {"module", "class_name",
 * "config", "registered_name"}}) for initializers, regularizers and constraints.
 */
public final class Configs {
  /**
   * Deepest nesting of JSON arrays and objects read: a Keras config of nested models reaches a few
   * dozen levels; hostile text 200,000 deep must fail with a message, not a stack overflow.
   */
  public static final int MAX_JSON_DEPTH = 256;

  /** Longest JSON string read, in characters (a config holds names and short settings). */
  public static final int MAX_JSON_STRING = 16 << 20;

  /** Longest JSON number read, in characters (a float needs 25 at most). */
  public static final int MAX_JSON_NUMBER = 100;

  /** Longest JSON document read, in characters (Keras configs of large models are a few MB). */
  public static final long MAX_JSON_DOCUMENT = 64L << 20;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_JSON_DEPTH)
                      .maxStringLength(MAX_JSON_STRING)
                      .maxNumberLength(MAX_JSON_NUMBER)
                      .maxDocumentLength(MAX_JSON_DOCUMENT)
                      .build())
              .build());

  private Configs() {}

  /** Parses JSON text into maps, lists, strings, numbers, booleans and nulls. */
  public static Object parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Object>() {});
    } catch (JsonProcessingException e) {
      // A broken limit (StreamConstraintsException) carries no location.
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          "invalid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** Writes maps, lists, strings, numbers, booleans, nulls and primitive arrays as JSON. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write config as JSON: " + e.getMessage(), e);
    }
  }

  /** Keras 3's serialized form of an object of {@code module}. */
  public static Map<String, Object> serialized(
      String module, String className, Map<String, Object> config) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("module", module);
    m.put("class_name", className);
    m.put("config", config == null ? Map.of() : new LinkedHashMap<>(config));
    m.put("registered_name", null);
    return m;
  }

  /** Keras 3's float32 dtype policy. */
  public static Map<String, Object> float32Policy() {
    return serialized("keras", "DTypePolicy", Map.of("name", "float32"));
  }

  /** A shape as Keras writes it: a list with {@code null} for {@code -1}. */
  public static List<Object> shape(long[] s) {
    List<Object> r = new ArrayList<>();
    for (long d : s) {
      r.add(d < 0 ? null : d);
    }
    return r;
  }

  /** A shape read from Keras JSON ({@code null} becomes {@code -1}). */
  public static long[] shape(Object o, String what) {
    if (o instanceof long[] a) {
      return a.clone();
    }
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(what + ": expected a shape list but was " + o);
    }
    long[] r = new long[l.size()];
    for (int i = 0; i < r.length; i++) {
      Object d = l.get(i);
      r[i] = d == null ? -1 : ((Number) d).longValue();
    }
    return r;
  }

  /** The map under {@code key}, or an empty one. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object o, String what) {
    if (o == null) {
      return new LinkedHashMap<>();
    }
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException(what + ": expected a JSON object but was " + o);
    }
    return (Map<String, Object>) o;
  }

  /** The list {@code o}, or an empty one for null. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o, String what) {
    if (o == null) {
      return new ArrayList<>();
    }
    if (!(o instanceof List)) {
      throw new IllegalArgumentException(what + ": expected a JSON list but was " + o);
    }
    return (List<Object>) o;
  }

  /** A number under {@code key}, or {@code dflt} when absent or null. */
  public static double num(Map<String, Object> c, String key, double dflt) {
    Object v = c.get(key);
    return v instanceof Number n ? n.doubleValue() : dflt;
  }

  /** A boolean under {@code key}, or {@code dflt}. */
  public static boolean bool(Map<String, Object> c, String key, boolean dflt) {
    Object v = c.get(key);
    return v instanceof Boolean b ? b : dflt;
  }

  /** A seed under {@code key}, or null. */
  public static Long seed(Map<String, Object> c) {
    Object v = c.get("seed");
    return v instanceof Number n ? n.longValue() : null;
  }

  /** The class name of a serialized object ({@code {"class_name": ...}}) or the string itself. */
  public static String className(Object o) {
    if (o instanceof String s) {
      return s;
    }
    Object c = map(o, "serialized object").get("class_name");
    return c == null ? null : c.toString();
  }

  /** The config of a serialized object, or an empty map. */
  public static Map<String, Object> configOf(Object o) {
    return o instanceof Map ? map(map(o, "serialized object").get("config"), "config") : Map.of();
  }

  // ---- initializers, regularizers, constraints ----

  /** Keras 3's serialized form of an initializer. */
  public static Map<String, Object> serialize(Initializer i) {
    return i == null ? null : serialized("keras.initializers", i.className(), i.getConfig());
  }

  /** Keras 3's serialized form of a regularizer, or null. */
  public static Map<String, Object> serialize(Regularizer r) {
    return r == null ? null : serialized("keras.regularizers", r.className(), r.getConfig());
  }

  /** Keras 3's serialized form of a constraint, or null. */
  public static Map<String, Object> serialize(Constraint c) {
    return c == null ? null : serialized("keras.constraints", c.className(), c.getConfig());
  }

  /** An initializer from a Keras name or a serialized object (Keras 2 or 3); null stays null. */
  public static Initializer initializer(Object o) {
    if (o == null) {
      return null;
    }
    String cls = className(o);
    Map<String, Object> c = configOf(o);
    Long seed = seed(c);
    switch (cls) {
      case "GlorotUniform":
        return new GlorotUniform(seed);
      case "GlorotNormal":
        return new GlorotNormal(seed);
      case "HeUniform":
        return new HeUniform(seed);
      case "HeNormal":
        return new HeNormal(seed);
      case "LecunUniform":
        return new LecunUniform(seed);
      case "LecunNormal":
        return new LecunNormal(seed);
      case "Constant":
        return new Constant(num(c, "value", 0));
      case "Identity":
        return new Identity(num(c, "gain", 1));
      case "Orthogonal":
        return new Orthogonal(num(c, "gain", 1), seed);
      case "RandomNormal":
        return new RandomNormal(num(c, "mean", 0), num(c, "stddev", 0.05), seed);
      case "RandomUniform":
        return new RandomUniform(num(c, "minval", -0.05), num(c, "maxval", 0.05), seed);
      case "TruncatedNormal":
        return new TruncatedNormal(num(c, "mean", 0), num(c, "stddev", 0.05), seed);
      case "VarianceScaling":
        return new VarianceScaling(
            num(c, "scale", 1),
            String.valueOf(c.getOrDefault("mode", "fan_in")),
            String.valueOf(c.getOrDefault("distribution", "truncated_normal")),
            seed);
      default:
        return Initializer.get(cls);
    }
  }

  /** A regularizer from a Keras name or a serialized object; null stays null. */
  public static Regularizer regularizer(Object o) {
    if (o == null) {
      return null;
    }
    String cls = className(o);
    Map<String, Object> c = configOf(o);
    if (c.isEmpty()) {
      return Regularizer.get(cls);
    }
    switch (cls) {
      case "L1":
        return new L1(num(c, "l1", 0.01));
      case "L2":
        return new L2(num(c, "l2", 0.01));
      case "L1L2":
        return new L1L2(num(c, "l1", 0), num(c, "l2", 0));
      default:
        return Regularizer.get(cls);
    }
  }

  /** A constraint from a Keras name or a serialized object; null stays null. */
  public static Constraint constraint(Object o) {
    if (o == null) {
      return null;
    }
    String cls = className(o);
    Map<String, Object> c = configOf(o);
    if (c.isEmpty()) {
      return Constraint.get(cls);
    }
    int axis = (int) num(c, "axis", 0);
    switch (cls) {
      case "MaxNorm":
        return new MaxNorm(num(c, "max_value", 2), axis);
      case "MinMaxNorm":
        return new MinMaxNorm(
            num(c, "min_value", 0), num(c, "max_value", 1), num(c, "rate", 1), axis);
      case "UnitNorm":
        return new UnitNorm(axis);
      default:
        return Constraint.get(cls);
    }
  }
}
