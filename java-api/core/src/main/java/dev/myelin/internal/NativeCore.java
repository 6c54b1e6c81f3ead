package dev.myelin.internal;

import org.bytedeco.javacpp.FunctionPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.NoException;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * The JavaCPP binding of {@code native-src/include/myelin/myelin.h}, one Java method per C
 * function.
 *
 * <p>Tensor handles are {@code mln_tensor*} values carried as {@code long}s (0 is NULL). Functions
 * returning a handle return 0 on failure and leave a status and message for the calling thread in
 * {@link #mln_last_status()} and {@link #mln_last_error()}. Public code never calls this class: it
 * goes through {@link Native}, which loads the libraries and turns failures into exceptions.
 */
@Platform(include = "myelin/myelin.h", link = "myelin")
@NoException
public final class NativeCore {
  static {
    Loader.load();
  }

  private NativeCore() {}

  /** Callback run by the core when the last tensor over wrapped (foreign) memory is released. */
  public static class ReleaseCallback extends FunctionPointer {
    static {
      Loader.load();
    }

    protected ReleaseCallback() {
      allocate();
    }

    private native void allocate();

    /** Invoked from the native side with the context value given to {@link #mln_wrap}. */
    public void call(@Cast("int64_t") long ctx) {}
  }

  /** Callback run by the allocator when an allocation would pass the native memory budget. */
  public static class PressureCallback extends FunctionPointer {
    static {
      Loader.load();
    }

    protected PressureCallback() {
      allocate();
    }

    private native void allocate();

    /** Returns non-zero to have the allocation of {@code requested} bytes retried, 0 to fail it. */
    public int call(@Cast("int64_t") long requested, int attempt) {
      return 0;
    }
  }

  // ---- errors, versions, threads
  public static native int mln_last_status();

  public static native @Cast("const char*") String mln_last_error();

  public static native void mln_clear_error();

  public static native @Cast("const char*") String mln_version();

  public static native @Cast("const char*") String mln_dnnl_version();

  public static native @Cast("const char*") String mln_cpu_isa();

  public static native int mln_get_num_threads();

  public static native void mln_set_num_threads(int n);

  // ---- allocator
  public static native void mln_alloc_stats(@Cast("int64_t*") long[] out);

  public static native void mln_alloc_reset_peak();

  public static native void mln_alloc_empty_cache();

  public static native @Cast("int64_t") long mln_alloc_budget();

  public static native void mln_alloc_set_budget(@Cast("int64_t") long bytes);

  public static native @Cast("int64_t") long mln_alloc_cache_limit();

  public static native void mln_alloc_set_cache_limit(@Cast("int64_t") long bytes);

  public static native void mln_alloc_set_pressure_callback(PressureCallback fn);

  // ---- devices
  public static native int mln_device_count(int kind);

  public static native @Cast("const char*") String mln_device_kind_name(int kind);

  public static native @Cast("const char*") String mln_device_description(int kind, int index);

  public static native int mln_tensor_device_kind(@Cast("const mln_tensor*") long t);

  public static native int mln_tensor_device_index(@Cast("const mln_tensor*") long t);

  public static native int mln_device_alloc_stats(
      int kind, int index, @Cast("int64_t*") long[] out);

  public static native int mln_device_empty_cache(int kind, int index);

  public static native @Cast("intptr_t") long mln_to_device(
      @Cast("const mln_tensor*") long x, int kind, int index);

  // ---- tensors
  public static native @Cast("intptr_t") long mln_empty(
      int dtype, int ndim, @Cast("const int64_t*") long[] shape);

  public static native @Cast("intptr_t") long mln_full(
      int dtype, int ndim, @Cast("const int64_t*") long[] shape, double value);

  public static native @Cast("intptr_t") long mln_from_data(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") float[] data,
      long nbytes);

  public static native @Cast("intptr_t") long mln_from_data(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") double[] data,
      long nbytes);

  public static native @Cast("intptr_t") long mln_from_data(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") int[] data,
      long nbytes);

  public static native @Cast("intptr_t") long mln_from_data(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") long[] data,
      long nbytes);

  public static native @Cast("intptr_t") long mln_from_data(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") byte[] data,
      long nbytes);

  /** Copies from a raw address (for direct buffers). */
  public static native @Cast("intptr_t") long mln_from_data(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") long address,
      long nbytes);

  public static native @Cast("intptr_t") long mln_wrap(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("void*") long data,
      ReleaseCallback release,
      long ctx);

  /** Like {@link #mln_wrap} over memory that must not be written: the tensor is read-only. */
  public static native @Cast("intptr_t") long mln_wrap_readonly(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      @Cast("const void*") long data,
      ReleaseCallback release,
      long ctx);

  public static native @Cast("intptr_t") long mln_retain(@Cast("mln_tensor*") long t);

  public static native void mln_release(@Cast("mln_tensor*") long t);

  public static native int mln_dtype(@Cast("const mln_tensor*") long t);

  public static native int mln_ndim(@Cast("const mln_tensor*") long t);

  public static native long mln_dim(@Cast("const mln_tensor*") long t, int i);

  public static native void mln_shape(
      @Cast("const mln_tensor*") long t, @Cast("int64_t*") long[] out);

  public static native long mln_numel(@Cast("const mln_tensor*") long t);

  public static native long mln_nbytes(@Cast("const mln_tensor*") long t);

  public static native @Cast("intptr_t") long mln_data(@Cast("const mln_tensor*") long t);

  public static native long mln_storage_refs(@Cast("const mln_tensor*") long t);

  public static native int mln_is_readonly(@Cast("const mln_tensor*") long t);

  public static native @Cast("intptr_t") long mln_reshape(
      @Cast("const mln_tensor*") long x, int ndim, @Cast("const int64_t*") long[] shape);

  public static native @Cast("intptr_t") long mln_cast(
      @Cast("const mln_tensor*") long x, int dtype);

  public static native @Cast("intptr_t") long mln_copy(@Cast("const mln_tensor*") long x);

  // ---- creation
  public static native @Cast("intptr_t") long mln_arange(
      int dtype, double start, double step, long n);

  public static native @Cast("intptr_t") long mln_linspace(
      int dtype, double start, double stop, long n);

  public static native @Cast("intptr_t") long mln_eye(int dtype, long rows, long cols, long k);

  // ---- random
  public static native @Cast("intptr_t") long mln_random_uniform(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      double low,
      double high,
      @Cast("uint64_t") long seed,
      @Cast("uint64_t") long offset);

  public static native @Cast("intptr_t") long mln_random_normal(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      double mean,
      double stddev,
      @Cast("uint64_t") long seed,
      @Cast("uint64_t") long offset);

  public static native @Cast("intptr_t") long mln_random_truncated_normal(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      double mean,
      double stddev,
      @Cast("uint64_t") long seed,
      @Cast("uint64_t") long offset);

  public static native @Cast("intptr_t") long mln_random_bernoulli(
      int dtype,
      int ndim,
      @Cast("const int64_t*") long[] shape,
      double p,
      @Cast("uint64_t") long seed,
      @Cast("uint64_t") long offset);

  public static native @Cast("intptr_t") long mln_random_permutation(
      long n, @Cast("uint64_t") long seed, @Cast("uint64_t") long offset);

  // ---- elementwise
  public static native @Cast("intptr_t") long mln_unary(
      int op, @Cast("const mln_tensor*") long x, double alpha, double beta);

  public static native @Cast("intptr_t") long mln_unary_backward(
      int op,
      @Cast("const mln_tensor*") long x,
      @Cast("const mln_tensor*") long y,
      @Cast("const mln_tensor*") long gy,
      double alpha,
      double beta);

  public static native @Cast("intptr_t") long mln_binary(
      int op, @Cast("const mln_tensor*") long a, @Cast("const mln_tensor*") long b);

  /** out[0] receives ga (if wantA), out[1] gb (if wantB); returns a status. */
  public static native int mln_binary_backward(
      int op,
      @Cast("const mln_tensor*") long a,
      @Cast("const mln_tensor*") long b,
      @Cast("const mln_tensor*") long gy,
      @Cast("mln_tensor**") long[] ga,
      @Cast("mln_tensor**") long[] gb);

  public static native @Cast("intptr_t") long mln_where(
      @Cast("const mln_tensor*") long cond,
      @Cast("const mln_tensor*") long a,
      @Cast("const mln_tensor*") long b);

  public static native @Cast("intptr_t") long mln_broadcast_to(
      @Cast("const mln_tensor*") long x, int ndim, @Cast("const int64_t*") long[] shape);

  public static native @Cast("intptr_t") long mln_sum_to_shape(
      @Cast("const mln_tensor*") long x, int ndim, @Cast("const int64_t*") long[] shape);

  // ---- reductions
  public static native @Cast("intptr_t") long mln_reduce(
      int op, @Cast("const mln_tensor*") long x, int naxes, int[] axes, int keepdims);

  public static native @Cast("intptr_t") long mln_reduce_backward(
      int op,
      @Cast("const mln_tensor*") long x,
      @Cast("const mln_tensor*") long y,
      @Cast("const mln_tensor*") long gy,
      int naxes,
      int[] axes,
      int keepdims);

  public static native @Cast("intptr_t") long mln_arg_reduce(
      int op, @Cast("const mln_tensor*") long x, int axis, int keepdims);

  // ---- linear algebra, softmax
  public static native @Cast("intptr_t") long mln_matmul(
      @Cast("const mln_tensor*") long a, @Cast("const mln_tensor*") long b, int transA, int transB);

  // ---- fused layer and loss kernels
  public static native @Cast("intptr_t") long mln_dense(
      @Cast("const mln_tensor*") long x,
      @Cast("const mln_tensor*") long w,
      @Cast("const mln_tensor*") long b,
      int act);

  public static native int mln_dense_backward(
      @Cast("const mln_tensor*") long x,
      @Cast("const mln_tensor*") long w,
      @Cast("const mln_tensor*") long y,
      @Cast("const mln_tensor*") long gy,
      int act,
      @Cast("mln_tensor**") long[] gx,
      @Cast("mln_tensor**") long[] gw,
      @Cast("mln_tensor**") long[] gb);

  public static native @Cast("intptr_t") long mln_binary_crossentropy(
      @Cast("const mln_tensor*") long z,
      @Cast("const mln_tensor*") long p,
      double eps,
      int fromLogits);

  public static native int mln_binary_crossentropy_backward(
      @Cast("const mln_tensor*") long z,
      @Cast("const mln_tensor*") long p,
      @Cast("const mln_tensor*") long gy,
      double eps,
      int fromLogits,
      @Cast("mln_tensor**") long[] gz,
      @Cast("mln_tensor**") long[] gp);

  public static native @Cast("intptr_t") long mln_binary_accuracy(
      @Cast("const mln_tensor*") long t, @Cast("const mln_tensor*") long p, double threshold);

  public static native @Cast("intptr_t") long mln_categorical_crossentropy(
      @Cast("const mln_tensor*") long t, @Cast("const mln_tensor*") long x, double eps, int mode);

  public static native int mln_categorical_crossentropy_backward(
      @Cast("const mln_tensor*") long t,
      @Cast("const mln_tensor*") long x,
      @Cast("const mln_tensor*") long gy,
      double eps,
      int mode,
      @Cast("mln_tensor**") long[] gt,
      @Cast("mln_tensor**") long[] gx);

  public static native @Cast("intptr_t") long mln_softmax(
      @Cast("const mln_tensor*") long x, int axis, int log);

  public static native @Cast("intptr_t") long mln_softmax_backward(
      @Cast("const mln_tensor*") long y, @Cast("const mln_tensor*") long gy, int axis, int log);

  // ---- shape and indexing
  public static native @Cast("intptr_t") long mln_permute(
      @Cast("const mln_tensor*") long x, int[] perm);

  public static native @Cast("intptr_t") long mln_slice(
      @Cast("const mln_tensor*") long x,
      @Cast("const int64_t*") long[] starts,
      @Cast("const int64_t*") long[] stops,
      @Cast("const int64_t*") long[] steps);

  public static native @Cast("intptr_t") long mln_slice_backward(
      @Cast("const mln_tensor*") long gy,
      int ndim,
      @Cast("const int64_t*") long[] inShape,
      @Cast("const int64_t*") long[] starts,
      @Cast("const int64_t*") long[] stops,
      @Cast("const int64_t*") long[] steps);

  public static native @Cast("intptr_t") long mln_concat(
      int n, @Cast("mln_tensor* const*") long[] xs, int axis);

  public static native @Cast("intptr_t") long mln_stack(
      int n, @Cast("mln_tensor* const*") long[] xs, int axis);

  public static native int mln_split(
      @Cast("const mln_tensor*") long x,
      int n,
      @Cast("const int64_t*") long[] sizes,
      int axis,
      @Cast("mln_tensor**") long[] outs);

  public static native @Cast("intptr_t") long mln_take(
      @Cast("const mln_tensor*") long x, @Cast("const mln_tensor*") long idx, int axis);

  public static native @Cast("intptr_t") long mln_scatter_add(
      @Cast("const mln_tensor*") long x,
      @Cast("const mln_tensor*") long idx,
      @Cast("const mln_tensor*") long updates,
      int axis);

  public static native @Cast("intptr_t") long mln_one_hot(
      @Cast("const mln_tensor*") long idx, long depth, int dtype, double on, double off);

  public static native @Cast("intptr_t") long mln_masked_select(
      @Cast("const mln_tensor*") long x, @Cast("const mln_tensor*") long mask);

  public static native @Cast("intptr_t") long mln_pad(
      @Cast("const mln_tensor*") long x,
      @Cast("const int64_t*") long[] before,
      @Cast("const int64_t*") long[] after,
      double value);

  public static native @Cast("intptr_t") long mln_tile(
      @Cast("const mln_tensor*") long x, @Cast("const int64_t*") long[] reps);

  public static native @Cast("intptr_t") long mln_repeat(
      @Cast("const mln_tensor*") long x, long repeats, int axis);

  // ---- optimizers
  public static native int mln_optimizer_update(
      int kind,
      @Cast("mln_tensor*") long var,
      @Cast("const mln_tensor*") long grad,
      @Cast("mln_tensor* const*") long[] slots,
      int nslots,
      @Cast("const double*") double[] hparams,
      int nhparams,
      @Cast("int64_t") long step);

  // ---- traced steps (plans): see myelin.h
  public static native @Cast("intptr_t") long mln_plan_begin(
      int ninputs, @Cast("mln_tensor* const*") long[] inputs);

  public static native int mln_plan_end(
      @Cast("mln_plan*") long plan, int noutputs, @Cast("mln_tensor* const*") long[] outputs);

  public static native int mln_plan_finish(@Cast("mln_plan*") long plan);

  public static native int mln_plan_replayable(@Cast("const mln_plan*") long plan);

  public static native @Cast("const char*") String mln_plan_reason(
      @Cast("const mln_plan*") long plan);

  public static native long mln_plan_ops(@Cast("const mln_plan*") long plan);

  public static native int mln_plan_recording();

  public static native void mln_plan_mark(@Cast("const char*") String why);

  public static native int mln_plan_run(
      @Cast("mln_plan*") long plan,
      int ninputs,
      @Cast("mln_tensor* const*") long[] inputs,
      @Cast("const double*") double[] hparams,
      int nhparams,
      @Cast("int64_t") long step,
      double[] outputs,
      int noutputs);

  public static native void mln_plan_free(@Cast("mln_plan*") long plan);
}
