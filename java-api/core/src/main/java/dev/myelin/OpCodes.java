package dev.myelin;

/** The native op codes Tensor passes to the C API (mirrors of the enums in myelin.h). */
final class OpCodes {
  private OpCodes() {}

  // mln_unary_op
  static final int NEG = 0,
      EXP = 1,
      LOG = 2,
      LOG1P = 3,
      SQRT = 4,
      RSQRT = 5,
      ABS = 6,
      SIGN = 7,
      SQUARE = 8,
      SIN = 9,
      COS = 10,
      TANH = 11,
      SIGMOID = 12,
      HARD_SIGMOID = 13,
      RELU = 14,
      LEAKY_RELU = 15,
      ELU = 16,
      SELU = 17,
      SOFTPLUS = 18,
      SOFTSIGN = 19,
      GELU = 20,
      SWISH = 21,
      POW_SCALAR = 22,
      CLIP = 23,
      RECIPROCAL = 24,
      LOGICAL_NOT = 25,
      FLOOR = 26,
      CEIL = 27,
      ROUND = 28,
      EXPM1 = 29;
  // mln_binary_op
  static final int ADD = 0,
      SUB = 1,
      MUL = 2,
      DIV = 3,
      POW = 4,
      MAXIMUM = 5,
      MINIMUM = 6,
      EQ = 7,
      NE = 8,
      LT = 9,
      LE = 10,
      GT = 11,
      GE = 12,
      AND = 13,
      OR = 14,
      XOR = 15,
      MOD = 16;
  // mln_reduce_op
  static final int SUM = 0,
      MEAN = 1,
      MAX = 2,
      MIN = 3,
      PROD = 4,
      VAR = 5,
      STD = 6,
      LOGSUMEXP = 7,
      ANY = 8,
      ALL = 9,
      ARGMAX = 10,
      ARGMIN = 11;
}
