package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.layers.Dense;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** Tensors over memory that must not change: zero-copy, flagged, and every write path refuses. */
class ReadOnlyTensorTest {
  /** Direct memory holding {1, 2, 3, 4} as float32. */
  private static ByteBuffer source() {
    ByteBuffer buf = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
    buf.asFloatBuffer().put(new float[] {1, 2, 3, 4});
    return buf;
  }

  /** A read-only float32 tensor of {@code shape} over {@code buf} (no release callback). */
  private static Tensor readOnly(ByteBuffer buf, long... shape) {
    return Tensor.wrapReadOnly(new Pointer(buf).address(), shape, DType.FLOAT32, null);
  }

  private static float[] floats(ByteBuffer buf) {
    float[] out = new float[buf.capacity() / 4];
    buf.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer().get(out);
    return out;
  }

  @Test
  void wrapReadOnlyIsZeroCopyAndViewsStayReadOnly() {
    ByteBuffer buf = source();
    long address = new Pointer(buf).address();
    AtomicInteger released = new AtomicInteger();
    Tensor t =
        Tensor.wrapReadOnly(address, new long[] {4}, DType.FLOAT32, released::incrementAndGet);
    assertEquals(address, t.address());
    assertTrue(t.isReadOnly());
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.toFloatArray());
    Tensor v = t.reshape(2, 2);
    assertTrue(v.isReadOnly());
    assertEquals(address, v.address());
    Tensor c = t.copy();
    Tensor d = t.cast(DType.FLOAT64);
    Tensor sum = t.add(t);
    assertFalse(c.isReadOnly());
    assertFalse(d.isReadOnly());
    assertFalse(sum.isReadOnly());
    assertNotEquals(address, c.address());
    t.close();
    v.close();
    assertEquals(1, released.get());
    c.close();
    d.close();
    sum.close();
    Tensor w = Tensor.wrap(address, new long[] {4}, DType.FLOAT32, null);
    assertFalse(w.isReadOnly());
    w.close();
    Reference.reachabilityFence(buf);
  }

  @Test
  void asByteBufferOfAReadOnlyTensorRefusesPuts() {
    ByteBuffer buf = source();
    Tensor t = readOnly(buf, 4);
    ByteBuffer b = t.asByteBuffer();
    assertTrue(b.isReadOnly());
    assertEquals(ByteOrder.nativeOrder(), b.order());
    assertEquals(2f, b.getFloat(4));
    FloatBuffer f = b.asFloatBuffer();
    assertThrows(ReadOnlyBufferException.class, () -> f.put(0, 9f));
    assertThrows(ReadOnlyBufferException.class, () -> b.putFloat(0, 9f));
    assertArrayEquals(new float[] {1, 2, 3, 4}, floats(buf));
    Tensor c = t.copy();
    assertFalse(c.asByteBuffer().isReadOnly());
    c.asByteBuffer().putFloat(0, 9f);
    assertEquals(9f, c.toFloatArray()[0]);
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.toFloatArray());
    c.close();
    t.close();
    Reference.reachabilityFence(buf);
  }

  @Test
  void variableCopiesAReadOnlyTensorAndTrains() {
    ByteBuffer buf = source();
    Tensor t = readOnly(buf, 4);
    Variable v = new Variable("w", t, true);
    assertTrue(t.isClosed(), "the variable took ownership of the read-only tensor and closed it");
    assertFalse(v.value().isReadOnly());
    try (Tensor g = Tensor.fromArray(new float[] {1, 1, 1, 1}, 4)) {
      new SGD(0.5).applyGradients(List.of(v), List.of(g));
    }
    assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f, 3.5f}, v.value().toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 4}, floats(buf));
    Tensor again = readOnly(buf, 4);
    v.assign(again);
    assertTrue(again.isClosed());
    assertFalse(v.value().isReadOnly());
    assertArrayEquals(new float[] {1, 2, 3, 4}, v.value().toFloatArray());
    v.close();
    Reference.reachabilityFence(buf);
  }

  @Test
  void nativeOptimizerUpdateRefusesAReadOnlyVariable() {
    ByteBuffer buf = source();
    Tensor w = readOnly(buf, 4);
    Tensor g = Tensor.fromArray(new float[] {1, 1, 1, 1}, 4);
    double[] h = {0.1, 1.0, Double.POSITIVE_INFINITY, 0.0, 0.0, 0.0};
    int status =
        NativeCore.mln_optimizer_update(
            0, w.nativeHandle(), g.nativeHandle(), new long[0], 0, h, h.length, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Errors.checkStatus(status, "update"));
    assertTrue(
        e.getMessage()
            .contains(
                "argument 'var' is read-only (wraps memory its owner does not allow writing; copy"
                    + " it first)"),
        e.getMessage());
    assertArrayEquals(new float[] {1, 2, 3, 4}, floats(buf));
    w.close();
    g.close();
    Reference.reachabilityFence(buf);
  }

  @Test
  void modelSetWeightsAndTrainingTakeReadOnlyWeights() {
    ByteBuffer buf = source();
    Sequential model = new Sequential();
    model.add(new Dense(4).inputShape(1));
    model.compile(new SGD(0.5), "mse");
    try (Tensor kernel = readOnly(buf, 1, 4);
        Tensor bias = readOnly(buf, 4)) {
      model.setWeights(List.of(kernel, bias));
    }
    Tensor x = Tensor.of(new float[][] {{1f}});
    Tensor y = Tensor.of(new float[][] {{0f, 0f, 0f, 0f}});
    model.trainOnBatch(x, y);
    // k = b = v, x = 1: mse over 4 outputs gives dL/dk = 2 * (k + b) / 4 = v; lr 0.5 halves k.
    float[] k = model.getWeights().get(0).toFloatArray();
    assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f}, k, 1e-6f);
    assertArrayEquals(new float[] {1, 2, 3, 4}, floats(buf));
    x.close();
    y.close();
    Reference.reachabilityFence(buf);
  }
}
