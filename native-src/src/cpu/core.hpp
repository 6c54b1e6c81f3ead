// Internal definitions shared by the CPU kernels: tensor layout, errors, dtype dispatch, threads.
#pragma once

#include <myelin/myelin.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mln {

// ---- errors ------------------------------------------------------------------------------------

/** Thrown inside the core; the C API boundary turns it into a status and a message. */
struct Error : std::runtime_error {
  int status;
  Error(int s, const std::string& m) : std::runtime_error(m), status(s) {}
};

/** Builds a message from stream-able parts: fail(MLN_ERR_SHAPE, "matmul: ", a, " vs ", b). */
template <typename... Args>
[[noreturn]] void fail(int status, const Args&... parts) {
  std::ostringstream os;
  (os << ... << parts);
  throw Error(status, os.str());
}

void set_error(int status, const char* msg);

// Every C API function body runs inside MLN_TRY ... MLN_CATCH(fallback-return-value).
#define MLN_TRY try {
#define MLN_CATCH(ret)                                                     \
  }                                                                        \
  catch (const ::mln::Error& e) {                                          \
    ::mln::set_error(e.status, e.what());                                  \
    return ret;                                                            \
  }                                                                        \
  catch (const std::bad_alloc&) {                                          \
    ::mln::set_error(MLN_ERR_MEMORY, "out of memory");                     \
    return ret;                                                            \
  }                                                                        \
  catch (const std::exception& e) {                                        \
    ::mln::set_error(MLN_ERR_INTERNAL, e.what());                          \
    return ret;                                                            \
  }                                                                        \
  catch (...) {                                                            \
    ::mln::set_error(MLN_ERR_INTERNAL, "unknown C++ exception");           \
    return ret;                                                            \
  }

// ---- dtypes ------------------------------------------------------------------------------------

size_t itemsize(int dtype);
const char* dtype_name(int dtype);
void check_dtype(int dtype, const char* op);
bool is_float(int dtype);
/** The wider of two dtypes: bool < uint8 < int32 < int64 < float32 < float64. */
int promote(int a, int b);

template <typename T> struct DtypeOf;
template <> struct DtypeOf<float> { static constexpr int value = MLN_F32; };
template <> struct DtypeOf<double> { static constexpr int value = MLN_F64; };
template <> struct DtypeOf<int32_t> { static constexpr int value = MLN_I32; };
template <> struct DtypeOf<int64_t> { static constexpr int value = MLN_I64; };
template <> struct DtypeOf<uint8_t> { static constexpr int value = MLN_U8; };
template <> struct DtypeOf<bool> { static constexpr int value = MLN_BOOL; };

/** Calls fn with a value of the C++ type for dtype: dispatch(dt, [&](auto tag){ using T =
 * decltype(tag); ... }). bool is stored as one byte (C++ bool). */
template <typename Fn>
decltype(auto) dispatch(int dtype, Fn&& fn) {
  switch (dtype) {
    case MLN_F32: return fn(float{});
    case MLN_F64: return fn(double{});
    case MLN_I32: return fn(int32_t{});
    case MLN_I64: return fn(int64_t{});
    case MLN_U8: return fn(uint8_t{});
    case MLN_BOOL: return fn(bool{});
    default: fail(MLN_ERR_DTYPE, "unknown dtype code ", dtype);
  }
}

/** Like dispatch but only for float32/float64; other dtypes fail naming `op`. */
template <typename Fn>
decltype(auto) dispatch_float(int dtype, const char* op, Fn&& fn) {
  switch (dtype) {
    case MLN_F32: return fn(float{});
    case MLN_F64: return fn(double{});
    default: fail(MLN_ERR_DTYPE, op, ": expected a float32 or float64 tensor, got ", dtype_name(dtype));
  }
}

// ---- storage and tensors -----------------------------------------------------------------------

/** Reference-counted bytes: from the caching allocator, or foreign with a release callback. */
struct Storage {
  void* data = nullptr;
  size_t nbytes = 0;
  std::atomic<int64_t> refs{1};
  mln_release_fn release = nullptr;  // foreign memory only
  int64_t release_ctx = 0;
  bool foreign = false;
  // Wrapped memory its owner does not let us change (a Python bytes object, an Arrow buffer):
  // every view shares the flag through the storage, and in-place writers refuse it.
  bool readonly = false;
  int device_kind = MLN_DEVICE_CPU;  // mln_device_kind; memory from that engine's allocator
  int device_index = 0;
};

Storage* storage_new(size_t nbytes);
Storage* storage_wrap(void* data, size_t nbytes, mln_release_fn release, int64_t ctx);
void storage_retain(Storage* s);
void storage_release(Storage* s);
/** Gives a non-CPU storage's memory back to its device's engine (engine.cpp). */
void device_free(Storage* s);

// Caching allocator (allocator.cpp).
void* cached_alloc(size_t nbytes);
void cached_free(void* p, size_t nbytes);

using Shape = std::vector<int64_t>;

std::string shape_str(const Shape& s);

// ---- checked size arithmetic -------------------------------------------------------------------
// Every element count and byte size derived from caller-supplied numbers goes through these, so an
// overflowing shape is an error instead of a tiny buffer that kernels then write past.

/** The largest byte extent of a tensor: 2^56 bytes (64 PiB), the user address space of x86-64
 * with 5-level paging and beyond any arm64 configuration, so no machine can hold more. Keeping
 * every tensor below it also keeps all in-kernel index arithmetic (n + 3, 2 * n, n * itemsize)
 * far from int64 overflow. */
constexpr int64_t kMaxTensorBytes = int64_t(1) << 56;

/** a * b, or throws MLN_ERR_SHAPE "op: <what> overflows" (a, b >= 0). */
int64_t checked_mul(int64_t a, int64_t b, const char* op, const char* what);
/** a + b, or throws MLN_ERR_SHAPE "op: <what> overflows" (a, b >= 0). */
int64_t checked_add(int64_t a, int64_t b, const char* op, const char* what);
/** The element count of a shape; throws MLN_ERR_SHAPE naming op and the shape when the product
 * of its non-zero dimensions overflows int64 (like numpy, a zero dimension does not excuse the
 * others: every sub-product of a tensor's dims stays representable). */
int64_t shape_numel(const Shape& s, const char* op = "shape");
/** Bytes of a contiguous tensor of shape and dtype; throws MLN_ERR_SHAPE on an overflowing
 * element count and MLN_ERR_MEMORY (naming op, shape and bytes) above kMaxTensorBytes. */
size_t shape_nbytes(const Shape& s, int dtype, const char* op);

/** Id of the plan recording on this thread (0 when none); stamped on new tensors (plan.cpp). */
extern thread_local uint64_t t_plan_epoch;

}  // namespace mln

/** The C API's opaque tensor: contiguous row-major elements starting at storage->data + offset. */
struct mln_tensor {
  mln::Storage* storage = nullptr;
  int dtype = MLN_F32;
  int ndim = 0;
  int64_t shape[MLN_MAX_DIMS] = {0};
  size_t offset = 0;  // bytes
  std::atomic<int64_t> refs{1};
  uint64_t plan_epoch = mln::t_plan_epoch;  // the plan recording when it was made (plan.hpp)
};

namespace mln {

inline Shape shape_of(const mln_tensor* t) { return Shape(t->shape, t->shape + t->ndim); }
inline int64_t numel(const mln_tensor* t) {
  int64_t n = 1;
  for (int i = 0; i < t->ndim; ++i) n *= t->shape[i];
  return n;
}
template <typename T>
inline T* data_as(const mln_tensor* t) {
  return reinterpret_cast<T*>(static_cast<char*>(t->storage->data) + t->offset);
}

/** A new tensor with uninitialised contents (throws Error on bad shape / dtype / size, naming op). */
mln_tensor* new_tensor(int dtype, const Shape& shape, const char* op = "new tensor");
/** A new tensor over x's storage with another shape of the same element count. */
mln_tensor* new_view(const mln_tensor* x, const Shape& shape);
/** Owns one reference until moved out with release(); frees on exceptions. */
struct TensorRef {
  mln_tensor* t = nullptr;
  TensorRef() = default;
  explicit TensorRef(mln_tensor* p) : t(p) {}
  TensorRef(const TensorRef&) = delete;
  TensorRef& operator=(const TensorRef&) = delete;
  TensorRef(TensorRef&& o) noexcept : t(o.t) { o.t = nullptr; }
  TensorRef& operator=(TensorRef&& o) noexcept {
    if (this != &o) {
      reset();
      t = o.t;
      o.t = nullptr;
    }
    return *this;
  }
  ~TensorRef() { reset(); }
  void reset() {
    if (t) mln_release(t);
    t = nullptr;
  }
  mln_tensor* get() const { return t; }
  mln_tensor* operator->() const { return t; }
  mln_tensor* release() {
    mln_tensor* p = t;
    t = nullptr;
    return p;
  }
};

/** The failure of check_tensor: t is null or not on the cpu. */
[[noreturn]] void refuse_tensor(const mln_tensor* t, const char* op, const char* arg);
/** Throws MLN_ERR_ARGUMENT if t is null or on another device than the cpu (CPU kernels read host
 * memory), naming the op and argument. Inline: kernels check every argument of every replayed
 * call, so the passing case is two compares, not a call. */
inline void check_tensor(const mln_tensor* t, const char* op, const char* arg) {
  if (__builtin_expect(!t || t->storage->device_kind != MLN_DEVICE_CPU, 0))
    refuse_tensor(t, op, arg);
}
/** Throws MLN_ERR_ARGUMENT if t (not null) is read-only; for functions that write into t. */
void check_writable(const mln_tensor* t, const char* op, const std::string& arg);
/** Normalises a possibly negative axis against ndim, or throws naming op. */
int norm_axis(int axis, int ndim, const char* op);
/** numpy broadcast of two shapes, or throws MLN_ERR_SHAPE naming op. */
Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op);

// ---- threads -----------------------------------------------------------------------------------

/** Threads our kernels use (set by mln_set_num_threads). */
int num_threads();
/** Makes the calling thread's OpenMP default match num_threads() (before a oneDNN call). */
void sync_omp_threads();
/** Elements per thread below which a loop runs single-threaded. */
constexpr int64_t kParallelGrain = 32768;

// The serial paths below never enter OpenMP: even a parallel region whose `if` clause is false
// costs libgomp a team allocation and futex traffic (about 1 us), more than a small op itself.

/** Runs body(i) for i in [0, n), split over num_threads() threads when `parallel` is true. */
template <typename F>
inline void parallel_for(int64_t n, bool parallel, F&& body) {
  if (parallel) {
#pragma omp parallel for schedule(static) num_threads(num_threads())
    for (int64_t i = 0; i < n; ++i) body(i);
  } else {
    for (int64_t i = 0; i < n; ++i) body(i);
  }
}

/** Like parallel_for, for loop bodies that vectorise (the loop carries `omp simd`). */
template <typename F>
inline void parallel_simd_for(int64_t n, bool parallel, F&& body) {
  if (parallel) {
#pragma omp parallel for simd schedule(static) num_threads(num_threads())
    for (int64_t i = 0; i < n; ++i) body(i);
  } else {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) body(i);
  }
}

}  // namespace mln
