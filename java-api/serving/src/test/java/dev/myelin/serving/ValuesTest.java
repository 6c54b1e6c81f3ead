package dev.myelin.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Half and bfloat16 bit patterns to float32, checked against hand-computed values, bit for bit. */
class ValuesTest {
  private static void assertBits(float want, float got, String what) {
    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what + ": " + got);
  }

  @Test
  void halfBitPatternsAreExactFloats() {
    assertBits(1.0f, Values.halfToFloat((short) 0x3C00), "0x3C00");
    assertBits(-2.0f, Values.halfToFloat((short) 0xC000), "0xC000");
    assertBits(0.5f, Values.halfToFloat((short) 0x3800), "0x3800");
    assertBits(65504f, Values.halfToFloat((short) 0x7BFF), "0x7BFF, the largest half");
    assertBits(-62f, Values.halfToFloat((short) 0xD3C0), "0xD3C0");
    assertBits(1365f / 4096f, Values.halfToFloat((short) 0x3555), "0x3555");
    assertBits(0x1p-14f, Values.halfToFloat((short) 0x0400), "0x0400, the smallest normal");
    assertBits(0x1p-24f, Values.halfToFloat((short) 0x0001), "0x0001, the smallest subnormal");
    assertBits(1023 * 0x1p-24f, Values.halfToFloat((short) 0x03FF), "0x03FF, largest subnormal");
    assertBits(-0x1p-24f, Values.halfToFloat((short) 0x8001), "0x8001");
    assertBits(0.0f, Values.halfToFloat((short) 0x0000), "0x0000");
    assertBits(-0.0f, Values.halfToFloat((short) 0x8000), "0x8000");
    assertBits(Float.POSITIVE_INFINITY, Values.halfToFloat((short) 0x7C00), "0x7C00");
    assertBits(Float.NEGATIVE_INFINITY, Values.halfToFloat((short) 0xFC00), "0xFC00");
    assertBits(Float.intBitsToFloat(0x7FC00000), Values.halfToFloat((short) 0x7E00), "0x7E00");
    assertBits(Float.intBitsToFloat(0x7F802000), Values.halfToFloat((short) 0x7C01), "0x7C01");
  }

  @Test
  void bfloat16BitPatternsAreExactFloats() {
    assertBits(1.0f, Values.bfloat16ToFloat((short) 0x3F80), "0x3F80");
    assertBits(-2.0f, Values.bfloat16ToFloat((short) 0xC000), "0xC000");
    assertBits(65280f, Values.bfloat16ToFloat((short) 0x477F), "0x477F");
    assertBits(-62f, Values.bfloat16ToFloat((short) 0xC278), "0xC278");
    assertBits(171f / 512f, Values.bfloat16ToFloat((short) 0x3EAB), "0x3EAB");
    assertBits(0x1p-133f, Values.bfloat16ToFloat((short) 0x0001), "0x0001, a subnormal");
    assertBits(-0.0f, Values.bfloat16ToFloat((short) 0x8000), "0x8000");
    assertBits(Float.POSITIVE_INFINITY, Values.bfloat16ToFloat((short) 0x7F80), "0x7F80");
    assertBits(Float.NEGATIVE_INFINITY, Values.bfloat16ToFloat((short) 0xFF80), "0xFF80");
    assertBits(Float.intBitsToFloat(0x7FC00000), Values.bfloat16ToFloat((short) 0x7FC0), "0x7FC0");
  }

  @Test
  void rawHalvesAreReadLittleEndianAndNonFiniteOnesRefused() {
    ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0x3C00).putShort((short) 0x0001).putShort((short) 0xD3C0).flip();
    InferTensor t = Values.fromBytes("x", "x", new long[] {3}, b, 3, "FP16");
    assertEquals(List.of(1.0f, 0x1p-24f, -62f), List.of(t.data()[0], t.data()[1], t.data()[2]));
    ServingException e =
        assertThrows(
            ServingException.class,
            () -> Values.fromHalfBits("Predict: input 'x'", List.of(0x3C00, 0x7C00), false));
    assertEquals(ServingException.Code.INVALID_ARGUMENT, e.code());
    assertTrue(
        e.getMessage()
            .contains("input 'x': value 1 expected a finite float32 number but was Infinity"),
        e.getMessage());
  }
}
