package dev.myelin.serving.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.myelin.serving.InferTensor;
import dev.myelin.serving.ServingException;
import dev.myelin.serving.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON reading and writing for the REST APIs: bounded parsing (nesting, string and number sizes),
 * nested arrays to and from {@link InferTensor}s, with errors that name the offending element.
 */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(64)
                      .maxNumberLength(100)
                      .maxStringLength(1 << 20)
                      .build())
              .build());

  private Json() {}

  /** Parses a request body; malformed JSON is INVALID_ARGUMENT with the parser's reason. */
  static JsonNode parse(InputStream in) {
    try {
      JsonNode n = MAPPER.readTree(in);
      if (n == null || n.isMissingNode()) {
        throw ServingException.invalid("the request body is empty; expected a JSON object");
      }
      return n;
    } catch (IOException e) {
      String m = e.getMessage();
      int cut = m == null ? -1 : m.indexOf("\n at [Source");
      throw ServingException.invalid(
          "malformed JSON: " + (cut > 0 ? m.substring(0, cut) : m).replace('\n', ' '));
    }
  }

  /** Writes a document into a byte array. */
  static byte[] write(Reply.Writer w) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new IllegalStateException("JSON output: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /**
   * A regular nested array of numbers as a tensor (a bare number is a scalar). {@code what} names
   * the element in errors, e.g. {@code instances}.
   */
  static InferTensor tensor(String name, JsonNode node, String what) {
    List<Long> shape = new ArrayList<>();
    JsonNode n = node;
    while (n.isArray()) {
      shape.add((long) n.size());
      if (n.isEmpty()) {
        break;
      }
      n = n.get(0);
    }
    long total = 1;
    for (long d : shape) {
      total *= d;
    }
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    if (integral(node)) {
      // Integers (and booleans) stay exact until the model input's dtype is known.
      long[] ints = new long[(int) total];
      fill(node, dims, 0, (at, leaf, w) -> ints[at] = integer(leaf, w, null), new int[] {0}, what);
      return InferTensor.ofIntegers(name, dims, ints);
    }
    float[] data = new float[(int) total];
    fill(node, dims, 0, (at, leaf, w) -> data[at] = number(leaf, w), new int[] {0}, what);
    return new InferTensor(name, dims, data);
  }

  /** Stores one leaf value of a nested array at a flat index. */
  private interface Leaf {
    void put(int at, JsonNode n, String what);
  }

  /** Whether every leaf of a nested array is an integer (fitting 64 bits) or a boolean. */
  private static boolean integral(JsonNode n) {
    if (n.isArray()) {
      for (JsonNode e : n) {
        if (!integral(e)) {
          return false;
        }
      }
      return true;
    }
    return n.isIntegralNumber() && n.canConvertToLong() || n.isBoolean();
  }

  /**
   * An integer or boolean leaf as a long; anything else is INVALID_ARGUMENT naming {@code what}
   * and, when given, the tensor's declared {@code datatype}.
   */
  static long integer(JsonNode n, String what, String datatype) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue() ? 1 : 0;
    }
    throw ServingException.invalid(
        what
            + ": expected an integer"
            + (datatype == null ? "" : " (datatype " + datatype + ")")
            + " but was "
            + (n.isNumber() ? n.toString() : kind(n)));
  }

  private static void fill(JsonNode n, long[] dims, int depth, Leaf out, int[] at, String what) {
    if (depth == dims.length) {
      out.put(at[0]++, n, what);
      return;
    }
    if (!n.isArray()) {
      throw ServingException.invalid(
          what
              + ": expected an array of "
              + dims[depth]
              + " values (a regular nested array of shape "
              + java.util.Arrays.toString(dims)
              + ") but was "
              + kind(n));
    }
    if (n.size() != dims[depth]) {
      throw ServingException.invalid(
          what
              + ": expected "
              + dims[depth]
              + " values (a regular nested array of shape "
              + java.util.Arrays.toString(dims)
              + ") but had "
              + n.size()
              + " (ragged array)");
    }
    for (int i = 0; i < n.size(); i++) {
      fill(n.get(i), dims, depth + 1, out, at, what + "[" + i + "]");
    }
  }

  /** A finite float32 value; anything else is INVALID_ARGUMENT naming {@code what}. */
  static float number(JsonNode n, String what) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return Values.exact(what, -1, n.longValue()); // an integer is refused, not rounded
    }
    if (n.isNumber()) {
      float v = n.floatValue();
      if (!Float.isFinite(v)) {
        throw ServingException.invalid(what + ": expected a finite float32 number but was " + n);
      }
      return v;
    }
    if (n.isBoolean()) {
      return n.booleanValue() ? 1f : 0f;
    }
    throw ServingException.invalid(what + ": expected a number but was " + kind(n));
  }

  /** Every number of an array nested in any way, in order ({@code count} of them expected). */
  static float[] flat(JsonNode n, long count, String what) {
    float[] out = new float[(int) count];
    flatten(n, count, (at, leaf, w) -> out[at] = number(leaf, w), what);
    return out;
  }

  /**
   * Every integer (or boolean) of an array nested in any way, in order ({@code count} of them
   * expected), for a tensor of integer {@code datatype}: other numbers are INVALID_ARGUMENT.
   */
  static long[] flatIntegers(JsonNode n, long count, String what, String datatype) {
    long[] out = new long[(int) count];
    flatten(n, count, (at, leaf, w) -> out[at] = integer(leaf, w, datatype), what);
    return out;
  }

  private static void flatten(JsonNode n, long count, Leaf out, String what) {
    int[] at = {0};
    flatten(n, count, out, at, what);
    if (at[0] != count) {
      throw ServingException.invalid(
          what + ": expected " + count + " values for its shape but was " + at[0]);
    }
  }

  private static void flatten(JsonNode n, long count, Leaf out, int[] at, String what) {
    if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        flatten(n.get(i), count, out, at, what);
      }
      return;
    }
    if (at[0] >= count) {
      at[0]++;
      throw ServingException.invalid(what + ": more values than its shape holds (" + count + ")");
    }
    out.put(at[0]++, n, what);
  }

  static String kind(JsonNode n) {
    if (n.isTextual()) {
      String s = n.textValue();
      return "a string (\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\")";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "an array";
    }
    if (n.isNull()) {
      return "null";
    }
    return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** Writes {@code data} of {@code shape} as a nested array. */
  static void writeNested(JsonGenerator g, float[] data, long[] shape) throws IOException {
    if (shape.length == 0) {
      g.writeNumber(data[0]);
      return;
    }
    nested(g, data, shape, 0, 0);
  }

  private static int nested(JsonGenerator g, float[] data, long[] shape, int dim, int at)
      throws IOException {
    g.writeStartArray();
    for (long i = 0; i < shape[dim]; i++) {
      if (dim == shape.length - 1) {
        g.writeNumber(data[at++]);
      } else {
        at = nested(g, data, shape, dim + 1, at);
      }
    }
    g.writeEndArray();
    return at;
  }

  /** A new array node holding {@code items} (to stack per-instance values). */
  static ArrayNode array(List<JsonNode> items) {
    ArrayNode a = MAPPER.createArrayNode();
    a.addAll(items);
    return a;
  }
}
