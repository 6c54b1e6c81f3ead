/*
 * Myelin native core: the one C API that the Java layer binds through JavaCPP.
 *
 * Conventions
 * - Every tensor is contiguous, row-major, and owned through reference counts: each function that
 *   returns an `mln_tensor*` hands the caller one reference, released with mln_release().
 * - No function aborts the process. A function that fails returns NULL (or a non-zero status) and
 *   records a status code and a message for the calling thread: mln_last_status(),
 *   mln_last_error(). Messages name the operation and the expected and actual values.
 * - Shapes are `int64_t` arrays; axes are `int` and may be negative (counted from the end).
 * - Random numbers come from Philox4x32-10 keyed by (seed, offset): element i of a request always
 *   gets the same number whatever the thread count.
 *
 * This header is the one declaration of the API: the Java binding (NativeCore), the Java op codes,
 * the differentiability table, the optimizer kinds and hyperparameter indices and the set of
 * activations mln_dense fuses are generated from it at build time
 * (java-api/core/src/codegen/java/dev/myelin/codegen/BindingGenerator.java), and so is the
 * recording prologue of every function that makes or changes a tensor (the code that captures a
 * call into a traced plan, src/cpu/plan.hpp). Tags it reads, inside comments: `@nograd` after an
 * op code (the op has no gradient; the others are differentiated by the op family's *_backward
 * function); in a function's comment, `@norecord` (it makes or changes no tensor value a plan
 * would have to replay), `@untraceable(reason)` (a plan that meets it cannot be replayed), and
 * for each array argument how a plan copies it: `@in(a b, LENGTH)` (values; LENGTH a C
 * expression over the arguments, `rank(x)` for x's rank), `@tensors(xs, N)`, `@outs(outs, N)`,
 * `@bytes(data, N)`, `@hparams(h, N)`, `@step(s)`. The build fails naming the function when an
 * array argument has no such tag.
 */
#ifndef MYELIN_MYELIN_H
#define MYELIN_MYELIN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MLN_MAX_DIMS 8

typedef struct mln_tensor mln_tensor;

/* Element types. Values are part of the Java binding: never renumber. */
enum mln_dtype {
  MLN_F32 = 0,
  MLN_F64 = 1,
  MLN_I32 = 2,
  MLN_I64 = 3,
  MLN_U8 = 4,
  MLN_BOOL = 5
};

/* Status codes of mln_last_status(). */
enum mln_status {
  MLN_OK = 0,
  MLN_ERR_ARGUMENT = 1, /* bad argument value (axis, count, parameter) */
  MLN_ERR_SHAPE = 2,    /* incompatible shapes */
  MLN_ERR_DTYPE = 3,    /* unsupported or mismatched dtype */
  MLN_ERR_INDEX = 4,    /* index out of range */
  MLN_ERR_MEMORY = 5,   /* allocation failed */
  MLN_ERR_BACKEND = 6,  /* oneDNN (or another backend) reported an error */
  MLN_ERR_INTERNAL = 7  /* a bug: please report */
};

/* Unary elementwise operations (mln_unary). alpha/beta meanings are given per op. */
enum mln_unary_op {
  MLN_NEG = 0,
  MLN_EXP = 1,
  MLN_LOG = 2,
  MLN_LOG1P = 3,
  MLN_SQRT = 4,
  MLN_RSQRT = 5,
  MLN_ABS = 6,
  MLN_SIGN = 7, /* @nograd */
  MLN_SQUARE = 8,
  MLN_SIN = 9,
  MLN_COS = 10,
  MLN_TANH = 11,
  MLN_SIGMOID = 12,
  MLN_HARD_SIGMOID = 13, /* clip(alpha*x + beta, 0, 1); Keras 3: alpha=1/6, beta=0.5; Keras 2: 0.2, 0.5 */
  MLN_RELU = 14,
  MLN_LEAKY_RELU = 15, /* x > 0 ? x : alpha*x */
  MLN_ELU = 16,        /* x > 0 ? x : alpha*(exp(x)-1) */
  MLN_SELU = 17,
  MLN_SOFTPLUS = 18,
  MLN_SOFTSIGN = 19,
  MLN_GELU = 20,       /* alpha == 0: exact (erf); alpha != 0: tanh approximation */
  MLN_SWISH = 21,      /* x * sigmoid(x) */
  MLN_POW_SCALAR = 22, /* x ^ alpha */
  MLN_CLIP = 23,       /* min(max(x, alpha), beta) */
  MLN_RECIPROCAL = 24,
  MLN_LOGICAL_NOT = 25, /* @nograd; result is bool */
  MLN_FLOOR = 26, /* @nograd */
  MLN_CEIL = 27, /* @nograd */
  MLN_ROUND = 28, /* @nograd; half to even, like numpy */
  MLN_EXPM1 = 29,
  MLN_UNARY_OP_COUNT = 30
};

/* Binary elementwise operations with numpy broadcasting (mln_binary). */
enum mln_binary_op {
  MLN_ADD = 0,
  MLN_SUB = 1,
  MLN_MUL = 2,
  MLN_DIV = 3, /* true division for floats, floor division for integers */
  MLN_POW = 4,
  MLN_MAXIMUM = 5,
  MLN_MINIMUM = 6,
  MLN_EQ = 7, /* @nograd; comparisons and logical ops give bool */
  MLN_NE = 8, /* @nograd */
  MLN_LT = 9, /* @nograd */
  MLN_LE = 10, /* @nograd */
  MLN_GT = 11, /* @nograd */
  MLN_GE = 12, /* @nograd */
  MLN_LOGICAL_AND = 13, /* @nograd */
  MLN_LOGICAL_OR = 14, /* @nograd */
  MLN_LOGICAL_XOR = 15, /* @nograd */
  MLN_MOD = 16, /* @nograd; numpy remainder: sign of the divisor */
  MLN_BINARY_OP_COUNT = 17
};

/* Reductions (mln_reduce / mln_arg_reduce). */
enum mln_reduce_op {
  MLN_SUM = 0,
  MLN_MEAN = 1,
  MLN_MAX = 2,
  MLN_MIN = 3,
  MLN_PROD = 4,
  MLN_VAR = 5, /* population variance (ddof = 0), like numpy and Keras */
  MLN_STD = 6,
  MLN_LOGSUMEXP = 7,
  MLN_ANY = 8, /* @nograd; bool result */
  MLN_ALL = 9, /* @nograd; bool result */
  MLN_ARGMAX = 10, /* @nograd; only through mln_arg_reduce; int64 result */
  MLN_ARGMIN = 11, /* @nograd */
  MLN_REDUCE_OP_COUNT = 12
};

/* Fused optimizer updates (mln_optimizer_update). Values are part of the Java binding: never
 * renumber. Each kind takes the hyperparameters named in mln_hparam and slots (one tensor each,
 * the variable's shape and dtype):
 *   SGD      slots: [momentum] only when MLN_HP_SGD_MOMENTUM != 0
 *   RMSPROP  slots: velocity, [momentum if MLN_HP_RMSPROP_MOMENTUM > 0], [average gradient if
 *            centered]
 *   ADAGRAD  slots: accumulator
 *   ADADELTA slots: accumulated gradient, accumulated delta
 *   ADAM     slots: m, v, [v_hat if amsgrad]
 *   ADAMAX   slots: m, u
 *   NADAM    slots: m, v
 * The formulas are Keras 3's update_step (AdamW is ADAM with a weight decay). */
enum mln_optimizer_kind {
  MLN_OPT_SGD = 0,
  MLN_OPT_RMSPROP = 1,
  MLN_OPT_ADAGRAD = 2,
  MLN_OPT_ADADELTA = 3,
  MLN_OPT_ADAM = 4,
  MLN_OPT_ADAMAX = 5,
  MLN_OPT_NADAM = 6,
  MLN_OPT_KIND_COUNT = 7
};

/* Indices into mln_optimizer_update's hparams. Every kind takes the common four first, then its
 * own, MLN_HP_<KIND>_* (each kind passes exactly MLN_HP_<KIND>_COUNT values). Flags are 0 or 1. */
enum mln_hparam {
  MLN_HP_LEARNING_RATE = 0,
  MLN_HP_GRADIENT_SCALE = 1, /* clipnorm / global_clipnorm factor, 1 for none */
  MLN_HP_CLIPVALUE = 2,      /* |g| clipped to it after scaling; +infinity for none */
  MLN_HP_WEIGHT_DECAY = 3,   /* w <- w - w * decay * lr before the update, as Keras 3; 0: none */
  MLN_HP_COMMON_COUNT = 4,
  MLN_HP_SGD_MOMENTUM = 4,
  MLN_HP_SGD_NESTEROV = 5,
  MLN_HP_SGD_COUNT = 6,
  MLN_HP_RMSPROP_RHO = 4,
  MLN_HP_RMSPROP_MOMENTUM = 5,
  MLN_HP_RMSPROP_CENTERED = 6,
  MLN_HP_RMSPROP_EPSILON = 7, /* inside the sqrt */
  MLN_HP_RMSPROP_COUNT = 8,
  MLN_HP_ADAGRAD_EPSILON = 4,
  MLN_HP_ADAGRAD_COUNT = 5,
  MLN_HP_ADADELTA_RHO = 4,
  MLN_HP_ADADELTA_EPSILON = 5,
  MLN_HP_ADADELTA_COUNT = 6,
  MLN_HP_ADAM_BETA_1 = 4,
  MLN_HP_ADAM_BETA_2 = 5,
  MLN_HP_ADAM_EPSILON = 6,
  MLN_HP_ADAM_AMSGRAD = 7,
  MLN_HP_ADAM_COUNT = 8,
  MLN_HP_ADAMAX_BETA_1 = 4,
  MLN_HP_ADAMAX_BETA_2 = 5,
  MLN_HP_ADAMAX_EPSILON = 6,
  MLN_HP_ADAMAX_COUNT = 7,
  MLN_HP_NADAM_BETA_1 = 4,
  MLN_HP_NADAM_BETA_2 = 5,
  MLN_HP_NADAM_EPSILON = 6,
  MLN_HP_NADAM_U_PRODUCT = 7, /* prod of beta_1 * (1 - 0.5 * 0.96^t), t = 1..step, all variables */
  MLN_HP_NADAM_COUNT = 8
};

/* The activations mln_dense fuses besides 0 (linear), as an X-macro: the kernels switch over them
 * and the Java side fuses exactly the activations named here (the op name in lower case is the
 * Keras name). */
#define MLN_DENSE_ACTIVATIONS(X) X(MLN_RELU) X(MLN_TANH) X(MLN_SIGMOID)

/* ---- errors, versions, threads ---------------------------------------------------------------- */

/** Status of the calling thread's last failed call (MLN_OK if none since mln_clear_error). */
int mln_last_status(void);
/** Message of the calling thread's last failed call ("" if none). Valid until the next call. */
const char* mln_last_error(void);
/** Resets the calling thread's status to MLN_OK. */
void mln_clear_error(void);

const char* mln_version(void);
/** oneDNN version, e.g. "3.11.0". */
const char* mln_dnnl_version(void);
/** Highest CPU ISA oneDNN dispatches to here, e.g. "avx512_core_amx" or "avx2". */
const char* mln_cpu_isa(void);
/** Threads used by our kernels and by oneDNN. */
int mln_get_num_threads(void);
/** Sets the thread count for every later call from any thread; n <= 0 restores the default. */
void mln_set_num_threads(int n);

/* ---- allocator ------------------------------------------------------------------------------- */

/** Fills out[0..4]: live bytes, peak live bytes, allocations served, allocations served from the
 * cache, bytes held in the cache (free for reuse). */
void mln_alloc_stats(int64_t* out);
/** Peak live bytes := live bytes. */
void mln_alloc_reset_peak(void);
/** Returns every cached free block to the system. */
void mln_alloc_empty_cache(void);

/* Memory budget. Live bytes of the CPU allocator count against a budget: an allocation that would
 * exceed it first empties the cache, then calls the pressure callback (if one is set) and retries
 * while the callback returns non-zero; when it returns 0, or none is set, the allocation fails
 * with MLN_ERR_MEMORY and a message naming the request, the live bytes and the budget. Default
 * budget: MYELIN_MEMORY_BUDGET_MB, else half the physical memory (or of the cgroup limit). */

/** The budget in bytes. */
int64_t mln_alloc_budget(void);
/** Sets the budget; bytes <= 0 restores the default. */
void mln_alloc_set_budget(int64_t bytes);
/** Most bytes the cache keeps for reuse; freed blocks beyond it go back to the system. Default:
 * MYELIN_ALLOCATOR_CACHE_MB, else an eighth of the budget. */
int64_t mln_alloc_cache_limit(void);
/** Sets the cache bound (trimming the cache to it now); bytes < 0 restores the default. */
void mln_alloc_set_cache_limit(int64_t bytes);
/** Asked to free memory when an allocation of `requested` bytes would pass the budget; `attempt`
 * counts from 0. Returns non-zero to have the allocation retried, 0 to let it fail. Runs on the
 * allocating thread with no allocator lock held; it may release tensors. */
typedef int (*mln_pressure_fn)(int64_t requested, int attempt);
/* The callback is also called with attempt -1 when live bytes pass the collection mark (see
 * mln_alloc_set_collect_mark): a request for a collection that must not wait; its result is
 * ignored and the allocation proceeds. */
/** Installs the pressure callback (NULL removes it). */
void mln_alloc_set_pressure_callback(mln_pressure_fn fn);

/* ---- devices ---------------------------------------------------------------------------------- */

/* Device kinds. Values are part of the Java binding: never renumber. Each kind is served by an
 * engine (allocator and host/device copies); a kind whose engine is not built has 0 devices. */
enum mln_device_kind {
  MLN_DEVICE_CPU = 0,
  MLN_DEVICE_CUDA = 1,
  MLN_DEVICE_KIND_COUNT = 2
};

/** Devices of `kind` this library can use (1 for the CPU, 0 for a kind whose engine is not built);
 * -1 and an error for an unknown kind. */
int mln_device_count(int kind);
/** "cpu" or "cuda"; NULL for an unknown kind. */
const char* mln_device_kind_name(int kind);
/** One line describing device (kind, index); NULL and an error if there is no such device. Valid
 * until the calling thread calls this function again. */
const char* mln_device_description(int kind, int index);
/** The device kind / index holding t's storage; -1 for NULL. */
int mln_tensor_device_kind(const mln_tensor* t);
int mln_tensor_device_index(const mln_tensor* t);
/** Fills out[0..4] (as mln_alloc_stats) for device (kind, index); 0, or -1 and an error. */
int mln_device_alloc_stats(int kind, int index, int64_t* out);
/** Returns the cached free blocks of device (kind, index) to the system; 0, or -1 and an error. */
int mln_device_empty_cache(int kind, int index);
/** x on device (kind, index): x itself (one more reference) when it is there already, else a copy.
 * Fails naming the reason when that device's engine is not built or the index is out of range.
 * @untraceable(a copy between devices) */
mln_tensor* mln_to_device(const mln_tensor* x, int kind, int index);

/* ---- tensors ---------------------------------------------------------------------------------- */

/** A tensor whose bytes are uninitialised.
 * @in(shape, ndim) */
mln_tensor* mln_empty(int dtype, int ndim, const int64_t* shape);
/** A tensor filled with `value` converted to dtype.
 * @in(shape, ndim) */
mln_tensor* mln_full(int dtype, int ndim, const int64_t* shape, double value);
/** A tensor holding a copy of `nbytes` bytes at `data` (nbytes must equal numel * itemsize).
 * @in(shape, ndim) @bytes(data, nbytes) */
mln_tensor* mln_from_data(int dtype, int ndim, const int64_t* shape, const void* data,
                          int64_t nbytes);

/** Called once, from any thread, when the last tensor over wrapped memory is released. */
typedef void (*mln_release_fn)(int64_t ctx);
/** A tensor over foreign memory (no copy). `release(ctx)` runs when the last view of it is
 * released; release may be NULL. `data` must be aligned to the dtype's size.
 * @untraceable(foreign memory) */
mln_tensor* mln_wrap(int dtype, int ndim, const int64_t* shape, void* data, mln_release_fn release,
                     int64_t ctx);
/** Like mln_wrap, over memory its owner does not allow writing (a Python bytes object, an Arrow
 * buffer): the tensor and every view of it are read-only (mln_is_readonly), and each function
 * that writes into an existing tensor (mln_optimizer_update) refuses it with MLN_ERR_ARGUMENT.
 * mln_copy and mln_cast give writable tensors.
 * @untraceable(foreign memory) */
mln_tensor* mln_wrap_readonly(int dtype, int ndim, const int64_t* shape, const void* data,
                              mln_release_fn release, int64_t ctx);

/** Adds one reference; returns t. @norecord (the same tensor, no new value) */
mln_tensor* mln_retain(mln_tensor* t);
/** Drops one reference; frees the tensor (and its storage when no view remains) at zero.
 * @norecord (plans track releases themselves) */
void mln_release(mln_tensor* t);

int mln_dtype(const mln_tensor* t);
int mln_ndim(const mln_tensor* t);
/** Size of dimension i (negative i counts from the end); -1 and an error if out of range. */
int64_t mln_dim(const mln_tensor* t, int i);
/** Copies the shape into out[0..ndim). */
void mln_shape(const mln_tensor* t, int64_t* out);
int64_t mln_numel(const mln_tensor* t);
int64_t mln_nbytes(const mln_tensor* t);
/** Address of the first element (64-byte aligned for tensors Myelin allocated).
 * @untraceable(host access to a tensor's values, e.g. item() or toArray()) */
void* mln_data(const mln_tensor* t);
/** Number of tensors (views) sharing t's storage. */
int64_t mln_storage_refs(const mln_tensor* t);
/** 1 if t's storage is read-only (made by mln_wrap_readonly, or a view of such a tensor), 0 if
 * not, -1 for NULL. mln_data still returns its address: callers must not write through it. */
int mln_is_readonly(const mln_tensor* t);

/** A view with a new shape over the same storage (numel must match).
 * @in(shape, ndim) */
mln_tensor* mln_reshape(const mln_tensor* x, int ndim, const int64_t* shape);
/** A new tensor with the same values converted to dtype (C casts; float -> bool is x != 0). */
mln_tensor* mln_cast(const mln_tensor* x, int dtype);
/** A deep copy. */
mln_tensor* mln_copy(const mln_tensor* x);

/* ---- creation ---------------------------------------------------------------------------------- */

/** start, start+step, ... (n values). */
mln_tensor* mln_arange(int dtype, double start, double step, int64_t n);
/** n values evenly spaced over [start, stop] (numpy linspace, endpoint included). */
mln_tensor* mln_linspace(int dtype, double start, double stop, int64_t n);
/** rows x cols with ones on diagonal k. */
mln_tensor* mln_eye(int dtype, int64_t rows, int64_t cols, int64_t k);

/* ---- random (Philox4x32-10, counter-based) ----------------------------------------------------- */

/** @untraceable(random draws) */
mln_tensor* mln_random_uniform(int dtype, int ndim, const int64_t* shape, double low, double high,
                               uint64_t seed, uint64_t offset);
/** @untraceable(random draws) */
mln_tensor* mln_random_normal(int dtype, int ndim, const int64_t* shape, double mean, double stddev,
                              uint64_t seed, uint64_t offset);
/** Normal values redrawn until within 2 standard deviations of the mean (Keras semantics).
 * @untraceable(random draws) */
mln_tensor* mln_random_truncated_normal(int dtype, int ndim, const int64_t* shape, double mean,
                                        double stddev, uint64_t seed, uint64_t offset);
/** 1 with probability p, else 0, as dtype.
 * @untraceable(random draws) */
mln_tensor* mln_random_bernoulli(int dtype, int ndim, const int64_t* shape, double p,
                                 uint64_t seed, uint64_t offset);
/** A random permutation of 0..n-1 (int64).
 * @untraceable(random draws) */
mln_tensor* mln_random_permutation(int64_t n, uint64_t seed, uint64_t offset);

/* ---- elementwise ------------------------------------------------------------------------------- */

mln_tensor* mln_unary(int op, const mln_tensor* x, double alpha, double beta);
/** dL/dx of mln_unary given x, its output y and dL/dy (gy). */
mln_tensor* mln_unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                               const mln_tensor* gy, double alpha, double beta);
/** Broadcasting binary op; operands are promoted to the wider dtype
 * (bool < uint8 < int32 < int64 < float32 < float64). */
mln_tensor* mln_binary(int op, const mln_tensor* a, const mln_tensor* b);
/** Gradients of a differentiable binary op, reduced back to a's and b's shapes. Writes new
 * tensors to *ga and *gb; pass NULL for a gradient that is not needed. Returns a status. */
int mln_binary_backward(int op, const mln_tensor* a, const mln_tensor* b, const mln_tensor* gy,
                        mln_tensor** ga, mln_tensor** gb);
/** cond ? a : b with broadcasting over all three (cond is bool). */
mln_tensor* mln_where(const mln_tensor* cond, const mln_tensor* a, const mln_tensor* b);
/** x broadcast (copied) to `shape`.
 * @in(shape, ndim) */
mln_tensor* mln_broadcast_to(const mln_tensor* x, int ndim, const int64_t* shape);
/** Sums x down to `shape`, which x's shape must broadcast from (the backward of broadcasting).
 * @in(shape, ndim) */
mln_tensor* mln_sum_to_shape(const mln_tensor* x, int ndim, const int64_t* shape);

/* ---- reductions -------------------------------------------------------------------------------- */

/** Reduces over `axes` (naxes < 0: all axes). keepdims != 0 keeps reduced axes as size 1.
 * @in(axes, naxes) */
mln_tensor* mln_reduce(int op, const mln_tensor* x, int naxes, const int* axes, int keepdims);
/** dL/dx of mln_reduce (SUM, MEAN, MAX, MIN, PROD, VAR, STD, LOGSUMEXP) given x, y and gy.
 * @in(axes, naxes) */
mln_tensor* mln_reduce_backward(int op, const mln_tensor* x, const mln_tensor* y,
                                const mln_tensor* gy, int naxes, const int* axes, int keepdims);
/** ARGMAX / ARGMIN along one axis (int64; first occurrence on ties). */
mln_tensor* mln_arg_reduce(int op, const mln_tensor* x, int axis, int keepdims);

/* ---- linear algebra ---------------------------------------------------------------------------- */

/** a @ b for ndim >= 2 with broadcast batch dimensions; trans_a/trans_b transpose the last two
 * dimensions of a/b first. float32 runs on oneDNN. */
mln_tensor* mln_matmul(const mln_tensor* a, const mln_tensor* b, int trans_a, int trans_b);

/* ---- softmax ----------------------------------------------------------------------------------- */

/** softmax (log_softmax if log != 0) over `axis`. */
mln_tensor* mln_softmax(const mln_tensor* x, int axis, int log);
/** dL/dx given the forward output y and dL/dy. */
mln_tensor* mln_softmax_backward(const mln_tensor* y, const mln_tensor* gy, int axis, int log);

/* ---- shape and indexing ------------------------------------------------------------------------ */

/** Axes permuted: out.shape[i] = x.shape[perm[i]].
 * @in(perm, rank(x)) */
mln_tensor* mln_permute(const mln_tensor* x, const int* perm);
/** Python-style slicing per axis: starts/stops/steps are normalised by the caller (0 <= start,
 * stop in [-1, dim], step != 0, like range(start, stop, step)).
 * @in(starts stops steps, rank(x)) */
mln_tensor* mln_slice(const mln_tensor* x, const int64_t* starts, const int64_t* stops,
                      const int64_t* steps);
/** Backward of mln_slice: gy scattered into zeros of shape in_shape.
 * @in(in_shape starts stops steps, ndim) */
mln_tensor* mln_slice_backward(const mln_tensor* gy, int ndim, const int64_t* in_shape,
                               const int64_t* starts, const int64_t* stops,
                               const int64_t* steps);
/** @tensors(xs, n) */
mln_tensor* mln_concat(int n, mln_tensor* const* xs, int axis);
/** Inserts a new axis at `axis` and concatenates along it.
 * @tensors(xs, n) */
mln_tensor* mln_stack(int n, mln_tensor* const* xs, int axis);
/** Splits along axis into n pieces of sizes[i] (summing to the axis size); writes outs[0..n).
 * @in(sizes, n) @outs(outs, n) */
int mln_split(const mln_tensor* x, int n, const int64_t* sizes, int axis, mln_tensor** outs);
/** Gathers along axis: out.shape = x.shape[:axis] + idx.shape + x.shape[axis+1:]. Negative
 * indices count from the end; idx is int32 or int64. */
mln_tensor* mln_take(const mln_tensor* x, const mln_tensor* idx, int axis);
/** x + updates scattered-added along axis at idx (updates.shape = x.shape[:axis] + idx.shape +
 * x.shape[axis+1:]); repeated indices accumulate. */
mln_tensor* mln_scatter_add(const mln_tensor* x, const mln_tensor* idx, const mln_tensor* updates,
                            int axis);
/** out[..., k] = idx[...] == k ? on : off, shape idx.shape + [depth]. */
mln_tensor* mln_one_hot(const mln_tensor* idx, int64_t depth, int dtype, double on, double off);
/** The elements where mask (bool, same shape as x) is true, as 1-D.
 * @untraceable(its output shape depends on the data) */
mln_tensor* mln_masked_select(const mln_tensor* x, const mln_tensor* mask);
/** Constant padding: before[i]/after[i] elements on each side of axis i.
 * @in(before after, rank(x)) */
mln_tensor* mln_pad(const mln_tensor* x, const int64_t* before, const int64_t* after,
                    double value);
/** Tiles x reps[i] times along each axis (reps has x's ndim entries).
 * @in(reps, rank(x)) */
mln_tensor* mln_tile(const mln_tensor* x, const int64_t* reps);
/** Repeats each element `repeats` times along axis (numpy.repeat). */
mln_tensor* mln_repeat(const mln_tensor* x, int64_t repeats, int axis);

/* ---- optimizers ------------------------------------------------------------------------------ */

/** One fused update of `var` (and its `slots`, in place) from `grad` (same shape and dtype,
 * float32 or float64); a read-only var or slot fails with MLN_ERR_ARGUMENT. `kind` is an
 * mln_optimizer_kind; `hparams` holds the kind's MLN_HP_<KIND>_COUNT hyperparameters at their
 * mln_hparam indices; `step` is the 1-based update count (Keras's iterations + 1). Returns MLN_OK
 * or a status (and a message) on bad arguments.
 * @tensors(slots, nslots) @hparams(hparams, nhparams) @step(step) */
int mln_optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad,
                         mln_tensor* const* slots, int nslots, const double* hparams,
                         int nhparams, int64_t step);

/* ---- fused layer and loss kernels ---------------------------------------------------------- */

/** A Dense layer in one call: act(x @ w + b) for x (..., K), w (K, N), b (N) or NULL, all of one
 * float dtype; act is 0 (linear) or one of MLN_DENSE_ACTIVATIONS. */
mln_tensor* mln_dense(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b, int act);
/** Gradients of mln_dense from x, w, its output y (unused, may be NULL, for act 0) and dL/dy:
 * new tensors in *gx (x's shape), *gw (K, N) and *gb (N); pass NULL for one not needed. Returns a
 * status. */
int mln_dense_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                       const mln_tensor* gy, int act, mln_tensor** gx, mln_tensor** gw,
                       mln_tensor** gb);
/** Element-wise binary cross-entropy of targets z against probabilities p clipped to
 * [eps, 1 - eps] (Keras's formula), or against logits when from_logits != 0; z and p share shape
 * and dtype. */
mln_tensor* mln_binary_crossentropy(const mln_tensor* z, const mln_tensor* p, double eps,
                                    int from_logits);
/** Gradients of mln_binary_crossentropy given dL/dout; NULL skips one. Returns a status. */
int mln_binary_crossentropy_backward(const mln_tensor* z, const mln_tensor* p,
                                     const mln_tensor* gy, double eps, int from_logits,
                                     mln_tensor** gz, mln_tensor** gp);

/** Keras's binary accuracy per row: the mean over the last axis of ((p > threshold) == t), shape
 * p.shape[:-1]; t and p share shape (rank >= 1) and float dtype. Not differentiable. */
mln_tensor* mln_binary_accuracy(const mln_tensor* t, const mln_tensor* p, double threshold);

/** Modes of mln_categorical_crossentropy: x holds probabilities (Keras's formula: each row divided
 * by its sum, clipped to [eps, 1 - eps], -sum t log q), logits (-sum t log_softmax(x)), or the
 * logits of a softmax whose probabilities the PROBS formula is applied to (a softmax layer
 * followed by the loss on probabilities, in one kernel; the gradient goes to the logits). */
#define MLN_CCE_PROBS 0
#define MLN_CCE_LOGITS 1
#define MLN_CCE_SOFTMAX 2
/** Categorical cross-entropy over the last axis of t and x (one shape, rank >= 1, one float
 * dtype): a tensor of shape x.shape[:-1] with each row's loss; mode is one of MLN_CCE_*. */
mln_tensor* mln_categorical_crossentropy(const mln_tensor* t, const mln_tensor* x, double eps,
                                         int mode);
/** Gradients of mln_categorical_crossentropy given dL/dout (shape x.shape[:-1]): *gt (t's shape)
 * and *gx (x's shape, for MLN_CCE_SOFTMAX the gradient w.r.t. the logits); NULL skips one.
 * Returns a status. */
int mln_categorical_crossentropy_backward(const mln_tensor* t, const mln_tensor* x,
                                          const mln_tensor* gy, double eps, int mode,
                                          mln_tensor** gt, mln_tensor** gx);

/* ---- traced steps (plans) --------------------------------------------------------------------- */

/* A plan records the C API calls the calling thread makes between mln_plan_begin and mln_plan_end
 * and replays them with new inputs (mln_plan_run): tensors made by recorded calls become slots,
 * other tensors (variables, optimizer slots, constants) are captured by pointer and retained,
 * arrays are copied. A call that cannot be replayed (random draws, mln_data host access, mln_wrap,
 * masked_select, a tensor argument made by a call that is not recorded, per-variable optimizer
 * hyperparameters) marks the plan not replayable; the recording itself always executes normally.
 * Optimizer updates read their hyperparameters and step from each run's arguments. Every function
 * of this header that makes or changes a tensor is recorded by a prologue generated from its
 * declaration here (see the tags at the top; src/cpu/plan.hpp). */
typedef struct mln_plan mln_plan;

/** Starts recording on the calling thread; `inputs` are the tensors each run rebinds (same dtype
 * and shape). Fails if a plan already records on this thread. */
mln_plan* mln_plan_begin(int ninputs, mln_tensor* const* inputs);
/** Stops recording; `outputs` (single-element tensors computed by the plan) are read back as
 * doubles by each run. Returns a status. */
int mln_plan_end(mln_plan* plan, int noutputs, mln_tensor* const* outputs);
/** Call once every caller reference to the step's tensors is released: marks the plan not
 * replayable if one of them is still referenced, drops the recording-time tensors and plans when
 * each intermediate is released in a run. Returns a status. */
int mln_plan_finish(mln_plan* plan);
/** 1 if the plan can be run, else 0 (mln_plan_reason says why). */
int mln_plan_replayable(const mln_plan* plan);
/** Why the plan cannot be replayed ("" when it can). Valid while the plan lives. */
const char* mln_plan_reason(const mln_plan* plan);
/** Number of recorded calls. */
int64_t mln_plan_ops(const mln_plan* plan);
/** 1 while a plan records on the calling thread. */
int mln_plan_recording(void);
/** Marks the plan recording on the calling thread (if any) not replayable, with a reason. */
void mln_plan_mark(const char* why);
/** Replays a finished, replayable plan on new inputs; optimizer updates use `hparams` (as many as
 * recorded) and `step`; writes the outputs' values to outputs[0..noutputs). Returns a status. */
int mln_plan_run(mln_plan* plan, int ninputs, mln_tensor* const* inputs, const double* hparams,
                 int nhparams, int64_t step, double* outputs, int noutputs);
/** Frees a plan (ending its recording if it still records) and its references. */
void mln_plan_free(mln_plan* plan);

/* ---- convolutions ------------------------------------------------------------------------- */

/* Channels last, as Keras: x is (N, spatial..., C) with 1 to 3 spatial dims, the kernel is
 * (k..., C / groups, F) and the output (N, out..., F). `geom` holds 4 * nd values for nd spatial
 * dims: the strides, the dilation rates (1 = none), the left pads and the right pads (explicit, so
 * Keras's 'same' with its asymmetric split and 'causal' are the caller's arithmetic); out =
 * (in + left + right - ((k - 1) * dilation + 1)) / stride + 1. act is 0 (linear) or one of
 * MLN_DENSE_ACTIVATIONS, fused into the convolution. float32 or float64, one dtype throughout. */

/** act(conv(x, w) + b); b (F) may be NULL.
 * @in(geom, 4 * (rank(x) - 2)) */
mln_tensor* mln_conv(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                     const int64_t* geom, int groups, int act);
/** Gradients of mln_conv from x, w, its output y (unused, may be NULL, for act 0) and dL/dy:
 * new tensors in *gx (x's shape), *gw (w's shape) and *gb (F); pass NULL for one not needed.
 * Returns a status.
 * @in(geom, 4 * (rank(x) - 2)) */
int mln_conv_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                      const mln_tensor* gy, const int64_t* geom, int groups, int act,
                      mln_tensor** gx, mln_tensor** gw, mln_tensor** gb);
/** Transposed convolution (the gradient of a convolution with respect to its input): x (N, in...,
 * C) and w (k..., F, C) (Keras's Conv2DTranspose layout) give act(out + b) of shape (N,
 * out_size..., F), where geom describes the convolution that maps out_size back to in. b (F) may
 * be NULL.
 * @in(out_size, rank(x) - 2) @in(geom, 4 * (rank(x) - 2)) */
mln_tensor* mln_conv_transpose(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                               const int64_t* out_size, const int64_t* geom, int act);
/** Gradients of mln_conv_transpose given its output y (may be NULL for act 0) and dL/dy; NULL
 * skips one. Returns a status.
 * @in(geom, 4 * (rank(x) - 2)) */
int mln_conv_transpose_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                                const mln_tensor* gy, const int64_t* geom, int act,
                                mln_tensor** gx, mln_tensor** gw, mln_tensor** gb);

/* ---- appendix math: numpy correlate/convolve, scipy correlate2d/convolve2d ------------------- */

/* How mln_correlate2d treats a term whose input index falls outside x (scipy's `boundary`):
 * SKIP leaves the term out (numpy's 1-D correlate), FILL reads `fill` (scipy 'fill'), WRAP wraps
 * the index around (scipy 'wrap'), SYMM reflects it with the edge repeated (scipy 'symm'). */
#define MLN_BOUNDARY_SKIP 0
#define MLN_BOUNDARY_FILL 1
#define MLN_BOUNDARY_WRAP 2
#define MLN_BOUNDARY_SYMM 3
/** Direct 2-D correlation of x (H, W) with k (KH, KW), one dtype (float32, float64, int32, int64
 * or uint8, summed in that dtype in scipy's order: per kernel row j a sum over q, then the rows):
 * an (out_h, out_w) tensor with out[m, n] = sum over j < KH of (sum over q < KW of k[j, q] *
 * X(off_h + m + s*j, off_w + n + s*q)), where s is -1 if `flip` (convolution) else 1 and X
 * applies `boundary` (MLN_BOUNDARY_*) to an index outside x. */
mln_tensor* mln_correlate2d(const mln_tensor* x, const mln_tensor* k, int64_t out_h,
                            int64_t out_w, int64_t off_h, int64_t off_w, int flip, int boundary,
                            double fill);

/* ---- pooling and batch-normalization statistics ----------------------------------------------- */

/* Pooling kinds of mln_pool. Values are part of the Java binding: never renumber. */
enum mln_pool_kind {
  MLN_POOL_MAX = 0, /* the window's maximum (padding never wins) */
  MLN_POOL_AVG = 1  /* the mean of the window's real elements (padding excluded, as Keras) */
};

/** Pools a channels-last x of rank nspatial + 2, (batch, spatial..., channels), nspatial in 1..3,
 * over windows pool[i] moved by strides[i], after padding each spatial axis by pad_before[i] and
 * pad_after[i] (each in [0, pool[i])); output axis i has (in + before + after - pool) / stride + 1
 * elements. float32 runs oneDNN, float64 direct loops.
 * @in(pool strides pad_before pad_after, nspatial >= 1 && nspatial <= 3 ? nspatial : 0) */
mln_tensor* mln_pool(const mln_tensor* x, int kind, int nspatial, const int64_t* pool,
                     const int64_t* strides, const int64_t* pad_before, const int64_t* pad_after);
/** The gradient of mln_pool with respect to x, given the output's gradient gy (max pooling routes
 * each gy element to its window's first maximum).
 * @in(pool strides pad_before pad_after, nspatial >= 1 && nspatial <= 3 ? nspatial : 0) */
mln_tensor* mln_pool_backward(const mln_tensor* x, const mln_tensor* gy, int kind, int nspatial,
                              const int64_t* pool, const int64_t* strides,
                              const int64_t* pad_before, const int64_t* pad_after);
/** In place: var = var * momentum + value * (1 - momentum) (batch normalization's moving
 * statistics; recorded, so a traced step updates them too). Returns a status. */
int mln_moving_average(mln_tensor* var, const mln_tensor* value, double momentum);

/* ---- image preprocessing (resize, affine/projective transforms) ---- */
/* Images are channels-last batches x [N, H, W, C] of float32 or float64 (callers add the batch
 * axis of a single image). Numerics follow Keras 3 on jax: jax.image.resize with antialias off
 * and jax.scipy.ndimage.map_coordinates (order 0 or 1). */

/** Interpolation of mln_image_resize and mln_image_affine. */
enum mln_image_interpolation {
  MLN_IMAGE_NEAREST = 0,
  MLN_IMAGE_BILINEAR = 1
};

/** How mln_image_affine fills points outside the input (Keras's fill_mode). */
enum mln_image_fill_mode {
  MLN_FILL_REFLECT = 0,  /* d c b a | a b c d | d c b a (half-sample symmetric) */
  MLN_FILL_WRAP = 1,     /* a b c d | a b c d | a b c d */
  MLN_FILL_CONSTANT = 2, /* k k k k | a b c d | k k k k (k = fill_value) */
  MLN_FILL_NEAREST = 3   /* a a a a | a b c d | d d d d */
};

/** x [N, H, W, C] resized to [N, height, width, C] (H, W, height, width >= 1). Output pixel i of
 * an axis samples the input at (i + 0.5) * in / out - 0.5: bilinear interpolates the two nearest
 * pixels (clamped at the edges), nearest takes pixel floor((i + 0.5) * in / out). */
mln_tensor* mln_image_resize(const mln_tensor* x, int64_t height, int64_t width, int interpolation);
/** Gradient of mln_image_resize: gy [N, height, width, C] to [N, in_height, in_width, C]. */
mln_tensor* mln_image_resize_backward(const mln_tensor* gy, int64_t in_height, int64_t in_width,
                                      int interpolation);
/** Projective transform of each image: transforms [N, 8] or [1, 8] (float32/float64) rows
 * (a0 a1 a2 b0 b1 b2 c0 c1) map the output point (x, y) to the input point ((a0 x + a1 y + a2) / k,
 * (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1 (x = column, y = row); the input is sampled there
 * with `interpolation` and `fill_mode` (mln_image_fill_mode), fill_value for MLN_FILL_CONSTANT.
 * A point whose coordinates are not finite (k = 0) takes fill_value in every mode. */
mln_tensor* mln_image_affine(const mln_tensor* x, const mln_tensor* transforms, int interpolation,
                             int fill_mode, double fill_value);

/* ---- embedding and recurrent layers -------------------------------------------------------- */

/** Keras's Embedding lookup: out = table[idx] of shape idx.shape + (output_dim,) for a table
 * (input_dim, output_dim) and int32/int64 indices; an index outside [0, input_dim) is an
 * MLN_ERR_INDEX naming it (no negative indices). Its gradient is mln_scatter_add on axis 0. */
mln_tensor* mln_embedding(const mln_tensor* table, const mln_tensor* idx);

/* The cell a recurrent kernel runs (Keras's SimpleRNN, LSTM and GRU; gate order as Keras stores
 * its kernels: LSTM i, f, c, o; GRU z, r, h). */
enum mln_rnn_cell { MLN_RNN_SIMPLE = 0, MLN_RNN_LSTM = 1, MLN_RNN_GRU = 2 };
/* Activations a recurrent kernel applies natively; hard_sigmoid is clip(slope * x + 0.5, 0, 1)
 * with the slope passed to the call (Keras 3: 1/6, Keras 2: 0.2). */
enum mln_rnn_activation {
  MLN_RNN_ACT_LINEAR = 0,
  MLN_RNN_ACT_TANH = 1,
  MLN_RNN_ACT_SIGMOID = 2,
  MLN_RNN_ACT_HARD_SIGMOID = 3,
  MLN_RNN_ACT_RELU = 4
};
/* Flags of a recurrent call: read the input from its last step to its first (Keras's
 * go_backwards); GRU with the reset gate applied after the recurrent matmul (reset_after). */
#define MLN_RNN_GO_BACKWARDS 1
#define MLN_RNN_RESET_AFTER 2
/* How many tensors mln_rnn_forward takes: x (N, T, F), kernel (F, k*H), recurrent_kernel
 * (H, k*H), bias (k*H, or (2, k*H) for a GRU with reset_after; NULL for none), initial h (N, H)
 * or NULL for zeros, initial c (N, H; LSTM only) or NULL, recurrent dropout mask (N, H, already
 * scaled; it multiplies the previous state wherever the cell reads it, as Keras 3 does) or NULL,
 * step mask (N, T) in x's time order or NULL: where it is 0 the step is skipped as Keras's mask
 * skips it (h and c carry over, the step's output repeats the previous one). */
#define MLN_RNN_INPUTS 8

/** Runs a recurrent layer over a whole sequence: in[0..MLN_RNN_INPUTS) as described above, one
 * float dtype. Writes out[0] = the outputs of every step (N, T, H, in processing order), out[1] =
 * the last cell state (N, H; LSTM only, else NULL) and out[2] = a workspace for
 * mln_rnn_backward. Returns a status.
 * @tensors(in, MLN_RNN_INPUTS) @outs(out, 3) */
int mln_rnn_forward(int cell, int activation, int recurrent_activation, int flags,
                    double hard_sigmoid_slope, mln_tensor* const* in, mln_tensor** out);
/** Gradients of mln_rnn_forward: in[0..8) as given to it, in[8] = its out[0], in[9] = its
 * workspace, in[10] = dL/d out[0] or NULL (zeros), in[11] = dL/d out[1] or NULL. Writes grads[i],
 * the gradient of in[i] for i < 6 (NULL where in[i] was NULL). Returns a status.
 * @tensors(in, MLN_RNN_INPUTS + 4) @outs(grads, 6) */
int mln_rnn_backward(int cell, int activation, int recurrent_activation, int flags,
                     double hard_sigmoid_slope, mln_tensor* const* in, mln_tensor** grads);

/* ---- traced inference (plans over rows) ------------------------------------------------------ */

/* predict and evaluate replay a plan of the forward pass once per batch. Such a plan is ended with
 * mln_plan_end_rows: its outputs are whole tensors whose first dimension is the batch, and each run
 * reads its inputs from rows of the caller's tensors (as views, without copying) and copies its
 * outputs into rows of the caller's tensors, so a loop over the batches of one array allocates
 * nothing but the plan's intermediates, which the allocator's cache serves. */

/** Stops recording like mln_plan_end, but `outputs` are tensors of any shape (first dimension the
 * batch) that mln_plan_run_rows copies out; an output that is an input, or not computed by the
 * plan, marks it not replayable. Returns a status. */
int mln_plan_end_rows(mln_plan* plan, int noutputs, mln_tensor* const* outputs);
/** Replays a finished plan ended by mln_plan_end_rows: input i is rows [in_row, in_row + b_i) of
 * inputs[i] (b_i its recorded first dimension; dtype and other dimensions as recorded), and output
 * k is copied into rows [out_row, out_row + its recorded first dimension) of dst[k] (same dtype and
 * other dimensions). Nothing is written when an argument does not fit. Not reentrant: one run of a
 * plan at a time. Returns a status. */
int mln_plan_run_rows(mln_plan* plan, int ninputs, mln_tensor* const* inputs, int64_t in_row,
                      int noutputs, mln_tensor* const* dst, int64_t out_row);

/* ---- memory without scopes --------------------------------------------------------------------- */

/** Arms the collection mark: the first allocation that brings live bytes to `bytes` or more calls
 * the pressure callback with attempt -1 and disarms the mark (the callback's owner sets the next
 * one, after collecting). bytes <= 0 disarms it. */
void mln_alloc_set_collect_mark(int64_t bytes);
/** The armed collection mark in bytes, 0 when disarmed. */
int64_t mln_alloc_collect_mark(void);

/* ---- fused batch normalization (issue 12) ---------------------------------------------------- */

/** Batch normalization of a float32 x of rank >= 2 over every axis but the feature axis `axis`
 * (not 0; 1 is channels first, -1 channels last), by oneDNN's batch_normalization primitive:
 * y = (x - m) / sqrt(v + epsilon) * gamma + beta, gamma and beta optional (null: not applied),
 * each of shape [C]. With `training` m and v are the batch's mean and biased variance, written
 * with y to outs[0..3) (y, m, v); otherwise m = mean and v = var (required) and only outs[0] is
 * written. Returns a status.
 * @outs(outs, training ? 3 : 1) */
int mln_batch_norm(const mln_tensor* x, const mln_tensor* gamma, const mln_tensor* beta,
                   const mln_tensor* mean, const mln_tensor* var, int axis, double epsilon,
                   int training, mln_tensor** outs);
/** The gradients of mln_batch_norm given y's gradient gy, written to outs[0..3): x's, gamma's and
 * beta's (zeros for a gamma that is null or when has_beta is 0). mean and var are the statistics
 * the forward used (its outs[1], outs[2] in training, which the gradient of x differentiates
 * through; the fixed ones otherwise). Returns a status.
 * @outs(outs, 3) */
int mln_batch_norm_backward(const mln_tensor* x, const mln_tensor* gy, const mln_tensor* gamma,
                            const mln_tensor* mean, const mln_tensor* var, int axis,
                            double epsilon, int training, int has_beta, mln_tensor** outs);
/* ---- cuda engine ---- */
/** Why device kind `kind` has no usable device in this process, or "" when it has one. For CUDA
 * the first call loads libmyelin_cuda.so (beside libmyelin.so, or MYELIN_CUDA_LIBRARY) and names
 * what failed: the library not built or not loadable, no driver (cudaErrorInsufficientDriver),
 * no device. NULL and an error for an unknown kind. */
const char* mln_device_unavailable_reason(int kind);

/* ---- channels-first convolution (wave 7) ---- */

/* mln_conv, mln_conv_backward, mln_conv_transpose, mln_conv_transpose_backward, mln_pool and
 * mln_pool_backward on channels-first activations, as Keras's data_format="channels_first": x is
 * (N, C, spatial...) and the output (N, F, out...); kernels, geometry, groups, activations and
 * every other argument are exactly those of the channels-last functions. float32 runs oneDNN on
 * the plain ncw/nchw/ncdhw layout (the convolution primitives choose their own layout and reorder
 * inside the call through cached reorder primitives); float64 runs the same direct loops. */

/** mln_conv on channels-first x (N, C, in...) into (N, F, out...).
 * @in(geom, 4 * (rank(x) - 2)) */
mln_tensor* mln_conv_cf(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                        const int64_t* geom, int groups, int act);
/** mln_conv_backward for mln_conv_cf (gx has x's channels-first shape). Returns a status.
 * @in(geom, 4 * (rank(x) - 2)) */
int mln_conv_cf_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                         const mln_tensor* gy, const int64_t* geom, int groups, int act,
                         mln_tensor** gx, mln_tensor** gw, mln_tensor** gb);
/** mln_conv_transpose on channels-first x (N, C, in...) into (N, F, out_size...).
 * @in(out_size, rank(x) - 2) @in(geom, 4 * (rank(x) - 2)) */
mln_tensor* mln_conv_transpose_cf(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                                  const int64_t* out_size, const int64_t* geom, int act);
/** mln_conv_transpose_backward for mln_conv_transpose_cf. Returns a status.
 * @in(geom, 4 * (rank(x) - 2)) */
int mln_conv_transpose_cf_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                                   const mln_tensor* gy, const int64_t* geom, int act,
                                   mln_tensor** gx, mln_tensor** gw, mln_tensor** gb);
/** mln_pool on channels-first x (batch, channels, spatial...).
 * @in(pool strides pad_before pad_after, nspatial >= 1 && nspatial <= 3 ? nspatial : 0) */
mln_tensor* mln_pool_cf(const mln_tensor* x, int kind, int nspatial, const int64_t* pool,
                        const int64_t* strides, const int64_t* pad_before,
                        const int64_t* pad_after);
/** mln_pool_backward for mln_pool_cf.
 * @in(pool strides pad_before pad_after, nspatial >= 1 && nspatial <= 3 ? nspatial : 0) */
mln_tensor* mln_pool_cf_backward(const mln_tensor* x, const mln_tensor* gy, int kind,
                                 int nspatial, const int64_t* pool, const int64_t* strides,
                                 const int64_t* pad_before, const int64_t* pad_after);

/* ---- channels-first image resize (UpSampling2D without permutes) ---- */
/** mln_image_resize of a channels-first batch x [N, C, H, W] to [N, C, height, width], with the
 * same taps and numerics (each channel plane is resized on its own, in place of a permutation to
 * channels-last and back). */
mln_tensor* mln_image_resize_cf(const mln_tensor* x, int64_t height, int64_t width,
                                int interpolation);
/** Gradient of mln_image_resize_cf: gy [N, C, height, width] to [N, C, in_height, in_width]. */
mln_tensor* mln_image_resize_cf_backward(const mln_tensor* gy, int64_t in_height,
                                         int64_t in_width, int interpolation);

#ifdef __cplusplus
}
#endif

#endif /* MYELIN_MYELIN_H */
