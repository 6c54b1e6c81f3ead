package dev.myelin.bridge.arrow;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Tensors as Arrow vectors and back, without copying where the layout allows.
 *
 * <ul>
 *   <li>{@link #toVector}: a 1-D tensor as a primitive vector (Float4, Float8, Int, BigInt, UInt1)
 *       over the tensor's memory.
 *   <li>{@link #toTensorVector}: a tensor of rank 2 or more as the canonical {@code
 *       arrow.fixed_shape_tensor} extension type (storage {@code
 *       FixedSizeList<T>[prod(shape[1:])]}, field metadata {@code ARROW:extension:name} and {@code
 *       ARROW:extension:metadata} = {@code {"shape":[...]}}), one row per index of the first
 *       dimension, over the tensor's memory.
 *   <li>{@link #toTensor}: either of those (or any such vector, e.g. one imported from pyarrow
 *       through the C Data Interface) as a {@link Tensor#isReadOnly() read-only} tensor over the
 *       Arrow data buffer (Arrow buffers are immutable by contract); it copies, and says so in
 *       {@link ArrowImport#copied()}, when the vector has nulls (floats become NaN, integers 0) or
 *       is a bit-packed BitVector.
 *   <li>{@link #toMatrix} and {@link #fromMatrix}: numeric columns of a {@link VectorSchemaRoot}
 *       and a row-major matrix; columns are separate buffers, so these always copy (except a single
 *       column without nulls, which {@code toMatrix} wraps).
 * </ul>
 *
 * <p>Arrow buffers made over a tensor hold their own view of its storage, so the tensor may be
 * closed while the vector lives; tensors made over Arrow buffers hold a reference to the buffer
 * until the tensor and all its views are closed.
 */
public final class ArrowTensors {
  /** The canonical extension name of fixed-shape tensors. */
  public static final String FIXED_SHAPE_TENSOR = "arrow.fixed_shape_tensor";

  /** Field metadata key of an extension type's name. */
  public static final String EXTENSION_NAME = "ARROW:extension:name";

  /** Field metadata key of an extension type's serialized metadata. */
  public static final String EXTENSION_METADATA = "ARROW:extension:metadata";

  private ArrowTensors() {}

  // ============================================================================ tensor -> Arrow

  /** A primitive Arrow vector named {@code name} over the memory of 1-D tensor {@code t}. */
  public static FieldVector toVector(Tensor t, String name, BufferAllocator allocator) {
    String op = "toVector";
    checkOpen(op, t);
    checkNotNull(op, "name", name);
    checkNotNull(op, "allocator", allocator);
    if (t.rank() != 1) {
      throw new IllegalArgumentException(
          op + ": argument 't' expected rank 1 but was rank " + t.rank() + " " + shapeOf(t));
    }
    FieldVector v = Field.nullable(name, arrowType(op, t.dtype())).createVector(allocator);
    load(v, t, allocator);
    return v;
  }

  /**
   * An {@code arrow.fixed_shape_tensor} vector named {@code name} over the memory of {@code t}
   * (rank 2 or more): row i is {@code t[i]}, and the extension metadata holds {@code shape[1:]}.
   */
  public static FixedSizeListVector toTensorVector(
      Tensor t, String name, BufferAllocator allocator) {
    String op = "toTensorVector";
    checkOpen(op, t);
    checkNotNull(op, "name", name);
    checkNotNull(op, "allocator", allocator);
    long[] shape = t.shape();
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          op + ": argument 't' expected rank 2 or more but was rank " + shape.length);
    }
    long[] element = Arrays.copyOfRange(shape, 1, shape.length);
    long listSize = 1;
    for (long d : element) {
      listSize *= d;
    }
    if (listSize > Integer.MAX_VALUE || shape[0] > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          op + ": argument 't' expected at most 2^31-1 rows and row size but was " + shapeOf(t));
    }
    Map<String, String> meta = new HashMap<>();
    meta.put(EXTENSION_NAME, FIXED_SHAPE_TENSOR);
    meta.put(EXTENSION_METADATA, shapeJson(element));
    Field child = Field.notNullable("item", arrowType(op, t.dtype()));
    Field field =
        new Field(
            name,
            new FieldType(true, new ArrowType.FixedSizeList((int) listSize), null, meta),
            List.of(child));
    FixedSizeListVector v = (FixedSizeListVector) field.createVector(allocator);
    v.loadFieldBuffers(new ArrowFieldNode(shape[0], 0), List.of(allocator.getEmpty()));
    try (Tensor flat = t.reshape(-1)) {
      load(v.getDataVector(), flat, allocator);
    }
    return v;
  }

  /** Points vector {@code v}'s data buffer at the tensor's memory through a tensor view. */
  private static void load(FieldVector v, Tensor t, BufferAllocator allocator) {
    Tensor view = t.reshape(t.shape()).detach();
    ArrowBuf data;
    try {
      data = allocator.wrapForeignAllocation(new TensorAllocation(view));
    } catch (RuntimeException e) {
      view.close();
      throw e;
    }
    try {
      v.loadFieldBuffers(new ArrowFieldNode(t.size(), 0), List.of(allocator.getEmpty(), data));
    } finally {
      data.getReferenceManager().release();
    }
  }

  // ============================================================================ Arrow -> tensor

  /**
   * A tensor over {@code v}'s data: a primitive vector gives a 1-D tensor; a FixedSizeList vector
   * gives shape {@code [rows, ...element shape]} (the {@code arrow.fixed_shape_tensor} metadata, or
   * {@code [listSize]} without it). Zero-copy unless the vector has nulls or is a BitVector.
   */
  public static ArrowImport toTensor(FieldVector v) {
    String op = "toTensor";
    checkNotNull(op, "v", v);
    if (v instanceof FixedSizeListVector) {
      FixedSizeListVector list = (FixedSizeListVector) v;
      long[] element = elementShape(list);
      long[] shape = new long[element.length + 1];
      shape[0] = list.getValueCount();
      System.arraycopy(element, 0, shape, 1, element.length);
      if (list.getNullCount() > 0) {
        throw new IllegalArgumentException(
            op
                + ": argument 'v' expected a tensor vector without null rows but had "
                + list.getNullCount()
                + " null rows of "
                + list.getValueCount());
      }
      FieldVector child = list.getDataVector();
      long expected = shape[0] * (long) list.getListSize();
      if (child.getValueCount() < expected) {
        throw new IllegalArgumentException(
            op
                + ": argument 'v' expected "
                + expected
                + " child values but had "
                + child.getValueCount());
      }
      return fromPrimitive(op, child, shape);
    }
    return fromPrimitive(op, v, new long[] {v.getValueCount()});
  }

  private static ArrowImport fromPrimitive(String op, FieldVector v, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (v instanceof BitVector) {
      BitVector bits = (BitVector) v;
      boolean[] values = new boolean[(int) n];
      for (int i = 0; i < n; i++) {
        values[i] = !bits.isNull(i) && bits.get(i) != 0;
      }
      return new ArrowImport(Tensor.fromArray(values, shape), true);
    }
    DType dtype = dtypeOf(op, v);
    if (v.getNullCount() > 0) {
      return new ArrowImport(copyWithNulls((BaseFixedWidthVector) v, dtype, shape, n), true);
    }
    ArrowBuf data = v.getDataBuffer();
    data.getReferenceManager().retain();
    try {
      Tensor t =
          Tensor.wrapReadOnly(
              data.memoryAddress(), shape, dtype, () -> data.getReferenceManager().release());
      return new ArrowImport(t, false);
    } catch (RuntimeException e) {
      data.getReferenceManager().release();
      throw e;
    }
  }

  private static Tensor copyWithNulls(BaseFixedWidthVector v, DType dtype, long[] shape, long n) {
    Tensor out = Tensor.zeros(dtype, shape);
    ByteBuffer b = out.asByteBuffer();
    for (int i = 0; i < n; i++) {
      boolean isNull = v.isNull(i);
      switch (dtype) {
        case FLOAT32:
          b.putFloat(i * 4, isNull ? Float.NaN : ((Float4Vector) v).get(i));
          break;
        case FLOAT64:
          b.putDouble(i * 8, isNull ? Double.NaN : ((Float8Vector) v).get(i));
          break;
        case INT32:
          b.putInt(i * 4, isNull ? 0 : ((IntVector) v).get(i));
          break;
        case INT64:
          b.putLong(i * 8, isNull ? 0 : ((BigIntVector) v).get(i));
          break;
        default:
          b.put(i, isNull ? 0 : ((UInt1Vector) v).get(i));
          break;
      }
    }
    return out;
  }

  /** The element shape of a FixedSizeList vector: its extension metadata, or [listSize]. */
  static long[] elementShape(FixedSizeListVector v) {
    Map<String, String> meta = v.getField().getMetadata();
    String json = meta == null ? null : meta.get(EXTENSION_METADATA);
    if (json == null || !FIXED_SHAPE_TENSOR.equals(meta.get(EXTENSION_NAME))) {
      return new long[] {v.getListSize()};
    }
    long[] shape = parseShape(json);
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != v.getListSize()) {
      throw new IllegalArgumentException(
          "toTensor: argument 'v' expected a shape whose product is the list size "
              + v.getListSize()
              + " but metadata was "
              + json);
    }
    return shape;
  }

  /** Reads {@code "shape":[a,b,...]} from fixed_shape_tensor metadata. */
  static long[] parseShape(String json) {
    int key = json.indexOf("\"shape\"");
    int open = key < 0 ? -1 : json.indexOf('[', key);
    int close = open < 0 ? -1 : json.indexOf(']', open);
    if (close < 0) {
      throw new IllegalArgumentException(
          "toTensor: argument 'v' expected extension metadata {\"shape\":[...]} but was " + json);
    }
    String body = json.substring(open + 1, close).trim();
    if (body.isEmpty()) {
      return new long[0];
    }
    String[] parts = body.split(",");
    long[] shape = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      shape[i] = Long.parseLong(parts[i].trim());
    }
    return shape;
  }

  static String shapeJson(long[] shape) {
    StringBuilder b = new StringBuilder("{\"shape\":[");
    for (int i = 0; i < shape.length; i++) {
      b.append(i == 0 ? "" : ",").append(shape[i]);
    }
    return b.append("]}").toString();
  }

  // ============================================================================ tables

  /**
   * A {@code rows x columns} matrix of {@code dtype} (FLOAT32 or FLOAT64) from the numeric columns
   * (booleans become 0/1) of {@code root}, in column order; nulls become NaN. This copies (columns
   * live in separate buffers), except for a single column of that dtype without nulls, which is
   * wrapped.
   */
  public static ArrowImport toMatrix(VectorSchemaRoot root, DType dtype) {
    String op = "toMatrix";
    checkNotNull(op, "root", root);
    if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
      throw new IllegalArgumentException(
          op + ": argument 'dtype' expected FLOAT32 or FLOAT64 but was " + dtype);
    }
    List<FieldVector> cols = root.getFieldVectors();
    int rows = root.getRowCount();
    for (FieldVector c : cols) {
      if (!(c instanceof BaseFixedWidthVector)) {
        throw new IllegalArgumentException(
            op
                + ": argument 'root' expected numeric or boolean columns but column '"
                + c.getName()
                + "' was "
                + c.getField().getType());
      }
      if (!(c instanceof BitVector)) {
        dtypeOf(op, c);
      }
    }
    if (cols.size() == 1
        && !(cols.get(0) instanceof BitVector)
        && cols.get(0).getNullCount() == 0
        && dtypeOf(op, cols.get(0)) == dtype) {
      ArrowImport one = fromPrimitive(op, cols.get(0), new long[] {rows});
      Tensor m = one.tensor().reshape(rows, 1);
      one.tensor().close();
      return new ArrowImport(m, false);
    }
    Tensor out = Tensor.zeros(dtype, rows, cols.size());
    ByteBuffer b = out.asByteBuffer().order(ByteOrder.nativeOrder());
    int k = cols.size();
    for (int j = 0; j < k; j++) {
      copyColumn(cols.get(j), rows, b, j, k, dtype == DType.FLOAT32);
    }
    return new ArrowImport(out, true);
  }

  /** Column {@code j} of a row-major {@code rows x k} float32/float64 matrix from vector c. */
  private static void copyColumn(
      FieldVector c, int rows, ByteBuffer b, int j, int k, boolean float32) {
    ArrowBuf data = c.getDataBuffer();
    boolean nulls = c.getNullCount() > 0;
    int width = float32 ? 4 : 8;
    for (int i = 0; i < rows; i++) {
      double x;
      if (nulls && c.isNull(i)) {
        x = Double.NaN;
      } else if (c instanceof Float4Vector) {
        x = data.getFloat(4L * i);
      } else if (c instanceof Float8Vector) {
        x = data.getDouble(8L * i);
      } else if (c instanceof IntVector) {
        x = data.getInt(4L * i);
      } else if (c instanceof BigIntVector) {
        x = data.getLong(8L * i);
      } else if (c instanceof BitVector) {
        x = ((BitVector) c).get(i);
      } else {
        x = data.getByte(i) & 0xff;
      }
      int at = (i * k + j) * width;
      if (float32) {
        b.putFloat(at, (float) x);
      } else {
        b.putDouble(at, x);
      }
    }
  }

  /**
   * A VectorSchemaRoot with one column per column of matrix {@code m} (FLOAT32 or FLOAT64, shape
   * {@code [rows, columns]}), named {@code names}; this copies (Arrow columns are separate
   * buffers). The caller closes the root.
   */
  public static VectorSchemaRoot fromMatrix(
      Tensor m, List<String> names, BufferAllocator allocator) {
    String op = "fromMatrix";
    checkOpen(op, m);
    checkNotNull(op, "names", names);
    checkNotNull(op, "allocator", allocator);
    if (m.rank() != 2) {
      throw new IllegalArgumentException(
          op + ": argument 'm' expected rank 2 but was rank " + m.rank() + " " + shapeOf(m));
    }
    if (m.dtype() != DType.FLOAT32 && m.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(
          op + ": argument 'm' expected dtype FLOAT32 or FLOAT64 but was " + m.dtype());
    }
    int rows = (int) m.dim(0);
    int k = (int) m.dim(1);
    if (names.size() != k) {
      throw new IllegalArgumentException(
          op + ": argument 'names' expected " + k + " names but had " + names.size());
    }
    ByteBuffer b = m.asByteBuffer();
    List<FieldVector> cols = new ArrayList<>();
    try {
      for (int j = 0; j < k; j++) {
        if (m.dtype() == DType.FLOAT32) {
          Float4Vector c = new Float4Vector(names.get(j), allocator);
          c.allocateNew(rows);
          for (int i = 0; i < rows; i++) {
            c.set(i, b.getFloat((i * k + j) * 4));
          }
          c.setValueCount(rows);
          cols.add(c);
        } else {
          Float8Vector c = new Float8Vector(names.get(j), allocator);
          c.allocateNew(rows);
          for (int i = 0; i < rows; i++) {
            c.set(i, b.getDouble((i * k + j) * 8));
          }
          c.setValueCount(rows);
          cols.add(c);
        }
      }
    } catch (RuntimeException e) {
      cols.forEach(FieldVector::close);
      throw e;
    } finally {
      // b does not keep m's storage alive (Tensor#asByteBuffer): m must stay reachable until here.
      Reference.reachabilityFence(m);
    }
    return new VectorSchemaRoot(cols);
  }

  // ============================================================================ types

  /** The Arrow type of a tensor dtype; BOOL is refused (Arrow booleans are bit-packed). */
  static ArrowType arrowType(String op, DType d) {
    switch (d) {
      case FLOAT32:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT64:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case INT32:
        return new ArrowType.Int(32, true);
      case INT64:
        return new ArrowType.Int(64, true);
      case UINT8:
        return new ArrowType.Int(8, false);
      default:
        throw new IllegalArgumentException(
            op
                + ": argument 't' expected dtype FLOAT32, FLOAT64, INT32, INT64 or UINT8 (Arrow"
                + " booleans are bit-packed, so they cannot share a tensor's bytes) but was "
                + d);
    }
  }

  private static DType dtypeOf(String op, FieldVector v) {
    if (v instanceof Float4Vector) {
      return DType.FLOAT32;
    }
    if (v instanceof Float8Vector) {
      return DType.FLOAT64;
    }
    if (v instanceof IntVector) {
      return DType.INT32;
    }
    if (v instanceof BigIntVector) {
      return DType.INT64;
    }
    if (v instanceof UInt1Vector) {
      return DType.UINT8;
    }
    throw new IllegalArgumentException(
        op
            + ": argument 'v' expected a float32, float64, int32, int64 or uint8 vector but '"
            + v.getName()
            + "' was "
            + v.getField().getType());
  }

  private static void checkOpen(String op, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(op + ": argument 't' expected a Tensor but was null");
    }
    if (t.isClosed()) {
      throw new IllegalArgumentException(
          op + ": argument 't' expected an open Tensor but was a closed one");
    }
  }

  private static void checkNotNull(String op, String arg, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(
          op + ": argument '" + arg + "' expected a value but was null");
    }
  }

  private static String shapeOf(Tensor t) {
    return Arrays.toString(t.shape());
  }
}
