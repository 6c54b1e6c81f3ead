// The CUDA engine's kernels: matmul through cuBLAS, elementwise ops and their gradients,
// reductions and softmax over the last axis, the softmax cross-entropy, Philox random numbers
// (the CPU engine's counter layout, so the same seed gives the same numbers) and the fused
// SGD/Adam updates. Every kernel runs on its device's stream; results are complete when read
// back (the copies synchronise that stream).
#include <cmath>
#include <string>

#include "cuda_kernels.hpp"
#include "myelin_cuda.h"

namespace mln::cuda {

// ---- tensors on a device ------------------------------------------------------------------------

TensorRef device_tensor(int dtype, const Shape& shape, int index, const char* op) {
  if (shape.size() > size_t(MLN_MAX_DIMS))
    fail(MLN_ERR_ARGUMENT, op, ": rank ", shape.size(), " exceeds ", MLN_MAX_DIMS);
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) fail(MLN_ERR_ARGUMENT, op, ": negative dimension in ", shape_str(shape));
    n *= d;
  }
  auto* t = new mln_tensor();
  TensorRef out(nullptr);
  try {
    t->storage = storage_new_on(MLN_DEVICE_CUDA, index, size_t(n) * itemsize(dtype));
  } catch (...) {
    delete t;
    throw;
  }
  out = TensorRef(t);
  t->dtype = dtype;
  t->ndim = int(shape.size());
  for (size_t i = 0; i < shape.size(); ++i) t->shape[i] = shape[i];
  return out;
}

int device_of(const mln_tensor* t, const char* op, const char* arg) {
  if (!t) fail(MLN_ERR_ARGUMENT, op, ": argument '", arg, "' is null");
  if (t->storage->device_kind != MLN_DEVICE_CUDA)
    fail(MLN_ERR_ARGUMENT, op, ": argument '", arg, "' expected on a cuda device but was on ",
         device_kind_name(t->storage->device_kind), ":", t->storage->device_index);
  return t->storage->device_index;
}

void check_float(const mln_tensor* t, const char* op, const char* arg) {
  if (t->dtype != MLN_F32 && t->dtype != MLN_F64)
    fail(MLN_ERR_DTYPE, op, ": argument '", arg, "' expected float32 or float64 but was ",
         dtype_name(t->dtype), " (the cuda engine has float kernels only)");
}

void same_device(const mln_tensor* a, const mln_tensor* b, const char* op) {
  if (b->storage->device_kind != a->storage->device_kind ||
      b->storage->device_index != a->storage->device_index)
    fail(MLN_ERR_ARGUMENT, op, ": arguments expected on one device but were on ",
         device_kind_name(a->storage->device_kind), ":", a->storage->device_index, " and ",
         device_kind_name(b->storage->device_kind), ":", b->storage->device_index);
}

void same_dtype(const mln_tensor* a, const mln_tensor* b, const char* op) {
  if (a->dtype != b->dtype)
    fail(MLN_ERR_DTYPE, op, ": arguments expected of one dtype but were ", dtype_name(a->dtype),
         " and ", dtype_name(b->dtype));
}

void same_shape(const mln_tensor* a, const mln_tensor* b, const char* op) {
  if (shape_of(a) != shape_of(b))
    fail(MLN_ERR_SHAPE, op, ": arguments expected of one shape but were ",
         shape_str(shape_of(a)), " and ", shape_str(shape_of(b)));
}

cudaStream_t stream_of(const mln_tensor* t) {
  const int dev = t->storage->device_index;
  DeviceState& d = device_state(dev);
  check(cudaSetDevice(dev), "cuda: cudaSetDevice");
  return d.stream;
}

namespace {


// ---- elementwise ------------------------------------------------------------------------------------

template <typename T>
__device__ T unary_value(int op, T x, T alpha) {
  switch (op) {
    case MLN_NEG: return -x;
    case MLN_EXP: return exp(x);
    case MLN_LOG: return log(x);
    case MLN_SQRT: return sqrt(x);
    case MLN_ABS: return fabs(x);
    case MLN_SQUARE: return x * x;
    case MLN_TANH: return tanh(x);
    case MLN_SIGMOID: return T(1) / (T(1) + exp(-x));
    case MLN_RELU: return x > T(0) ? x : T(0);
    case MLN_LEAKY_RELU: return x > T(0) ? x : alpha * x;
    default: return x;
  }
}

/** dy/dx * gy from x and y = f(x). */
template <typename T>
__device__ T unary_grad(int op, T x, T y, T gy) {
  switch (op) {
    case MLN_NEG: return -gy;
    case MLN_EXP: return gy * y;
    case MLN_LOG: return gy / x;
    case MLN_SQRT: return gy / (T(2) * y);
    case MLN_ABS: return x > T(0) ? gy : (x < T(0) ? -gy : T(0));
    case MLN_SQUARE: return gy * T(2) * x;
    case MLN_TANH: return gy * (T(1) - y * y);
    case MLN_SIGMOID: return gy * y * (T(1) - y);
    case MLN_RELU: return x > T(0) ? gy : T(0);
    default: return gy;
  }
}

bool unary_supported(int op) {
  switch (op) {
    case MLN_NEG: case MLN_EXP: case MLN_LOG: case MLN_SQRT: case MLN_ABS: case MLN_SQUARE:
    case MLN_TANH: case MLN_SIGMOID: case MLN_RELU: case MLN_LEAKY_RELU: return true;
    default: return false;
  }
}

template <typename T>
__global__ void unary_kernel(int op, const T* x, T* y, int64_t n, T alpha) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x)
    y[i] = unary_value(op, x[i], alpha);
}

template <typename T>
__global__ void unary_grad_kernel(int op, const T* x, const T* y, const T* gy, T* gx, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x)
    gx[i] = unary_grad(op, x[i], y[i], gy[i]);
}

template <typename T>
__device__ T binary_value(int op, T a, T b) {
  switch (op) {
    case MLN_ADD: return a + b;
    case MLN_SUB: return a - b;
    case MLN_MUL: return a * b;
    case MLN_DIV: return a / b;
    case MLN_POW: return pow(a, b);
    case MLN_MAXIMUM: return a > b || a != a ? a : b;
    case MLN_MINIMUM: return a < b || a != a ? a : b;
    default: return a;
  }
}

/** out[i] = a[i % na] op b[i % nb]: equal shapes, a scalar, or an operand matching the other's
 * trailing dimensions (a bias row). */
template <typename T>
__global__ void binary_kernel(int op, const T* a, int64_t na, const T* b, int64_t nb, T* y,
                              int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x)
    y[i] = binary_value(op, a[na == n ? i : i % na], b[nb == n ? i : i % nb]);
}

/** General numpy broadcasting: each output element reads a and b at their broadcast offsets. */
template <typename T>
__global__ void binary_broadcast_kernel(int op, const T* a, const T* b, T* y, int64_t n,
                                        Broadcast bc) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    int64_t oa, ob;
    broadcast_offsets(bc, i, oa, ob);
    y[i] = binary_value(op, a[oa], b[ob]);
  }
}

/** The gradients at every output element (the output's shape; summed down to the operands' shapes
 * afterwards when they were broadcast). */
template <typename T>
__global__ void binary_grad_kernel(int op, const T* a, const T* b, const T* gy, T* ga, T* gb,
                                   int64_t n, Broadcast bc) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    int64_t oa, ob;
    broadcast_offsets(bc, i, oa, ob);
    const T g = gy[i], av = a[oa], bv = b[ob];
    switch (op) {
      case MLN_ADD: if (ga) ga[i] = g; if (gb) gb[i] = g; break;
      case MLN_SUB: if (ga) ga[i] = g; if (gb) gb[i] = -g; break;
      case MLN_MUL: if (ga) ga[i] = g * bv; if (gb) gb[i] = g * av; break;
      default:  // MLN_DIV
        if (ga) ga[i] = g / bv;
        if (gb) gb[i] = -g * av / (bv * bv);
    }
  }
}

/** True when `small`'s shape equals the trailing dimensions of `big` (leading 1s ignored). */
bool trailing_match(const Shape& big, const Shape& small) {
  size_t s = 0;
  while (s < small.size() && small[s] == 1 && small.size() - s > big.size()) ++s;
  if (small.size() - s > big.size()) return false;
  for (size_t i = s; i < small.size(); ++i)
    if (small[i] != big[big.size() - (small.size() - i)]) return false;
  return true;
}

// ---- reductions, softmax, losses (one block per row) ---------------------------------------------

template <typename T>
__global__ void reduce_rows_kernel(const T* x, T* y, int64_t cols, bool mean) {
  __shared__ double shared[kThreads];
  const T* row = x + blockIdx.x * cols;
  double acc = 0;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) acc += double(row[j]);
  acc = block_sum(acc, shared);
  if (threadIdx.x == 0) y[blockIdx.x] = T(mean ? acc / double(cols) : acc);
}

template <typename T>
__global__ void softmax_rows_kernel(const T* x, T* y, int64_t cols, bool log_out) {
  __shared__ double shared[kThreads];
  const T* row = x + blockIdx.x * cols;
  T* out = y + blockIdx.x * cols;
  double m = -INFINITY;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) m = fmax(m, double(row[j]));
  m = block_max(m, shared);
  double s = 0;
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x) s += exp(double(row[j]) - m);
  s = block_sum(s, shared);
  const double lse = log(s);
  for (int64_t j = threadIdx.x; j < cols; j += blockDim.x)
    out[j] = T(log_out ? double(row[j]) - m - lse : exp(double(row[j]) - m) / s);
}

// ---- Philox4x32-10: the CPU engine's random.hpp, with the same counter layout ----------------------

struct Block4 {
  uint32_t w[4];
};

__device__ Block4 philox_block(uint64_t seed, uint64_t offset, uint64_t block, uint64_t stream) {
  const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
  uint64_t lo = offset + block;
  uint64_t hi = stream + (lo < offset ? 1 : 0);
  uint32_t c0 = uint32_t(lo), c1 = uint32_t(lo >> 32), c2 = uint32_t(hi), c3 = uint32_t(hi >> 32);
  uint32_t k0 = uint32_t(seed), k1 = uint32_t(seed >> 32);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += W0;
      k1 += W1;
    }
    uint64_t p0 = uint64_t(M0) * c0;
    uint64_t p1 = uint64_t(M1) * c2;
    uint32_t n0 = uint32_t(p1 >> 32) ^ c1 ^ k0, n1 = uint32_t(p1);
    uint32_t n2 = uint32_t(p0 >> 32) ^ c3 ^ k1, n3 = uint32_t(p0);
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
  }
  return Block4{{c0, c1, c2, c3}};
}

__device__ double u01_32(uint32_t w) { return double(w) * 0x1p-32; }
__device__ double u01_64(uint32_t hi, uint32_t lo) {
  return double(((uint64_t(hi) << 32) | lo) >> 11) * 0x1p-53;
}
__device__ double u01_open0_32(uint32_t w) { return (double(w) + 1.0) * 0x1p-32; }
__device__ double u01_open0_64(uint32_t hi, uint32_t lo) {
  return (double(((uint64_t(hi) << 32) | lo) >> 11) + 1.0) * 0x1p-53;
}

/** 32-bit draws use one word per element (four per block), 64-bit ones two (two per block). */
template <typename T>
__global__ void uniform_kernel(T* out, int64_t n, double low, double high, double top,
                               uint64_t seed, uint64_t offset) {
  constexpr bool wide = sizeof(T) == 8;
  constexpr int per = wide ? 2 : 4;
  const int64_t blocks = (n + per - 1) / per;
  for (int64_t b = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; b < blocks;
       b += int64_t(gridDim.x) * blockDim.x) {
    Block4 w = philox_block(seed, offset, uint64_t(b), 0);
    for (int e = 0; e < per; ++e) {
      int64_t i = b * per + e;
      if (i >= n) break;
      double u = wide ? u01_64(w.w[2 * e], w.w[2 * e + 1]) : u01_32(w.w[e]);
      double v = low + u * (high - low);
      if (v > top && low < high) v = top;
      if (T(v) >= T(high) && low < high) v = top;
      out[i] = T(v);
    }
  }
}

/** Box-Muller: pair q gives elements 2q (cos) and 2q + 1 (sin). */
template <typename T>
__global__ void normal_kernel(T* out, int64_t n, double mean, double stddev, uint64_t seed,
                              uint64_t offset) {
  constexpr bool wide = sizeof(T) == 8;
  const int64_t pairs = (n + 1) / 2;
  for (int64_t q = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; q < pairs;
       q += int64_t(gridDim.x) * blockDim.x) {
    double u1, u2;
    if (wide) {
      Block4 w = philox_block(seed, offset, uint64_t(q), 0);
      u1 = u01_open0_64(w.w[0], w.w[1]);
      u2 = u01_64(w.w[2], w.w[3]);
    } else {
      Block4 w = philox_block(seed, offset, uint64_t(q / 2), 0);
      int s = int(q % 2) * 2;
      u1 = u01_open0_32(w.w[s]);
      u2 = u01_32(w.w[s + 1]);
    }
    const double r = sqrt(-2.0 * log(u1));
    const double two_pi = 6.283185307179586;
    out[2 * q] = T(mean + stddev * (r * cos(two_pi * u2)));
    if (2 * q + 1 < n) out[2 * q + 1] = T(mean + stddev * (r * sin(two_pi * u2)));
  }
}

// ---- fused optimizer updates (the CPU engine's optimizers.cpp formulas, term by term) ------------

template <typename T>
struct UpdateArgs {
  T lr, scale, clip, decay_factor, mu, omb1, omb2, alpha, eps;
  bool scaled, clipped, decayed, nesterov;
};

template <typename T>
__global__ void sgd_kernel(T* w, const T* g, T* s0, int64_t n, UpdateArgs<T> a) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    if (a.decayed) w[i] = w[i] - w[i] * a.decay_factor;
    T gi = g[i];
    if (a.scaled) gi = gi * a.scale;
    if (a.clipped) gi = gi < -a.clip ? -a.clip : (gi > a.clip ? a.clip : gi);
    if (!s0) {
      w[i] = w[i] + -gi * a.lr;
    } else {
      T m = -gi * a.lr + s0[i] * a.mu;
      s0[i] = m;
      w[i] = a.nesterov ? w[i] + (-gi * a.lr + m * a.mu) : w[i] + m;
    }
  }
}

template <typename T>
__global__ void adam_kernel(T* w, const T* g, T* s0, T* s1, int64_t n, UpdateArgs<T> a) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    if (a.decayed) w[i] = w[i] - w[i] * a.decay_factor;
    T gi = g[i];
    if (a.scaled) gi = gi * a.scale;
    if (a.clipped) gi = gi < -a.clip ? -a.clip : (gi > a.clip ? a.clip : gi);
    T m = s0[i] + (gi - s0[i]) * a.omb1;
    s0[i] = m;
    T v = s1[i] + (gi * gi - s1[i]) * a.omb2;
    s1[i] = v;
    w[i] = w[i] - (m * a.alpha) / (sqrt(v) + a.eps);
  }
}


/** Rows and columns of x seen as (numel / last, last); a scalar is one row of one. */
void rows_cols(const mln_tensor* x, int64_t& rows, int64_t& cols) {
  cols = x->ndim == 0 ? 1 : x->shape[x->ndim - 1];
  rows = cols == 0 ? 0 : numel(x) / cols;
}

}  // namespace

// ---- DeviceKernels --------------------------------------------------------------------------------

mln_tensor* CudaKernels::matmul(const mln_tensor* a, const mln_tensor* b, int trans_a,
                                int trans_b) {
  const char* op = "matmul";
  const int dev = device_of(a, op, "a");
  device_of(b, op, "b");
  same_device(a, b, op);
  check_float(a, op, "a");
  same_dtype(a, b, op);
  if (a->ndim < 2 || b->ndim < 2)
    fail(MLN_ERR_SHAPE, op, ": expected operands of rank >= 2, got ", shape_str(shape_of(a)),
         " and ", shape_str(shape_of(b)));
  const int ra = a->ndim, rb = b->ndim;
  const int64_t m = trans_a ? a->shape[ra - 1] : a->shape[ra - 2];
  const int64_t k = trans_a ? a->shape[ra - 2] : a->shape[ra - 1];
  const int64_t kb = trans_b ? b->shape[rb - 1] : b->shape[rb - 2];
  const int64_t n = trans_b ? b->shape[rb - 2] : b->shape[rb - 1];
  if (k != kb)
    fail(MLN_ERR_SHAPE, op, ": inner dimensions differ: ", shape_str(shape_of(a)),
         trans_a ? "^T" : "", " @ ", shape_str(shape_of(b)), trans_b ? "^T" : "");
  // Batch dimensions broadcast like numpy's; cuBLAS's strided batches serve an operand whose batch
  // is the output's or a single matrix (stride 0), which covers x @ w and equal batches.
  const Shape ba(a->shape, a->shape + ra - 2), bb(b->shape, b->shape + rb - 2);
  const Shape bo = broadcast_shape(ba, bb, op);
  const int64_t batch = shape_numel(bo), na = shape_numel(ba), nb = shape_numel(bb);
  auto whole = [&](const Shape& s, int64_t count) {
    if (count == 1) return true;
    Shape padded(bo.size() - s.size(), 1);
    padded.insert(padded.end(), s.begin(), s.end());
    return padded == bo;
  };
  if (!whole(ba, na) || !whole(bb, nb))
    fail(MLN_ERR_SHAPE, op, ": the cuda engine broadcasts batch dimensions only from equal batches "
         "or a single matrix, got ", shape_str(shape_of(a)), " @ ", shape_str(shape_of(b)));
  if (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX || batch > INT32_MAX)
    fail(MLN_ERR_SHAPE, op, ": dimensions beyond 2^31 - 1 are not supported by cuBLAS's int API");
  Shape ys = bo;
  ys.push_back(m);
  ys.push_back(n);
  TensorRef y = device_tensor(a->dtype, ys, dev, op);
  if (m == 0 || n == 0 || batch == 0) return y.release();
  DeviceState& d = device_state(dev);
  check(cudaSetDevice(dev), "matmul: cudaSetDevice");
  // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T: swap the operands.
  const cublasOperation_t ob = trans_b ? CUBLAS_OP_T : CUBLAS_OP_N;
  const cublasOperation_t oa = trans_a ? CUBLAS_OP_T : CUBLAS_OP_N;
  const int ldb = int(trans_b ? k : n), lda = int(trans_a ? m : k), ldc = int(n);
  const long long sa = na == 1 ? 0 : m * k, sb = nb == 1 ? 0 : k * n, sc = m * n;
  std::lock_guard<std::mutex> lock(d.mutex);
  if (k == 0) {
    check(cudaMemsetAsync(data_as<char>(y.get()), 0,
                          size_t(batch * m * n) * itemsize(a->dtype), d.stream),
          "matmul: cudaMemsetAsync");
  } else if (a->dtype == MLN_F32) {
    const float one = 1.f, zero = 0.f;
    if (batch == 1)
      check_blas(cublasSgemm(d.blas, ob, oa, int(n), int(m), int(k), &one, data_as<float>(b), ldb,
                             data_as<float>(a), lda, &zero, data_as<float>(y.get()), ldc),
                 "matmul: cublasSgemm");
    else
      check_blas(cublasSgemmStridedBatched(d.blas, ob, oa, int(n), int(m), int(k), &one,
                                           data_as<float>(b), ldb, sb, data_as<float>(a), lda, sa,
                                           &zero, data_as<float>(y.get()), ldc, sc, int(batch)),
                 "matmul: cublasSgemmStridedBatched");
  } else {
    const double one = 1.0, zero = 0.0;
    if (batch == 1)
      check_blas(cublasDgemm(d.blas, ob, oa, int(n), int(m), int(k), &one, data_as<double>(b), ldb,
                             data_as<double>(a), lda, &zero, data_as<double>(y.get()), ldc),
                 "matmul: cublasDgemm");
    else
      check_blas(cublasDgemmStridedBatched(d.blas, ob, oa, int(n), int(m), int(k), &one,
                                           data_as<double>(b), ldb, sb, data_as<double>(a), lda,
                                           sa, &zero, data_as<double>(y.get()), ldc, sc,
                                           int(batch)),
                 "matmul: cublasDgemmStridedBatched");
  }
  return y.release();
}

mln_tensor* CudaKernels::unary(int op, const mln_tensor* x, double alpha, double) {
  const char* name = "unary";
  const int dev = device_of(x, name, "x");
  check_float(x, name, "x");
  if (!unary_supported(op))
    fail(MLN_ERR_ARGUMENT, name, ": op ", op,
         " has no cuda kernel (NEG, EXP, LOG, SQRT, ABS, SQUARE, TANH, SIGMOID, RELU and "
         "LEAKY_RELU have; move the tensor with to(Device.CPU))");
  TensorRef y = device_tensor(x->dtype, shape_of(x), dev, name);
  const int64_t n = numel(x);
  if (n == 0) return y.release();
  float_dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    unary_kernel<T><<<grid_for(n), kThreads, 0, stream_of(x)>>>(op, data_as<T>(x),
                                                                 data_as<T>(y.get()), n, T(alpha));
  });
  launched("unary");
  return y.release();
}

mln_tensor* CudaKernels::binary(int op, const mln_tensor* a, const mln_tensor* b) {
  const char* name = "binary";
  const int dev = device_of(a, name, "a");
  device_of(b, name, "b");
  same_device(a, b, name);
  check_float(a, name, "a");
  same_dtype(a, b, name);
  if (op < MLN_ADD || op > MLN_MINIMUM)
    fail(MLN_ERR_ARGUMENT, name, ": op ", op,
         " has no cuda kernel (ADD, SUB, MUL, DIV, POW, MAXIMUM and MINIMUM have)");
  const Shape sa = shape_of(a), sb = shape_of(b);
  const int64_t na = numel(a), nb = numel(b);
  const Shape so = broadcast_shape(sa, sb, name);
  TensorRef y = device_tensor(a->dtype, so, dev, name);
  const int64_t n = numel(y.get());
  if (n == 0) return y.release();
  // Scalars and operands matching the output's trailing dimensions (a bias row) index by modulo;
  // any other broadcast computes each operand's offset per element.
  const bool flat = (na == 1 || trailing_match(so, sa)) && (nb == 1 || trailing_match(so, sb));
  const Broadcast bc = broadcast_of(so, sa, sb);
  float_dispatch(a->dtype, [&](auto tag) {
    using T = decltype(tag);
    if (flat)
      binary_kernel<T><<<grid_for(n), kThreads, 0, stream_of(a)>>>(
          op, data_as<T>(a), na, data_as<T>(b), nb, data_as<T>(y.get()), n);
    else
      binary_broadcast_kernel<T><<<grid_for(n), kThreads, 0, stream_of(a)>>>(
          op, data_as<T>(a), data_as<T>(b), data_as<T>(y.get()), n, bc);
  });
  launched("binary");
  return y.release();
}

}  // namespace mln::cuda

using namespace mln;
using namespace mln::cuda;

namespace {

/** Checks the shared arguments of the random functions and makes the output tensor. */
TensorRef random_out(int device, int dtype, int ndim, const int64_t* shape, const char* op) {
  if (ndim < 0 || ndim > MLN_MAX_DIMS || (ndim > 0 && !shape))
    fail(MLN_ERR_ARGUMENT, op, ": ndim must be in [0, ", MLN_MAX_DIMS, "] with a shape, got ", ndim);
  if (dtype != MLN_F32 && dtype != MLN_F64)
    fail(MLN_ERR_DTYPE, op, ": argument 'dtype' expected float32 or float64 but was ",
         dtype_name(dtype));
  require_device(MLN_DEVICE_CUDA, device, op);
  return device_tensor(dtype, Shape(shape, shape + ndim), device, op);
}

}  // namespace

extern "C" {

mln_tensor* mln_cuda_random_uniform(int device, int dtype, int ndim, const int64_t* shape,
                                    double low, double high, uint64_t seed, uint64_t offset) {
  MLN_TRY
  const char* op = "cuda_random_uniform";
  if (!std::isfinite(low) || !std::isfinite(high) || !(low <= high))
    fail(MLN_ERR_ARGUMENT, op, ": expected finite low <= high, got [", low, ", ", high, ")");
  TensorRef out = random_out(device, dtype, ndim, shape, op);
  const int64_t n = numel(out.get());
  if (n == 0) return out.release();
  cudaStream_t s = stream_of(out.get());
  if (dtype == MLN_F32) {
    double top = double(std::nextafter(float(high), float(low)));
    uniform_kernel<float><<<grid_for((n + 3) / 4), kThreads, 0, s>>>(
        data_as<float>(out.get()), n, low, high, top, seed, offset);
  } else {
    double top = std::nextafter(high, low);
    uniform_kernel<double><<<grid_for((n + 1) / 2), kThreads, 0, s>>>(
        data_as<double>(out.get()), n, low, high, top, seed, offset);
  }
  launched(op);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_cuda_random_normal(int device, int dtype, int ndim, const int64_t* shape,
                                   double mean, double stddev, uint64_t seed, uint64_t offset) {
  MLN_TRY
  const char* op = "cuda_random_normal";
  if (!(stddev >= 0) || !std::isfinite(stddev) || !std::isfinite(mean))
    fail(MLN_ERR_ARGUMENT, op, ": mean must be finite and stddev finite and >= 0, got mean ", mean,
         " and stddev ", stddev);
  TensorRef out = random_out(device, dtype, ndim, shape, op);
  const int64_t n = numel(out.get());
  if (n == 0) return out.release();
  float_dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    normal_kernel<T><<<grid_for((n + 1) / 2), kThreads, 0, stream_of(out.get())>>>(
        data_as<T>(out.get()), n, mean, stddev, seed, offset);
  });
  launched(op);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_cuda_unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                                    const mln_tensor* gy) {
  MLN_TRY
  const char* name = "cuda_unary_backward";
  const int dev = device_of(x, name, "x");
  device_of(y, name, "y");
  device_of(gy, name, "gy");
  same_device(x, y, name);
  same_device(x, gy, name);
  check_float(x, name, "x");
  same_dtype(x, y, name);
  same_dtype(x, gy, name);
  same_shape(x, y, name);
  same_shape(x, gy, name);
  if (!unary_supported(op) || op == MLN_LEAKY_RELU)
    fail(MLN_ERR_ARGUMENT, name, ": op ", op, " has no cuda gradient kernel");
  TensorRef gx = device_tensor(x->dtype, shape_of(x), dev, name);
  const int64_t n = numel(x);
  if (n == 0) return gx.release();
  float_dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    unary_grad_kernel<T><<<grid_for(n), kThreads, 0, stream_of(x)>>>(
        op, data_as<T>(x), data_as<T>(y), data_as<T>(gy), data_as<T>(gx.get()), n);
  });
  launched(name);
  return gx.release();
  MLN_CATCH(nullptr)
}

int mln_cuda_binary_backward(int op, const mln_tensor* a, const mln_tensor* b,
                             const mln_tensor* gy, mln_tensor** ga, mln_tensor** gb) {
  MLN_TRY
  const char* name = "cuda_binary_backward";
  if (ga) *ga = nullptr;
  if (gb) *gb = nullptr;
  const int dev = device_of(a, name, "a");
  device_of(b, name, "b");
  device_of(gy, name, "gy");
  same_device(a, b, name);
  same_device(a, gy, name);
  check_float(a, name, "a");
  same_dtype(a, b, name);
  same_dtype(a, gy, name);
  const Shape sa = shape_of(a), sb = shape_of(b);
  const Shape so = broadcast_shape(sa, sb, name);
  if (shape_of(gy) != so)
    fail(MLN_ERR_SHAPE, name, ": argument 'gy' expected shape ", shape_str(so), " but was ",
         shape_str(shape_of(gy)));
  if (op < MLN_ADD || op > MLN_DIV)
    fail(MLN_ERR_ARGUMENT, name, ": op ", op, " has no cuda gradient kernel (ADD, SUB, MUL, DIV have)");
  TensorRef ra, rb;
  if (ga) ra = device_tensor(a->dtype, so, dev, name);
  if (gb) rb = device_tensor(a->dtype, so, dev, name);
  const int64_t n = numel(gy);
  if (n > 0 && (ga || gb)) {
    const Broadcast bc = broadcast_of(so, sa, sb);
    float_dispatch(a->dtype, [&](auto tag) {
      using T = decltype(tag);
      binary_grad_kernel<T><<<grid_for(n), kThreads, 0, stream_of(a)>>>(
          op, data_as<T>(a), data_as<T>(b), data_as<T>(gy), ga ? data_as<T>(ra.get()) : nullptr,
          gb ? data_as<T>(rb.get()) : nullptr, n, bc);
    });
    launched(name);
  }
  // A broadcast operand's gradient is the sum over the dimensions it was broadcast along.
  if (ga && sa != so) ra = sum_to_shape(ra.get(), sa, name);
  if (gb && sb != so) rb = sum_to_shape(rb.get(), sb, name);
  if (ga) *ga = ra.release();
  if (gb) *gb = rb.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

mln_tensor* mln_cuda_reduce_last(int op, const mln_tensor* x) {
  MLN_TRY
  const char* name = "cuda_reduce_last";
  const int dev = device_of(x, name, "x");
  check_float(x, name, "x");
  if (op != MLN_SUM && op != MLN_MEAN)
    fail(MLN_ERR_ARGUMENT, name, ": argument 'op' expected MLN_SUM or MLN_MEAN but was ", op);
  int64_t rows, cols;
  rows_cols(x, rows, cols);
  Shape so = x->ndim <= 1 ? Shape{} : Shape(x->shape, x->shape + x->ndim - 1);
  TensorRef y = device_tensor(x->dtype, so, dev, name);
  if (cols == 0 || rows == 0) {
    // Sums over nothing are 0 (a mean over nothing is NaN, as numpy's).
    const int64_t ny = numel(y.get());
    if (ny > 0) {
      float_dispatch(x->dtype, [&](auto tag) {
        using T = decltype(tag);
        std::vector<T> fill(size_t(ny), op == MLN_MEAN ? T(NAN) : T(0));
        engine_for(MLN_DEVICE_CUDA)->copy_from_host(dev, data_as<T>(y.get()), fill.data(),
                                                    fill.size() * sizeof(T));
      });
    }
    return y.release();
  }
  if (rows > INT32_MAX) fail(MLN_ERR_SHAPE, name, ": more than 2^31 - 1 rows");
  float_dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    reduce_rows_kernel<T><<<unsigned(rows), kThreads, 0, stream_of(x)>>>(
        data_as<T>(x), data_as<T>(y.get()), cols, op == MLN_MEAN);
  });
  launched(name);
  return y.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_cuda_softmax(const mln_tensor* x, int log) {
  MLN_TRY
  const char* name = "cuda_softmax";
  const int dev = device_of(x, name, "x");
  check_float(x, name, "x");
  if (x->ndim < 1) fail(MLN_ERR_SHAPE, name, ": argument 'x' expected rank >= 1 but was 0");
  int64_t rows, cols;
  rows_cols(x, rows, cols);
  TensorRef y = device_tensor(x->dtype, shape_of(x), dev, name);
  if (rows == 0) return y.release();
  if (rows > INT32_MAX) fail(MLN_ERR_SHAPE, name, ": more than 2^31 - 1 rows");
  float_dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    softmax_rows_kernel<T><<<unsigned(rows), kThreads, 0, stream_of(x)>>>(
        data_as<T>(x), data_as<T>(y.get()), cols, log != 0);
  });
  launched(name);
  return y.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"

namespace {

template <typename T>
void optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad, mln_tensor* const* slots,
                      const double* h, int64_t step) {
  UpdateArgs<T> a{};
  a.lr = T(h[MLN_HP_LEARNING_RATE]);
  a.scale = T(h[MLN_HP_GRADIENT_SCALE]);
  a.scaled = h[MLN_HP_GRADIENT_SCALE] != 1.0;
  a.clipped = std::isfinite(h[MLN_HP_CLIPVALUE]);
  a.clip = T(a.clipped ? h[MLN_HP_CLIPVALUE] : 0.0);
  a.decay_factor = T(h[MLN_HP_WEIGHT_DECAY] * h[MLN_HP_LEARNING_RATE]);
  a.decayed = h[MLN_HP_WEIGHT_DECAY] != 0.0;
  const int64_t n = numel(var);
  cudaStream_t s = stream_of(var);
  if (kind == MLN_OPT_SGD) {
    a.mu = T(h[MLN_HP_SGD_MOMENTUM]);
    a.nesterov = h[MLN_HP_SGD_NESTEROV] != 0.0;
    T* s0 = h[MLN_HP_SGD_MOMENTUM] != 0.0 ? data_as<T>(slots[0]) : nullptr;
    sgd_kernel<T><<<grid_for(n), kThreads, 0, s>>>(data_as<T>(var), data_as<T>(grad), s0, n, a);
  } else {
    const double b1 = h[MLN_HP_ADAM_BETA_1], b2 = h[MLN_HP_ADAM_BETA_2];
    a.omb1 = T(1.0) - T(b1);
    a.omb2 = T(1.0) - T(b2);
    a.eps = T(h[MLN_HP_ADAM_EPSILON]);
    const T b1p = std::pow(T(b1), T(step));
    const T b2p = std::pow(T(b2), T(step));
    a.alpha = a.lr * std::sqrt(T(1) - b2p) / (T(1) - b1p);
    adam_kernel<T><<<grid_for(n), kThreads, 0, s>>>(data_as<T>(var), data_as<T>(grad),
                                                    data_as<T>(slots[0]), data_as<T>(slots[1]),
                                                    n, a);
  }
}

}  // namespace

extern "C" {

mln_tensor* mln_cuda_softmax_cross_entropy(const mln_tensor* t, const mln_tensor* x) {
  MLN_TRY
  return CudaKernels().categorical_crossentropy(t, x, 0.0, MLN_CCE_LOGITS);
  MLN_CATCH(nullptr)
}

mln_tensor* mln_cuda_softmax_cross_entropy_backward(const mln_tensor* t, const mln_tensor* x,
                                                    const mln_tensor* gy) {
  MLN_TRY
  if (!gy) fail(MLN_ERR_ARGUMENT, "cuda_softmax_cross_entropy_backward: argument 'gy' is null");
  mln_tensor* gx = nullptr;
  CudaKernels().categorical_crossentropy_backward(t, x, gy, 0.0, MLN_CCE_LOGITS, nullptr, &gx);
  return gx;
  MLN_CATCH(nullptr)
}

int mln_cuda_optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad,
                              mln_tensor* const* slots, int nslots, const double* hparams,
                              int nhparams, int64_t step) {
  MLN_TRY
  const char* op = "cuda_optimizer_update";
  device_of(var, op, "var");
  device_of(grad, op, "grad");
  same_device(var, grad, op);
  check_float(var, op, "var");
  same_dtype(var, grad, op);
  same_shape(var, grad, op);
  if (var->storage->readonly) fail(MLN_ERR_ARGUMENT, op, ": argument 'var' is read-only");
  if (kind != MLN_OPT_SGD && kind != MLN_OPT_ADAM)
    fail(MLN_ERR_ARGUMENT, op, ": optimizer kind ", kind,
         " has no cuda kernel (MLN_OPT_SGD and MLN_OPT_ADAM have)");
  const int want_h = kind == MLN_OPT_SGD ? MLN_HP_SGD_COUNT : MLN_HP_ADAM_COUNT;
  if (!hparams || nhparams != want_h)
    fail(MLN_ERR_ARGUMENT, op, ": optimizer kind ", kind, " expects ", want_h,
         " hyperparameters, got ", hparams ? nhparams : 0);
  if (kind == MLN_OPT_ADAM && hparams[MLN_HP_ADAM_AMSGRAD] != 0.0)
    fail(MLN_ERR_ARGUMENT, op, ": amsgrad has no cuda kernel");
  if (step < 1) fail(MLN_ERR_ARGUMENT, op, ": argument 'step' expected >= 1 but was ", step);
  const int want_s = kind == MLN_OPT_ADAM ? 2 : (hparams[MLN_HP_SGD_MOMENTUM] != 0.0 ? 1 : 0);
  if (nslots != want_s || (want_s > 0 && !slots))
    fail(MLN_ERR_ARGUMENT, op, ": optimizer kind ", kind, " with these hyperparameters expects ",
         want_s, " slots, got ", slots ? nslots : 0);
  for (int k = 0; k < nslots; ++k) {
    device_of(slots[k], op, "slots");
    same_device(var, slots[k], op);
    same_dtype(var, slots[k], op);
    same_shape(var, slots[k], op);
    if (slots[k]->storage->readonly) fail(MLN_ERR_ARGUMENT, op, ": slot ", k, " is read-only");
  }
  if (numel(var) == 0) return MLN_OK;
  float_dispatch(var->dtype, [&](auto tag) {
    using T = decltype(tag);
    optimizer_update<T>(kind, var, grad, slots, hparams, step);
  });
  launched(op);
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

int mln_cuda_synchronize(int device) {
  MLN_TRY
  require_device(MLN_DEVICE_CUDA, device, "cuda_synchronize").synchronize(device);
  return MLN_OK;
  MLN_CATCH(-1)
}

}  // extern "C"

// ---- the rest of DeviceKernels: the exported functions above, errors turned back into throws ----

namespace mln::cuda {
namespace {

/** Rethrows the error an exported function just recorded. */
[[noreturn]] void rethrow() { fail(mln_last_status(), mln_last_error()); }

mln_tensor* or_rethrow(mln_tensor* t) {
  if (!t) rethrow();
  return t;
}

}  // namespace

mln_tensor* CudaKernels::unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                                        const mln_tensor* gy, double, double) {
  return or_rethrow(mln_cuda_unary_backward(op, x, y, gy));
}

void CudaKernels::binary_backward(int op, const mln_tensor* a, const mln_tensor* b,
                                  const mln_tensor* gy, mln_tensor** ga, mln_tensor** gb) {
  if (mln_cuda_binary_backward(op, a, b, gy, ga, gb) != MLN_OK) rethrow();
}

mln_tensor* CudaKernels::reduce(int op, const mln_tensor* x, int naxes, const int* axes,
                                int keepdims) {
  const char* name = "reduce";
  device_of(x, name, "x");
  if (op != MLN_SUM && op != MLN_MEAN)
    fail(MLN_ERR_ARGUMENT, name, ": op ", op, " has no cuda kernel (SUM and MEAN have)");
  if (naxes > 0 && !axes) fail(MLN_ERR_ARGUMENT, name, ": axes is null but naxes is ", naxes);
  // The axes the cuda kernel reduces: all of them, or the last one.
  bool all = naxes < 0 || (naxes == x->ndim && x->ndim <= 1);
  bool last = false;
  if (!all && naxes == 1) {
    int a = axes[0] < 0 ? axes[0] + x->ndim : axes[0];
    if (a < 0 || a >= x->ndim)
      fail(MLN_ERR_ARGUMENT, name, ": axis ", axes[0], " is out of range for a tensor of rank ",
           x->ndim);
    last = a == x->ndim - 1;
  }
  if (!all && !last && naxes == x->ndim) {
    std::vector<bool> seen(size_t(x->ndim), false);
    all = true;
    for (int i = 0; i < naxes; ++i) {
      int a = axes[i] < 0 ? axes[i] + x->ndim : axes[i];
      if (a < 0 || a >= x->ndim || seen[size_t(a)]) all = false;
      else seen[size_t(a)] = true;
    }
  }
  if (naxes == 0) {
    // Reducing over no axis gives x's values in a new tensor.
    TensorRef y = device_tensor(x->dtype, shape_of(x), x->storage->device_index, name);
    const size_t bytes = size_t(numel(x)) * itemsize(x->dtype);
    if (bytes)
      check(cudaMemcpyAsync(data_as<char>(y.get()), data_as<char>(x), bytes,
                            cudaMemcpyDeviceToDevice, stream_of(x)), "reduce: copy");
    return y.release();
  }
  if (!all && !last)
    fail(MLN_ERR_ARGUMENT, name, ": the cuda engine reduces over the last axis or all axes only");
  TensorRef flat;
  const mln_tensor* src = x;
  if (all) {
    flat = TensorRef(new_view(x, Shape{numel(x)}));
    src = flat.get();
  }
  TensorRef y(or_rethrow(mln_cuda_reduce_last(op, src)));
  if (!keepdims) return y.release();
  Shape kept = shape_of(x);
  if (all) std::fill(kept.begin(), kept.end(), 1);
  else if (!kept.empty()) kept.back() = 1;
  return new_view(y.get(), kept);
}

mln_tensor* CudaKernels::softmax(const mln_tensor* x, int axis, int log) {
  const char* name = log ? "log_softmax" : "softmax";
  device_of(x, name, "x");
  if (x->ndim == 0) fail(MLN_ERR_ARGUMENT, name, ": expected a tensor of rank >= 1, got a scalar");
  int a = axis < 0 ? axis + x->ndim : axis;
  if (a < 0 || a >= x->ndim)
    fail(MLN_ERR_ARGUMENT, name, ": axis ", axis, " is out of range for a tensor of rank ", x->ndim);
  if (a != x->ndim - 1)
    fail(MLN_ERR_ARGUMENT, name, ": the cuda engine normalises over the last axis only, got axis ",
         axis);
  return or_rethrow(mln_cuda_softmax(x, log));
}

void CudaKernels::optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad,
                                   mln_tensor* const* slots, int nslots, const double* hparams,
                                   int nhparams, int64_t step) {
  if (mln_cuda_optimizer_update(kind, var, grad, slots, nslots, hparams, nhparams, step) != MLN_OK)
    rethrow();
}

}  // namespace mln::cuda

// ---- dense: cuBLASLt with the bias (+ ReLU) epilogue ----------------------------------------------

namespace mln::cuda {
namespace {

/** Frees cuBLASLt descriptors on every path out. */
struct LtDescs {
  cublasLtMatmulDesc_t op = nullptr;
  cublasLtMatrixLayout_t a = nullptr, b = nullptr, c = nullptr;
  ~LtDescs() {
    if (a) cublasLtMatrixLayoutDestroy(a);
    if (b) cublasLtMatrixLayoutDestroy(b);
    if (c) cublasLtMatrixLayoutDestroy(c);
    if (op) cublasLtMatmulDescDestroy(op);
  }
};

template <typename T>
__global__ void bias_act_kernel(T* y, const T* bias, int64_t n, int64_t cols, int act) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(gridDim.x) * blockDim.x) {
    T v = y[i] + (bias ? bias[i % cols] : T(0));
    y[i] = act == 0 ? v : unary_value(act, v, T(0));
  }
}

}  // namespace

mln_tensor* CudaKernels::dense(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                               int act) {
  const char* name = "dense";
  const int dev = device_of(x, name, "x");
  device_of(w, name, "w");
  same_device(x, w, name);
  check_float(x, name, "x");
  same_dtype(x, w, name);
  if (b) {
    device_of(b, name, "b");
    same_device(x, b, name);
    same_dtype(x, b, name);
  }
  if (act != 0 && act != MLN_RELU && act != MLN_TANH && act != MLN_SIGMOID)
    fail(MLN_ERR_ARGUMENT, name, ": argument 'act' expected 0, MLN_RELU, MLN_TANH or MLN_SIGMOID but was ", act);
  if (w->ndim != 2 || x->ndim < 1 || x->shape[x->ndim - 1] != w->shape[0])
    fail(MLN_ERR_SHAPE, name, ": expected x (..., K) and w (K, N) but got ", shape_str(shape_of(x)),
         " and ", shape_str(shape_of(w)));
  const int64_t k = w->shape[0], n = w->shape[1];
  int64_t m = 1;  // the leading dimensions (not numel / k, which is 0 / 0 for K = 0)
  for (int i = 0; i + 1 < x->ndim; ++i) m *= x->shape[i];
  if (b && (b->ndim != 1 || b->shape[0] != n))
    fail(MLN_ERR_SHAPE, name, ": argument 'b' expected shape (", n, ") but was ",
         shape_str(shape_of(b)));
  if (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX)
    fail(MLN_ERR_SHAPE, name, ": dimensions beyond 2^31 - 1 are not supported");
  Shape ys = shape_of(x);
  ys.back() = n;
  const int64_t ny = m * n;
  DeviceState& d = device_state(dev);
  check(cudaSetDevice(dev), "dense: cudaSetDevice");
  if (x->dtype == MLN_F32 && k > 0 && ny > 0 && (act == 0 || act == MLN_RELU)) {
    // Row-major y (M, N) = x (M, K) w (K, N) is column-major y^T (N, M) = w^T (N, K) x^T (K, M),
    // and the epilogue's bias runs along y^T's rows: b (N).
    TensorRef y = device_tensor(x->dtype, ys, dev, name);
    std::lock_guard<std::mutex> lock(d.mutex);
    LtDescs desc;
    check_blas(cublasLtMatmulDescCreate(&desc.op, CUBLAS_COMPUTE_32F, CUDA_R_32F), "dense: descriptor");
    cublasLtEpilogue_t epi = b ? (act == MLN_RELU ? CUBLASLT_EPILOGUE_RELU_BIAS : CUBLASLT_EPILOGUE_BIAS)
                               : (act == MLN_RELU ? CUBLASLT_EPILOGUE_RELU : CUBLASLT_EPILOGUE_DEFAULT);
    check_blas(cublasLtMatmulDescSetAttribute(desc.op, CUBLASLT_MATMUL_DESC_EPILOGUE, &epi, sizeof epi),
               "dense: epilogue");
    if (b) {
      const void* bias = data_as<float>(b);
      check_blas(cublasLtMatmulDescSetAttribute(desc.op, CUBLASLT_MATMUL_DESC_BIAS_POINTER, &bias,
                                                sizeof bias), "dense: bias");
    }
    check_blas(cublasLtMatrixLayoutCreate(&desc.a, CUDA_R_32F, uint64_t(n), uint64_t(k), int64_t(n)), "dense: layout w");
    check_blas(cublasLtMatrixLayoutCreate(&desc.b, CUDA_R_32F, uint64_t(k), uint64_t(m), int64_t(k)), "dense: layout x");
    check_blas(cublasLtMatrixLayoutCreate(&desc.c, CUDA_R_32F, uint64_t(n), uint64_t(m), int64_t(n)), "dense: layout y");
    const float one = 1.f, zero = 0.f;
    cublasStatus_t rc = cublasLtMatmul(d.lt, desc.op, &one, data_as<float>(w), desc.a, data_as<float>(x),
                                       desc.b, &zero, data_as<float>(y.get()), desc.c,
                                       data_as<float>(y.get()), desc.c, nullptr, nullptr, 0, d.stream);
    // Without a heuristic for this shape and epilogue, the unfused path below serves.
    if (rc == CUBLAS_STATUS_SUCCESS) return y.release();
  }
  // Unfused: the product (zeros when K = 0), then bias and activation in one elementwise pass.
  TensorRef x2(new_view(x, Shape{m, k}));
  TensorRef y(matmul(x2.get(), w, 0, 0));
  if (ny > 0) {
    float_dispatch(x->dtype, [&](auto tag) {
      using T = decltype(tag);
      bias_act_kernel<T><<<grid_for(ny), kThreads, 0, d.stream>>>(
          data_as<T>(y.get()), b ? data_as<T>(b) : nullptr, ny, n, act);
    });
    launched(name);
  }
  return new_view(y.get(), ys);
}

}  // namespace mln::cuda
