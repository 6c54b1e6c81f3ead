// The CUDA engine's kernels for the ops the core routes besides the elementwise ones: broadcasting
// helpers (numpy shapes, sums down to a broadcast operand's shape), the shape ops' strided copy,
// one-hot, categorical cross-entropy in the CPU engine's three modes (forward and backward), and
// the Dense layer's backward pass through cuBLAS (dX and dW as GEMMs, the bias gradient as a GEMM
// with a row of ones).
#include <cmath>
#include <string>
#include <type_traits>
#include <utility>

#include "cuda_kernels.hpp"

namespace mln::cuda {

// ---- broadcasting ----------------------------------------------------------------------------------

Shape broadcast_shape(const Shape& a, const Shape& b, const char* op) {
  const size_t nd = a.size() > b.size() ? a.size() : b.size();
  Shape out(nd, 1);
  for (size_t i = 0; i < nd; ++i) {
    const int64_t da = i < nd - a.size() ? 1 : a[i - (nd - a.size())];
    const int64_t db = i < nd - b.size() ? 1 : b[i - (nd - b.size())];
    if (da != db && da != 1 && db != 1)
      fail(MLN_ERR_SHAPE, op, ": shapes ", shape_str(a), " and ", shape_str(b),
           " do not broadcast (dimension ", i, ": ", da, " vs ", db, ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

namespace {

/** Strides of `s` read at out's indices: s right-aligned to out, 0 where s has size 1. */
void broadcast_strides(const Shape& out, const Shape& s, int64_t* st) {
  const size_t pad = out.size() - s.size();
  int64_t acc = 1;
  for (size_t i = out.size(); i-- > 0;) {
    const int64_t d = i < pad ? 1 : s[i - pad];
    st[i] = d == 1 ? 0 : acc;
    acc *= d;
  }
}

/** For sum_to_shape: the output's dimensions (with x's strides) and the summed ones. */
struct SumTo {
  int nk = 0, nr = 0;
  int64_t ksize[MLN_MAX_DIMS] = {0}, kstride[MLN_MAX_DIMS] = {0};
  int64_t rsize[MLN_MAX_DIMS] = {0}, rstride[MLN_MAX_DIMS] = {0};
  int64_t reduced = 1;
};

/** One thread per output element sums the elements of x that broadcast from it, in double. */
template <typename T>
__global__ void sum_to_kernel(const T* x, T* y, int64_t n, SumTo p) {
  for (int64_t o = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; o < n;
       o += int64_t(gridDim.x) * blockDim.x) {
    int64_t base = 0, rest = o;
    for (int d = p.nk - 1; d >= 0; --d) {
      base += (rest % p.ksize[d]) * p.kstride[d];
      rest /= p.ksize[d];
    }
    double acc = 0;
    for (int64_t r = 0; r < p.reduced; ++r) {
      int64_t off = base, rr = r;
      for (int d = p.nr - 1; d >= 0; --d) {
        off += (rr % p.rsize[d]) * p.rstride[d];
        rr /= p.rsize[d];
      }
      acc += double(x[off]);
    }
    y[o] = T(acc);
  }
}

}  // namespace

Broadcast broadcast_of(const Shape& out, const Shape& a, const Shape& b) {
  Broadcast bc;
  bc.nd = int(out.size());
  for (size_t i = 0; i < out.size(); ++i) bc.shape[i] = out[i];
  broadcast_strides(out, a, bc.sa);
  broadcast_strides(out, b, bc.sb);
  return bc;
}

TensorRef sum_to_shape(const mln_tensor* x, const Shape& shape, const char* op) {
  const Shape xs = shape_of(x);
  if (broadcast_shape(xs, shape, op) != xs)
    fail(MLN_ERR_SHAPE, op, ": cannot sum ", shape_str(xs), " down to ", shape_str(shape));
  TensorRef y = device_tensor(x->dtype, shape, x->storage->device_index, op);
  const int64_t n = numel(y.get());
  if (n == 0) return y;
  SumTo p;
  const size_t pad = xs.size() - shape.size();
  int64_t stride = 1;
  for (size_t i = xs.size(); i-- > 0;) {
    const int64_t d = i < pad ? 1 : shape[i - pad];
    if (d == xs[i]) {
      p.ksize[p.nk] = d;
      p.kstride[p.nk++] = stride;
    } else {
      p.rsize[p.nr] = xs[i];
      p.rstride[p.nr++] = stride;
      p.reduced *= xs[i];
    }
    stride *= xs[i];
  }
  // Collected from the last dimension: put both lists back in dimension order.
  for (int i = 0; i < p.nk / 2; ++i) {
    std::swap(p.ksize[i], p.ksize[p.nk - 1 - i]);
    std::swap(p.kstride[i], p.kstride[p.nk - 1 - i]);
  }
  for (int i = 0; i < p.nr / 2; ++i) {
    std::swap(p.rsize[i], p.rsize[p.nr - 1 - i]);
    std::swap(p.rstride[i], p.rstride[p.nr - 1 - i]);
  }
  float_dispatch(x->dtype, [&](auto tag) {
    using V = decltype(tag);
    sum_to_kernel<V><<<grid_for(n), kThreads, 0, stream_of(x)>>>(data_as<V>(x),
                                                                  data_as<V>(y.get()), n, p);
  });
  launched(op);
  return y;
}

// ---- shape ops: strided copies of any dtype ------------------------------------------------------

namespace {

struct Strided {
  int nd = 0;
  int64_t n[MLN_MAX_DIMS] = {0}, ds[MLN_MAX_DIMS] = {0}, ss[MLN_MAX_DIMS] = {0};
};

/** dst[sum i*ds] = src[sum i*ss] for every index i < n; E is an unsigned type of the element's
 * size (the copy moves bytes, whatever the dtype). */
template <typename E>
__global__ void strided_copy_kernel(E* dst, const E* src, int64_t total, Strided p) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < total;
       i += int64_t(gridDim.x) * blockDim.x) {
    int64_t rest = i, od = 0, os = 0;
    for (int d = p.nd - 1; d >= 0; --d) {
      const int64_t q = rest % p.n[d];
      rest /= p.n[d];
      od += q * p.ds[d];
      os += q * p.ss[d];
    }
    dst[od] = src[os];
  }
}

template <typename T, typename I>
__global__ void one_hot_kernel(const I* idx, T* out, int64_t n, int64_t depth, T on, T off) {
  for (int64_t q = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; q < n * depth;
       q += int64_t(gridDim.x) * blockDim.x) {
    const int64_t v = int64_t(idx[q / depth]);
    out[q] = v == q % depth ? on : off;  // an index outside [0, depth) matches no column
  }
}

template <typename T>
__global__ void fill_kernel(T* y, int64_t n, T v) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x)
    y[i] = v;
}

/** g = gy * act'(y) for act 0, MLN_RELU, MLN_TANH, MLN_SIGMOID (the CPU engine's act_grad). */
template <typename T>
__global__ void act_grad_kernel(const T* y, const T* gy, T* g, int64_t n, int act) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    switch (act) {
      case MLN_RELU: g[i] = y[i] > T(0) ? gy[i] : T(0); break;
      case MLN_TANH: g[i] = gy[i] * (T(1) - y[i] * y[i]); break;
      case MLN_SIGMOID: g[i] = gy[i] * y[i] * (T(1) - y[i]); break;
      default: g[i] = gy[i];
    }
  }
}

// ---- categorical cross-entropy: one block per row, the CPU engine's formulas (fused.cpp) ----------

/** One row's quantities: for PROBS s = sum x; otherwise m = max x, s = sum exp(x - m), lse. */
struct CceRow {
  double s = 0, lse = 0;
};

/** The probability Keras's formula clips, the log of it (clipped), and whether it was in range. */
template <typename T>
__device__ void cce_prob(const CceRow& row, T xk, int mode, double lo, double hi, double& q,
                         double& logq, bool& in) {
  q = mode == MLN_CCE_PROBS ? double(T(double(xk) / row.s)) : exp(double(xk) - row.lse);
  in = q >= lo && q <= hi;
  if (mode == MLN_CCE_LOGITS) logq = double(xk) - row.lse;
  else if (in) logq = mode == MLN_CCE_SOFTMAX ? double(xk) - row.lse : log(q);
  else logq = log(q < lo ? lo : hi);
}

template <typename T>
__device__ CceRow cce_row(const T* xr, int64_t c, int mode, double* shared) {
  CceRow row;
  if (mode == MLN_CCE_PROBS) {
    double s = 0;
    for (int64_t j = threadIdx.x; j < c; j += blockDim.x) s += double(xr[j]);
    row.s = block_sum(s, shared);
    return row;
  }
  double m = -INFINITY;
  for (int64_t j = threadIdx.x; j < c; j += blockDim.x) m = fmax(m, double(xr[j]));
  m = block_max(m, shared);
  double s = 0;
  for (int64_t j = threadIdx.x; j < c; j += blockDim.x) s += exp(double(xr[j]) - m);
  row.s = block_sum(s, shared);
  row.lse = m + log(row.s);
  return row;
}

/** Forward (loss set) or backward (gy given; gt and/or gx set) of one row per block. */
template <typename T>
__global__ void cce_kernel(const T* t, const T* x, const T* gy, T* loss, T* gt, T* gx, int64_t c,
                           int mode, double lo, double hi) {
  __shared__ double shared[kThreads];
  const int64_t r = blockIdx.x;
  const T* xr = x + r * c;
  const T* tr = t + r * c;
  const CceRow row = cce_row(xr, c, mode, shared);
  const double g = gy ? double(gy[r]) : 0.0;
  double acc = 0, tin = 0, gqq = 0;
  for (int64_t k = threadIdx.x; k < c; k += blockDim.x) {
    double q, logq;
    bool in;
    cce_prob(row, xr[k], mode, lo, hi, q, logq, in);
    acc -= double(tr[k]) * logq;
    if (gt) gt[r * c + k] = T(-g * logq);
    if (mode == MLN_CCE_LOGITS || in) {
      tin += double(tr[k]);
      if (mode == MLN_CCE_PROBS) gqq += -g * double(tr[k]);
    }
  }
  acc = block_sum(acc, shared);
  if (loss && threadIdx.x == 0) loss[r] = T(acc);
  if (!gx) return;
  tin = block_sum(tin, shared);
  gqq = block_sum(gqq, shared);
  for (int64_t k = threadIdx.x; k < c; k += blockDim.x) {
    double q, logq;
    bool in;
    cce_prob(row, xr[k], mode, lo, hi, q, logq, in);
    const bool pass = mode == MLN_CCE_LOGITS || in;
    if (mode == MLN_CCE_PROBS) {
      const double gq = pass ? -g * double(tr[k]) / q : 0.0;
      gx[r * c + k] = T((gq - gqq) / row.s);
    } else {
      gx[r * c + k] = T(g * (q * tin - (pass ? double(tr[k]) : 0.0)));
    }
  }
}

/** Checks t and x of a cross-entropy (one device, shape, float dtype, rank >= 1, a known mode). */
void check_cce(const mln_tensor* t, const mln_tensor* x, int mode, const char* op) {
  device_of(x, op, "x");
  device_of(t, op, "t");
  same_device(x, t, op);
  check_float(x, op, "x");
  if (mode != MLN_CCE_PROBS && mode != MLN_CCE_LOGITS && mode != MLN_CCE_SOFTMAX)
    fail(MLN_ERR_ARGUMENT, op, ": mode ", mode,
         " is not one of MLN_CCE_PROBS (0), MLN_CCE_LOGITS (1), MLN_CCE_SOFTMAX (2)");
  if (x->ndim < 1 || shape_of(t) != shape_of(x) || t->dtype != x->dtype)
    fail(MLN_ERR_SHAPE, op, ": t and x must have one shape (rank >= 1) and dtype, got ",
         shape_str(shape_of(t)), " ", dtype_name(t->dtype), " and ", shape_str(shape_of(x)), " ",
         dtype_name(x->dtype));
}

/** Runs the cross-entropy kernel over x's rows (rows of 0 classes give 0 and no gradient). */
void run_cce(const mln_tensor* t, const mln_tensor* x, const mln_tensor* gy, double eps, int mode,
             mln_tensor* loss, mln_tensor* gt, mln_tensor* gx, const char* op) {
  const int64_t c = x->shape[x->ndim - 1];
  const int64_t rows = c == 0 ? 0 : numel(x) / c;
  Shape os(x->shape, x->shape + x->ndim - 1);
  if (c == 0 && loss && shape_numel(os) > 0)
    check(cudaMemsetAsync(data_as<char>(loss), 0, size_t(shape_numel(os)) * itemsize(x->dtype),
                          stream_of(x)),
          op);
  if (rows == 0) return;
  if (rows > INT32_MAX) fail(MLN_ERR_SHAPE, op, ": more than 2^31 - 1 rows");
  float_dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    const double lo = double(T(eps)), hi = double(T(1.0 - eps));
    cce_kernel<T><<<unsigned(rows), kThreads, 0, stream_of(x)>>>(
        data_as<T>(t), data_as<T>(x), gy ? data_as<T>(gy) : nullptr,
        loss ? data_as<T>(loss) : nullptr, gt ? data_as<T>(gt) : nullptr,
        gx ? data_as<T>(gx) : nullptr, c, mode, lo, hi);
  });
  launched(op);
}

/** v converted as the CPU engine stores a double into dtype T (bool: v != 0). */
template <typename T>
T stored(double v) {
  if constexpr (std::is_same_v<T, bool>) return v != 0;
  else return T(v);
}

}  // namespace

// ---- DeviceKernels --------------------------------------------------------------------------------

void CudaKernels::strided_copy(int index, void* dst, const void* src, size_t esz, int ndim,
                               const int64_t* n, const int64_t* ds, const int64_t* ss) {
  const char* op = "strided_copy";
  if (ndim < 0 || ndim > MLN_MAX_DIMS)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'ndim' expected 0..", MLN_MAX_DIMS, " but was ", ndim);
  Strided p;
  p.nd = ndim;
  int64_t total = 1;
  for (int i = 0; i < ndim; ++i) {
    p.n[i] = n[i];
    p.ds[i] = ds[i];
    p.ss[i] = ss[i];
    total *= n[i];
  }
  if (total <= 0) return;
  DeviceState& d = device_state(index);
  check(cudaSetDevice(index), "strided_copy: cudaSetDevice");
  const unsigned grid = grid_for(total);
  switch (esz) {
    case 1: strided_copy_kernel<<<grid, kThreads, 0, d.stream>>>(
                static_cast<uint8_t*>(dst), static_cast<const uint8_t*>(src), total, p); break;
    case 2: strided_copy_kernel<<<grid, kThreads, 0, d.stream>>>(
                static_cast<uint16_t*>(dst), static_cast<const uint16_t*>(src), total, p); break;
    case 4: strided_copy_kernel<<<grid, kThreads, 0, d.stream>>>(
                static_cast<uint32_t*>(dst), static_cast<const uint32_t*>(src), total, p); break;
    case 8: strided_copy_kernel<<<grid, kThreads, 0, d.stream>>>(
                static_cast<uint64_t*>(dst), static_cast<const uint64_t*>(src), total, p); break;
    default:
      fail(MLN_ERR_ARGUMENT, op, ": argument 'esz' expected 1, 2, 4 or 8 but was ", esz);
  }
  launched(op);
}

void CudaKernels::zero(int index, void* dst, size_t nbytes) {
  if (nbytes == 0) return;
  DeviceState& d = device_state(index);
  check(cudaSetDevice(index), "zero: cudaSetDevice");
  check(cudaMemsetAsync(dst, 0, nbytes, d.stream), "zero: cudaMemsetAsync");
}

mln_tensor* CudaKernels::one_hot(const mln_tensor* idx, int64_t depth, int dtype, double on,
                                 double off) {
  const char* op = "one_hot";
  const int dev = device_of(idx, op, "idx");
  if (idx->dtype != MLN_I32 && idx->dtype != MLN_I64)
    fail(MLN_ERR_DTYPE, op, ": argument 'idx' expected int32 or int64 but was ",
         dtype_name(idx->dtype));
  check_dtype(dtype, op);
  if (depth < 0) fail(MLN_ERR_ARGUMENT, op, ": depth = ", depth, " is negative");
  Shape os = shape_of(idx);
  os.push_back(depth);
  TensorRef out = device_tensor(dtype, os, dev, op);
  const int64_t n = numel(idx);
  if (n == 0 || depth == 0) return out.release();
  auto run = [&](auto vtag) {
    using V = decltype(vtag);
    const V von = stored<V>(on), voff = stored<V>(off);
    const unsigned grid = grid_for(n * depth);
    if (idx->dtype == MLN_I32)
      one_hot_kernel<V, int32_t><<<grid, kThreads, 0, stream_of(idx)>>>(
          data_as<int32_t>(idx), data_as<V>(out.get()), n, depth, von, voff);
    else
      one_hot_kernel<V, int64_t><<<grid, kThreads, 0, stream_of(idx)>>>(
          data_as<int64_t>(idx), data_as<V>(out.get()), n, depth, von, voff);
  };
  switch (dtype) {
    case MLN_F32: run(float{}); break;
    case MLN_F64: run(double{}); break;
    case MLN_I32: run(int32_t{}); break;
    case MLN_I64: run(int64_t{}); break;
    case MLN_U8: run(uint8_t{}); break;
    default: run(bool{});
  }
  launched(op);
  return out.release();
}

mln_tensor* CudaKernels::categorical_crossentropy(const mln_tensor* t, const mln_tensor* x,
                                                  double eps, int mode) {
  const char* op = "categorical_crossentropy";
  check_cce(t, x, mode, op);
  TensorRef out = device_tensor(x->dtype, Shape(x->shape, x->shape + x->ndim - 1),
                                x->storage->device_index, op);
  run_cce(t, x, nullptr, eps, mode, out.get(), nullptr, nullptr, op);
  return out.release();
}

void CudaKernels::categorical_crossentropy_backward(const mln_tensor* t, const mln_tensor* x,
                                                    const mln_tensor* gy, double eps, int mode,
                                                    mln_tensor** gt, mln_tensor** gx) {
  const char* op = "categorical_crossentropy_backward";
  check_cce(t, x, mode, op);
  device_of(gy, op, "gy");
  same_device(x, gy, op);
  const Shape os(x->shape, x->shape + x->ndim - 1);
  if (shape_of(gy) != os || gy->dtype != x->dtype)
    fail(MLN_ERR_SHAPE, op, ": gy must have shape ", shape_str(os), " and x's dtype, got ",
         shape_str(shape_of(gy)), " ", dtype_name(gy->dtype));
  const int dev = x->storage->device_index;
  TensorRef rt, rx;
  if (gt) rt = device_tensor(x->dtype, shape_of(x), dev, op);
  if (gx) rx = device_tensor(x->dtype, shape_of(x), dev, op);
  run_cce(t, x, gy, eps, mode, nullptr, rt.get(), rx.get(), op);
  if (gt) *gt = rt.release();
  if (gx) *gx = rx.release();
}

void CudaKernels::dense_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                                 const mln_tensor* gy, int act, mln_tensor** gx, mln_tensor** gw,
                                 mln_tensor** gb) {
  const char* op = "dense_backward";
  const int dev = device_of(x, op, "x");
  device_of(w, op, "w");
  device_of(gy, op, "gy");
  same_device(x, w, op);
  same_device(x, gy, op);
  check_float(x, op, "x");
  same_dtype(x, w, op);
  same_dtype(x, gy, op);
  if (act != 0 && act != MLN_RELU && act != MLN_TANH && act != MLN_SIGMOID)
    fail(MLN_ERR_ARGUMENT, op,
         ": argument 'act' expected 0, MLN_RELU, MLN_TANH or MLN_SIGMOID but was ", act);
  if (w->ndim != 2 || x->ndim < 1 || x->shape[x->ndim - 1] != w->shape[0])
    fail(MLN_ERR_SHAPE, op, ": expected x (..., K) and w (K, N) but got ", shape_str(shape_of(x)),
         " and ", shape_str(shape_of(w)));
  const int64_t k = w->shape[0], n = w->shape[1];
  int64_t rows = 1;
  for (int i = 0; i + 1 < x->ndim; ++i) rows *= x->shape[i];
  Shape ys = shape_of(x);
  ys.back() = n;
  if (shape_of(gy) != ys)
    fail(MLN_ERR_SHAPE, op, ": argument 'gy' expected shape ", shape_str(ys), " but was ",
         shape_str(shape_of(gy)));
  if (act != 0) {
    device_of(y, op, "y");
    same_device(x, y, op);
    same_dtype(x, y, op);
    if (shape_of(y) != ys)
      fail(MLN_ERR_SHAPE, op, ": argument 'y' expected shape ", shape_str(ys), " but was ",
           shape_str(shape_of(y)));
  }
  // g = gy * act'(y) as (rows, N); then dX = g w^T, dW = x^T g and db = ones(1, rows) g, all GEMMs.
  TensorRef g = device_tensor(x->dtype, Shape{rows, n}, dev, op);
  const int64_t ng = rows * n;
  if (ng > 0) {
    float_dispatch(x->dtype, [&](auto tag) {
      using T = decltype(tag);
      act_grad_kernel<T><<<grid_for(ng), kThreads, 0, stream_of(x)>>>(
          act != 0 ? data_as<T>(y) : data_as<T>(gy), data_as<T>(gy), data_as<T>(g.get()), ng,
          act);
    });
    launched(op);
  }
  TensorRef rx, rw, rb;
  if (gx) {
    TensorRef p(matmul(g.get(), w, 0, 1));  // (rows, K)
    rx = TensorRef(new_view(p.get(), shape_of(x)));
  }
  if (gw) {
    TensorRef x2(new_view(x, Shape{rows, k}));
    rw = TensorRef(matmul(x2.get(), g.get(), 1, 0));  // (K, N)
  }
  if (gb) {
    TensorRef ones = device_tensor(x->dtype, Shape{1, rows}, dev, op);
    if (rows > 0) {
      float_dispatch(x->dtype, [&](auto tag) {
        using T = decltype(tag);
        fill_kernel<T><<<grid_for(rows), kThreads, 0, stream_of(x)>>>(data_as<T>(ones.get()),
                                                                      rows, T(1));
      });
      launched(op);
    }
    TensorRef p(matmul(ones.get(), g.get(), 0, 0));  // (1, N); zeros when rows = 0
    rb = TensorRef(new_view(p.get(), Shape{n}));
  }
  if (gx) *gx = rx.release();
  if (gw) *gw = rw.release();
  if (gb) *gb = rb.release();
}

}  // namespace mln::cuda
