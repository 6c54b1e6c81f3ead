// Fused kernels for the training step: a Dense layer (matmul + bias + activation) with its
// backward in one call each, and element-wise binary cross-entropy with its gradient. They exist
// to cut the number of native calls (and Java tensors and tape nodes) per step, which dominates
// small models.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "core.hpp"
#include "engine.hpp"
#include "plan.hpp"
#include "fast_math.hpp"
#include "gemv.hpp"

// Built with -fno-trapping-math (native-src/CMakeLists.txt): GCC then if-converts the selects
// around the divisions below, which lets the activation loops vectorise (floating-point
// exceptions are never enabled by the core).

namespace mln {
namespace {

bool dense_act_ok(int act) {
#define MLN_DENSE_ACT_IS(op) || act == op
  return act == 0 MLN_DENSE_ACTIVATIONS(MLN_DENSE_ACT_IS);
#undef MLN_DENSE_ACT_IS
}

/** float32 products up to this many multiply-adds run in the loops below: mln_matmul's planning
 * (shape vectors, batch offsets) costs more than such a product itself. */
constexpr double kDirectMacs = 16384;

/** act over y[0..n) in place; plain restrict loops so that the compiler vectorises them. */
template <typename T>
void act_block(T* __restrict y, int64_t n, int act) {
  switch (act) {
    case MLN_RELU:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) y[i] = y[i] > T(0) ? y[i] : T(0);
      break;
    case MLN_TANH:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) y[i] = act_tanh(y[i]);
      break;
    case MLN_SIGMOID:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) y[i] = stable_sigmoid(y[i]);
      break;
    default:
      break;
  }
}

/** y[i, j] = act(y[i, j] + b[j]) in place over an (m, n) block. The activation runs over all
 * m * n elements in flat blocks: rows are often narrower than a vector register (4 or 1 units). */
template <typename T>
void bias_act(T* y, const T* b, int64_t m, int64_t n, int act) {
  const int64_t total = m * n;
  const bool par = total > kParallelGrain && num_threads() > 1;
  if (b) {
    parallel_for(m, par && m > 1, [&](int64_t i) {
      T* row = y + i * n;
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) row[j] += b[j];
    });
  }
  if (act == 0) return;
  constexpr int64_t kBlock = 4096;
  const int64_t blocks = (total + kBlock - 1) / kBlock;
  parallel_for(blocks, par && blocks > 1, [&](int64_t k) {
    const int64_t lo = k * kBlock;
    act_block<T>(y + lo, std::min(kBlock, total - lo), act);
  });
}

/** g = gy * act'(y) (element-wise, from the output y). */
template <typename T>
void act_grad(const T* y, const T* gy, T* g, int64_t n, int act) {
  const bool par = n > kParallelGrain && num_threads() > 1;
  switch (act) {
    case MLN_RELU:
      parallel_simd_for(n, par, [&](int64_t i) { g[i] = y[i] > T(0) ? gy[i] : T(0); });
      break;
    case MLN_TANH:
      parallel_simd_for(n, par, [&](int64_t i) { g[i] = gy[i] * (T(1) - y[i] * y[i]); });
      break;
    case MLN_SIGMOID:
      parallel_simd_for(n, par, [&](int64_t i) { g[i] = gy[i] * y[i] * (T(1) - y[i]); });
      break;
    default:
      std::memcpy(g, gy, size_t(n) * sizeof(T));
  }
}

/** act'(y) * gy for one element (the cases of act_grad). */
template <typename T>
inline T act_grad_one(const T* y, const T* gy, int64_t q, int act) {
  switch (act) {
    case MLN_RELU:
      return y[q] > T(0) ? gy[q] : T(0);
    case MLN_TANH:
      return gy[q] * (T(1) - y[q] * y[q]);
    case MLN_SIGMOID:
      return gy[q] * y[q] * (T(1) - y[q]);
    default:
      return gy[q];
  }
}

/**
 * g = gy * act'(y) as act_grad does, and with it b[j] = sum over i of g[i, j] in one pass and one
 * parallel region: threads take fixed blocks of columns and add each column's rows in order
 * 0, 1, ..., so g and b are the same bits whatever the thread count.
 */
template <typename T>
void act_grad_column_sums(const T* y, const T* gy, T* g, T* b, int64_t rows, int64_t n,
                          int act) {
  constexpr int64_t kCols = 256 / sizeof(T);  // 256-byte blocks: no shared cache line in b
  const int64_t blocks = (n + kCols - 1) / kCols;
  const bool par = rows * n > kParallelGrain && blocks > 1 && num_threads() > 1;
  parallel_for(blocks, par, [&](int64_t blk) {
    const int64_t j0 = blk * kCols;
    const int64_t w = std::min(n, j0 + kCols) - j0;
    T* pb = b + j0;
    for (int64_t j = 0; j < w; ++j) pb[j] = T(0);
    for (int64_t i = 0; i < rows; ++i) {
      const int64_t q0 = i * n + j0;
      T* grow = g + q0;
      switch (act) {  // one loop per activation so each vectorises
        case MLN_RELU:
#pragma omp simd
          for (int64_t j = 0; j < w; ++j) grow[j] = act_grad_one<T>(y, gy, q0 + j, MLN_RELU);
          break;
        case MLN_TANH:
#pragma omp simd
          for (int64_t j = 0; j < w; ++j) grow[j] = act_grad_one<T>(y, gy, q0 + j, MLN_TANH);
          break;
        case MLN_SIGMOID:
#pragma omp simd
          for (int64_t j = 0; j < w; ++j) grow[j] = act_grad_one<T>(y, gy, q0 + j, MLN_SIGMOID);
          break;
        default:
#pragma omp simd
          for (int64_t j = 0; j < w; ++j) grow[j] = gy[q0 + j];
      }
#pragma omp simd
      for (int64_t j = 0; j < w; ++j) pb[j] += grow[j];
    }
  });
}

void check_dense(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b, int act,
                 const char* op) {
  check_tensor(x, op, "x");
  check_tensor(w, op, "w");
  if (!dense_act_ok(act))
    fail(MLN_ERR_ARGUMENT, op, ": activation code ", act,
         " is not fused (expected 0 (linear), MLN_RELU, MLN_TANH or MLN_SIGMOID)");
  if (x->dtype != MLN_F32 && x->dtype != MLN_F64)
    fail(MLN_ERR_DTYPE, op, ": expected a float32 or float64 x, got ", dtype_name(x->dtype));
  if (w->dtype != x->dtype || (b && b->dtype != x->dtype))
    fail(MLN_ERR_DTYPE, op, ": x, w and b must share one dtype, got x ", dtype_name(x->dtype),
         ", w ", dtype_name(w->dtype), (b ? ", b " : ""), (b ? dtype_name(b->dtype) : ""));
  if (x->ndim < 2 || w->ndim != 2 || x->shape[x->ndim - 1] != w->shape[0])
    fail(MLN_ERR_SHAPE, op, ": expected x (..., K) and w (K, N), got x ", shape_str(shape_of(x)),
         " and w ", shape_str(shape_of(w)));
  if (b && (b->ndim != 1 || b->shape[0] != w->shape[1]))
    fail(MLN_ERR_SHAPE, op, ": expected b of shape (", w->shape[1], "), got ",
         shape_str(shape_of(b)));
}

/** x viewed as (rows, K). */
mln_tensor* as_2d(const mln_tensor* x) {
  const int64_t k = x->shape[x->ndim - 1];
  const int64_t rows = k == 0 ? 0 : numel(x) / k;
  return new_view(x, Shape{rows, k});
}

template <typename T>
inline T bce_forward(T z, T p, T lo, T hi, bool logits) {
  if (logits) {
    // relu(x) - x z + log1p(exp(-|x|))
    return (p > T(0) ? p : T(0)) - p * z + std::log1p(std::exp(-std::abs(p)));
  }
  T q = std::min(std::max(p, lo), hi);
  return -(z * std::log(q) + (T(1) - z) * std::log(T(1) - q));
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_dense(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b, int act) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(x, w, "dense")) return k->dense(x, w, b, act);
  check_dense(x, w, b, act, "dense");
  const int64_t k = w->shape[0];
  const int64_t n = w->shape[1];
  const int64_t m = k == 0 ? 0 : numel(x) / k;
  if (double(m) * double(n) * double(k) <= kDirectMacs && k > 0) {
    Shape ys = shape_of(x);
    ys.back() = n;
    TensorRef y(new_tensor(x->dtype, ys));
    dispatch_float(x->dtype, "dense", [&](auto tag) {
      using T = decltype(tag);
      const T* px = data_as<T>(x);
      const T* pw = data_as<T>(w);
      const T* pb = b ? data_as<T>(b) : nullptr;
      T* py = data_as<T>(y.get());
      for (int64_t i = 0; i < m; ++i) {
        T* row = py + i * n;
        for (int64_t j = 0; j < n; ++j) row[j] = T(0);
        for (int64_t kk = 0; kk < k; ++kk) {
          const T xv = px[i * k + kk];
          const T* wrow = pw + kk * n;
#pragma omp simd
          for (int64_t j = 0; j < n; ++j) row[j] += xv * wrow[j];
        }
      }
      bias_act<T>(py, pb, m, n, act);
    });
    return y.release();
  }
  if (x->dtype == MLN_F32 && m <= kGemvMaxRows && k > 0) {
    // batch-1 inference: a column-split product with no oneDNN call (gemv.cpp)
    Shape ys = shape_of(x);
    ys.back() = n;
    TensorRef y(new_tensor(x->dtype, ys));
    float* py = data_as<float>(y.get());
    gemv_rows_f32(data_as<float>(x), data_as<float>(w), py, m, k, n);
    bias_act<float>(py, b ? data_as<float>(b) : nullptr, m, n, act);
    return y.release();
  }
  TensorRef y(mln_matmul(x, w, 0, 0));
  if (!y.get()) return nullptr;  // mln_matmul left the status and message
  if (b || act != 0) {
    dispatch_float(x->dtype, "dense", [&](auto tag) {
      using T = decltype(tag);
      bias_act<T>(data_as<T>(y.get()), b ? data_as<T>(b) : nullptr, m, n, act);
    });
  }
  return y.release();
  MLN_CATCH(nullptr)
}

int mln_dense_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                       const mln_tensor* gy, int act, mln_tensor** gx, mln_tensor** gw,
                       mln_tensor** gb) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(x, w, "dense_backward")) {
    if (gx) *gx = nullptr;
    if (gw) *gw = nullptr;
    if (gb) *gb = nullptr;
    k->dense_backward(x, w, y, gy, act, gx, gw, gb);
    return MLN_OK;
  }
  check_dense(x, w, nullptr, act, "dense_backward");
  check_tensor(gy, "dense_backward", "gy");
  if (act != 0) check_tensor(y, "dense_backward", "y");
  Shape ys = shape_of(x);
  ys.back() = w->shape[1];
  if (shape_of(gy) != ys || gy->dtype != x->dtype || (act != 0 && (shape_of(y) != ys ||
                                                                     y->dtype != x->dtype)))
    fail(MLN_ERR_SHAPE, "dense_backward: gy (and y) must have shape ", shape_str(ys),
         " and x's dtype, got gy ", shape_str(shape_of(gy)));
  if (gx) *gx = nullptr;
  if (gw) *gw = nullptr;
  if (gb) *gb = nullptr;
  const int64_t n = w->shape[1];
  const int64_t rows = n == 0 ? 0 : numel(gy) / n;
  // g = gy * act'(y), as (rows, N)
  TensorRef g(new_tensor(x->dtype, Shape{rows, n}));
  TensorRef rgb;
  if (gb) rgb = TensorRef(new_tensor(x->dtype, Shape{n}));
  dispatch_float(x->dtype, "dense_backward", [&](auto tag) {
    using T = decltype(tag);
    const T* py = act != 0 ? data_as<T>(y) : nullptr;
    if (gb) {  // and gb = column sums of g, in the same pass
      act_grad_column_sums<T>(py, data_as<T>(gy), data_as<T>(g.get()), data_as<T>(rgb.get()),
                              rows, n, act);
    } else {
      act_grad<T>(py, data_as<T>(gy), data_as<T>(g.get()), rows * n, act);
    }
  });
  TensorRef rgx, rgw;
  const int64_t k = w->shape[0];
  if (double(rows) * double(n) * double(k) <= kDirectMacs && (gx || gw)) {
    if (gx) rgx = TensorRef(new_tensor(x->dtype, shape_of(x)));
    if (gw) rgw = TensorRef(new_tensor(x->dtype, Shape{k, n}));
    dispatch_float(x->dtype, "dense_backward", [&](auto tag) {
      using T = decltype(tag);
      const T* pg = data_as<T>(g.get());
      const T* px = data_as<T>(x);
      const T* pw = data_as<T>(w);
      if (gx) {  // gx[i, kk] = sum_j g[i, j] w[kk, j]
        T* o = data_as<T>(rgx.get());
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t kk = 0; kk < k; ++kk) {
            T acc = T(0);
            for (int64_t j = 0; j < n; ++j) acc += pg[i * n + j] * pw[kk * n + j];
            o[i * k + kk] = acc;
          }
      }
      if (gw) {  // gw[kk, j] = sum_i x[i, kk] g[i, j]
        T* o = data_as<T>(rgw.get());
        for (int64_t q = 0; q < k * n; ++q) o[q] = T(0);
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t kk = 0; kk < k; ++kk) {
            const T xv = px[i * k + kk];
            T* orow = o + kk * n;
            const T* grow = pg + i * n;
#pragma omp simd
            for (int64_t j = 0; j < n; ++j) orow[j] += xv * grow[j];
          }
      }
    });
  } else if (gx) {
    TensorRef r(mln_matmul(g.get(), w, 0, 1));  // (rows, K)
    if (!r.get()) return mln_last_status();
    rgx = TensorRef(new_view(r.get(), shape_of(x)));
  }
  if (gw && !rgw.get()) {
    TensorRef x2(as_2d(x));
    rgw = TensorRef(mln_matmul(x2.get(), g.get(), 1, 0));  // (K, N)
    if (!rgw.get()) return mln_last_status();
  }
  if (gx) *gx = rgx.release();
  if (gw) *gw = rgw.release();
  if (gb) *gb = rgb.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

mln_tensor* mln_binary_crossentropy(const mln_tensor* z, const mln_tensor* p, double eps,
                                    int from_logits) {
  MLN_TRY
  check_tensor(z, "binary_crossentropy", "z");
  check_tensor(p, "binary_crossentropy", "p");
  if (shape_of(z) != shape_of(p) || z->dtype != p->dtype)
    fail(MLN_ERR_SHAPE, "binary_crossentropy: z and p must have one shape and dtype, got ",
         shape_str(shape_of(z)), " ", dtype_name(z->dtype), " and ", shape_str(shape_of(p)), " ",
         dtype_name(p->dtype));
  TensorRef out;
  dispatch_float(p->dtype, "binary_crossentropy", [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(p->dtype, shape_of(p)));
    const T* pz = data_as<T>(z);
    const T* pp = data_as<T>(p);
    T* po = data_as<T>(out.get());
    const T lo = T(eps), hi = T(1.0 - eps);
    const int64_t n = numel(p);
    const bool logits = from_logits != 0;
    parallel_for(n, n > kParallelGrain && num_threads() > 1,
                 [&](int64_t i) { po[i] = bce_forward<T>(pz[i], pp[i], lo, hi, logits); });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

int mln_binary_crossentropy_backward(const mln_tensor* z, const mln_tensor* p,
                                     const mln_tensor* gy, double eps, int from_logits,
                                     mln_tensor** gz, mln_tensor** gp) {
  MLN_TRY
  check_tensor(z, "binary_crossentropy_backward", "z");
  check_tensor(p, "binary_crossentropy_backward", "p");
  check_tensor(gy, "binary_crossentropy_backward", "gy");
  if (shape_of(z) != shape_of(p) || shape_of(gy) != shape_of(p) || z->dtype != p->dtype ||
      gy->dtype != p->dtype)
    fail(MLN_ERR_SHAPE, "binary_crossentropy_backward: z, p and gy must have one shape and dtype");
  if (gz) *gz = nullptr;
  if (gp) *gp = nullptr;
  TensorRef rz, rp;
  dispatch_float(p->dtype, "binary_crossentropy_backward", [&](auto tag) {
    using T = decltype(tag);
    const int64_t n = numel(p);
    const T* pz = data_as<T>(z);
    const T* pp = data_as<T>(p);
    const T* pg = data_as<T>(gy);
    const T lo = T(eps), hi = T(1.0 - eps);
    const bool logits = from_logits != 0;
    const bool par = n > kParallelGrain && num_threads() > 1;
    if (gp) {
      rp = TensorRef(new_tensor(p->dtype, shape_of(p)));
      T* o = data_as<T>(rp.get());
      parallel_for(n, par, [&](int64_t i) {
        const T x = pp[i], t = pz[i];
        if (logits) {
          o[i] = pg[i] * (stable_sigmoid(x) - t);
        } else if (x >= lo && x <= hi) {
          o[i] = pg[i] * ((T(1) - t) / (T(1) - x) - t / x);
        } else {
          o[i] = T(0);
        }
      });
    }
    if (gz) {
      rz = TensorRef(new_tensor(p->dtype, shape_of(p)));
      T* o = data_as<T>(rz.get());
      parallel_for(n, par, [&](int64_t i) {
        const T x = pp[i];
        if (logits) {
          o[i] = -pg[i] * x;
        } else {
          const T q = std::min(std::max(x, lo), hi);
          o[i] = pg[i] * (std::log(T(1) - q) - std::log(q));
        }
      });
    }
  });
  if (gz) *gz = rz.release();
  if (gp) *gp = rp.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

mln_tensor* mln_binary_accuracy(const mln_tensor* t, const mln_tensor* p, double threshold) {
  MLN_TRY
  check_tensor(t, "binary_accuracy", "t");
  check_tensor(p, "binary_accuracy", "p");
  if (shape_of(t) != shape_of(p) || t->dtype != p->dtype || p->ndim < 1)
    fail(MLN_ERR_SHAPE, "binary_accuracy: t and p must have one shape (rank >= 1) and dtype, got ",
         shape_str(shape_of(t)), " ", dtype_name(t->dtype), " and ", shape_str(shape_of(p)), " ",
         dtype_name(p->dtype));
  Shape os(p->shape, p->shape + p->ndim - 1);
  TensorRef out;
  dispatch_float(p->dtype, "binary_accuracy", [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(p->dtype, os));
    const int64_t n = p->shape[p->ndim - 1];
    const int64_t rows = shape_numel(os);
    const T* pt = data_as<T>(t);
    const T* pp = data_as<T>(p);
    T* po = data_as<T>(out.get());
    const T thr = T(threshold);
    for (int64_t r = 0; r < rows; ++r) {
      int64_t hits = 0;
      for (int64_t j = 0; j < n; ++j) {
        const T pred = pp[r * n + j] > thr ? T(1) : T(0);
        hits += pred == pt[r * n + j] ? 1 : 0;
      }
      po[r] = n == 0 ? T(0) : T(double(hits) / double(n));
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"

// ---- categorical cross-entropy (probabilities, logits, or softmax + loss in one kernel) ------

namespace mln {
namespace {

void check_cce(const mln_tensor* t, const mln_tensor* x, int mode, const char* op) {
  check_tensor(t, op, "t");
  check_tensor(x, op, "x");
  if (mode != MLN_CCE_PROBS && mode != MLN_CCE_LOGITS && mode != MLN_CCE_SOFTMAX)
    fail(MLN_ERR_ARGUMENT, op, ": mode ", mode,
         " is not one of MLN_CCE_PROBS (0), MLN_CCE_LOGITS (1), MLN_CCE_SOFTMAX (2)");
  if (x->ndim < 1 || shape_of(t) != shape_of(x) || t->dtype != x->dtype)
    fail(MLN_ERR_SHAPE, op, ": t and x must have one shape (rank >= 1) and dtype, got ",
         shape_str(shape_of(t)), " ", dtype_name(t->dtype), " and ", shape_str(shape_of(x)), " ",
         dtype_name(x->dtype));
  if (!is_float(x->dtype))
    fail(MLN_ERR_DTYPE, op, ": expected float32 or float64, got ", dtype_name(x->dtype));
}

/** One row's quantities shared by the forward and backward passes. For PROBS: s = sum x (q = x /
 * s); for LOGITS and SOFTMAX: m = max x, s = sum exp(x - m), lse = m + log s. */
template <typename T>
struct CceRow {
  double s = 0, m = 0, lse = 0;
  CceRow(const T* x, int64_t c, int mode) {
    if (mode == MLN_CCE_PROBS) {
      for (int64_t k = 0; k < c; ++k) s += double(x[k]);
      return;
    }
    m = c > 0 ? double(x[0]) : 0.0;
    for (int64_t k = 1; k < c; ++k) m = double(x[k]) > m ? double(x[k]) : m;
    for (int64_t k = 0; k < c; ++k) s += std::exp(double(x[k]) - m);
    lse = m + std::log(s);
  }
  /** The probability Keras's formula clips (q = x / s, or softmax(x)), and log of it clipped. */
  void prob(const T* x, int64_t k, int mode, double lo, double hi, double& q, double& logq,
            bool& in) const {
    if (mode == MLN_CCE_PROBS) {
      q = double(T(double(x[k]) / s));
    } else {
      q = std::exp(double(x[k]) - lse);
    }
    in = q >= lo && q <= hi;
    if (mode == MLN_CCE_LOGITS) {
      logq = double(x[k]) - lse;
    } else if (in) {
      logq = mode == MLN_CCE_SOFTMAX ? double(x[k]) - lse : std::log(q);
    } else {
      logq = std::log(q < lo ? lo : hi);
    }
  }
};

}  // namespace
}  // namespace mln

extern "C" {

mln_tensor* mln_categorical_crossentropy(const mln_tensor* t, const mln_tensor* x, double eps,
                                         int mode) {
  MLN_TRY
  const char* op = "categorical_crossentropy";
  if (DeviceKernels* k = device_kernels(x, t, op)) return k->categorical_crossentropy(t, x, eps, mode);
  check_cce(t, x, mode, op);
  Shape os(x->shape, x->shape + x->ndim - 1);
  TensorRef out(new_tensor(x->dtype, os));
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const int64_t c = x->shape[x->ndim - 1];
    const int64_t rows = shape_numel(os);
    const T* px = data_as<T>(x);
    const T* pt = data_as<T>(t);
    T* po = data_as<T>(out.get());
    const double lo = double(T(eps)), hi = double(T(1.0 - eps));
    parallel_for(rows, rows * c > kParallelGrain && num_threads() > 1, [&](int64_t r) {
      const T* xr = px + r * c;
      const T* tr = pt + r * c;
      CceRow<T> row(xr, c, mode);
      double acc = 0;
      for (int64_t k = 0; k < c; ++k) {
        double q, logq;
        bool in;
        row.prob(xr, k, mode, lo, hi, q, logq, in);
        acc -= double(tr[k]) * logq;
      }
      po[r] = T(acc);
    });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

int mln_categorical_crossentropy_backward(const mln_tensor* t, const mln_tensor* x,
                                          const mln_tensor* gy, double eps, int mode,
                                          mln_tensor** gt, mln_tensor** gx) {
  MLN_TRY
  const char* op = "categorical_crossentropy_backward";
  if (DeviceKernels* k = device_kernels(x, t, op)) {
    if (gt) *gt = nullptr;
    if (gx) *gx = nullptr;
    k->categorical_crossentropy_backward(t, x, gy, eps, mode, gt, gx);
    return MLN_OK;
  }
  check_cce(t, x, mode, op);
  check_tensor(gy, op, "gy");
  Shape os(x->shape, x->shape + x->ndim - 1);
  if (shape_of(gy) != os || gy->dtype != x->dtype)
    fail(MLN_ERR_SHAPE, op, ": gy must have shape ", shape_str(os), " and x's dtype, got ",
         shape_str(shape_of(gy)), " ", dtype_name(gy->dtype));
  if (gt) *gt = nullptr;
  if (gx) *gx = nullptr;
  TensorRef rt, rx;
  if (gt) rt = TensorRef(new_tensor(x->dtype, shape_of(x)));
  if (gx) rx = TensorRef(new_tensor(x->dtype, shape_of(x)));
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const int64_t c = x->shape[x->ndim - 1];
    const int64_t rows = shape_numel(os);
    const T* px = data_as<T>(x);
    const T* pt = data_as<T>(t);
    const T* pg = data_as<T>(gy);
    T* ot = gt ? data_as<T>(rt.get()) : nullptr;
    T* ox = gx ? data_as<T>(rx.get()) : nullptr;
    const double lo = double(T(eps)), hi = double(T(1.0 - eps));
    parallel_for(rows, rows * c > kParallelGrain && num_threads() > 1, [&](int64_t r) {
      const T* xr = px + r * c;
      const T* tr = pt + r * c;
      const double g = double(pg[r]);
      CceRow<T> row(xr, c, mode);
      // sum_k of t_k over the classes whose probability passed the clip (all of them for logits),
      // and for PROBS sum_k dL/dq_k q_k.
      // The row's probabilities are computed once; rows up to kCceStack classes keep them here.
      constexpr int64_t kCceStack = 64;
      double qs[kCceStack];
      double tin = 0, gqq = 0;
      for (int64_t k = 0; k < c; ++k) {
        double q, logq;
        bool in;
        row.prob(xr, k, mode, lo, hi, q, logq, in);
        if (k < kCceStack) qs[k] = q;
        if (ot) ot[r * c + k] = T(-g * logq);
        if (mode == MLN_CCE_LOGITS || in) {
          tin += double(tr[k]);
          if (mode == MLN_CCE_PROBS) gqq += -g * double(tr[k]);  // (-g t_k / q_k) * q_k
        }
      }
      if (!ox) return;
      T* o = ox + r * c;
      for (int64_t k = 0; k < c; ++k) {
        double q = k < kCceStack ? qs[k] : 0.0, logq;
        bool in;
        if (k >= kCceStack) row.prob(xr, k, mode, lo, hi, q, logq, in);
        in = q >= lo && q <= hi;
        const bool pass = mode == MLN_CCE_LOGITS || in;
        if (mode == MLN_CCE_PROBS) {
          // q = x / s: dL/dx_k = (dL/dq_k - sum_j dL/dq_j q_j) / s
          const double gq = pass ? -g * double(tr[k]) / q : 0.0;
          o[k] = T((gq - gqq) / row.s);
        } else {
          // through the softmax: dL/dx_k = g (p_k sum_{j in range} t_j - t_k [k in range])
          o[k] = T(g * (q * tin - (pass ? double(tr[k]) : 0.0)));
        }
      }
    });
  });
  if (gt) *gt = rt.release();
  if (gx) *gx = rx.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

}  // extern "C"
