// Recurrent layers (SimpleRNN, LSTM, GRU) over a whole sequence in one call, forward and backward.
//
// Why a fused loop over oneDNN's GEMM rather than oneDNN's RNN primitives: Keras's cells do not
// all fit them. oneDNN's LSTM fixes the gate activation to the logistic sigmoid (Keras 2.2's
// default, the book's, is hard_sigmoid), its vanilla RNN and GRU offer no hard_sigmoid either, and
// Keras 3's recurrent dropout multiplies the previous state by a mask inside the cell, which the
// primitives cannot express. One kernel serves every variant instead: the input projection of all
// steps is one GEMM, each step is one GEMM with the recurrent kernel plus an element-wise pass,
// and the backward pass accumulates the weight gradients of all steps in three GEMMs at the end.
// The GEMMs are oneDNN's dnnl_sgemm (stateless and thread-safe, so there is no primitive to cache
// and no scratchpad to share); float64 uses a plain loop, for gradient checks.
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core.hpp"
#include "fast_math.hpp"
#include "plan.hpp"

namespace mln {
namespace {

constexpr const char* kOp = "rnn";

/** Set while a serial recurrence runs its step GEMMs on the calling thread alone. */
thread_local bool t_one_thread = false;

/** C (M, N) = alpha * op(A) @ op(B) + beta * C, row-major with leading dimensions. */
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
          int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0.f ? 0.f : beta * c[i * ldc + j];
    return;
  }
  if (!omp_in_parallel() && !t_one_thread) sync_omp_threads();
  dnnl_status_t st = dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb,
                                beta, c, ldc);
  if (st != dnnl_success) fail(MLN_ERR_BACKEND, kOp, ": oneDNN sgemm failed with status ", int(st));
}

void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, double alpha, const double* a,
          int64_t lda, const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  parallel_for(m, m * n * k > kParallelGrain && num_threads() > 1, [&](int64_t i) {
    for (int64_t j = 0; j < n; ++j) {
      double acc = 0;
      for (int64_t q = 0; q < k; ++q)
        acc += (ta ? a[q * lda + i] : a[i * lda + q]) * (tb ? b[j * ldb + q] : b[q * ldb + j]);
      c[i * ldc + j] = alpha * acc + (beta == 0 ? 0 : beta * c[i * ldc + j]);
    }
  });
}

/**
 * v[0..n) = act(v) in place. The switch sits outside the loops and float32 uses the straight-line
 * fast_math functions, so that each loop vectorises: the gate activations were scalar libm calls,
 * which made the element-wise passes cost more than the step GEMMs.
 */
template <typename T>
void act_vec(int a, T* __restrict v, int64_t n, T slope) {
  switch (a) {
    case MLN_RNN_ACT_TANH:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) v[i] = act_tanh(v[i]);
      break;
    case MLN_RNN_ACT_SIGMOID:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) v[i] = stable_sigmoid(v[i]);
      break;
    case MLN_RNN_ACT_HARD_SIGMOID:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) {
        const T u = slope * v[i] + T(0.5);
        v[i] = u < T(0) ? T(0) : (u > T(1) ? T(1) : u);
      }
      break;
    case MLN_RNN_ACT_RELU:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) v[i] = v[i] > T(0) ? v[i] : T(0);
      break;
    default:
      break;
  }
}

/** out[0..n) = act'(y) from the activation's outputs y (act_d over a vector, switch hoisted). */
template <typename T>
void act_d_vec(int a, const T* __restrict y, T* __restrict out, int64_t n, T slope) {
  switch (a) {
    case MLN_RNN_ACT_TANH:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) out[i] = T(1) - y[i] * y[i];
      break;
    case MLN_RNN_ACT_SIGMOID:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) out[i] = y[i] * (T(1) - y[i]);
      break;
    case MLN_RNN_ACT_HARD_SIGMOID:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) out[i] = (y[i] > T(0) && y[i] < T(1)) ? slope : T(0);
      break;
    case MLN_RNN_ACT_RELU:
#pragma omp simd
      for (int64_t i = 0; i < n; ++i) out[i] = y[i] > T(0) ? T(1) : T(0);
      break;
    default:
      for (int64_t i = 0; i < n; ++i) out[i] = T(1);
      break;
  }
}

/** The checked sizes of one call. */
struct Dims {
  int cell, act, ract, flags;
  int64_t n, t, f, h, k;  // batch, steps, features, units, gates
  int64_t kh, ext, wsw;   // k * h, extra workspace columns, workspace row width
  bool reverse() const { return flags & MLN_RNN_GO_BACKWARDS; }
  bool reset_after() const { return cell == MLN_RNN_GRU && (flags & MLN_RNN_RESET_AFTER); }
  int64_t tx(int64_t s) const { return reverse() ? t - 1 - s : s; }
};

void expect_shape(const mln_tensor* t, const Shape& s, const char* arg, int dtype) {
  check_tensor(t, kOp, arg);
  if (shape_of(t) != s)
    fail(MLN_ERR_SHAPE, kOp, ": argument '", arg, "' expected shape ", shape_str(s), " but was ",
         shape_str(shape_of(t)));
  if (t->dtype != dtype)
    fail(MLN_ERR_DTYPE, kOp, ": argument '", arg, "' expected dtype ", dtype_name(dtype),
         " but was ", dtype_name(t->dtype));
}

Dims check_inputs(int cell, int act, int ract, int flags, mln_tensor* const* in) {
  if (!in) fail(MLN_ERR_ARGUMENT, kOp, ": argument 'in' is null");
  if (cell < MLN_RNN_SIMPLE || cell > MLN_RNN_GRU)
    fail(MLN_ERR_ARGUMENT, kOp, ": argument 'cell' expected 0 (SimpleRNN), 1 (LSTM) or 2 (GRU) but was ",
         cell);
  for (int a : {act, ract})
    if (a < MLN_RNN_ACT_LINEAR || a > MLN_RNN_ACT_RELU)
      fail(MLN_ERR_ARGUMENT, kOp, ": activation code expected 0..4 but was ", a);
  if (flags & ~(MLN_RNN_GO_BACKWARDS | MLN_RNN_RESET_AFTER))
    fail(MLN_ERR_ARGUMENT, kOp, ": argument 'flags' has unknown bits: ", flags);
  Dims d{cell, act, ract, flags, 0, 0, 0, 0, 0, 0, 0, 0};
  const mln_tensor* x = in[0];
  check_tensor(x, kOp, "x");
  if (x->ndim != 3)
    fail(MLN_ERR_SHAPE, kOp, ": argument 'x' expected rank 3 (batch, timesteps, features) but was ",
         shape_str(shape_of(x)));
  if (!is_float(x->dtype))
    fail(MLN_ERR_DTYPE, kOp, ": argument 'x' expected a float dtype but was ", dtype_name(x->dtype));
  d.n = x->shape[0];
  d.t = x->shape[1];
  d.f = x->shape[2];
  if (d.t < 1) fail(MLN_ERR_SHAPE, kOp, ": argument 'x' expected at least one time step but was ",
                    shape_str(shape_of(x)));
  d.k = cell == MLN_RNN_LSTM ? 4 : cell == MLN_RNN_GRU ? 3 : 1;
  const mln_tensor* u = in[2];
  check_tensor(u, kOp, "recurrent_kernel");
  if (u->ndim != 2 || u->shape[0] < 1 || u->shape[1] != d.k * u->shape[0])
    fail(MLN_ERR_SHAPE, kOp, ": argument 'recurrent_kernel' expected shape (units, ", d.k,
         " * units) but was ", shape_str(shape_of(u)));
  d.h = u->shape[0];
  d.kh = u->shape[1];
  expect_shape(u, {d.h, d.kh}, "recurrent_kernel", x->dtype);
  expect_shape(in[1], {d.f, d.kh}, "kernel", x->dtype);
  if (in[3])
    expect_shape(in[3], d.reset_after() ? Shape{2, d.kh} : Shape{d.kh}, "bias", x->dtype);
  if (in[4]) expect_shape(in[4], {d.n, d.h}, "initial_h", x->dtype);
  if (in[5]) {
    if (cell != MLN_RNN_LSTM)
      fail(MLN_ERR_ARGUMENT, kOp, ": argument 'initial_c' is only for an LSTM");
    expect_shape(in[5], {d.n, d.h}, "initial_c", x->dtype);
  }
  if (in[6]) expect_shape(in[6], {d.n, d.h}, "recurrent_mask", x->dtype);
  if (in[7]) expect_shape(in[7], {d.n, d.t}, "step_mask", x->dtype);
  d.ext = (cell == MLN_RNN_LSTM || d.reset_after()) ? d.h : 0;
  d.wsw = d.kh + d.ext;
  checked_mul(checked_mul(d.n, d.t, kOp, "workspace"), d.wsw, kOp, "workspace");
  return d;
}

/** Rows per block of for_row_blocks: small enough to balance, big enough for the step GEMMs. */
constexpr int64_t kMinBlockRows = 16;
/** Blocks per thread of for_row_blocks. */
constexpr int64_t kBlocksPerThread = 4;

/**
 * Runs body(r0, r1) on disjoint blocks of the batch rows [0, n), in one parallel region: the
 * samples of a batch recur independently, so a thread walks all time steps of a block with no
 * barrier per step (a barrier per step and GEMM was slower than one thread on a loaded machine).
 * There are several blocks per thread, handed out dynamically: with one block per thread, a thread
 * that the OS descheduled held the whole call up at the region's end (on the shared machine the
 * calling thread spent about a third of an LSTM training step waiting there). The blocks are fixed
 * by n and the thread count alone, so a block's results never depend on which thread ran it. GEMMs
 * inside run single-threaded on their block. Errors thrown in a block are rethrown after the region
 * (no exception may leave an OpenMP region).
 */
template <typename F>
void for_row_blocks(int64_t n, int64_t work, F&& body) {
  const int nt = int(std::min<int64_t>(num_threads(), n));
  if (nt > 1 && work > kParallelGrain) {
    const int64_t blocks =
        std::max<int64_t>(nt, std::min<int64_t>(nt * kBlocksPerThread, n / kMinBlockRows));
    std::string err;
    int status = MLN_OK;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 1)
    for (int64_t bk = 0; bk < blocks; ++bk) {
      const int64_t r0 = n * bk / blocks, r1 = n * (bk + 1) / blocks;
      try {
        if (r1 > r0) body(r0, r1);
      } catch (const Error& e) {
#pragma omp critical(mln_rnn_error)
        if (status == MLN_OK) status = e.status, err = e.what();
      } catch (const std::exception& e) {
#pragma omp critical(mln_rnn_error)
        if (status == MLN_OK) status = MLN_ERR_INTERNAL, err = e.what();
      }
    }
    if (status != MLN_OK) fail(status, err);
    return;
  }
  // One thread: keep the step GEMMs on it too (a team per small GEMM costs more than it saves).
  omp_set_num_threads(1);
  t_one_thread = true;
  try {
    body(int64_t(0), n);
  } catch (...) {
    t_one_thread = false;
    sync_omp_threads();
    throw;
  }
  t_one_thread = false;
  sync_omp_threads();
}

/** hm = h_prev * mask for step s and rows [r0, r1): the previous output, h0 or zeros. */
template <typename T>
void previous_state(const Dims& d, int64_t s, int64_t r0, int64_t r1, const T* y, const T* h0,
                    const T* mask, T* hm, int64_t ld) {
  for (int64_t i = r0; i < r1; ++i) {
    const T* hp = s > 0 ? y + (i * d.t + s - 1) * d.h : (h0 ? h0 + i * d.h : nullptr);
    T* o = hm + (i - r0) * ld;
    for (int64_t j = 0; j < d.h; ++j) {
      T v = hp ? hp[j] : T(0);
      o[j] = mask ? v * mask[i * d.h + j] : v;
    }
  }
}

/** A masked step's outputs: h (and an LSTM's c) of the previous step, or the initial ones. */
template <typename T>
void carry_state(const Dims& d, int64_t s, int64_t i, int64_t tx, const T* y, const T* h0,
                 const T* c0, T* ws, T* yo) {
  const int64_t h = d.h, t = d.t;
  const T* hp = s > 0 ? y + (i * t + s - 1) * h : (h0 ? h0 + i * h : nullptr);
  for (int64_t j = 0; j < h; ++j) yo[j] = hp ? hp[j] : T(0);
  if (d.cell == MLN_RNN_LSTM) {
    const int64_t ptx = d.reverse() ? tx + 1 : tx - 1;
    const T* cp = s > 0 ? ws + (i * t + ptx) * d.wsw + d.kh : (c0 ? c0 + i * h : nullptr);
    T* c = ws + (i * t + tx) * d.wsw + d.kh;
    for (int64_t j = 0; j < h; ++j) c[j] = cp ? cp[j] : T(0);
  }
}

template <typename T>
void forward(const Dims& d, T slope, mln_tensor* const* in, T* y, T* clast, T* ws) {
  const T* x = data_as<T>(in[0]);
  const T* w = data_as<T>(in[1]);
  const T* u = data_as<T>(in[2]);
  const T* b = in[3] ? data_as<T>(in[3]) : nullptr;
  const T* h0 = in[4] ? data_as<T>(in[4]) : nullptr;
  const T* c0 = in[5] ? data_as<T>(in[5]) : nullptr;
  const T* mask = in[6] ? data_as<T>(in[6]) : nullptr;
  const T* keep = in[7] ? data_as<T>(in[7]) : nullptr;
  const int64_t n = d.n, t = d.t, h = d.h, kh = d.kh, wsw = d.wsw;
  // The input projection of every step at once, into the gate columns of the workspace (the
  // input bias is added in the step loop, which reads those columns anyway).
  gemm(false, false, n * t, kh, d.f, T(1), x, d.f, w, kh, T(0), ws, wsw);
  const bool gru_before = d.cell == MLN_RNN_GRU && !d.reset_after();
  // Zeros where an input is absent (no bias, no initial c, no initial h), so that the loops below
  // stay branch-free and vectorise.
  const std::vector<T> zero(size_t(std::max(kh, n * h)), T(0));
  const T* bin = b ? b : zero.data();
  const T* brec = (b && d.reset_after()) ? b + kh : zero.data();
  for_row_blocks(n, n * t * h * kh, [&](int64_t r0, int64_t r1) {
    const int64_t m = r1 - r0;
    std::vector<T> hm(mask ? size_t(m * h) : 0), rec(size_t(m * kh));
    std::vector<T> rh(gru_before ? size_t(m * h) : 0), tmp(static_cast<size_t>(h));
    for (int64_t s = 0; s < t; ++s) {
      const int64_t tx = d.tx(s);
      // h_prev of the block's rows: read in place (the previous step's outputs, h0 or zeros)
      // unless a recurrent-dropout mask scales it into hm.
      const T* hprev = s > 0 ? y + (r0 * t + s - 1) * h : (h0 ? h0 : zero.data()) + r0 * h;
      int64_t ldh = s > 0 ? t * h : h;
      if (mask) {
        previous_state(d, s, r0, r1, y, h0, mask, hm.data(), h);
        hprev = hm.data();
        ldh = h;
      }
      gemm(false, false, m, gru_before ? 2 * h : kh, h, T(1), hprev, ldh, u, kh, T(0), rec.data(),
           kh);
      if (gru_before) {
        // z and r first; the candidate needs (r * h_prev) @ U_h.
        for (int64_t li = 0; li < m; ++li) {
          T* __restrict g = ws + ((r0 + li) * t + tx) * wsw;
          const T* __restrict r = rec.data() + li * kh;
#pragma omp simd
          for (int64_t j = 0; j < 2 * h; ++j) g[j] = g[j] + bin[j] + r[j];
          act_vec(d.ract, g, 2 * h, slope);
          const T* __restrict hp = hprev + li * ldh;
          T* __restrict o = rh.data() + li * h;
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) o[j] = g[h + j] * hp[j];
        }
        gemm(false, false, m, h, h, T(1), rh.data(), h, u + 2 * h, kh, T(0), rec.data() + 2 * h,
             kh);
      }
      for (int64_t li = 0; li < m; ++li) {
        const int64_t i = r0 + li;
        T* __restrict g = ws + (i * t + tx) * wsw;
        const T* __restrict r = rec.data() + li * kh;
        const T* __restrict hp = hprev + li * ldh;
        T* __restrict yo = y + (i * t + s) * h;
        if (keep && keep[i * t + tx] == T(0)) {
          // A masked step (Keras's mask): the states carry over unchanged and the output repeats
          // the previous one; the gates are left unused (the backward pass skips the step).
          carry_state(d, s, i, tx, y, h0, c0, ws, yo);
          continue;
        }
        if (d.cell == MLN_RNN_SIMPLE) {
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) g[j] = g[j] + bin[j] + r[j];
          act_vec(d.act, g, h, slope);
          std::memcpy(yo, g, size_t(h) * sizeof(T));
        } else if (d.cell == MLN_RNN_LSTM) {
          const int64_t ptx = d.reverse() ? tx + 1 : tx - 1;
          const T* __restrict cp =
              s > 0 ? ws + (i * t + ptx) * wsw + kh : (c0 ? c0 + i * h : zero.data());
          T* __restrict c = g + kh;
#pragma omp simd
          for (int64_t q = 0; q < kh; ++q) g[q] = g[q] + bin[q] + r[q];
          act_vec(d.ract, g, 2 * h, slope);  // i and f
          act_vec(d.act, g + 2 * h, h, slope);
          act_vec(d.ract, g + 3 * h, h, slope);
          T* __restrict tc = tmp.data();
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) tc[j] = c[j] = g[h + j] * cp[j] + g[j] * g[2 * h + j];
          act_vec(d.act, tc, h, slope);
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) yo[j] = g[3 * h + j] * tc[j];
        } else {
          if (d.reset_after()) {
            T* __restrict rhs = g + kh;
#pragma omp simd
            for (int64_t j = 0; j < 2 * h; ++j) g[j] = g[j] + bin[j] + r[j] + brec[j];
            act_vec(d.ract, g, 2 * h, slope);
#pragma omp simd
            for (int64_t j = 0; j < h; ++j) {
              rhs[j] = r[2 * h + j] + brec[2 * h + j];
              g[2 * h + j] = g[2 * h + j] + bin[2 * h + j] + g[h + j] * rhs[j];
            }
          } else {
#pragma omp simd
            for (int64_t j = 0; j < h; ++j) g[2 * h + j] = g[2 * h + j] + bin[2 * h + j] + r[2 * h + j];
          }
          act_vec(d.act, g + 2 * h, h, slope);
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) yo[j] = g[j] * hp[j] + (T(1) - g[j]) * g[2 * h + j];
        }
      }
    }
  });
  if (clast) {
    const int64_t ltx = d.tx(t - 1);
    for (int64_t i = 0; i < n; ++i)
      std::memcpy(clast + i * h, ws + (i * t + ltx) * wsw + kh, size_t(h) * sizeof(T));
  }
}

/** An uninitialised buffer of n values from the caching allocator, returned to it on scope exit. */
template <typename T>
class Scratch {
 public:
  explicit Scratch(int64_t n)
      : n_(size_t(n) * sizeof(T)), p_(n > 0 ? static_cast<T*>(cached_alloc(n_)) : nullptr) {}
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    if (p_) cached_free(p_, n_);
  }
  T* data() const { return p_; }
  T& operator[](size_t i) const { return p_[i]; }

 private:
  size_t n_;
  T* p_;
};

struct Grads {
  TensorRef gx, gw, gu, gb, gh0, gc0;
};

template <typename T>
void backward(const Dims& d, T slope, mln_tensor* const* in, Grads& out) {
  const T* x = data_as<T>(in[0]);
  const T* w = data_as<T>(in[1]);
  const T* u = data_as<T>(in[2]);
  const T* h0 = in[4] ? data_as<T>(in[4]) : nullptr;
  const T* c0 = in[5] ? data_as<T>(in[5]) : nullptr;
  const T* mask = in[6] ? data_as<T>(in[6]) : nullptr;
  const T* keep = in[7] ? data_as<T>(in[7]) : nullptr;
  const T* y = data_as<T>(in[8]);
  const T* ws = data_as<T>(in[9]);
  const T* gy = in[10] ? data_as<T>(in[10]) : nullptr;
  const T* gcl = in[11] ? data_as<T>(in[11]) : nullptr;
  const int64_t n = d.n, t = d.t, h = d.h, kh = d.kh, wsw = d.wsw;
  const bool gru_before = d.cell == MLN_RNN_GRU && !d.reset_after();
  // Per (sample, input step), in x's time order: the pre-activation gradients seen by the
  // kernel (dgx) and by the recurrent kernel (dgr, different only for a GRU with reset_after),
  // and what the recurrent kernel multiplied (hms; for a GRU without it, r * h_prev in rhm).
  // These are large (an LSTM's dgx is n * t * 4h) and every element is written before it is read,
  // so they come uninitialised from the caching allocator: fresh zeroed vectors cost page faults
  // and a memset per call.
  Scratch<T> dgx(n * t * kh), dgr(d.reset_after() ? n * t * kh : 0);
  T* dgrp = d.reset_after() ? dgr.data() : dgx.data();
  Scratch<T> hms(n * t * h), rhm(gru_before ? n * t * h : 0);
  std::vector<T> dh(size_t(n * h), T(0)), dc(size_t(n * h), T(0)), dhm(size_t(n * h));
  if (gcl) std::memcpy(dc.data(), gcl, size_t(n * h) * sizeof(T));
  const int64_t ld = t * h;  // stride between samples in hms and rhm
  const int64_t ldg = t * kh;
  const std::vector<T> zero(size_t(h), T(0));  // c_prev where there is no initial c
  for_row_blocks(n, n * t * h * kh, [&](int64_t r0, int64_t r1) {
    const int64_t m = r1 - r0;
    std::vector<T> drh(gru_before ? size_t(m * h) : 0), tmp(size_t(kh + 2 * h));
    for (int64_t s = t - 1; s >= 0; --s) {
      const int64_t tx = d.tx(s);
      T* hm = hms.data() + r0 * ld + tx * h;
      previous_state(d, s, r0, r1, y, h0, mask, hm, ld);
      for (int64_t li = 0; li < m; ++li) {
        const int64_t i = r0 + li;
        const T* g = ws + (i * t + tx) * wsw;
        T* dg = dgx.data() + (i * t + tx) * kh;
        T* dr = dgrp + (i * t + tx) * kh;
        T* dhi = dh.data() + i * h;
        T* dmi = dhm.data() + i * h;
        const T* hp = hm + li * ld;
        if (gy)
          for (int64_t j = 0; j < h; ++j) dhi[j] += gy[(i * t + s) * h + j];
        if (keep && keep[i * t + tx] == T(0)) {
          // A masked step passed h and c through: their gradients flow on unchanged (dh and dc
          // stay; see the end of the step) and the step's gates get none.
          std::fill(dg, dg + kh, T(0));
          if (d.reset_after()) std::fill(dr, dr + kh, T(0));
          std::fill(dmi, dmi + h, T(0));
          if (gru_before) std::fill(rhm.data() + i * ld + tx * h, rhm.data() + i * ld + (tx + 1) * h, T(0));
          continue;
        }
        // the activations' derivatives first (vector passes), then plain arithmetic loops
        T* __restrict da = tmp.data();
        if (d.cell == MLN_RNN_SIMPLE) {
          act_d_vec(d.act, g, da, h, slope);
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) dg[j] = dhi[j] * da[j], dmi[j] = 0;
        } else if (d.cell == MLN_RNN_LSTM) {
          const int64_t ptx = d.reverse() ? tx + 1 : tx - 1;
          const T* __restrict cp =
              s > 0 ? ws + (i * t + ptx) * wsw + kh : (c0 ? c0 + i * h : zero.data());
          T* __restrict dci = dc.data() + i * h;
          T* __restrict tc = da + kh;
          T* __restrict dtc = tc + h;
          act_d_vec(d.ract, g, da, 2 * h, slope);
          act_d_vec(d.act, g + 2 * h, da + 2 * h, h, slope);
          act_d_vec(d.ract, g + 3 * h, da + 3 * h, h, slope);
          std::memcpy(tc, g + kh, size_t(h) * sizeof(T));
          act_vec(d.act, tc, h, slope);
          act_d_vec(d.act, tc, dtc, h, slope);
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) {
            const T ig = g[j], fg = g[h + j], cg = g[2 * h + j], og = g[3 * h + j];
            const T dcj = dci[j] + dhi[j] * og * dtc[j];
            dg[j] = dcj * cg * da[j];
            dg[h + j] = dcj * cp[j] * da[h + j];
            dg[2 * h + j] = dcj * ig * da[2 * h + j];
            dg[3 * h + j] = dhi[j] * tc[j] * da[3 * h + j];
            dci[j] = dcj * fg;
            dmi[j] = 0;
          }
        } else {
          act_d_vec(d.ract, g, da, 2 * h, slope);
          act_d_vec(d.act, g + 2 * h, da + 2 * h, h, slope);
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) {
            const T z = g[j], hh = g[2 * h + j];
            const T dah = dhi[j] * (T(1) - z) * da[2 * h + j];
            dmi[j] = dhi[j] * z;
            dg[j] = dhi[j] * (hp[j] - hh) * da[j];
            dg[2 * h + j] = dah;
          }
          if (d.reset_after()) {
#pragma omp simd
            for (int64_t j = 0; j < h; ++j) {
              const T dah = dg[2 * h + j];
              dg[h + j] = dah * g[kh + j] * da[h + j];
              dr[j] = dg[j], dr[h + j] = dg[h + j], dr[2 * h + j] = dah * g[h + j];
            }
          } else {
            T* __restrict o = rhm.data() + i * ld + tx * h;
#pragma omp simd
            for (int64_t j = 0; j < h; ++j) o[j] = g[h + j] * hp[j];
          }
        }
      }
      if (gru_before) {
        // d(r * h_prev) = dah @ U_h^T, then the reset gate's and h_prev's share of it.
        gemm(false, true, m, h, h, T(1), dgx.data() + (r0 * t + tx) * kh + 2 * h, ldg, u + 2 * h,
             kh, T(0), drh.data(), h);
        for (int64_t li = 0; li < m; ++li) {
          const int64_t i = r0 + li;
          T* dg = dgx.data() + (i * t + tx) * kh;
          const T* g = ws + (i * t + tx) * wsw;
          const T* hp = hm + li * ld;
          T* __restrict dr = tmp.data();
          act_d_vec(d.ract, g + h, dr, h, slope);
#pragma omp simd
          for (int64_t j = 0; j < h; ++j) {
            dg[h + j] = drh[li * h + j] * hp[j] * dr[j];
            dhm[i * h + j] += drh[li * h + j] * g[h + j];
          }
        }
      }
      // dL/d h_prev (masked) += d gates @ U^T (the z and r columns only for a GRU without
      // reset_after: its candidate's share went through r above).
      gemm(false, true, m, h, gru_before ? 2 * h : kh, T(1), dgrp + (r0 * t + tx) * kh, ldg, u, kh,
           T(1), dhm.data() + r0 * h, h);
      for (int64_t i = r0; i < r1; ++i) {
        if (keep && keep[i * t + tx] == T(0)) continue;
        for (int64_t q = i * h; q < (i + 1) * h; ++q)
          dh[size_t(q)] = mask ? dhm[size_t(q)] * mask[q] : dhm[size_t(q)];
      }
    }
  });
  // Weight gradients of all steps at once.
  gemm(false, true, n * t, d.f, kh, T(1), dgx.data(), kh, w, kh, T(0), data_as<T>(out.gx.get()), d.f);
  gemm(true, false, d.f, kh, n * t, T(1), x, d.f, dgx.data(), kh, T(0), data_as<T>(out.gw.get()), kh);
  T* gu = data_as<T>(out.gu.get());
  if (gru_before) {
    gemm(true, false, h, 2 * h, n * t, T(1), hms.data(), h, dgx.data(), kh, T(0), gu, kh);
    gemm(true, false, h, h, n * t, T(1), rhm.data(), h, dgx.data() + 2 * h, kh, T(0), gu + 2 * h, kh);
  } else {
    gemm(true, false, h, kh, n * t, T(1), hms.data(), h, dgrp, kh, T(0), gu, kh);
  }
  if (out.gb.get()) {
    T* gb = data_as<T>(out.gb.get());
    std::fill(gb, gb + (d.reset_after() ? 2 * kh : kh), T(0));
    for (int64_t r = 0; r < n * t; ++r)
      for (int64_t j = 0; j < kh; ++j) gb[j] += dgx[size_t(r * kh + j)];
    if (d.reset_after())
      for (int64_t r = 0; r < n * t; ++r)
        for (int64_t j = 0; j < kh; ++j) gb[kh + j] += dgr[size_t(r * kh + j)];
  }
  if (out.gh0.get()) std::memcpy(data_as<T>(out.gh0.get()), dh.data(), size_t(n * h) * sizeof(T));
  if (out.gc0.get()) std::memcpy(data_as<T>(out.gc0.get()), dc.data(), size_t(n * h) * sizeof(T));
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

int mln_rnn_forward(int cell, int activation, int recurrent_activation, int flags,
                    double hard_sigmoid_slope, mln_tensor* const* in, mln_tensor** out) {
  MLN_TRY
  if (!out) fail(MLN_ERR_ARGUMENT, kOp, ": argument 'out' is null");
  out[0] = out[1] = out[2] = nullptr;
  Dims d = check_inputs(cell, activation, recurrent_activation, flags, in);
  const int dt = in[0]->dtype;
  TensorRef y(new_tensor(dt, {d.n, d.t, d.h}, kOp));
  TensorRef ws(new_tensor(dt, {d.n, d.t, d.wsw}, kOp));
  TensorRef c;
  if (cell == MLN_RNN_LSTM) c = TensorRef(new_tensor(dt, {d.n, d.h}, kOp));
  dispatch_float(dt, kOp, [&](auto tag) {
    using T = decltype(tag);
    forward<T>(d, T(hard_sigmoid_slope), in, data_as<T>(y.get()),
               c.get() ? data_as<T>(c.get()) : nullptr, data_as<T>(ws.get()));
  });
  out[0] = y.release();
  out[1] = c.release();
  out[2] = ws.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

int mln_rnn_backward(int cell, int activation, int recurrent_activation, int flags,
                     double hard_sigmoid_slope, mln_tensor* const* in, mln_tensor** grads) {
  MLN_TRY
  if (!grads) fail(MLN_ERR_ARGUMENT, kOp, "_backward: argument 'grads' is null");
  for (int i = 0; i < 6; ++i) grads[i] = nullptr;
  Dims d = check_inputs(cell, activation, recurrent_activation, flags, in);
  const int dt = in[0]->dtype;
  expect_shape(in[8], {d.n, d.t, d.h}, "y", dt);
  expect_shape(in[9], {d.n, d.t, d.wsw}, "workspace", dt);
  if (in[10]) expect_shape(in[10], {d.n, d.t, d.h}, "gy", dt);
  if (in[11]) {
    if (cell != MLN_RNN_LSTM) fail(MLN_ERR_ARGUMENT, kOp, ": a cell-state gradient is only for an LSTM");
    expect_shape(in[11], {d.n, d.h}, "gc", dt);
  }
  Grads g;
  g.gx = TensorRef(new_tensor(dt, shape_of(in[0]), kOp));
  g.gw = TensorRef(new_tensor(dt, shape_of(in[1]), kOp));
  g.gu = TensorRef(new_tensor(dt, shape_of(in[2]), kOp));
  if (in[3]) g.gb = TensorRef(new_tensor(dt, shape_of(in[3]), kOp));
  if (in[4]) g.gh0 = TensorRef(new_tensor(dt, {d.n, d.h}, kOp));
  if (in[5]) g.gc0 = TensorRef(new_tensor(dt, {d.n, d.h}, kOp));
  dispatch_float(dt, kOp, [&](auto tag) {
    using T = decltype(tag);
    backward<T>(d, T(hard_sigmoid_slope), in, g);
  });
  grads[0] = g.gx.release();
  grads[1] = g.gw.release();
  grads[2] = g.gu.release();
  grads[3] = g.gb.release();
  grads[4] = g.gh0.release();
  grads[5] = g.gc0.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

}  // extern "C"
