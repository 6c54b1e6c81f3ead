package dev.myelin.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TensorHandoffTest {
  private static PythonInterpreter py;

  @BeforeAll
  static void start() {
    py = PythonInterpreter.start();
    py.exec("import gc, weakref\nimport numpy as np");
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  private static long addressIn(String expr) {
    return ((Number) py.eval(expr + ".__array_interface__['data'][0]")).longValue();
  }

  @Test
  void tensorArrivesAsNumpyOverTheSameMemory() {
    try (Tensor t = Tensor.fromArray(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
      py.set("a", t);
      assertEquals(t.address(), addressIn("a"));
      assertEquals("float32 (2, 3) True", py.eval("f'{a.dtype} {a.shape} {a.flags.writeable}'"));
      py.exec("a[1, 2] = 60.0");
      assertEquals(60f, t.toFloatArray()[5]);
      t.asByteBuffer().putFloat(0, -1f);
      assertEquals(-1.0, ((Number) py.eval("float(a[0, 0])")).doubleValue(), 0.0);
      py.exec("del a");
    }
  }

  @Test
  void everyDTypeMapsToItsNumpyType() {
    for (DType d : DType.values()) {
      try (Tensor t = Tensor.ones(d, 2, 2)) {
        py.set("x", t);
        assertEquals(d.numpyName(), py.eval("x.dtype.name"));
        assertEquals(t.address(), addressIn("x"));
        assertEquals(4L, ((Number) py.eval("int(x.sum())")).longValue());
      }
    }
    try (Tensor s = Tensor.scalar(2.5)) {
      py.set("s", s);
      assertEquals("() 2.5", py.eval("f'{s.shape} {float(s)}'"));
    }
    py.exec("del x, s");
  }

  @Test
  void numpyArrayStaysValidAfterJavaClosesTheTensor() {
    Tensor t = Tensor.arange(0, 1024, 1, DType.FLOAT64);
    long before = t.storageRefs();
    py.set("kept", t);
    assertEquals(before + 1, t.storageRefs());
    t.close();
    System.gc();
    py.exec("gc.collect()\nview = kept[10:20]\ndel kept\ngc.collect()");
    py.exec("junk = [np.zeros(1024) for _ in range(64)]\ndel junk");
    assertEquals(145.0, ((Number) py.eval("float(view.sum())")).doubleValue(), 0.0);

    try (Tensor u = Tensor.zeros(DType.FLOAT32, 8)) {
      py.set("tmp", u);
      assertEquals(2L, u.storageRefs());
      py.exec("del tmp\ngc.collect()");
      assertEquals(1L, u.storageRefs(), "the view is released once numpy drops the array");
    }
    py.exec("del view\ngc.collect()");
  }

  @Test
  void numpyArrayArrivesAsTensorOverTheSameMemory() {
    py.exec("b = np.arange(12, dtype=np.float32).reshape(3, 4)\nb_ref = weakref.ref(b)");
    long address = addressIn("b");
    Tensor t = py.getTensor("b");
    assertEquals(address, t.address());
    assertArrayEquals(new long[] {3, 4}, t.shape());
    assertEquals(DType.FLOAT32, t.dtype());
    assertEquals(11f, t.toFloatArray()[11]);
    t.asByteBuffer().putFloat(4, 100f);
    assertEquals(100.0, ((Number) py.eval("float(b[0, 1])")).doubleValue(), 0.0);
    py.exec("b[2, 3] = -5");
    assertEquals(-5f, t.toFloatArray()[11]);

    py.exec("del b\ngc.collect()");
    assertTrue((Boolean) py.eval("b_ref() is not None"), "the tensor keeps the array alive");
    Tensor view = t.reshape(12);
    t.close();
    py.exec("gc.collect()");
    assertTrue((Boolean) py.eval("b_ref() is not None"), "a view of the storage keeps it alive");
    assertEquals(-5f, view.toFloatArray()[11]);
    view.close();
    // The release is queued on the interpreter thread; this call runs after it.
    py.exec("gc.collect()");
    assertTrue((Boolean) py.eval("b_ref() is None"), "released once the last view is closed");
  }

  @Test
  void readOnlyMemoryStaysReadOnlyBothWays() {
    py.exec("raw = bytes(16)\nro = np.frombuffer(raw, np.float32)");
    try (Tensor t = py.getTensor("ro")) {
      assertEquals(addressIn("ro"), t.address());
      assertTrue(t.isReadOnly());
      assertThrows(ReadOnlyBufferException.class, () -> t.asByteBuffer().putFloat(0, 1f));
      py.set("back", t);
      assertEquals(t.address(), addressIn("back"));
      assertEquals("False", py.eval("str(back.flags.writeable)"));
      assertEquals("True", py.eval("str(raw == bytes(16))"));
      py.exec("del back");
    }
    try (Tensor w = py.getTensor("np.zeros(4, np.float32)")) {
      assertFalse(w.isReadOnly());
    }
    py.exec("del ro, raw");
  }

  @Test
  void numpyDTypesAndEmptyArraysConvert() {
    String[] names = {"float64", "int32", "int64", "uint8", "bool"};
    DType[] types = {DType.FLOAT64, DType.INT32, DType.INT64, DType.UINT8, DType.BOOL};
    for (int i = 0; i < names.length; i++) {
      try (Tensor t = py.getTensor("np.ones((2, 3), dtype='" + names[i] + "')")) {
        assertEquals(types[i], t.dtype());
        assertEquals(6.0, java.util.Arrays.stream(t.toDoubleArray()).sum(), 0.0);
      }
    }
    try (Tensor e = py.getTensor("np.zeros((0, 4), dtype=np.float32)")) {
      assertArrayEquals(new long[] {0, 4}, e.shape());
    }
    try (Tensor c = py.getTensor("np.arange(10, dtype=np.int64)[2:5]")) {
      assertArrayEquals(new long[] {2, 3, 4}, c.toLongArray());
    }
  }

  @Test
  void unsupportedArraysGetClearErrors() {
    PythonException e =
        assertThrows(PythonException.class, () -> py.getTensor("np.arange(12.0).reshape(3, 4).T"));
    assertEquals("ValueError", e.pythonType());
    assertTrue(e.pythonMessage().contains("expected C-contiguous"), e.pythonMessage());
    assertTrue(e.pythonMessage().contains("ascontiguousarray"), e.pythonMessage());

    e = assertThrows(PythonException.class, () -> py.getTensor("np.array([1, 'a'], dtype=object)"));
    assertTrue(e.pythonMessage().contains("but was object"), e.pythonMessage());
    e = assertThrows(PythonException.class, () -> py.getTensor("np.ones(3, dtype=np.complex64)"));
    assertTrue(e.pythonMessage().contains("but was complex64"), e.pythonMessage());
    e = assertThrows(PythonException.class, () -> py.getTensor("np.ones(3, dtype='>f4')"));
    assertTrue(e.pythonMessage().contains("byte order"), e.pythonMessage());
    e = assertThrows(PythonException.class, () -> py.getTensor("[1, 2]"));
    assertEquals("TypeError", e.pythonType());
    assertTrue(e.pythonMessage().contains("expected a numpy.ndarray but was list"));

    Tensor closed = Tensor.zeros(2);
    closed.close();
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> py.set("z", closed));
    assertEquals(
        "set: argument 'value' expected an open Tensor but was a closed one", bad.getMessage());
    assertFalse((Boolean) py.eval("'z' in globals()"));
  }
}
