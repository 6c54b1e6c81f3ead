package dev.myelin.bridge.arrow;

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
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "toPyArrow: argument 'name' expected a Python identifier but was "
              + (name == null ? "null" : "'" + name + "'"));
    }
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
