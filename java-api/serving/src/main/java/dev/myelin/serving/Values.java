package dev.myelin.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Converts the values of a request tensor of any numeric or boolean wire type into the float32 that
 * Myelin's model inputs take. Integers are accepted when float32 holds them exactly (every integer
 * up to 2^24 in magnitude, and larger ones that are multiples of a power of two); booleans become 1
 * and 0; strings are refused. Anything refused is INVALID_ARGUMENT naming the input, the value's
 * index and the value, never a silently rounded number.
 */
public final class Values {
  /** Wire types by KServe's names (TF-Serving's DT_* map onto them), with their byte widths. */
  public static final Map<String, Integer> WIDTHS =
      Map.ofEntries(
          Map.entry("FP32", 4),
          Map.entry("FP64", 8),
          Map.entry("INT8", 1),
          Map.entry("INT16", 2),
          Map.entry("INT32", 4),
          Map.entry("INT64", 8),
          Map.entry("UINT8", 1),
          Map.entry("UINT16", 2),
          Map.entry("UINT32", 4),
          Map.entry("UINT64", 8),
          Map.entry("BOOL", 1));

  private Values() {}

  /**
   * {@code count} little-endian values of {@code type} (a key of {@link #WIDTHS}) from {@code raw}.
   */
  public static float[] fromBytes(String what, ByteBuffer raw, int count, String type) {
    ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] =
          switch (type) {
            case "FP32" -> finite(what, i, b.getFloat());
            case "FP64" -> finite(what, i, b.getDouble());
            case "INT8" -> b.get();
            case "UINT8" -> b.get() & 0xff;
            case "BOOL" -> b.get() != 0 ? 1 : 0;
            case "INT16" -> b.getShort();
            case "UINT16" -> b.getShort() & 0xffff;
            case "INT32" -> exact(what, i, b.getInt());
            case "UINT32" -> exact(what, i, b.getInt() & 0xffffffffL);
            case "INT64" -> exact(what, i, b.getLong());
            case "UINT64" -> exactUnsigned(what, i, b.getLong());
            default ->
                throw ServingException.invalid(
                    what + ": datatype expected one of " + WIDTHS.keySet() + " but was " + type);
          };
    }
    return out;
  }

  /** Integer values (int32, int64, uint32 fields of a protobuf) as exact floats. */
  public static float[] fromIntegers(String what, List<? extends Number> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = exact(what, i, values.get(i).longValue());
    }
    return out;
  }

  /** Unsigned 64-bit integer values as exact floats. */
  public static float[] fromUnsigned(String what, List<Long> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = exactUnsigned(what, i, values.get(i));
    }
    return out;
  }

  /** Booleans as 1 and 0. */
  public static float[] fromBooleans(List<Boolean> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i) ? 1 : 0;
    }
    return out;
  }

  /** Double values as finite floats. */
  public static float[] fromDoubles(String what, List<Double> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = finite(what, i, values.get(i));
    }
    return out;
  }

  /** The refusal of a string tensor for a float32 input. */
  public static ServingException noStrings(String what, String type) {
    return ServingException.invalid(
        what
            + ": dtype expected a number or boolean type (the model's input is float32) but was "
            + type
            + " (strings are not converted)");
  }

  /** {@code v} as a float when float32 holds it exactly ({@code index} -1: not in a list). */
  public static float exact(String what, int index, long v) {
    float f = v;
    if ((long) f != v || f == 0x1p63f) {
      throw ServingException.invalid(
          what
              + (index >= 0 ? ": value " + index : "")
              + " expected an integer float32 holds exactly (|v| <= 2^24) but was "
              + v);
    }
    return f;
  }

  private static float exactUnsigned(String what, int index, long bits) {
    if (bits >= 0) {
      return exact(what, index, bits);
    }
    throw ServingException.invalid(
        what
            + ": value "
            + index
            + " expected an integer float32 holds exactly (|v| <= 2^24) but was "
            + Long.toUnsignedString(bits));
  }

  private static float finite(String what, int index, double v) {
    float f = (float) v;
    if (!Float.isFinite(f)) {
      throw ServingException.invalid(
          what + ": value " + index + " expected a finite float32 number but was " + v);
    }
    return f;
  }
}
