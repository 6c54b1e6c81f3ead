package dev.myelin;

import dev.myelin.internal.NativeCore;

/**
 * Element types of a {@link Tensor}, with the native core's codes ({@code mln_dtype}, in code
 * order) and item sizes.
 */
public enum DType {
  /** 32-bit IEEE float. */
  FLOAT32(NativeCore.MLN_F32, 4, "float32"),
  /** 64-bit IEEE float. */
  FLOAT64(NativeCore.MLN_F64, 8, "float64"),
  /** 32-bit signed integer. */
  INT32(NativeCore.MLN_I32, 4, "int32"),
  /** 64-bit signed integer. */
  INT64(NativeCore.MLN_I64, 8, "int64"),
  /** 8-bit unsigned integer. */
  UINT8(NativeCore.MLN_U8, 1, "uint8"),
  /** Boolean stored as one byte (0 or 1). */
  BOOL(NativeCore.MLN_BOOL, 1, "bool");

  private static final DType[] BY_CODE = values();

  private final int code;
  private final int itemSize;
  private final String numpyName;

  DType(int code, int itemSize, String numpyName) {
    this.code = code;
    this.itemSize = itemSize;
    this.numpyName = numpyName;
  }

  /** The native {@code mln_dtype} code. */
  public int code() {
    return code;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /** The numpy name of this type, e.g. {@code "float32"}. */
  public String numpyName() {
    return numpyName;
  }

  /** Whether this is a floating-point type. */
  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** Whether this is an integer type (bool excluded). */
  public boolean isInteger() {
    return this == INT32 || this == INT64 || this == UINT8;
  }

  /** The DType with the given native code. */
  public static DType fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException(
          "DType.fromCode: argument 'code' expected 0.."
              + (BY_CODE.length - 1)
              + " but was "
              + code);
    }
    return BY_CODE[code];
  }
}
