package dev.myelin.bridge.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArrowFramesTest {
  private BufferAllocator producer;
  private BufferAllocator consumer;
  private final AtomicInteger released = new AtomicInteger();

  @BeforeEach
  void open() {
    producer = new RootAllocator();
    consumer = new RootAllocator();
  }

  @AfterEach
  void close() {
    consumer.close(); // throws if an imported buffer leaked
    producer.close();
  }

  /** Exports {@code cols} through the C Data Interface into fresh ArrowFrames structs. */
  private ArrowFrames exported(FieldVector... cols) {
    ArrowFrames frames = new ArrowFrames(consumer);
    try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(cols))) {
      Data.exportVectorSchemaRoot(
          producer,
          root,
          null,
          ArrowArray.wrap(frames.arrayAddress()),
          ArrowSchema.wrap(frames.schemaAddress()));
    }
    return frames;
  }

  private Float8Vector doubles(String name, double... values) {
    Float8Vector v = new Float8Vector(name, producer);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      v.set(i, values[i]);
    }
    v.setValueCount(values.length);
    return v;
  }

  @Test
  void oneColumnIsWrappedAndReleasedAfterTheLastView() {
    Float8Vector col = doubles("a", 1, 2, 3);
    long address = col.getDataBuffer().memoryAddress();
    ArrowImport m;
    try (ArrowFrames frames = exported(col)) {
      m = frames.matrix(DType.FLOAT32, released::incrementAndGet);
    }
    assertFalse(m.copied());
    Tensor t = m.tensor();
    assertEquals(address, t.address());
    assertTrue(t.isReadOnly(), "Arrow buffers are immutable: the zero-copy tensor is read-only");
    assertEquals(DType.FLOAT64, t.dtype());
    assertArrayEquals(new long[] {3, 1}, t.shape());
    Tensor view = t.reshape(3);
    t.close();
    assertEquals(0, released.get());
    assertEquals(2.0, view.getDouble(1), 0.0);
    view.close();
    assertEquals(1, released.get());
  }

  @Test
  void oneColumnWithNullsIsCopiedWithNaN() {
    Float8Vector col = doubles("a", 1, 2, 3);
    col.setNull(1);
    ArrowImport m;
    try (ArrowFrames frames = exported(col)) {
      m = frames.matrix(DType.FLOAT64, released::incrementAndGet);
    }
    assertTrue(m.copied());
    assertEquals(1, released.get());
    try (Tensor t = m.tensor()) {
      assertFalse(t.isReadOnly(), "a copy is writable");
      assertArrayEquals(new long[] {3, 1}, t.shape());
      assertEquals(3.0, t.getDouble(2, 0), 0.0);
      assertTrue(Double.isNaN(t.getDouble(1, 0)));
    }
  }

  @Test
  void severalColumnsAreCopiedRowMajorAndReleasedAtOnce() {
    BigIntVector n = new BigIntVector("n", producer);
    n.allocateNew(2);
    for (int i = 0; i < 2; i++) {
      n.set(i, 10L * (i + 1));
    }
    n.setValueCount(2);
    BitVector flag = new BitVector("flag", producer);
    flag.allocateNew(2);
    flag.set(0, 1);
    flag.setNull(1);
    flag.setValueCount(2);
    ArrowImport m;
    try (ArrowFrames frames = exported(doubles("a", 0.5, 1.5), n, flag)) {
      m = frames.matrix(DType.FLOAT32, released::incrementAndGet);
    }
    assertTrue(m.copied());
    assertEquals(1, released.get());
    try (Tensor t = m.tensor()) {
      assertEquals(DType.FLOAT32, t.dtype());
      assertArrayEquals(new long[] {2, 3}, t.shape());
      float[] v = t.toFloatArray();
      assertArrayEquals(new float[] {0.5f, 10f, 1f}, java.util.Arrays.copyOf(v, 3));
      assertEquals(1.5f, v[3]);
      assertEquals(20f, v[4]);
      assertTrue(Float.isNaN(v[5]));
    }
  }

  @Test
  void columnsAreWrappedEachAndReleasedWhenAllAreClosed() {
    Float8Vector a = doubles("a", 1, 2);
    Float8Vector b = doubles("b", 3, 4);
    long[] addresses = {a.getDataBuffer().memoryAddress(), b.getDataBuffer().memoryAddress()};
    List<ArrowImport> cols;
    try (ArrowFrames frames = exported(a, b)) {
      cols = frames.columns(released::incrementAndGet);
    }
    assertEquals(2, cols.size());
    for (int i = 0; i < 2; i++) {
      assertFalse(cols.get(i).copied());
      assertEquals(addresses[i], cols.get(i).tensor().address());
    }
    cols.get(0).tensor().close();
    assertEquals(0, released.get());
    assertEquals(4.0, cols.get(1).tensor().getDouble(1), 0.0);
    cols.get(1).tensor().close();
    assertEquals(1, released.get());
  }

  @Test
  void stringColumnIsRefusedByNameAndTheBatchReleased() {
    VarCharVector s = new VarCharVector("city", producer);
    s.allocateNew(1);
    s.set(0, "Oslo".getBytes(StandardCharsets.UTF_8));
    s.setValueCount(1);
    try (ArrowFrames frames = exported(doubles("a", 1), s)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> frames.matrix(DType.FLOAT32, released::incrementAndGet));
      assertTrue(e.getMessage().contains("'city'"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> frames.columns(released::incrementAndGet));
    }
    assertEquals(1, released.get());
  }

  @Test
  void unusedStructsAreReleasedOnClose() {
    ArrowFrames frames = exported(doubles("a", 1, 2));
    frames.close(); // the producer's release callback runs: its allocator closes clean
  }
}
