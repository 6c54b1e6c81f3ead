package dev.myelin.serving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Converts the values of a request tensor of any numeric or boolean wire type into the float32 or
 * integer values that Myelin's model inputs take.
 *
 * <p>Floating-point wire types (FP16, BF16, FP32, FP64) become float32: FP16 and BF16 exactly
 * (every half and bfloat16 value is a float32 value), FP64 rounded, and a value that is not finite
 * in float32 is refused. Integer and boolean wire types stay exact 64-bit integers ({@link
 * InferTensor#ofIntegers}) until the model input's dtype is known ({@link #toFloat32}, {@link
 * #toInt32}): a float32 input takes them when float32 holds them exactly (every integer up to 2^24
 * in magnitude, and larger ones that are multiples of a power of two), an int32 input when they fit
 * 32 bits, an int64 input always; booleans are 1 and 0; strings are refused. Anything refused is
 * INVALID_ARGUMENT naming the input, the value's index and the value, never a silently rounded
 * number.
 */
public final class Values {
  /** Wire types by KServe's names (TF-Serving's DT_* map onto them), with their byte widths. */
  public static final Map<String, Integer> WIDTHS =
      Map.ofEntries(
          Map.entry("FP16", 2),
          Map.entry("BF16", 2),
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

  /** Whether {@code type} (a key of {@link #WIDTHS}) carries floating-point values. */
  public static boolean isFloating(String type) {
    return type.startsWith("FP") || type.equals("BF16");
  }

  /**
   * {@code count} little-endian values of {@code type} (a key of {@link #WIDTHS}) from {@code raw}:
   * float32 for floating-point types, exact integers for the others.
   */
  public static InferTensor fromBytes(
      String what, String name, long[] shape, ByteBuffer raw, int count, String type) {
    ByteBuffer b = raw.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (isFloating(type)) {
      float[] out = new float[count];
      for (int i = 0; i < count; i++) {
        out[i] =
            switch (type) {
              case "FP16" -> finite(what, i, halfToFloat(b.getShort()));
              case "BF16" -> finite(what, i, bfloat16ToFloat(b.getShort()));
              case "FP32" -> finite(what, i, b.getFloat());
              default -> finite(what, i, b.getDouble());
            };
      }
      return new InferTensor(name, shape, out);
    }
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] =
          switch (type) {
            case "INT8" -> b.get();
            case "UINT8" -> b.get() & 0xff;
            case "BOOL" -> b.get() != 0 ? 1 : 0;
            case "INT16" -> b.getShort();
            case "UINT16" -> b.getShort() & 0xffff;
            case "INT32" -> b.getInt();
            case "UINT32" -> b.getInt() & 0xffffffffL;
            case "INT64" -> b.getLong();
            case "UINT64" -> unsigned(what, i, b.getLong());
            default ->
                throw ServingException.invalid(
                    what + ": datatype expected one of " + WIDTHS.keySet() + " but was " + type);
          };
    }
    return InferTensor.ofIntegers(name, shape, out);
  }

  /** Integer values (int32, int64, uint32 fields of a protobuf), exact. */
  public static long[] fromIntegers(List<? extends Number> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).longValue();
    }
    return out;
  }

  /** Unsigned 64-bit integer values; those of 2^63 and above are refused. */
  public static long[] fromUnsigned(String what, List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = unsigned(what, i, values.get(i));
    }
    return out;
  }

  /** Booleans as 1 and 0. */
  public static long[] fromBooleans(List<Boolean> values) {
    long[] out = new long[values.size()];
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

  /**
   * Half (IEEE binary16) or bfloat16 bit patterns, one per int (TensorFlow's {@code half_val}
   * carries them in the low 16 bits of int32s), as finite floats.
   */
  public static float[] fromHalfBits(String what, List<Integer> bits, boolean bfloat16) {
    float[] out = new float[bits.size()];
    for (int i = 0; i < out.length; i++) {
      short h = (short) (int) bits.get(i);
      out[i] = finite(what, i, bfloat16 ? bfloat16ToFloat(h) : halfToFloat(h));
    }
    return out;
  }

  /**
   * The float32 value of an IEEE 754 binary16 bit pattern, exactly: subnormals, infinities and NaN
   * (payload kept in the top mantissa bits) included.
   */
  public static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // A subnormal half is mant * 2^-24, which float32 holds exactly (and 0 keeps its sign).
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** The float32 value of a bfloat16 bit pattern: its bits are float32's top 16. */
  public static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** The refusal of a string tensor for a numeric input. */
  public static ServingException noStrings(String what, String type) {
    return ServingException.invalid(
        what
            + ": dtype expected a number or boolean type (the model's input is numeric) but was "
            + type
            + " (strings are not converted)");
  }

  /** Integer values as float32, each one float32 holds exactly, else INVALID_ARGUMENT. */
  public static float[] toFloat32(String what, long[] ints) {
    float[] out = new float[ints.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = exact(what, i, ints[i]);
    }
    return out;
  }

  /** Checks that every integer fits an int32 input, else INVALID_ARGUMENT naming the value. */
  public static void toInt32(String what, long[] ints) {
    for (int i = 0; i < ints.length; i++) {
      if (ints[i] != (int) ints[i]) {
        throw ServingException.invalid(
            what
                + ": value "
                + i
                + " expected an int32 (-2^31 <= v < 2^31, the model input's dtype) but was "
                + ints[i]);
      }
    }
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

  private static long unsigned(String what, int index, long bits) {
    if (bits >= 0) {
      return bits;
    }
    throw ServingException.invalid(
        what
            + ": value "
            + index
            + " expected an integer float32 holds exactly (|v| <= 2^24; an int64 input takes"
            + " v < 2^63) but was "
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
