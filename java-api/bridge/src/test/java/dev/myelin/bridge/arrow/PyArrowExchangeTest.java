package dev.myelin.bridge.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
