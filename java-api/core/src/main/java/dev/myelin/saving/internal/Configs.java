package dev.myelin.saving.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.Registry;
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

  /** The value under {@code key}, which {@code owner}'s config must have. */
  public static Object require(Map<String, Object> c, String key, String owner) {
    Object v = c.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          owner + " config: missing required argument '" + key + "' in " + c.keySet());
    }
    return v;
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
    return initializer(o, null);
  }

  /** {@link #initializer(Object)}, looking in {@code customObjects} (may be null) first. */
  public static Initializer initializer(Object o, Map<String, ?> customObjects) {
    return (Initializer) component(Registry.Kind.INITIALIZER, o, customObjects);
  }

  /** A regularizer from a Keras name or a serialized object; null stays null. */
  public static Regularizer regularizer(Object o) {
    return regularizer(o, null);
  }

  /** {@link #regularizer(Object)}, looking in {@code customObjects} (may be null) first. */
  public static Regularizer regularizer(Object o, Map<String, ?> customObjects) {
    return (Regularizer) component(Registry.Kind.REGULARIZER, o, customObjects);
  }

  /** A constraint from a Keras name or a serialized object; null stays null. */
  public static Constraint constraint(Object o) {
    return constraint(o, null);
  }

  /** {@link #constraint(Object)}, looking in {@code customObjects} (may be null) first. */
  public static Constraint constraint(Object o, Map<String, ?> customObjects) {
    return (Constraint) component(Registry.Kind.CONSTRAINT, o, customObjects);
  }

  /**
   * A component of {@code kind} from a Keras string identifier or a serialized object ({@code
   * {"class_name", "config", "registered_name"}}, Keras 2 or 3), through the {@link Registry}; null
   * stays null.
   */
  public static Object component(Registry.Kind kind, Object o, Map<String, ?> customObjects) {
    if (o == null) {
      return null;
    }
    return Registry.fromConfig(
        kind,
        componentName(kind, o, customObjects),
        new LinkedHashMap<>(configOf(o)),
        customObjects);
  }

  /**
   * The name a serialized component is looked up by: its {@code registered_name} (Keras 3's {@code
   * package>ClassName}) when {@code customObjects} or the registry knows it, else its class name.
   */
  public static String componentName(Registry.Kind kind, Object o, Map<String, ?> customObjects) {
    if (o instanceof Map<?, ?> m && m.get("registered_name") instanceof String r) {
      if (Registry.find(kind, r, customObjects) != null) {
        return r;
      }
    }
    return className(o);
  }
}
