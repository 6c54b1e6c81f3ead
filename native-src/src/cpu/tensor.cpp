// Tensor lifecycle, errors, dtypes and the shape helpers every kernel uses.
#include <omp.h>

#include <cstdlib>

#include "core.hpp"
#include "ops.hpp"
#include "plan.hpp"

namespace mln {
namespace {
thread_local int t_status = MLN_OK;
thread_local std::string t_message;
}  // namespace

void set_error(int status, const char* msg) {
  t_status = status;
  t_message = msg ? msg : "";
}

size_t itemsize(int dtype) {
  switch (dtype) {
    case MLN_F32: return 4;
    case MLN_F64: return 8;
    case MLN_I32: return 4;
    case MLN_I64: return 8;
    case MLN_U8: return 1;
    case MLN_BOOL: return 1;
    default: fail(MLN_ERR_DTYPE, "unknown dtype code ", dtype);
  }
}

const char* dtype_name(int dtype) {
  switch (dtype) {
    case MLN_F32: return "float32";
    case MLN_F64: return "float64";
    case MLN_I32: return "int32";
    case MLN_I64: return "int64";
    case MLN_U8: return "uint8";
    case MLN_BOOL: return "bool";
    default: return "unknown";
  }
}

void check_dtype(int dtype, const char* op) {
  if (dtype < MLN_F32 || dtype > MLN_BOOL) fail(MLN_ERR_DTYPE, op, ": unknown dtype code ", dtype);
}

bool is_float(int dtype) { return dtype == MLN_F32 || dtype == MLN_F64; }

int promote(int a, int b) {
  static const int rank[] = {4, 5, 2, 3, 1, 0};  // indexed by dtype code
  static const int by_rank[] = {MLN_BOOL, MLN_U8, MLN_I32, MLN_I64, MLN_F32, MLN_F64};
  check_dtype(a, "promote");
  check_dtype(b, "promote");
  return by_rank[std::max(rank[a], rank[b])];
}

std::string shape_str(const Shape& s) {
  std::string out = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) out += ", ";
    out += std::to_string(s[i]);
  }
  if (s.size() == 1) out += ",";
  return out + ")";
}

namespace {
[[noreturn]] void overflow(const char* op, const char* what, int64_t a, const char* sign,
                           int64_t b) {
  fail(MLN_ERR_SHAPE, op, ": ", what, " overflows: ", a, sign, b, " is more than ", INT64_MAX);
}
}  // namespace

int64_t checked_mul(int64_t a, int64_t b, const char* op, const char* what) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) overflow(op, what, a, " * ", b);
  return r;
}

int64_t checked_add(int64_t a, int64_t b, const char* op, const char* what) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) overflow(op, what, a, " + ", b);
  return r;
}

namespace {
[[noreturn]] void too_many_elements(const Shape& s, const char* op) {
  fail(MLN_ERR_SHAPE, op, ": shape ", shape_str(s), " has more than ", INT64_MAX,
       " elements (the product of its dimensions overflows int64)");
}

/** Product of the non-zero dims (the extent numpy bounds), throwing naming op when it overflows;
 * `empty` tells whether some dim is 0. One pass: every tensor a kernel makes comes through here. */
inline int64_t nonzero_extent(const Shape& s, const char* op, bool& empty) {
  int64_t n = 1;
  empty = false;
  for (auto d : s) {
    if (d == 0)
      empty = true;
    else if (__builtin_mul_overflow(n, d, &n))
      too_many_elements(s, op);
  }
  return n;
}
}  // namespace

int64_t shape_numel(const Shape& s, const char* op) {
  bool empty;
  const int64_t extent = nonzero_extent(s, op, empty);
  return empty ? 0 : extent;
}

size_t shape_nbytes(const Shape& s, int dtype, const char* op) {
  bool empty;
  const int64_t extent = nonzero_extent(s, op, empty), isz = int64_t(itemsize(dtype));
  // No dtype is wider than 8 bytes: below kMaxTensorBytes / 8 no division is needed.
  if (extent > kMaxTensorBytes / 8 && extent > kMaxTensorBytes / isz)
    fail(MLN_ERR_MEMORY, op, ": shape ", shape_str(s), " of ", dtype_name(dtype), " needs ",
         static_cast<unsigned __int128>(extent) * unsigned(isz) > INT64_MAX
             ? std::string("more than 2^63")
             : std::to_string(extent * isz),
         " bytes, more than the ", kMaxTensorBytes, " bytes (2^56) any machine can address");
  return empty ? 0 : size_t(extent * isz);
}

Storage* storage_new(size_t nbytes) {
  auto* s = new Storage();
  try {
    s->data = cached_alloc(nbytes);
  } catch (...) {
    delete s;
    throw;
  }
  s->nbytes = nbytes;
  return s;
}

Storage* storage_wrap(void* data, size_t nbytes, mln_release_fn release, int64_t ctx) {
  auto* s = new Storage();
  s->data = data;
  s->nbytes = nbytes;
  s->release = release;
  s->release_ctx = ctx;
  s->foreign = true;
  return s;
}

void storage_retain(Storage* s) { s->refs.fetch_add(1, std::memory_order_relaxed); }

void storage_release(Storage* s) {
  if (s->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  if (s->foreign) {
    if (s->release) s->release(s->release_ctx);
  } else if (s->device_kind == MLN_DEVICE_CPU) {
    cached_free(s->data, s->nbytes);
  } else {
    device_free(s);
  }
  delete s;
}

static void check_shape(int ndim, const int64_t* shape, const char* op) {
  if (ndim < 0 || ndim > MLN_MAX_DIMS)
    fail(MLN_ERR_SHAPE, op, ": ndim must be in [0, ", MLN_MAX_DIMS, "], got ", ndim);
  if (ndim > 0 && !shape) fail(MLN_ERR_ARGUMENT, op, ": shape is null");
  for (int i = 0; i < ndim; ++i)
    if (shape[i] < 0)
      fail(MLN_ERR_SHAPE, op, ": dimension ", i, " must be >= 0, got ", shape[i]);
}

mln_tensor* new_tensor(int dtype, const Shape& shape, const char* op) {
  check_dtype(dtype, op);
  check_shape(int(shape.size()), shape.data(), op);
  const size_t bytes = shape_nbytes(shape, dtype, op);
  Storage* s;
  try {
    s = storage_new(bytes);
  } catch (const Error& e) {
    if (e.status != MLN_ERR_MEMORY) throw;
    fail(MLN_ERR_MEMORY, op, ": shape ", shape_str(shape), " of ", dtype_name(dtype), " (", bytes,
         " bytes): ", e.what());
  } catch (const std::bad_alloc&) {
    fail(MLN_ERR_MEMORY, op, ": shape ", shape_str(shape), " of ", dtype_name(dtype), " (", bytes,
         " bytes): out of memory");
  }
  auto* t = new mln_tensor();
  t->storage = s;
  t->dtype = dtype;
  t->ndim = int(shape.size());
  for (int i = 0; i < t->ndim; ++i) t->shape[i] = shape[i];
  return t;
}

mln_tensor* new_view(const mln_tensor* x, const Shape& shape) {
  check_shape(int(shape.size()), shape.data(), "view");
  if (shape_numel(shape, "view") != numel(x))
    fail(MLN_ERR_SHAPE, "view: shape ", shape_str(shape), " does not have the ", numel(x),
         " elements of ", shape_str(shape_of(x)));
  auto* t = new mln_tensor();
  storage_retain(x->storage);
  t->storage = x->storage;
  t->dtype = x->dtype;
  t->offset = x->offset;
  t->ndim = int(shape.size());
  for (int i = 0; i < t->ndim; ++i) t->shape[i] = shape[i];
  return t;
}

void check_writable(const mln_tensor* t, const char* op, const std::string& arg) {
  if (t->storage->readonly)
    fail(MLN_ERR_ARGUMENT, op, ": argument '", arg,
         "' is read-only (wraps memory its owner does not allow writing; copy it first)");
}

void refuse_tensor(const mln_tensor* t, const char* op, const char* arg) {
  if (!t) fail(MLN_ERR_ARGUMENT, op, ": argument '", arg, "' is null");
  fail(MLN_ERR_ARGUMENT, op, ": argument '", arg, "' expected on the cpu but was on ",
       mln_device_kind_name(t->storage->device_kind), ":", t->storage->device_index,
       " (this op has no kernel there; move it with to(Device.CPU))");
}

int norm_axis(int axis, int ndim, const char* op) {
  int a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim)
    fail(MLN_ERR_ARGUMENT, op, ": axis ", axis, " is out of range for a tensor of rank ", ndim);
  return a;
}

Shape broadcast_shapes(const Shape& a, const Shape& b, const char* op) {
  size_t n = std::max(a.size(), b.size());
  Shape out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    if (da != db && da != 1 && db != 1)
      fail(MLN_ERR_SHAPE, op, ": shapes ", shape_str(a), " and ", shape_str(b),
           " cannot be broadcast together");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

namespace {
std::atomic<int> g_threads{0};
int default_threads() {
  static const int n = omp_get_max_threads();
  return n;
}
}  // namespace

int num_threads() {
  int n = g_threads.load(std::memory_order_relaxed);
  return n > 0 ? n : default_threads();
}

void sync_omp_threads() {
  thread_local int applied = -1;
  int n = num_threads();
  if (applied != n) {
    omp_set_num_threads(n);
    applied = n;
  }
}

}  // namespace mln

using namespace mln;

extern "C" {

int mln_last_status(void) { return t_status; }
const char* mln_last_error(void) { return t_message.c_str(); }
void mln_clear_error(void) {
  t_status = MLN_OK;
  t_message.clear();
}

const char* mln_version(void) { return MYELIN_VERSION; }

int mln_get_num_threads(void) { return num_threads(); }
void mln_set_num_threads(int n) { g_threads.store(n > 0 ? n : 0); }

mln_tensor* mln_empty(int dtype, int ndim, const int64_t* shape) {
  MLN_TRY
  check_shape(ndim, shape, "empty");
  return new_tensor(dtype, Shape(shape, shape + ndim), "empty");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_full(int dtype, int ndim, const int64_t* shape, double value) {
  MLN_TRY
  check_shape(ndim, shape, "full");
  TensorRef t(new_tensor(dtype, Shape(shape, shape + ndim), "full"));
  int64_t n = numel(t.get());
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    T v = from_double<T>(value);
    T* p = data_as<T>(t.get());
    parallel_for(n, n > kParallelGrain && num_threads() > 1, [&](int64_t i) { p[i] = v; });
  });
  return t.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_from_data(int dtype, int ndim, const int64_t* shape, const void* data,
                          int64_t nbytes) {
  MLN_TRY
  check_shape(ndim, shape, "from_data");
  TensorRef t(new_tensor(dtype, Shape(shape, shape + ndim), "from_data"));
  int64_t want = numel(t.get()) * int64_t(itemsize(dtype));
  if (nbytes != want)
    fail(MLN_ERR_SHAPE, "from_data: shape ", shape_str(shape_of(t.get())), " of ", dtype_name(dtype),
         " needs ", want, " bytes, got ", nbytes);
  if (want > 0 && !data) fail(MLN_ERR_ARGUMENT, "from_data: data is null");
  if (want > 0) std::memcpy(data_as<char>(t.get()), data, size_t(want));
  return t.release();
  MLN_CATCH(nullptr)
}

static mln_tensor* wrap(int dtype, int ndim, const int64_t* shape, void* data, mln_release_fn release,
                        int64_t ctx, bool readonly, const char* op) {
  check_dtype(dtype, op);
  check_shape(ndim, shape, op);
  const size_t nbytes = shape_nbytes(Shape(shape, shape + ndim), dtype, op);
  if (nbytes > 0 && !data) fail(MLN_ERR_ARGUMENT, op, ": data is null");
  if (reinterpret_cast<uintptr_t>(data) % itemsize(dtype) != 0)
    fail(MLN_ERR_ARGUMENT, op, ": address ", data, " is not aligned to ", itemsize(dtype),
         " bytes for ", dtype_name(dtype));
  auto* t = new mln_tensor();
  t->storage = storage_wrap(data, nbytes, release, ctx);
  t->storage->readonly = readonly;
  t->dtype = dtype;
  t->ndim = ndim;
  for (int i = 0; i < ndim; ++i) t->shape[i] = shape[i];
  return t;
}

mln_tensor* mln_wrap(int dtype, int ndim, const int64_t* shape, void* data, mln_release_fn release,
                     int64_t ctx) {
  MLN_TRY
  return wrap(dtype, ndim, shape, data, release, ctx, false, "wrap");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_wrap_readonly(int dtype, int ndim, const int64_t* shape, const void* data,
                              mln_release_fn release, int64_t ctx) {
  MLN_TRY
  // The const is dropped only to share Storage; check_writable keeps every writer out.
  return wrap(dtype, ndim, shape, const_cast<void*>(data), release, ctx, true, "wrap_readonly");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_retain(mln_tensor* t) {
  if (t) t->refs.fetch_add(1, std::memory_order_relaxed);
  return t;
}

void mln_release(mln_tensor* t) {
  if (!t) return;
  if (t->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  storage_release(t->storage);
  delete t;
}

int mln_dtype(const mln_tensor* t) { return t ? t->dtype : -1; }
int mln_ndim(const mln_tensor* t) { return t ? t->ndim : -1; }

int64_t mln_dim(const mln_tensor* t, int i) {
  MLN_TRY
  check_tensor(t, "dim", "t");
  return t->shape[norm_axis(i, t->ndim, "dim")];
  MLN_CATCH(-1)
}

void mln_shape(const mln_tensor* t, int64_t* out) {
  if (!t || !out) return;
  for (int i = 0; i < t->ndim; ++i) out[i] = t->shape[i];
}

int64_t mln_numel(const mln_tensor* t) { return t ? numel(t) : -1; }
int64_t mln_nbytes(const mln_tensor* t) { return t ? numel(t) * int64_t(itemsize(t->dtype)) : -1; }
void* mln_data(const mln_tensor* t) {
  // Device memory is not addressable from the host: no pointer rather than a crash on reading it.
  return t && t->storage->device_kind == MLN_DEVICE_CPU ? data_as<char>(t) : nullptr;
}
int64_t mln_storage_refs(const mln_tensor* t) { return t ? t->storage->refs.load() : -1; }
int mln_is_readonly(const mln_tensor* t) { return t ? int(t->storage->readonly) : -1; }

mln_tensor* mln_reshape(const mln_tensor* x, int ndim, const int64_t* shape) {
  MLN_TRY
  // A view reads no element: it serves tensors of every device.
  if (!x) fail(MLN_ERR_ARGUMENT, "reshape: argument 'x' is null");
  check_shape(ndim, shape, "reshape");
  Shape s(shape, shape + ndim);
  if (shape_numel(s, "reshape") != numel(x))
    fail(MLN_ERR_SHAPE, "reshape: cannot reshape ", shape_str(shape_of(x)), " (", numel(x),
         " elements) to ", shape_str(s), " (", shape_numel(s), " elements)");
  return new_view(x, s);
  MLN_CATCH(nullptr)
}

mln_tensor* mln_copy(const mln_tensor* x) {
  MLN_TRY
  check_tensor(x, "copy", "x");
  TensorRef t(new_tensor(x->dtype, shape_of(x)));
  size_t bytes = size_t(numel(x)) * itemsize(x->dtype);
  if (bytes) std::memcpy(data_as<char>(t.get()), data_as<char>(x), bytes);
  return t.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
