package dev.myelin.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the committed JSON fixtures written by tests/fixtures/generate_data_fixtures.py. */
public final class Fixtures {
  private final String text;
  private int pos;

  private Fixtures(String text) {
    this.text = text;
  }

  /** The parsed content of fixtures/NAME: maps, lists, Long, Double, String, Boolean or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> load(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      Fixtures parser = new Fixtures(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (Map<String, Object>) parser.value();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sub-object of a parsed object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object node, String key) {
    return (Map<String, Object>) ((Map<String, Object>) node).get(key);
  }

  /** A list inside a parsed object. */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object node, String key) {
    return (List<Object>) ((Map<String, Object>) node).get(key);
  }

  /** A number inside a parsed object as a long. */
  @SuppressWarnings("unchecked")
  public static long longValue(Object node, String key) {
    return ((Number) ((Map<String, Object>) node).get(key)).longValue();
  }

  /** A number inside a parsed object as a double. */
  @SuppressWarnings("unchecked")
  public static double doubleValue(Object node, String key) {
    return ((Number) ((Map<String, Object>) node).get(key)).doubleValue();
  }

  /** A JSON list of numbers as doubles. */
  public static double[] doubles(Object list) {
    List<?> values = (List<?>) list;
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).doubleValue();
    }
    return out;
  }

  /** A JSON list of integers as longs. */
  public static long[] longs(Object list) {
    List<?> values = (List<?>) list;
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).longValue();
    }
    return out;
  }

  /** A JSON list of integers as ints. */
  public static int[] ints(Object list) {
    List<?> values = (List<?>) list;
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).intValue();
    }
    return out;
  }

  /** A JSON list of lists of numbers as a matrix. */
  public static double[][] matrix(Object list) {
    List<?> rows = (List<?>) list;
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = doubles(rows.get(i));
    }
    return out;
  }

  /** Asserts two double arrays are equal bit for bit. */
  public static void assertBitExact(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
        fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  /** Asserts two matrices are equal bit for bit. */
  public static void assertBitExact(double[][] expected, double[][] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int i = 0; i < expected.length; i++) {
      assertBitExact(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  /** Asserts two double arrays agree within {@code ulps} units in the last place. */
  public static void assertWithinUlps(double[] expected, double[] actual, int ulps, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double tolerance = ulps * Math.ulp(Math.max(Math.abs(expected[i]), Math.abs(actual[i])));
      if (!(Math.abs(expected[i] - actual[i]) <= tolerance)) {
        fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  /** Asserts two matrices agree within {@code ulps} units in the last place. */
  public static void assertWithinUlps(
      double[][] expected, double[][] actual, int ulps, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int i = 0; i < expected.length; i++) {
      assertWithinUlps(expected[i], actual[i], ulps, what + "[" + i + "]");
    }
  }

  private Object value() {
    skipSpace();
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't':
        pos += 4;
        return Boolean.TRUE;
      case 'f':
        pos += 5;
        return Boolean.FALSE;
      case 'n':
        pos += 4;
        return null;
      default:
        return number();
    }
  }

  private Map<String, Object> object() {
    Map<String, Object> out = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (text.charAt(pos) == '}') {
      pos++;
      return out;
    }
    while (true) {
      skipSpace();
      String key = string();
      skipSpace();
      pos++;
      out.put(key, value());
      skipSpace();
      if (text.charAt(pos++) == '}') {
        return out;
      }
    }
  }

  private List<Object> array() {
    List<Object> out = new ArrayList<>();
    pos++;
    skipSpace();
    if (text.charAt(pos) == ']') {
      pos++;
      return out;
    }
    while (true) {
      out.add(value());
      skipSpace();
      if (text.charAt(pos++) == ']') {
        return out;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (true) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
  }

  private Object number() {
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String token = text.substring(start, pos);
    if (token.contains(".") || token.contains("e") || token.contains("E")) {
      return Double.parseDouble(token);
    }
    return Long.parseLong(token);
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
