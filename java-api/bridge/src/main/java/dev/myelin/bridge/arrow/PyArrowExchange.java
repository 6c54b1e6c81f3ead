package dev.myelin.bridge.arrow;

import dev.myelin.Tensor;
import dev.myelin.bridge.PythonInterpreter;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Arrow vectors to and from pyarrow arrays in a {@link PythonInterpreter} through the Arrow C Data
 * Interface: only the buffer pointers cross, so both sides read the same memory.
 */
public final class PyArrowExchange {
  private PyArrowExchange() {}

  /**
   * Binds Python global {@code name} to a {@code pyarrow.Array} over {@code v}'s buffers (no copy);
   * the buffers stay alive until pyarrow releases the array, even if {@code v} is closed first.
   * Field metadata travels, so an {@code arrow.fixed_shape_tensor} vector arrives as pyarrow's
   * {@code FixedShapeTensorArray}.
   */
  public static void toPyArrow(
      PythonInterpreter py, String name, FieldVector v, BufferAllocator allocator) {
    check("toPyArrow", py, allocator);
    if (v == null) {
      throw new IllegalArgumentException(
          "toPyArrow: argument 'v' expected a FieldVector but was null");
    }
    checkName("toPyArrow", name);
    try (ArrowArray array = ArrowArray.allocateNew(allocator);
        ArrowSchema schema = ArrowSchema.allocateNew(allocator)) {
      Data.exportVector(allocator, v, null, array, schema);
      py.set("_myelin_c_array", array.memoryAddress());
      py.set("_myelin_c_schema", schema.memoryAddress());
      try {
        py.exec(
            "import pyarrow\n"
                + name
                + " = pyarrow.Array._import_from_c(_myelin_c_array, _myelin_c_schema)");
      } catch (RuntimeException e) {
        // pyarrow did not take ownership: release the exported structs on the Java side.
        array.release();
        schema.release();
        throw e;
      } finally {
        py.exec("del _myelin_c_array, _myelin_c_schema");
      }
    }
  }

  /**
   * A Java vector over the buffers of the pyarrow array that {@code expr} evaluates to (no copy):
   * pyarrow's memory stays alive until the vector (and any tensor made from it) is closed.
   */
  public static FieldVector fromPyArrow(
      PythonInterpreter py, String expr, BufferAllocator allocator) {
    check("fromPyArrow", py, allocator);
    if (expr == null) {
      throw new IllegalArgumentException(
          "fromPyArrow: argument 'expr' expected a Python expression but was null");
    }
    try (ArrowArray array = ArrowArray.allocateNew(allocator);
        ArrowSchema schema = ArrowSchema.allocateNew(allocator)) {
      py.set("_myelin_c_array", array.memoryAddress());
      py.set("_myelin_c_schema", schema.memoryAddress());
      try {
        py.exec("(" + expr + ")._export_to_c(_myelin_c_array, _myelin_c_schema)");
      } finally {
        py.exec("del _myelin_c_array, _myelin_c_schema");
      }
      return Data.importVector(allocator, array, schema, null);
    }
  }

  /**
   * Binds Python global {@code name} to a pyarrow array over tensor {@code t}'s memory in constant
   * time: the tensor reaches Python as a numpy array (no copy, holding its own view of the storage,
   * see {@link PythonInterpreter#set}), which pyarrow wraps ({@code pyarrow.array} for rank 1, the
   * {@code arrow.fixed_shape_tensor} extension type for rank 2 or more). {@link #toPyArrow} goes
   * through Java Arrow vectors instead, which materialize an all-valid validity bitmap and count
   * nulls: {@code rows / 8} bytes of work (milliseconds at 256 MiB). BOOL tensors are refused
   * (Arrow booleans are bit-packed).
   */
  public static void tensorToPyArrow(PythonInterpreter py, String name, Tensor t) {
    String op = "tensorToPyArrow";
    checkName(op, name);
    if (py == null || t == null || t.isClosed()) {
      throw new IllegalArgumentException(
          op
              + ": arguments 'py' and 't' expected an interpreter and an open Tensor but were "
              + py
              + " and "
              + (t == null ? "null" : "a closed Tensor"));
    }
    ArrowTensors.arrowType(op, t.dtype());
    py.set("_myelin_t", t);
    try {
      py.exec(
          "import pyarrow\n"
              + name
              + " = pyarrow.array(_myelin_t) if _myelin_t.ndim == 1 else"
              + " pyarrow.FixedShapeTensorArray.from_numpy_ndarray(_myelin_t)");
    } finally {
      py.exec("del _myelin_t");
    }
  }

  /**
   * A tensor over the buffer of the pyarrow array that {@code expr} evaluates to, in constant time
   * (a primitive array gives a 1-D tensor, an {@code arrow.fixed_shape_tensor} array its full
   * shape): pyarrow's zero-copy numpy view of the buffer crosses as in {@link
   * PythonInterpreter#getTensor}, keeping the array alive until the tensor and its views are
   * closed. Nulls or booleans raise the {@link dev.myelin.bridge.PythonException} pyarrow raises
   * for a zero-copy view; use {@link #fromPyArrow} and {@link ArrowTensors#toTensor} to copy them.
   */
  public static Tensor tensorFromPyArrow(PythonInterpreter py, String expr) {
    String op = "tensorFromPyArrow";
    if (py == null || expr == null) {
      throw new IllegalArgumentException(
          op
              + ": arguments 'py' and 'expr' expected an interpreter and an expression but were "
              + py
              + " and "
              + expr);
    }
    py.exec(
        "import pyarrow\n"
            + "_myelin_a = ("
            + expr
            + ")\n"
            + "_myelin_np = _myelin_a.to_numpy_ndarray()"
            + " if isinstance(_myelin_a.type, pyarrow.FixedShapeTensorType)"
            + " else _myelin_a.to_numpy(zero_copy_only=True)\n"
            + "del _myelin_a");
    try {
      return py.getTensor("_myelin_np");
    } finally {
      py.exec("del _myelin_np");
    }
  }

  private static void checkName(String op, String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          op
              + ": argument 'name' expected a Python identifier but was "
              + (name == null ? "null" : "'" + name + "'"));
    }
  }

  private static void check(String op, PythonInterpreter py, BufferAllocator allocator) {
    if (py == null) {
      throw new IllegalArgumentException(
          op + ": argument 'py' expected a PythonInterpreter but was null");
    }
    if (allocator == null) {
      throw new IllegalArgumentException(
          op + ": argument 'allocator' expected a BufferAllocator but was null");
    }
  }
}
