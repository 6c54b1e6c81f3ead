package dev.myelin.bridge.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArrowTensorsTest {
  private BufferAllocator allocator;

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close(); // throws if a test leaked an Arrow buffer
  }

  @Test
  void vectorSharesTheTensorMemoryAndOutlivesIt() {
    Tensor t = Tensor.of(1f, 2f, 3f, 4f);
    long address = t.address();
    try (FieldVector v = ArrowTensors.toVector(t, "x", allocator)) {
      assertTrue(v instanceof Float4Vector);
      assertEquals(address, v.getDataBuffer().memoryAddress());
      assertEquals(4, v.getValueCount());
      assertEquals(0, v.getNullCount());
      assertEquals(2, t.storageRefs());
      t.asByteBuffer().putFloat(8, 30f);
      assertEquals(30f, ((Float4Vector) v).get(2));
      t.close();
      assertEquals(4f, ((Float4Vector) v).get(3));
    }
  }

  @Test
  void tensorVectorIsTheFixedShapeTensorExtensionOverTheSameMemory() {
    try (Tensor t = Tensor.arange(0, 24, 1, DType.FLOAT64).reshape(2, 3, 4);
        FixedSizeListVector v = ArrowTensors.toTensorVector(t, "images", allocator)) {
      assertEquals(2, v.getValueCount());
      assertEquals(12, v.getListSize());
      assertEquals(
          "arrow.fixed_shape_tensor", v.getField().getMetadata().get("ARROW:extension:name"));
      assertEquals("{\"shape\":[3,4]}", v.getField().getMetadata().get("ARROW:extension:metadata"));
      assertEquals(t.address(), v.getDataVector().getDataBuffer().memoryAddress());
      assertEquals(23.0, ((Float8Vector) v.getDataVector()).get(23), 0.0);

      ArrowImport back = ArrowTensors.toTensor(v);
      try (Tensor u = back.tensor()) {
        assertFalse(back.copied());
        assertEquals(t.address(), u.address());
        assertTrue(u.isReadOnly(), "Arrow buffers are immutable: the tensor over one is read-only");
        assertArrayEquals(new long[] {2, 3, 4}, u.shape());
        assertEquals(DType.FLOAT64, u.dtype());
      }
    }
  }

  @Test
  void tensorOverArrowKeepsTheBufferUntilClosed() {
    IntVector v = new IntVector("n", allocator);
    v.allocateNew(3);
    v.set(0, 7);
    v.set(1, 8);
    v.set(2, 9);
    v.setValueCount(3);
    ArrowImport imp = ArrowTensors.toTensor(v);
    assertFalse(imp.copied());
    assertEquals(v.getDataBuffer().memoryAddress(), imp.tensor().address());
    v.close();
    assertArrayEquals(new int[] {7, 8, 9}, imp.tensor().toIntArray());
    assertTrue(allocator.getAllocatedMemory() > 0, "the tensor still holds the Arrow buffer");
    imp.tensor().close();
    assertEquals(0, allocator.getAllocatedMemory());
  }

  @Test
  void nullsAndBooleansAreCopiedAndSaySo() {
    try (Float4Vector v = new Float4Vector("f", allocator)) {
      v.allocateNew(3);
      v.set(0, 1f);
      v.setNull(1);
      v.set(2, 3f);
      v.setValueCount(3);
      ArrowImport imp = ArrowTensors.toTensor(v);
      try (Tensor t = imp.tensor()) {
        assertTrue(imp.copied());
        assertArrayEquals(new float[] {1f, Float.NaN, 3f}, t.toFloatArray());
      }
    }
    try (BitVector b = new BitVector("b", allocator)) {
      b.allocateNew(2);
      b.set(0, 1);
      b.set(1, 0);
      b.setValueCount(2);
      ArrowImport imp = ArrowTensors.toTensor(b);
      try (Tensor t = imp.tensor()) {
        assertTrue(imp.copied());
        assertEquals(DType.BOOL, t.dtype());
        assertArrayEquals(new boolean[] {true, false}, t.toBooleanArray());
      }
    }
  }

  @Test
  void tableColumnsAndMatricesRoundTrip() {
    try (Tensor m = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        VectorSchemaRoot root = ArrowTensors.fromMatrix(m, List.of("a", "b"), allocator)) {
      assertEquals(3, root.getRowCount());
      assertEquals(6f, ((Float4Vector) root.getVector("b")).get(2));
      ArrowImport back = ArrowTensors.toMatrix(root, DType.FLOAT64);
      try (Tensor t = back.tensor()) {
        assertTrue(back.copied());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, t.toDoubleArray(), 0.0);
        assertArrayEquals(new long[] {3, 2}, t.shape());
      }
    }
    Tensor col = Tensor.of(1.0, 2.0);
    try (FieldVector v = ArrowTensors.toVector(col, "only", allocator);
        VectorSchemaRoot root = new VectorSchemaRoot(List.of(v))) {
      root.setRowCount(2);
      ArrowImport one = ArrowTensors.toMatrix(root, DType.FLOAT64);
      try (Tensor t = one.tensor()) {
        assertFalse(one.copied());
        assertEquals(col.address(), t.address());
        assertArrayEquals(new long[] {2, 1}, t.shape());
      }
    } finally {
      col.close();
    }
  }

  @Test
  void badInputsNameTheArgument() {
    try (Tensor b = Tensor.of(true, false)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ArrowTensors.toVector(b, "b", allocator));
      assertTrue(e.getMessage().startsWith("toVector: argument 't' expected dtype FLOAT32"));
      assertTrue(e.getMessage().endsWith("but was BOOL"), e.getMessage());
    }
    try (Tensor v = Tensor.of(1f, 2f)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ArrowTensors.toTensorVector(v, "v", allocator));
      assertEquals(
          "toTensorVector: argument 't' expected rank 2 or more but was rank 1", e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> ArrowTensors.toMatrix(null, DType.FLOAT32));
      assertEquals("toMatrix: argument 'root' expected a value but was null", e.getMessage());
    }
    try (VarCharVector s = new VarCharVector("s", allocator)) {
      s.allocateNew(1);
      s.setValueCount(0);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ArrowTensors.toTensor(s));
      assertTrue(e.getMessage().contains("expected a float32, float64, int32, int64 or uint8"));
      assertTrue(e.getMessage().endsWith("was Utf8"), e.getMessage());
    }
  }
}
