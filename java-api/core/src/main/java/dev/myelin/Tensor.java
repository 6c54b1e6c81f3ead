package dev.myelin;

import static dev.myelin.ElementwiseOps.binary;
import static dev.myelin.ElementwiseOps.unary;
import static dev.myelin.OpCodes.*;
import static dev.myelin.ReductionOps.reduce;
import static dev.myelin.internal.TensorChecks.normAxis;

import dev.myelin.internal.BackwardFn;
import dev.myelin.internal.Errors;
import dev.myelin.internal.Native;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.Reachable;
import dev.myelin.internal.Recorder;
import dev.myelin.internal.Repr;
import dev.myelin.internal.TensorAccess;
import dev.myelin.internal.TensorChecks;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * An n-dimensional array in native memory (contiguous, row-major), with numpy-style operations that
 * run in Myelin's native core.
 *
 * <p><b>Lifetime.</b> A tensor holds one native reference, released by {@link #close()}
 * (idempotent); any later use throws {@link IllegalStateException} naming the operation. A tensor
 * created while a {@link TensorScope} is open on its thread is closed by that scope. Tensors that
 * become unreachable are released by a {@link Cleaner}; since the JVM's collector cannot see native
 * bytes, the allocator asks for a collection when its live bytes pass a rising mark, so a
 * scope-free loop stays bounded. {@code close()} and scopes free memory at once, without waiting
 * for a collection (use them in tight loops).
 *
 * <p><b>Identity.</b> {@link #equals(Object)} and {@link #hashCode()} are identity-based (two
 * tensors with equal values are different keys); compare values with {@link #allClose}.
 *
 * <p><b>Autodiff.</b> Floating-point operations are recorded on every active {@code
 * dev.myelin.autodiff.GradientTape} that watches one of their inputs.
 *
 * <p><b>Threads.</b> Any number of threads may read one open tensor at the same time (use it as an
 * operand, read it back, take views): results are exactly those of one thread, and a shared weight
 * read by ops on several threads is the common case. A tensor must not be closed, or written in
 * place (a {@link Variable} assignment, an optimizer step), while another thread uses it: close and
 * use are not synchronised. {@link TensorScope}s belong to the thread that opened them. Random
 * creation without an explicit seed draws from the calling thread's generator ({@link
 * Myelin#setSeed}).
 *
 * <p><b>Garbage-collection backstop.</b> Every op and readback keeps its tensors reachable until
 * the native call has returned, so the Cleaner never frees a tensor while Myelin still uses it. Raw
 * accessors cannot do that for their caller: memory reached through {@link #asByteBuffer()}, {@link
 * #address()} or {@link #nativeHandle()} stays valid only while the caller keeps this tensor open
 * and reachable (hold a reference, or {@link java.lang.ref.Reference#reachabilityFence fence} it
 * after the last access).
 */
public final class Tensor implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();
  static final long[] NO_DIMS = new long[0];

  static {
    Native.ensureLoaded();
    TensorAccess.install(
        new TensorAccess() {
          @Override
          public Tensor alias(Tensor t, String op) {
            return new Tensor(Reachable.after(NativeCore.mln_retain(t.h(op)), t), false);
          }

          @Override
          public Tensor softmaxLogits(Tensor p) {
            Tensor z = p.softmaxLogits;
            return z == null || z.isClosed() || p.isClosed() ? null : z;
          }

          @Override
          public Tensor aliasUnmanaged(Tensor t, String op) {
            Tensor a = new Tensor(Reachable.after(NativeCore.mln_retain(t.h(op)), t));
            a.shape = t.shape;
            a.dtype = t.dtype;
            return a;
          }
        });
  }

  private long handle;
  private final Cleaner.Cleanable cleanable;
  // Filled lazily and read by every thread that uses the tensor: volatile so that another thread
  // sees either null or the complete array.
  volatile long[] shape;
  DType dtype;

  /** For the output of {@code softmax} over the last axis: its input (the logits), else null. */
  Tensor softmaxLogits;

  /** The scope that owns this tensor, or null; managed by {@link TensorScope}. */
  TensorScope scope;

  /** Releases one native reference; holds no reference to the Tensor. */
  private static final class Releaser implements Runnable {
    private final long h;

    Releaser(long h) {
      this.h = h;
    }

    @Override
    public void run() {
      NativeCore.mln_release(h);
    }
  }

  private Tensor(long h, boolean scoped) {
    this.handle = h;
    this.cleanable = CLEANER.register(this, new Releaser(h));
    if (scoped) {
      TensorScope.adopt(this);
    }
  }

  /** An unscoped tensor with no Cleaner backstop: whoever makes it must close it. */
  private Tensor(long h) {
    this.handle = h;
    this.cleanable = null;
  }

  /** Wraps a native result, turning 0 into the native error of {@code op}. */
  static Tensor make(long h, String op) {
    if (h == 0) {
      throw Errors.fail(op);
    }
    return new Tensor(h, true);
  }

  /** Wraps a fresh native reference (non-zero) as a scoped tensor. */
  static Tensor adopt(long h) {
    return new Tensor(h, true);
  }

  /** The live handle, or an IllegalStateException naming {@code op}. */
  long h(String op) {
    long x = handle;
    if (x == 0) {
      throw new IllegalStateException(op + ": tensor was closed");
    }
    return x;
  }

  /** The live handle of argument {@code t}, checking null and closed. */
  static long arg(Tensor t, String op, String name) {
    if (t == null) {
      throw Errors.arg(op, name, "a Tensor", "null");
    }
    long x = t.handle;
    if (x == 0) {
      throw new IllegalStateException(op + ": tensor '" + name + "' was closed");
    }
    return x;
  }

  static void record(String op, BackwardFn fn, Tensor out, Tensor... in) {
    Recorder.record(op, fn, out, in);
  }

  /**
   * The gradient of a one-input op: the native backward result {@code h} as a one-element array.
   */
  static Tensor[] gradient(long h, String op) {
    return new Tensor[] {make(h, op + " backward")};
  }

  /**
   * The gradients of a two-input op whose native backward wrote {@code ga[0]} and {@code gb[0]} (a
   * null array: that input needs none) and returned {@code status}.
   */
  static Tensor[] gradients(int status, long[] ga, long[] gb, String op) {
    Errors.checkStatus(status, op + " backward");
    return new Tensor[] {ga == null ? null : make(ga[0], op), gb == null ? null : make(gb[0], op)};
  }

  // ============================================================================ lifecycle

  /** Releases the native reference (idempotent); the tensor is unusable afterwards. */
  @Override
  public void close() {
    if (handle != 0) {
      long h = handle;
      handle = 0;
      if (cleanable != null) {
        cleanable.clean();
      } else {
        NativeCore.mln_release(h);
      }
    }
  }

  /** Whether {@link #close()} has been called (directly or by a scope). */
  public boolean isClosed() {
    return handle == 0;
  }

  /**
   * Removes this tensor from the scope that owns it, so no scope closes it; it lives until {@link
   * #close()} or garbage collection. Returns this tensor.
   */
  public Tensor detach() {
    h("detach");
    TensorScope.release(this);
    return this;
  }

  /**
   * The native {@code mln_tensor*} handle (for interop; valid while this tensor is open and
   * reachable, owned by this tensor: see the class documentation on the garbage-collection
   * backstop).
   */
  public long nativeHandle() {
    return h("nativeHandle");
  }

  // ============================================================================ properties

  long[] shp() {
    long[] s = shape;
    if (s == null) {
      long x = h("shape");
      int nd = Reachable.after(NativeCore.mln_ndim(x), this);
      s = nd == 0 ? NO_DIMS : new long[nd];
      if (nd > 0) {
        NativeCore.mln_shape(x, s);
        Reachable.after(s, this);
      }
      shape = s;
    }
    return s;
  }

  /** A copy of the shape. */
  public long[] shape() {
    h("shape");
    return shp().clone();
  }

  /** Size of dimension {@code axis} (negative counts from the end). */
  public long dim(int axis) {
    h("dim");
    long[] s = shp();
    return s[normAxis(axis, s.length, "dim", "axis")];
  }

  /** Number of dimensions. */
  public int rank() {
    h("rank");
    return shp().length;
  }

  /** Number of elements. */
  public long size() {
    h("size");
    return TensorChecks.numel(shp());
  }

  /** Number of elements (alias of {@link #size()}). */
  public long numel() {
    return size();
  }

  /** Element type. */
  public DType dtype() {
    DType d = dtype;
    if (d == null) {
      d = DType.fromCode(Reachable.after(NativeCore.mln_dtype(h("dtype")), this));
      dtype = d;
    }
    return d;
  }

  /** The device holding this tensor's storage, as the native core records it. */
  public Device device() {
    long x = h("device");
    return Device.fromNative(
        NativeCore.mln_tensor_device_kind(x), NativeCore.mln_tensor_device_index(x));
  }

  /**
   * This tensor on {@code device}: the same object when it is there already, else a copy made by
   * the engines of both devices (a device whose engine is not built cannot be named: {@link
   * Device#cuda(int)} throws).
   */
  public Tensor to(Device device) {
    long x = h("to");
    if (device == null) {
      throw Errors.arg("to", "device", "a Device", "null");
    }
    if (device.equals(device())) {
      return this;
    }
    return make(NativeCore.mln_to_device(x, device.code(), device.index()), "to");
  }

  /** Bytes of element data. */
  public long nbytes() {
    return Math.multiplyExact(size(), (long) dtype().itemSize());
  }

  /**
   * Address of the first element (valid while this tensor, or another view of its storage, is
   * open). The address does not keep the tensor alive: the caller must keep this tensor reachable
   * (or {@link java.lang.ref.Reference#reachabilityFence fence} it) until it no longer uses the
   * address, or the garbage-collection backstop may free the memory.
   */
  public long address() {
    return Reachable.after(NativeCore.mln_data(h("address")), this);
  }

  /**
   * A direct, native-byte-order ByteBuffer over this tensor's memory (no copy): writes through it
   * change the tensor; for a {@link #isReadOnly() read-only} tensor it is a read-only buffer (puts
   * throw {@link java.nio.ReadOnlyBufferException}). The buffer does not keep the memory alive: it
   * must not be used after this tensor and every other view of its storage are closed, and the
   * caller must keep this tensor reachable (e.g. hold it in a field or {@link
   * java.lang.ref.Reference#reachabilityFence fence} it after the last access) while it uses the
   * buffer, or the garbage-collection backstop may free the memory under it.
   */
  public ByteBuffer asByteBuffer() {
    ByteBuffer b = TensorReadback.bytes(this, "asByteBuffer");
    return isReadOnly() ? b.asReadOnlyBuffer().order(ByteOrder.nativeOrder()) : b;
  }

  /**
   * Whether this tensor is over memory its owner does not allow writing (made by {@link
   * #wrapReadOnly}, or a view of such a tensor): in-place updates refuse it and {@link
   * #asByteBuffer()} is read-only. {@link #copy()} and {@link #cast} give writable tensors.
   */
  public boolean isReadOnly() {
    return Reachable.after(NativeCore.mln_is_readonly(h("isReadOnly")), this) == 1;
  }

  /** Number of open tensors (views) sharing this tensor's storage. */
  public long storageRefs() {
    return Reachable.after(NativeCore.mln_storage_refs(h("storageRefs")), this);
  }

  // ============================================================================ creation

  /** A float32 tensor with the given shape holding a copy of {@code data}. */
  public static Tensor fromArray(float[] data, long... shape) {
    return TensorCreation.fromArray(data, shape);
  }

  /** A float64 tensor with the given shape holding a copy of {@code data}. */
  public static Tensor fromArray(double[] data, long... shape) {
    return TensorCreation.fromArray(data, shape);
  }

  /** An int32 tensor with the given shape holding a copy of {@code data}. */
  public static Tensor fromArray(int[] data, long... shape) {
    return TensorCreation.fromArray(data, shape);
  }

  /** An int64 tensor with the given shape holding a copy of {@code data}. */
  public static Tensor fromArray(long[] data, long... shape) {
    return TensorCreation.fromArray(data, shape);
  }

  /** A uint8 tensor with the given shape holding a copy of {@code data}. */
  public static Tensor fromArray(byte[] data, long... shape) {
    return TensorCreation.fromArray(data, shape);
  }

  /** A bool tensor with the given shape holding a copy of {@code data}. */
  public static Tensor fromArray(boolean[] data, long... shape) {
    return TensorCreation.fromArray(data, shape);
  }

  /**
   * A float32 tensor copying the buffer's remaining elements (direct or heap), with the given
   * shape.
   */
  public static Tensor fromBuffer(FloatBuffer data, long... shape) {
    return TensorCreation.fromBuffer(data, shape);
  }

  /**
   * A float64 tensor copying the buffer's remaining elements (direct or heap), with the given
   * shape.
   */
  public static Tensor fromBuffer(DoubleBuffer data, long... shape) {
    return TensorCreation.fromBuffer(data, shape);
  }

  /** A 1-D float32 tensor from a buffer's remaining elements. */
  public static Tensor of(FloatBuffer data) {
    return TensorCreation.of(data);
  }

  /** A 1-D float64 tensor from a buffer's remaining elements. */
  public static Tensor of(DoubleBuffer data) {
    return TensorCreation.of(data);
  }

  /** A 1-D float32 tensor. */
  public static Tensor of(float... data) {
    return TensorCreation.of(data);
  }

  /** A 1-D float64 tensor. */
  public static Tensor of(double... data) {
    return TensorCreation.of(data);
  }

  /** A 1-D int32 tensor. */
  public static Tensor of(int... data) {
    return TensorCreation.of(data);
  }

  /** A 1-D int64 tensor. */
  public static Tensor of(long... data) {
    return TensorCreation.of(data);
  }

  /** A 1-D bool tensor. */
  public static Tensor of(boolean... data) {
    return TensorCreation.of(data);
  }

  /** A 2-D float32 tensor from rectangular rows. */
  public static Tensor of(float[][] rows) {
    return TensorCreation.of(rows);
  }

  /** A 2-D float64 tensor from rectangular rows. */
  public static Tensor of(double[]... rows) {
    return TensorCreation.of(rows);
  }

  /** A 2-D int32 tensor from rectangular rows. */
  public static Tensor of(int[][] rows) {
    return TensorCreation.of(rows);
  }

  /** A 2-D int64 tensor from rectangular rows. */
  public static Tensor of(long[][] rows) {
    return TensorCreation.of(rows);
  }

  /** A 2-D bool tensor from rectangular rows. */
  public static Tensor of(boolean[][] rows) {
    return TensorCreation.of(rows);
  }

  /** A 3-D float32 tensor from rectangular nested arrays. */
  public static Tensor of(float[][][] data) {
    return TensorCreation.of(data);
  }

  /** A 0-D tensor of the given dtype holding {@code value}. */
  public static Tensor scalar(double value, DType dtype) {
    return TensorCreation.scalar(value, dtype);
  }

  /** A 0-D float32 tensor. */
  public static Tensor scalar(double value) {
    return TensorCreation.scalar(value);
  }

  /** A tensor of the given dtype and shape filled with {@code value}. */
  public static Tensor full(double value, DType dtype, long... shape) {
    return TensorCreation.full(value, dtype, shape);
  }

  /** Zeros of the given dtype and shape. */
  public static Tensor zeros(DType dtype, long... shape) {
    return TensorCreation.zeros(dtype, shape);
  }

  /** float32 zeros of the given shape. */
  public static Tensor zeros(long... shape) {
    return TensorCreation.zeros(shape);
  }

  /** Ones of the given dtype and shape. */
  public static Tensor ones(DType dtype, long... shape) {
    return TensorCreation.ones(dtype, shape);
  }

  /** float32 ones of the given shape. */
  public static Tensor ones(long... shape) {
    return TensorCreation.ones(shape);
  }

  /** Uninitialised memory of the given dtype and shape. */
  public static Tensor empty(DType dtype, long... shape) {
    return TensorCreation.empty(dtype, shape);
  }

  /** Zeros with this tensor's shape and dtype. */
  public Tensor zerosLike() {
    return TensorCreation.zerosLike(this);
  }

  /** Ones with this tensor's shape and dtype. */
  public Tensor onesLike() {
    return TensorCreation.onesLike(this);
  }

  /** {@code start, start+step, ...} below {@code stop} (numpy arange) as dtype. */
  public static Tensor arange(double start, double stop, double step, DType dtype) {
    return TensorCreation.arange(start, stop, step, dtype);
  }

  /** float32 {@code start, start+step, ...} below {@code stop}. */
  public static Tensor arange(double start, double stop, double step) {
    return TensorCreation.arange(start, stop, step);
  }

  /** int64 {@code 0, 1, ..., n-1} (numpy {@code arange(n)}). */
  public static Tensor arange(long n) {
    return TensorCreation.arange(n);
  }

  /** {@code n} values evenly spaced over [start, stop] as dtype (numpy linspace). */
  public static Tensor linspace(double start, double stop, long n, DType dtype) {
    return TensorCreation.linspace(start, stop, n, dtype);
  }

  /** float32 linspace. */
  public static Tensor linspace(double start, double stop, long n) {
    return TensorCreation.linspace(start, stop, n);
  }

  /** A rows x cols matrix of dtype with ones on diagonal k. */
  public static Tensor eye(long rows, long cols, long k, DType dtype) {
    return TensorCreation.eye(rows, cols, k, dtype);
  }

  /** The n x n float32 identity. */
  public static Tensor eye(long n) {
    return TensorCreation.eye(n);
  }

  // ============================================================================ random

  /** Uniform values in [low, high) from Philox keyed by (seed, 0). */
  public static Tensor randomUniform(
      long[] shape, double low, double high, DType dtype, long seed) {
    return TensorCreation.randomUniform(shape, low, high, dtype, seed);
  }

  /** Uniform values in [low, high) from the calling thread's generator ({@link Myelin#setSeed}). */
  public static Tensor randomUniform(long[] shape, double low, double high, DType dtype) {
    return TensorCreation.randomUniform(shape, low, high, dtype);
  }

  /** Normal values from Philox keyed by (seed, 0). */
  public static Tensor randomNormal(
      long[] shape, double mean, double stddev, DType dtype, long seed) {
    return TensorCreation.randomNormal(shape, mean, stddev, dtype, seed);
  }

  /** Normal values from the calling thread's generator. */
  public static Tensor randomNormal(long[] shape, double mean, double stddev, DType dtype) {
    return TensorCreation.randomNormal(shape, mean, stddev, dtype);
  }

  /** Normal values within two standard deviations (Keras truncated normal), keyed by (seed, 0). */
  public static Tensor truncatedNormal(
      long[] shape, double mean, double stddev, DType dtype, long seed) {
    return TensorCreation.truncatedNormal(shape, mean, stddev, dtype, seed);
  }

  /** Truncated normal values from the calling thread's generator. */
  public static Tensor truncatedNormal(long[] shape, double mean, double stddev, DType dtype) {
    return TensorCreation.truncatedNormal(shape, mean, stddev, dtype);
  }

  /** 1 with probability p, else 0, as dtype, keyed by (seed, 0). */
  public static Tensor bernoulli(long[] shape, double p, DType dtype, long seed) {
    return TensorCreation.bernoulli(shape, p, dtype, seed);
  }

  /** 1 with probability p, else 0, from the calling thread's generator. */
  public static Tensor bernoulli(long[] shape, double p, DType dtype) {
    return TensorCreation.bernoulli(shape, p, dtype);
  }

  /** A random permutation of 0..n-1 (int64) keyed by (seed, 0). */
  public static Tensor permutation(long n, long seed) {
    return TensorCreation.permutation(n, seed);
  }

  /** A random permutation of 0..n-1 (int64) from the calling thread's generator. */
  public static Tensor permutation(long n) {
    return TensorCreation.permutation(n);
  }

  /**
   * A tensor over foreign memory without copying: {@code address} must stay valid until {@code
   * onRelease} runs, which happens once, on any thread, when the last native view of the memory is
   * released. {@code address} must be aligned to the dtype's size.
   */
  public static Tensor wrap(long address, long[] shape, DType dtype, Runnable onRelease) {
    return TensorCreation.wrap(address, shape, dtype, onRelease, false);
  }

  /**
   * Like {@link #wrap}, over memory that must not change (a Python {@code bytes} object, an Arrow
   * buffer): the tensor and its views are {@link #isReadOnly() read-only}, so in-place updates
   * (optimizers, {@link #asByteBuffer()} puts) fail instead of writing into it.
   */
  public static Tensor wrapReadOnly(long address, long[] shape, DType dtype, Runnable onRelease) {
    return TensorCreation.wrap(address, shape, dtype, onRelease, true);
  }

  // ============================================================================ readback

  /** The values as a float array (converted from the dtype; row-major). */
  public float[] toFloatArray() {
    return TensorReadback.toFloatArray(this);
  }

  /** The values as a double array (converted from the dtype; row-major). */
  public double[] toDoubleArray() {
    return TensorReadback.toDoubleArray(this);
  }

  /** The values as an int array (floats truncated toward zero like C casts). */
  public int[] toIntArray() {
    return TensorReadback.toIntArray(this);
  }

  /** The values as a long array (floats truncated toward zero like C casts). */
  public long[] toLongArray() {
    return TensorReadback.toLongArray(this);
  }

  /** The values as booleans (non-zero is true). */
  public boolean[] toBooleanArray() {
    return TensorReadback.toBooleanArray(this);
  }

  /** The single value of a one-element tensor, as a double. */
  public double item() {
    return TensorReadback.item(this);
  }

  /** The element at the given indices (one per axis, negative counts from the end) as a float. */
  public float getFloat(long... indices) {
    return TensorReadback.getFloat(this, indices);
  }

  /** The element at the given indices (one per axis, negative counts from the end) as a double. */
  public double getDouble(long... indices) {
    return TensorReadback.getDouble(this, indices);
  }

  /** The element at the given indices as a long. */
  public long getLong(long... indices) {
    return TensorReadback.getLong(this, indices);
  }

  /** The element at the given indices as a boolean (non-zero is true). */
  public boolean getBoolean(long... indices) {
    return TensorReadback.getBoolean(this, indices);
  }

  // ============================================================================ object methods

  /** Identity comparison (tensors are resources, not values); see {@link #allClose}. */
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  /** Identity hash code, consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  /**
   * Whether both tensors have the same shape and {@code |a - b| <= atol + rtol * |b|} element-wise
   * (NaN equals nothing), like numpy's allclose without broadcasting.
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    return TensorReadback.allClose(this, other, rtol, atol);
  }

  /** {@link #allClose(Tensor, double, double)} with numpy's defaults rtol=1e-5, atol=1e-8. */
  public boolean allClose(Tensor other) {
    return allClose(other, 1e-5, 1e-8);
  }

  /**
   * numpy's repr: e.g. {@code array([[1., 2.],\n [3., 4.]], dtype=float32)}, with numpy's number
   * formatting and "..." summarisation beyond 1000 elements; a closed tensor prints as {@code
   * Tensor(closed)}.
   */
  @Override
  public String toString() {
    if (handle == 0) {
      return "Tensor(closed)";
    }
    ByteBuffer b = TensorReadback.bytes(this, "toString");
    DType d = dtype();
    return Reachable.after(
        Repr.format(i -> TensorReadback.readDouble(b, d, (int) i), shp(), d.numpyName()), this);
  }

  // ============================================================================ conversion

  /**
   * A new tensor with values converted to dtype, with numpy's results on x86-64: float to bool is
   * {@code x != 0} (NaN is true); float to int32/int64 truncates toward zero, and NaN, infinities
   * and values outside the type's range become the type's minimum ({@code Integer.MIN_VALUE} /
   * {@code Long.MIN_VALUE}); float to uint8 goes through int32 and keeps the low byte ({@code -1 ->
   * 255}, {@code 300 -> 44}, NaN -> 0). The same conversion applies wherever a double becomes an
   * integer element ({@link #full}, {@link #scalar}, pad and one-hot values).
   */
  public Tensor cast(DType dtype) {
    return ElementwiseOps.cast(this, dtype);
  }

  /** A deep copy. */
  public Tensor copy() {
    return ElementwiseOps.copy(this);
  }

  // ============================================================================ unary

  /** {@code -x}. */
  public Tensor neg() {
    return unary(this, "neg", NEG, 0, 0);
  }

  /** {@code e^x}. */
  public Tensor exp() {
    return unary(this, "exp", EXP, 0, 0);
  }

  /** {@code e^x - 1}. */
  public Tensor expm1() {
    return unary(this, "expm1", EXPM1, 0, 0);
  }

  /** Natural logarithm. */
  public Tensor log() {
    return unary(this, "log", LOG, 0, 0);
  }

  /** {@code log(1 + x)}. */
  public Tensor log1p() {
    return unary(this, "log1p", LOG1P, 0, 0);
  }

  /** Square root. */
  public Tensor sqrt() {
    return unary(this, "sqrt", SQRT, 0, 0);
  }

  /** {@code 1 / sqrt(x)}. */
  public Tensor rsqrt() {
    return unary(this, "rsqrt", RSQRT, 0, 0);
  }

  /** {@code 1 / x}. */
  public Tensor reciprocal() {
    return unary(this, "reciprocal", RECIPROCAL, 0, 0);
  }

  /** Absolute value. */
  public Tensor abs() {
    return unary(this, "abs", ABS, 0, 0);
  }

  /** -1, 0 or 1 (not differentiable). */
  public Tensor sign() {
    return unary(this, "sign", SIGN, 0, 0);
  }

  /** {@code x * x}. */
  public Tensor square() {
    return unary(this, "square", SQUARE, 0, 0);
  }

  /** {@code x ^ exponent}. */
  public Tensor pow(double exponent) {
    return unary(this, "pow", POW_SCALAR, exponent, 0);
  }

  /** {@code min(max(x, min), max)}. */
  public Tensor clip(double min, double max) {
    return unary(this, "clip", CLIP, min, max);
  }

  /** Sine. */
  public Tensor sin() {
    return unary(this, "sin", SIN, 0, 0);
  }

  /** Cosine. */
  public Tensor cos() {
    return unary(this, "cos", COS, 0, 0);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return unary(this, "tanh", TANH, 0, 0);
  }

  /** Logistic sigmoid. */
  public Tensor sigmoid() {
    return unary(this, "sigmoid", SIGMOID, 0, 0);
  }

  /** {@code clip(alpha*x + beta, 0, 1)}. */
  public Tensor hardSigmoid(double alpha, double beta) {
    return unary(this, "hardSigmoid", HARD_SIGMOID, alpha, beta);
  }

  /** Keras 3 hard sigmoid: {@code clip(x/6 + 0.5, 0, 1)}. */
  public Tensor hardSigmoid() {
    return hardSigmoid(1.0 / 6.0, 0.5);
  }

  /** {@code max(x, 0)}. */
  public Tensor relu() {
    return unary(this, "relu", RELU, 0, 0);
  }

  /** {@code x > 0 ? x : alpha*x}. */
  public Tensor leakyRelu(double alpha) {
    return unary(this, "leakyRelu", LEAKY_RELU, alpha, 0);
  }

  /** Leaky ReLU with Keras 3's default slope 0.2. */
  public Tensor leakyRelu() {
    return leakyRelu(0.2);
  }

  /** {@code x > 0 ? x : alpha*(exp(x)-1)}. */
  public Tensor elu(double alpha) {
    return unary(this, "elu", ELU, alpha, 0);
  }

  /** ELU with alpha 1. */
  public Tensor elu() {
    return elu(1.0);
  }

  /** Scaled ELU. */
  public Tensor selu() {
    return unary(this, "selu", SELU, 0, 0);
  }

  /** {@code log(1 + e^x)}. */
  public Tensor softplus() {
    return unary(this, "softplus", SOFTPLUS, 0, 0);
  }

  /** {@code x / (1 + |x|)}. */
  public Tensor softsign() {
    return unary(this, "softsign", SOFTSIGN, 0, 0);
  }

  /** GELU, exact (erf) or with the tanh approximation. */
  public Tensor gelu(boolean approximate) {
    return unary(this, "gelu", GELU, approximate ? 1 : 0, 0);
  }

  /** Exact (erf) GELU. */
  public Tensor gelu() {
    return gelu(false);
  }

  /** {@code x * sigmoid(x)}. */
  public Tensor swish() {
    return unary(this, "swish", SWISH, 0, 0);
  }

  /** Largest integer not above x (not differentiable). */
  public Tensor floor() {
    return unary(this, "floor", FLOOR, 0, 0);
  }

  /** Smallest integer not below x (not differentiable). */
  public Tensor ceil() {
    return unary(this, "ceil", CEIL, 0, 0);
  }

  /** Nearest integer, half to even like numpy (not differentiable). */
  public Tensor round() {
    return unary(this, "round", ROUND, 0, 0);
  }

  /** Logical negation (bool result). */
  public Tensor logicalNot() {
    return unary(this, "logicalNot", LOGICAL_NOT, 0, 0);
  }

  // ============================================================================ binary

  /** Element-wise sum with numpy broadcasting (operands promoted to the wider dtype). */
  public Tensor add(Tensor other) {
    return binary(this, "add", ADD, other);
  }

  /** Adds a scalar (taken in this tensor's dtype when representable). */
  public Tensor add(double v) {
    return binary(this, "add", ADD, v);
  }

  /** Element-wise difference with broadcasting. */
  public Tensor sub(Tensor other) {
    return binary(this, "sub", SUB, other);
  }

  /** Subtracts a scalar. */
  public Tensor sub(double v) {
    return binary(this, "sub", SUB, v);
  }

  /** Element-wise product with broadcasting. */
  public Tensor mul(Tensor other) {
    return binary(this, "mul", MUL, other);
  }

  /** Multiplies by a scalar. */
  public Tensor mul(double v) {
    return binary(this, "mul", MUL, v);
  }

  /** Element-wise quotient with broadcasting (floor division for integers). */
  public Tensor div(Tensor other) {
    return binary(this, "div", DIV, other);
  }

  /** Divides by a scalar. */
  public Tensor div(double v) {
    return binary(this, "div", DIV, v);
  }

  /** Element-wise power with broadcasting. */
  public Tensor pow(Tensor exponent) {
    return binary(this, "pow", POW, exponent);
  }

  /** Element-wise maximum with broadcasting. */
  public Tensor maximum(Tensor other) {
    return binary(this, "maximum", MAXIMUM, other);
  }

  /** Element-wise maximum with a scalar. */
  public Tensor maximum(double v) {
    return binary(this, "maximum", MAXIMUM, v);
  }

  /** Element-wise minimum with broadcasting. */
  public Tensor minimum(Tensor other) {
    return binary(this, "minimum", MINIMUM, other);
  }

  /** Element-wise minimum with a scalar. */
  public Tensor minimum(double v) {
    return binary(this, "minimum", MINIMUM, v);
  }

  /** numpy remainder (sign of the divisor) with broadcasting (not differentiable). */
  public Tensor mod(Tensor other) {
    return binary(this, "mod", MOD, other);
  }

  /** numpy remainder by a scalar. */
  public Tensor mod(double v) {
    return binary(this, "mod", MOD, v);
  }

  /** {@code x == other} (bool). */
  public Tensor eq(Tensor other) {
    return binary(this, "eq", EQ, other);
  }

  /** {@code x == v} (bool). */
  public Tensor eq(double v) {
    return binary(this, "eq", EQ, v);
  }

  /** {@code x != other} (bool). */
  public Tensor ne(Tensor other) {
    return binary(this, "ne", NE, other);
  }

  /** {@code x != v} (bool). */
  public Tensor ne(double v) {
    return binary(this, "ne", NE, v);
  }

  /** {@code x < other} (bool). */
  public Tensor lt(Tensor other) {
    return binary(this, "lt", LT, other);
  }

  /** {@code x < v} (bool). */
  public Tensor lt(double v) {
    return binary(this, "lt", LT, v);
  }

  /** {@code x <= other} (bool). */
  public Tensor le(Tensor other) {
    return binary(this, "le", LE, other);
  }

  /** {@code x <= v} (bool). */
  public Tensor le(double v) {
    return binary(this, "le", LE, v);
  }

  /** {@code x > other} (bool). */
  public Tensor gt(Tensor other) {
    return binary(this, "gt", GT, other);
  }

  /** {@code x > v} (bool). */
  public Tensor gt(double v) {
    return binary(this, "gt", GT, v);
  }

  /** {@code x >= other} (bool). */
  public Tensor ge(Tensor other) {
    return binary(this, "ge", GE, other);
  }

  /** {@code x >= v} (bool). */
  public Tensor ge(double v) {
    return binary(this, "ge", GE, v);
  }

  /** Logical and (bool). */
  public Tensor logicalAnd(Tensor other) {
    return binary(this, "logicalAnd", LOGICAL_AND, other);
  }

  /** Logical or (bool). */
  public Tensor logicalOr(Tensor other) {
    return binary(this, "logicalOr", LOGICAL_OR, other);
  }

  /** Logical exclusive or (bool). */
  public Tensor logicalXor(Tensor other) {
    return binary(this, "logicalXor", LOGICAL_XOR, other);
  }

  /** {@code cond ? a : b} element-wise with broadcasting over all three ({@code cond} is bool). */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return ElementwiseOps.where(cond, a, b);
  }

  /** x broadcast (copied) to {@code shape}. */
  public Tensor broadcastTo(long... shape) {
    return ElementwiseOps.broadcastTo(this, shape);
  }

  /** Sums x down to {@code shape}, which x's shape must broadcast from. */
  public Tensor sumToShape(long... shape) {
    return ElementwiseOps.sumToShape(this, shape);
  }

  // ============================================================================ reductions

  /** Sum over {@code axes} (all axes when none are given), dropping them. */
  public Tensor sum(int... axes) {
    return reduce(this, "sum", SUM, false, axes);
  }

  /** Sum over {@code axes} (all when none), keeping them as size 1 if {@code keepdims}. */
  public Tensor sum(boolean keepdims, int... axes) {
    return reduce(this, "sum", SUM, keepdims, axes);
  }

  /** Mean over {@code axes} (all when none). */
  public Tensor mean(int... axes) {
    return reduce(this, "mean", MEAN, false, axes);
  }

  /** Mean over {@code axes} with keepdims. */
  public Tensor mean(boolean keepdims, int... axes) {
    return reduce(this, "mean", MEAN, keepdims, axes);
  }

  /** Maximum over {@code axes} (all when none). */
  public Tensor max(int... axes) {
    return reduce(this, "max", MAX, false, axes);
  }

  /** Maximum over {@code axes} with keepdims. */
  public Tensor max(boolean keepdims, int... axes) {
    return reduce(this, "max", MAX, keepdims, axes);
  }

  /** Minimum over {@code axes} (all when none). */
  public Tensor min(int... axes) {
    return reduce(this, "min", MIN, false, axes);
  }

  /** Minimum over {@code axes} with keepdims. */
  public Tensor min(boolean keepdims, int... axes) {
    return reduce(this, "min", MIN, keepdims, axes);
  }

  /** Product over {@code axes} (all when none). */
  public Tensor prod(int... axes) {
    return reduce(this, "prod", PROD, false, axes);
  }

  /** Product over {@code axes} with keepdims. */
  public Tensor prod(boolean keepdims, int... axes) {
    return reduce(this, "prod", PROD, keepdims, axes);
  }

  /** Population variance (ddof 0) over {@code axes} (all when none). */
  public Tensor var(int... axes) {
    return reduce(this, "var", VAR, false, axes);
  }

  /** Population variance over {@code axes} with keepdims. */
  public Tensor var(boolean keepdims, int... axes) {
    return reduce(this, "var", VAR, keepdims, axes);
  }

  /** Population standard deviation over {@code axes} (all when none). */
  public Tensor std(int... axes) {
    return reduce(this, "std", STD, false, axes);
  }

  /** Population standard deviation over {@code axes} with keepdims. */
  public Tensor std(boolean keepdims, int... axes) {
    return reduce(this, "std", STD, keepdims, axes);
  }

  /** {@code log(sum(exp(x)))} over {@code axes} (all when none), computed stably. */
  public Tensor logsumexp(int... axes) {
    return reduce(this, "logsumexp", LOGSUMEXP, false, axes);
  }

  /** logsumexp over {@code axes} with keepdims. */
  public Tensor logsumexp(boolean keepdims, int... axes) {
    return reduce(this, "logsumexp", LOGSUMEXP, keepdims, axes);
  }

  /** Whether any element over {@code axes} is non-zero (bool). */
  public Tensor any(int... axes) {
    return reduce(this, "any", ANY, false, axes);
  }

  /** {@link #any(int...)} with keepdims. */
  public Tensor any(boolean keepdims, int... axes) {
    return reduce(this, "any", ANY, keepdims, axes);
  }

  /** Whether all elements over {@code axes} are non-zero (bool). */
  public Tensor all(int... axes) {
    return reduce(this, "all", ALL, false, axes);
  }

  /** {@link #all(int...)} with keepdims. */
  public Tensor all(boolean keepdims, int... axes) {
    return reduce(this, "all", ALL, keepdims, axes);
  }

  /** Index (int64) of the maximum along {@code axis}; first occurrence on ties. */
  public Tensor argmax(int axis, boolean keepdims) {
    return make(
        Reachable.after(
            NativeCore.mln_arg_reduce(ARGMAX, h("argmax"), axis, keepdims ? 1 : 0), this),
        "argmax");
  }

  /** Index (int64) of the maximum along {@code axis}. */
  public Tensor argmax(int axis) {
    return argmax(axis, false);
  }

  /** Flat index (0-D int64) of the maximum over all elements. */
  public Tensor argmax() {
    return ReductionOps.argmax(this);
  }

  /** Index (int64) of the minimum along {@code axis}; first occurrence on ties. */
  public Tensor argmin(int axis, boolean keepdims) {
    return make(
        Reachable.after(
            NativeCore.mln_arg_reduce(ARGMIN, h("argmin"), axis, keepdims ? 1 : 0), this),
        "argmin");
  }

  /** Index (int64) of the minimum along {@code axis}. */
  public Tensor argmin(int axis) {
    return argmin(axis, false);
  }

  /** Flat index (0-D int64) of the minimum over all elements. */
  public Tensor argmin() {
    return ReductionOps.argmin(this);
  }

  // ============================================================================ softmax

  /** Softmax over {@code axis}. */
  public Tensor softmax(int axis) {
    return ReductionOps.softmax(this, "softmax", axis, 0);
  }

  /** Log-softmax over {@code axis}. */
  public Tensor logSoftmax(int axis) {
    return ReductionOps.softmax(this, "logSoftmax", axis, 1);
  }

  // ============================================================================ linear algebra

  /**
   * Matrix product like numpy's {@code matmul}: batch dimensions broadcast; a 1-D left operand is
   * treated as a row vector and a 1-D right operand as a column vector, the added axis removed.
   */
  public Tensor matmul(Tensor other) {
    return LinalgOps.matmul(this, other);
  }

  /**
   * {@code op(this) @ op(other)} for operands of rank >= 2, where op transposes the last two
   * dimensions when the flag is set.
   */
  public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
    return LinalgOps.matmul(this, other, transposeThis, transposeOther);
  }

  // ============================================================================ convolutions

  /**
   * Convolution (cross-correlation, as Keras) of this (batch, spatial..., channels) tensor, with 1
   * to 3 spatial dims, by a (k..., channels / groups, filters) kernel plus an optional (filters)
   * bias, with the options' strides, padding, dilation, groups and fused activation. Differentiable
   * in all three.
   */
  public Tensor conv(Tensor kernel, Tensor bias, ConvOptions options) {
    return ConvOps.conv(this, kernel, bias, options);
  }

  /** A stride-1, unpadded ("valid") convolution by {@code kernel} without bias. */
  public Tensor conv(Tensor kernel) {
    return ConvOps.conv(this, kernel, null, ConvOptions.DEFAULT);
  }

  /**
   * Transposed convolution (Keras's Conv*Transpose, the gradient of a convolution with respect to
   * its input) of this (batch, spatial..., channels) tensor by a (k..., filters, channels) kernel
   * and an optional (filters) bias; the output size follows Keras's rule for padding "valid" or
   * "same". Differentiable in all three.
   */
  public Tensor convTranspose(Tensor kernel, Tensor bias, ConvOptions options) {
    return ConvOps.convTranspose(this, kernel, bias, options);
  }

  /** numpy {@code tensordot(this, other, axes=n)}: this's last n axes against other's first n. */
  public Tensor tensordot(Tensor other, int axes) {
    return SignalOps.tensordot(this, other, axes);
  }

  /** numpy {@code tensordot(this, other, axes=(axesThis, axesOther))} over the paired axes. */
  public Tensor tensordot(Tensor other, int[] axesThis, int[] axesOther) {
    return SignalOps.tensordot(this, other, axesThis, axesOther);
  }

  /** numpy {@code correlate(a, v, mode)} of two 1-D tensors; mode 'valid', 'same' or 'full'. */
  public static Tensor correlate(Tensor a, Tensor v, String mode) {
    return SignalOps.correlate(a, v, mode);
  }

  /** numpy {@code convolve(a, v, mode)} of two 1-D tensors; mode 'valid', 'same' or 'full'. */
  public static Tensor convolve(Tensor a, Tensor v, String mode) {
    return SignalOps.convolve(a, v, mode);
  }

  /**
   * scipy.signal {@code correlate2d(in1, in2, mode, boundary, fillvalue)}: mode 'full', 'valid' or
   * 'same'; boundary 'fill', 'wrap' or 'symm'.
   */
  public static Tensor correlate2d(
      Tensor in1, Tensor in2, String mode, String boundary, double fillvalue) {
    return SignalOps.signal2d("correlate2d", in1, in2, mode, boundary, fillvalue, false);
  }

  /** scipy.signal {@code correlate2d(in1, in2, mode)} with zero fill. */
  public static Tensor correlate2d(Tensor in1, Tensor in2, String mode) {
    return correlate2d(in1, in2, mode, "fill", 0);
  }

  /**
   * scipy.signal {@code convolve2d(in1, in2, mode, boundary, fillvalue)}: mode 'full', 'valid' or
   * 'same'; boundary 'fill', 'wrap' or 'symm'.
   */
  public static Tensor convolve2d(
      Tensor in1, Tensor in2, String mode, String boundary, double fillvalue) {
    return SignalOps.signal2d("convolve2d", in1, in2, mode, boundary, fillvalue, true);
  }

  /** scipy.signal {@code convolve2d(in1, in2, mode)} with zero fill. */
  public static Tensor convolve2d(Tensor in1, Tensor in2, String mode) {
    return convolve2d(in1, in2, mode, "fill", 0);
  }

  // ============================================================================ fused kernels

  /** Whether {@link #dense} fuses the activation called {@code activation}. */
  public static boolean denseFuses(String activation) {
    return LinalgOps.denseFuses(activation);
  }

  /**
   * A Dense layer in one native call: {@code activation(x @ kernel + bias)} for x of shape (...,
   * K), a (K, N) kernel and an (N) bias or null, all of one float dtype; {@code activation} is
   * {@code linear} (or null), {@code relu}, {@code tanh} or {@code sigmoid}. Differentiable: it is
   * one tape node whose backward is one native call too.
   */
  public static Tensor dense(Tensor x, Tensor kernel, Tensor bias, String activation) {
    return LinalgOps.dense(x, kernel, bias, activation);
  }

  /**
   * Element-wise binary cross-entropy in one native call: {@code -(z log p + (1 - z) log(1 - p))}
   * with p clipped to [epsilon, 1 - epsilon] (Keras's formula for probabilities), or the stable
   * form on logits when {@code fromLogits}. {@code target} and {@code output} share shape and float
   * dtype. Differentiable in both (the gradient through the clip is zero outside the range).
   */
  public static Tensor binaryCrossentropy(
      Tensor target, Tensor output, double epsilon, boolean fromLogits) {
    return LossOps.binaryCrossentropy(target, output, epsilon, fromLogits);
  }

  /**
   * Categorical cross-entropy over the last axis in one native call: {@code -sum(target * log(q),
   * -1)} of shape {@code output.shape[:-1]}, with q Keras's clipped probabilities (each row of
   * {@code output} divided by its sum, clipped to [epsilon, 1 - epsilon]) or, when {@code
   * fromLogits}, {@code log_softmax(output)}. {@code target} and {@code output} share shape (rank
   * >= 1) and float dtype. Differentiable in both (zero gradient through the clip outside the
   * range), with the same values and gradients as the composed ops.
   */
  public static Tensor categoricalCrossentropy(
      Tensor target, Tensor output, double epsilon, boolean fromLogits) {
    return LossOps.categoricalCrossentropy(target, output, epsilon, fromLogits);
  }

  /**
   * Softmax and categorical cross-entropy in one native call: the loss of {@link
   * #categoricalCrossentropy} on the probabilities {@code softmax(logits, -1)} (Keras's clipped
   * formula, not the from-logits one), differentiated w.r.t. the logits directly: {@code gy * (p -
   * target)} per row wherever the clip passes (one-hot or soft targets summing to 1). Equal to
   * {@code categoricalCrossentropy(target, logits.softmax(-1), epsilon, false)} in value and in the
   * gradient w.r.t. the logits (and the target), without the softmax as a separate node.
   */
  public static Tensor softmaxCategoricalCrossentropy(
      Tensor target, Tensor logits, double epsilon) {
    return LossOps.softmaxCategoricalCrossentropy(target, logits, epsilon);
  }

  /**
   * Keras's binary accuracy per row in one native call: the mean over the last axis of {@code
   * (output > threshold) == target}, of shape {@code output.shape[:-1]}; {@code target} and {@code
   * output} share shape (rank >= 1) and float dtype. Not differentiable.
   */
  public static Tensor binaryAccuracy(Tensor target, Tensor output, double threshold) {
    return LossOps.binaryAccuracy(target, output, threshold);
  }

  // ============================================================================ shape

  /** A view with a new shape over the same storage; one dimension may be -1 and is inferred. */
  public Tensor reshape(long... shape) {
    return ShapeOps.reshape(this, shape);
  }

  /** A 1-D view of all elements. */
  public Tensor flatten() {
    return reshape(size());
  }

  /** Removes every size-1 axis. */
  public Tensor squeeze() {
    return ShapeOps.squeeze(this);
  }

  /** Removes the given size-1 axes. */
  public Tensor squeeze(int... axes) {
    return ShapeOps.squeeze(this, axes);
  }

  /** Inserts a size-1 axis at {@code axis} (negative counts from the end of the result). */
  public Tensor expandDims(int axis) {
    return ShapeOps.expandDims(this, axis);
  }

  /** Axes permuted: {@code out.shape[i] = shape[perm[i]]} (negative entries allowed). */
  public Tensor permute(int... perm) {
    return ShapeOps.permute(this, perm);
  }

  /** Reverses the axes (numpy {@code .T}). */
  public Tensor transpose() {
    return ShapeOps.transpose(this);
  }

  /** Swaps two axes. */
  public Tensor transpose(int axis1, int axis2) {
    return ShapeOps.transpose(this, axis1, axis2);
  }

  // ============================================================================ slicing

  /**
   * Python/numpy slicing: one {@link Slice} per leading axis (missing trailing axes are taken
   * whole); index entries remove their axis.
   */
  public Tensor slice(Slice... slices) {
    return IndexOps.slice(this, slices);
  }

  /**
   * numpy-style slicing from a string such as {@code "1:3, ::-1"}, {@code "0, :"} or {@code "...,
   * -1"} (an integer removes its axis; "..." stands for the whole of the axes it covers).
   */
  public Tensor slice(String spec) {
    return IndexOps.slice(this, spec);
  }

  /** The sub-tensor at the given leading indices (negative counts from the end), e.g. a row. */
  public Tensor get(long... indices) {
    return IndexOps.get(this, indices);
  }

  /** The elements where {@code mask} (bool, same shape) is true, as a 1-D tensor. */
  public Tensor mask(Tensor mask) {
    return IndexOps.mask(this, mask);
  }

  /** Gathers along {@code axis} with int32/int64 indices (negative count from the end). */
  public Tensor take(Tensor indices, int axis) {
    return IndexOps.take(this, indices, axis);
  }

  /** This tensor plus {@code updates} scatter-added along {@code axis} at {@code indices}. */
  public Tensor scatterAdd(Tensor indices, Tensor updates, int axis) {
    return IndexOps.scatterAdd(this, indices, updates, axis);
  }

  /**
   * Keras's Embedding lookup: rows of {@code table} (input_dim, output_dim) at int32/int64 {@code
   * indices}, each in [0, input_dim) or an IndexOutOfBoundsException naming it.
   */
  public static Tensor embedding(Tensor table, Tensor indices) {
    return SequenceOps.embedding(table, indices);
  }

  /**
   * A recurrent layer over a whole sequence in one native call: {@code inputs} = x (N, T, F),
   * kernel, recurrent kernel, then bias, initial h, initial c and recurrent mask (each may be
   * null), optionally a step mask (N, T; 0 skips the step); returns the outputs of every step (N,
   * T, H) and the LSTM's last cell state (else null).
   */
  public static Tensor[] recurrent(RnnSpec spec, Tensor... inputs) {
    return SequenceOps.recurrent(spec, inputs);
  }

  /** One-hot encoding of these integer indices: shape + [depth], 1/0 as float32. */
  public Tensor oneHot(long depth) {
    return oneHot(depth, DType.FLOAT32, 1, 0);
  }

  /** One-hot encoding with the given dtype and on/off values. */
  public Tensor oneHot(long depth, DType dtype, double on, double off) {
    return IndexOps.oneHot(this, depth, dtype, on, off);
  }

  // ============================================================================ joining

  /** Concatenation along an existing axis. */
  public static Tensor concat(int axis, Tensor... tensors) {
    return ShapeOps.concat(axis, tensors);
  }

  /** Stacks equally shaped tensors along a new axis. */
  public static Tensor stack(int axis, Tensor... tensors) {
    return ShapeOps.stack(axis, tensors);
  }

  /** Splits along {@code axis} into pieces of the given sizes (summing to the axis size). */
  public Tensor[] split(long[] sizes, int axis) {
    return ShapeOps.split(this, sizes, axis);
  }

  /** Splits along {@code axis} into {@code parts} equal pieces. */
  public Tensor[] split(int parts, int axis) {
    return ShapeOps.split(this, parts, axis);
  }

  // ============================================================================ padding, tiling

  /** Constant padding: {@code before[i]}/{@code after[i]} elements on each side of axis i. */
  public Tensor pad(long[] before, long[] after, double value) {
    return ShapeOps.pad(this, before, after, value);
  }

  /** Zero padding. */
  public Tensor pad(long[] before, long[] after) {
    return pad(before, after, 0);
  }

  /**
   * Tiles this tensor {@code reps[i]} times along each axis (numpy tile: a shorter reps is
   * left-padded with 1s, a longer one adds leading axes).
   */
  public Tensor tile(long... reps) {
    return ShapeOps.tile(this, reps);
  }

  /** Repeats each element {@code repeats} times along {@code axis} (numpy repeat). */
  public Tensor repeat(long repeats, int axis) {
    return ShapeOps.repeat(this, repeats, axis);
  }

  // ============================================================================ pooling

  /**
   * Max pooling of a channels-last tensor {@code (batch, spatial..., channels)} with 1 to 3 spatial
   * axes: windows {@code poolSize}, moved by {@code strides} (null: the pool size), padding {@code
   * "valid"} or {@code "same"} (Keras's split).
   */
  public Tensor maxPool(long[] poolSize, long[] strides, String padding) {
    return PoolOps.pool(this, "maxPool", NativeCore.MLN_POOL_MAX, poolSize, strides, padding);
  }

  /** Average pooling as {@link #maxPool}; padding never counts in a window's mean. */
  public Tensor averagePool(long[] poolSize, long[] strides, String padding) {
    return PoolOps.pool(this, "averagePool", NativeCore.MLN_POOL_AVG, poolSize, strides, padding);
  }

  // ============================================================================ images

  /**
   * These channels-last images ({@code [N, H, W, C]} or {@code [H, W, C]}) resized to {@code height
   * x width} with {@code "bilinear"} or {@code "nearest"} interpolation, as Keras 3's {@code
   * ops.image.resize} (half-pixel centres, no antialiasing); differentiable.
   */
  public Tensor resizeImages(long height, long width, String interpolation) {
    return ImageOps.resize(this, height, width, interpolation);
  }

  /**
   * These channels-last images sampled through one projective transform per image ({@code [N, 8]},
   * or {@code [8]} for all: {@code a0 a1 a2 b0 b1 b2 c0 c1} maps the output point (x, y) to the
   * input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1), as Keras
   * 3's {@code ops.image.affine_transform}; fillMode is reflect, wrap, constant or nearest.
   */
  public Tensor affineTransform(
      Tensor transforms, String interpolation, String fillMode, double fillValue) {
    return ImageOps.affineTransform(this, transforms, interpolation, fillMode, fillValue);
  }

  /** Rows as {@code double[rows][cols]} (a 1-D tensor as one column): predictions as plain Java. */
  public double[][] toDoubleMatrix() {
    return TensorReadback.toDoubleMatrix(this);
  }

  /**
   * Fused batch normalization of this float32 tensor over every axis but {@code axis}: {@code (x -
   * m) / sqrt(v + epsilon) * gamma + beta} (gamma, beta may be null), m and v the batch's mean and
   * biased variance in training (returned as elements 1 and 2 after y) or the given {@code mean}
   * and {@code variance} otherwise (y alone). Differentiable in x, gamma and beta.
   */
  public Tensor[] batchNormalization(
      Tensor gamma,
      Tensor beta,
      Tensor mean,
      Tensor variance,
      int axis,
      double epsilon,
      boolean training) {
    return BatchNormOps.batchNorm(this, gamma, beta, mean, variance, axis, epsilon, training);
  }

  /**
   * Max pooling as {@link #maxPool(long[], long[], String)} in Keras's {@code dataFormat}: {@code
   * "channels_first"} pools {@code (batch, channels, spatial...)} natively, {@code "channels_last"}
   * is the three-argument form.
   */
  public Tensor maxPool(long[] poolSize, long[] strides, String padding, String dataFormat) {
    return PoolOps.pool(
        this, "maxPool", NativeCore.MLN_POOL_MAX, poolSize, strides, padding, dataFormat);
  }

  /** Average pooling as {@link #maxPool(long[], long[], String, String)}. */
  public Tensor averagePool(long[] poolSize, long[] strides, String padding, String dataFormat) {
    return PoolOps.pool(
        this, "averagePool", NativeCore.MLN_POOL_AVG, poolSize, strides, padding, dataFormat);
  }

  /**
   * {@link #resizeImages(long, long, String)} in Keras's {@code dataFormat}: {@code
   * "channels_first"} resizes {@code [N, C, H, W]} (or {@code [C, H, W]}) images natively.
   */
  public Tensor resizeImages(long height, long width, String interpolation, String dataFormat) {
    return ImageOps.resize(this, height, width, interpolation, dataFormat);
  }
}
