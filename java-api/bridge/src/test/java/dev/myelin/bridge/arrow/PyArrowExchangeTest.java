package dev.myelin.bridge.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.bridge.PythonInterpreter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PyArrowExchangeTest {
  private static PythonInterpreter py;

  @BeforeAll
  static void start() {
    py = PythonInterpreter.start();
  }

  @AfterAll
  static void stop() {
    py.close();
  }

  @Test
  void tensorCrossesToPyarrowAndBackThroughTheCDataInterfaceWithoutCopies() {
    try (BufferAllocator allocator = new RootAllocator()) {
      Tensor t = Tensor.arange(0, 12, 1, DType.FLOAT32).reshape(2, 2, 3);
      long address = t.address();
      try (FixedSizeListVector v = ArrowTensors.toTensorVector(t, "t", allocator)) {
        PyArrowExchange.toPyArrow(py, "arr", v, allocator);
      }
      t.close();
      assertEquals(
          "extension<arrow.fixed_shape_tensor[value_type=float, shape=[2,3]]>",
          py.eval("str(arr.type)"));
      assertEquals(
          address, ((Number) py.eval("arr.storage.values.buffers()[1].address")).longValue());
      assertEquals(
          11.0, ((Number) py.eval("float(arr.to_numpy_ndarray()[1, 1, 2])")).doubleValue());

      try (FieldVector back = PyArrowExchange.fromPyArrow(py, "arr", allocator)) {
        py.exec("del arr");
        ArrowImport imp = ArrowTensors.toTensor(back);
        try (Tensor u = imp.tensor()) {
          assertFalse(imp.copied());
          assertEquals(address, u.address());
          assertArrayEquals(new long[] {2, 2, 3}, u.shape());
          assertEquals(7f, u.toFloatArray()[7]);
        }
      }
    }
  }

  @Test
  void pyarrowArrayArrivesAsATensorOverItsBuffer() {
    try (BufferAllocator allocator = new RootAllocator()) {
      py.exec("import pyarrow as pa\ncol = pa.array([1.5, 2.5, 3.5], type=pa.float64())");
      long address = ((Number) py.eval("col.buffers()[1].address")).longValue();
      try (FieldVector v = PyArrowExchange.fromPyArrow(py, "col", allocator)) {
        ArrowImport imp = ArrowTensors.toTensor(v);
        try (Tensor t = imp.tensor()) {
          assertEquals(address, t.address());
          assertArrayEquals(new double[] {1.5, 2.5, 3.5}, t.toDoubleArray(), 0.0);
        }
      }
      py.exec("del col");
    }
  }

  @Test
  void tensorsCrossToPyarrowAndBackInConstantTimeWithoutCopies() {
    py.exec("import numpy as np, pyarrow as pa");
    Tensor t = Tensor.arange(0, 12, 1, DType.FLOAT64).reshape(3, 4);
    long address = t.address();
    PyArrowExchange.tensorToPyArrow(py, "fst", t);
    Tensor flat = Tensor.arange(0, 5, 1, DType.INT64);
    PyArrowExchange.tensorToPyArrow(py, "prim", flat);
    t.close(); // pyarrow's arrays keep the storage through their numpy views
    assertEquals(
        "arrow.fixed_shape_tensor[4] double",
        py.eval(
            "fst.type.extension_name + str(list(fst.type.shape)) + ' ' + str(fst.type.value_type)"));
    assertEquals(
        address, ((Number) py.eval("fst.storage.values.buffers()[1].address")).longValue());
    assertEquals(11.0, ((Number) py.eval("float(fst.to_numpy_ndarray()[2, 3])")).doubleValue());
    assertEquals(flat.address(), ((Number) py.eval("prim.buffers()[1].address")).longValue());
    flat.close();

    try (Tensor back = PyArrowExchange.tensorFromPyArrow(py, "fst")) {
      py.exec("del fst");
      assertEquals(address, back.address());
      assertArrayEquals(new long[] {3, 4}, back.shape());
      assertEquals(7.0, back.toDoubleArray()[7], 0.0);
    }
    py.exec("c = pa.array(np.arange(6, dtype=np.float32))");
    try (Tensor c = PyArrowExchange.tensorFromPyArrow(py, "c")) {
      assertEquals(((Number) py.eval("c.buffers()[1].address")).longValue(), c.address());
      assertArrayEquals(new long[] {6}, c.shape());
    }
    py.exec("del prim, c");
  }

  @Test
  void constantTimePathsRefuseBooleansAndNulls() {
    py.exec("import pyarrow as pa");
    try (Tensor b = Tensor.of(true, false)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> PyArrowExchange.tensorToPyArrow(py, "x", b));
      assertTrue(e.getMessage().contains("bit-packed"), e.getMessage());
    }
    dev.myelin.bridge.PythonException e =
        assertThrows(
            dev.myelin.bridge.PythonException.class,
            () -> PyArrowExchange.tensorFromPyArrow(py, "pa.array([1.0, None])"));
    assertTrue(e.pythonMessage().contains("null"), e.pythonMessage());
  }
}
