package dev.myelin.bridge.arrow;

import dev.myelin.DType;
import dev.myelin.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.c.ArrowArray;
import org.apache.arrow.c.ArrowSchema;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A record batch that another runtime exports through the Arrow C Data Interface (pyarrow's {@code
 * RecordBatch._export_to_c}, e.g. a pandas DataFrame after {@code pyarrow.RecordBatch.from_pandas})
 * turned into tensors, zero-copy where the layout allows. Arrow buffers are immutable by contract,
 * so a zero-copy tensor is {@link Tensor#isReadOnly() read-only} (copy it to write).
 *
 * <pre>{@code
 * try (ArrowFrames batch = ArrowFrames.open()) {
 *   // the producer writes into batch.arrayAddress() / batch.schemaAddress()
 *   ArrowImport x = batch.matrix(DType.FLOAT32, whenReleased);
 * }
 * }</pre>
 *
 * <p>{@code whenReleased} runs once no tensor made from the batch needs the producer's buffers any
 * more: at once when everything was copied, else when the last zero-copy tensor (and its views) is
 * closed. A producer that must not be called back from a Java thread (CPython: releasing a pyarrow
 * buffer over a numpy array takes the GIL) keeps its batch alive until then, so the release
 * callback Java invokes never drops the producer's last reference.
 */
public final class ArrowFrames implements AutoCloseable {
  private static BufferAllocator sharedAllocator;

  private final BufferAllocator allocator;
  private final ArrowArray array;
  private final ArrowSchema schema;
  private boolean imported;

  /** Empty C structs for one exported batch, allocated from {@code allocator}. */
  public ArrowFrames(BufferAllocator allocator) {
    if (allocator == null) {
      throw new IllegalArgumentException(
          "ArrowFrames: argument 'allocator' expected a BufferAllocator but was null");
    }
    this.allocator = allocator;
    this.array = ArrowArray.allocateNew(allocator);
    this.schema = ArrowSchema.allocateNew(allocator);
  }

  /** Empty C structs from a process-wide allocator (what the Python package uses). */
  public static ArrowFrames open() {
    return new ArrowFrames(shared());
  }

  private static synchronized BufferAllocator shared() {
    if (sharedAllocator == null) {
      sharedAllocator = new RootAllocator();
    }
    return sharedAllocator;
  }

  /** The address of the {@code struct ArrowArray} the producer exports into. */
  public long arrayAddress() {
    return array.memoryAddress();
  }

  /** The address of the {@code struct ArrowSchema} the producer exports into. */
  public long schemaAddress() {
    return schema.memoryAddress();
  }

  /**
   * The batch as a {@code rows x columns} matrix. A single numeric column without nulls is wrapped
   * (in constant time, straight from the C structs) (float32, float64, int32, int64 or uint8: a
   * {@code [rows, 1]} tensor over the producer's buffer, {@code copied() == false}); anything else
   * is copied into a row-major matrix of {@code dtype} (FLOAT32 or FLOAT64), booleans as 0/1 and
   * nulls as NaN, since Arrow columns are separate buffers.
   */
  public ArrowImport matrix(DType dtype, Runnable whenReleased) {
    String op = "matrix";
    checkRelease(op, whenReleased);
    checkNotImported(op);
    ArrowImport direct = wrapOneColumn(whenReleased);
    if (direct != null) {
      return direct;
    }
    try (VectorSchemaRoot root = importRoot()) {
      List<FieldVector> cols = root.getFieldVectors();
      if (cols.isEmpty()) {
        throw new IllegalArgumentException(
            "ArrowFrames.matrix: the exported batch expected at least one column but had none");
      }
      ArrowImport m;
      if (cols.size() == 1 && sharable(cols.get(0))) {
        ArrowImport one = ArrowTensors.toTensor(cols.get(0));
        try (Tensor flat = one.tensor()) {
          m = new ArrowImport(flat.reshape(root.getRowCount(), 1), false);
        }
      } else {
        m = ArrowTensors.toMatrix(root, dtype);
      }
      return chain(m, whenReleased, new AtomicInteger(1));
    } catch (RuntimeException e) {
      whenReleased.run();
      throw e;
    }
  }

  /**
   * The batch as one 1-D tensor per column, in column order: numeric columns without nulls are
   * wrapped (zero-copy), columns with nulls or bit-packed booleans copied (see {@link
   * ArrowTensors#toTensor}).
   */
  public List<ArrowImport> columns(Runnable whenReleased) {
    String op = "columns";
    checkRelease(op, whenReleased);
    checkNotImported(op);
    List<ArrowImport> out = new ArrayList<>();
    try (VectorSchemaRoot root = importRoot()) {
      for (FieldVector c : root.getFieldVectors()) {
        out.add(ArrowTensors.toTensor(c));
      }
    } catch (RuntimeException e) {
      out.forEach(i -> i.tensor().close());
      whenReleased.run();
      throw e;
    }
    AtomicInteger pending = new AtomicInteger(out.size());
    if (out.isEmpty()) {
      whenReleased.run();
    }
    List<ArrowImport> chained = new ArrayList<>();
    for (ArrowImport i : out) {
      chained.add(chain(i, whenReleased, pending));
    }
    return chained;
  }

  /** Frees the C structs; a batch exported but never imported is released first. */
  @Override
  public void close() {
    if (!imported) {
      array.release();
      schema.release();
    }
    array.close();
    schema.close();
  }

  private void checkNotImported(String op) {
    if (imported) {
      throw new IllegalStateException("ArrowFrames." + op + ": the batch was already imported");
    }
  }

  private VectorSchemaRoot importRoot() {
    imported = true;
    return Data.importVectorSchemaRoot(allocator, array, schema, null);
  }

  /**
   * The O(1) path of {@link #matrix}: a batch of one column of float32, float64, int32, int64 or
   * uint8 with no nulls is wrapped straight from the C structs (data buffer + offset), without
   * importing Java vectors (whose import scans the validity bitmap: O(rows)). The exported array
   * moves into a struct of our own, released with the tensor's last view. Null when the batch is
   * anything else.
   */
  private ArrowImport wrapOneColumn(Runnable whenReleased) {
    ArrowArray.Snapshot batch = array.snapshot();
    ArrowSchema.Snapshot batchSchema = schema.snapshot();
    if (batch.release == 0
        || batch.n_children != 1
        || batch.offset != 0
        || batchSchema.n_children != 1
        || !"+s".equals(cString(batchSchema.format))) {
      return null;
    }
    ArrowArray.Snapshot col = ArrowArray.wrap(MemoryUtil.getLong(batch.children)).snapshot();
    ArrowSchema.Snapshot colSchema =
        ArrowSchema.wrap(MemoryUtil.getLong(batchSchema.children)).snapshot();
    DType dtype = dtypeOfFormat(cString(colSchema.format));
    if (dtype == null
        || col.null_count != 0
        || col.n_buffers != 2
        || col.n_children != 0
        || col.dictionary != 0
        || colSchema.dictionary != 0) {
      return null;
    }
    long address = MemoryUtil.getLong(col.buffers + 8) + col.offset * dtype.itemSize();
    if (address % dtype.itemSize() != 0 || (address == 0 && col.length > 0)) {
      return null;
    }
    imported = true;
    ArrowArray owned = ArrowArray.allocateNew(allocator);
    owned.save(batch);
    array.markReleased();
    schema.release();
    Runnable release =
        () -> {
          owned.release();
          owned.close();
          whenReleased.run();
        };
    try {
      return new ArrowImport(
          Tensor.wrapReadOnly(address, new long[] {col.length, 1}, dtype, release), false);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
  }

  /** The tensor dtype of a C Data Interface format string, or null. */
  private static DType dtypeOfFormat(String format) {
    switch (format) {
      case "f":
        return DType.FLOAT32;
      case "g":
        return DType.FLOAT64;
      case "i":
        return DType.INT32;
      case "l":
        return DType.INT64;
      case "C":
        return DType.UINT8;
      default:
        return null;
    }
  }

  private static String cString(long address) {
    if (address == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (long p = address; ; p++) {
      byte c = MemoryUtil.getByte(p);
      if (c == 0 || b.length() > 64) {
        return b.toString();
      }
      b.append((char) c);
    }
  }

  private static boolean sharable(FieldVector c) {
    return !(c instanceof BitVector) && c.getNullCount() == 0;
  }

  /**
   * The import, whose tensor (when zero-copy) runs {@code whenReleased} after its last view is
   * released and {@code pending} drops to zero; a copy counts down at once.
   */
  private static ArrowImport chain(ArrowImport i, Runnable whenReleased, AtomicInteger pending) {
    if (i.copied()) {
      countDown(pending, whenReleased);
      return i;
    }
    Tensor inner = i.tensor().detach();
    Tensor outer =
        Tensor.wrapReadOnly(
            inner.address(),
            inner.shape(),
            inner.dtype(),
            () -> {
              inner.close();
              countDown(pending, whenReleased);
            });
    return new ArrowImport(outer, false);
  }

  private static void countDown(AtomicInteger pending, Runnable whenReleased) {
    if (pending.decrementAndGet() == 0) {
      whenReleased.run();
    }
  }

  private static void checkRelease(String op, Runnable whenReleased) {
    if (whenReleased == null) {
      throw new IllegalArgumentException(
          "ArrowFrames." + op + ": argument 'whenReleased' expected a Runnable but was null");
    }
  }
}
