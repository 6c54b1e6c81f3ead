// Reductions. Every reduction is built from "passes" of four primitive ops (SUM, PROD, MAX, MIN)
// over one run of adjacent reduced axes, seen as a [outer, reduced, inner] block:
//  - inner == 1: each output is a contiguous row, reduced with 16 independent lane accumulators
//    (vectorises, and for float32 sums also keeps the error of a long sum low);
//  - inner > 1: rows of `inner` elements are accumulated into a vector, also vectorised.
// Composite ops (MEAN, VAR, STD, LOGSUMEXP, ANY, ALL) and the backward passes combine those
// passes with the elementwise kernels.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "core.hpp"
#include "engine.hpp"
#include "plan.hpp"
#include "ops.hpp"

namespace mln {
namespace {

const char* const kReduceNames[MLN_REDUCE_OP_COUNT] = {
    "SUM", "MEAN", "MAX", "MIN", "PROD", "VAR", "STD", "LOGSUMEXP", "ANY", "ALL", "ARGMAX", "ARGMIN"};

std::string reduce_name(int op) {
  return op >= 0 && op < MLN_REDUCE_OP_COUNT ? kReduceNames[op] : "op " + std::to_string(op);
}

/** Accumulator type: float32 sums and products run in double; integer ones in int64 (numpy). */
template <int OP, typename T>
using AccOf = std::conditional_t<
    OP == MLN_MAX || OP == MLN_MIN, T,
    std::conditional_t<std::is_floating_point_v<T>, double, int64_t>>;
/** Output element type of a primitive pass. */
template <int OP, typename T>
using OutOf = std::conditional_t<OP == MLN_MAX || OP == MLN_MIN || std::is_floating_point_v<T>, T, int64_t>;

template <int OP, typename A>
inline A identity() {
  if constexpr (OP == MLN_SUM) return A(0);
  else if constexpr (OP == MLN_PROD) return A(1);
  else if constexpr (OP == MLN_MAX) {
    if constexpr (std::is_floating_point_v<A>) return -std::numeric_limits<A>::infinity();
    else return std::numeric_limits<A>::lowest();
  } else {
    if constexpr (std::is_floating_point_v<A>) return std::numeric_limits<A>::infinity();
    else return std::numeric_limits<A>::max();
  }
}

template <int OP, typename A>
inline A combine(A acc, A v) {
  if constexpr (OP == MLN_SUM) {
    if constexpr (std::is_same_v<A, int64_t>) return int64_t(uint64_t(acc) + uint64_t(v));
    else return acc + v;
  } else if constexpr (OP == MLN_PROD) {
    if constexpr (std::is_same_v<A, int64_t>) return int64_t(uint64_t(acc) * uint64_t(v));
    else return acc * v;
  } else if constexpr (OP == MLN_MAX) {
    if constexpr (std::is_floating_point_v<A>) return (v > acc || v != v) && acc == acc ? v : acc;
    else return v > acc ? v : acc;
  } else {
    if constexpr (std::is_floating_point_v<A>) return (v < acc || v != v) && acc == acc ? v : acc;
    else return v < acc ? v : acc;
  }
}

/** Reduces the contiguous row x[0..n) into one accumulator. */
template <int OP, typename T, typename A>
inline A reduce_row(const T* __restrict x, int64_t n) {
  constexpr int L = 16;
  A lanes[L];
  for (int l = 0; l < L; ++l) lanes[l] = identity<OP, A>();
  int64_t r = 0;
  for (; r + L <= n; r += L)
    for (int l = 0; l < L; ++l) lanes[l] = combine<OP, A>(lanes[l], A(x[r + l]));
  for (; r < n; ++r) lanes[0] = combine<OP, A>(lanes[0], A(x[r]));
  for (int w = L / 2; w > 0; w /= 2)
    for (int l = 0; l < w; ++l) lanes[l] = combine<OP, A>(lanes[l], lanes[l + w]);
  return lanes[0];
}

/** Elements per chunk of a contiguous row reduction: fixed, so results are independent of the
 * thread count. */
constexpr int64_t kReduceChunk = 4096;

/** One primitive pass over x viewed as [O, R, I]; y is [O, I]. */
template <int OP, typename T>
void reduce_pass(const T* x, OutOf<OP, T>* y, int64_t O, int64_t R, int64_t I) {
  using A = AccOf<OP, T>;
  using Out = OutOf<OP, T>;
  const int nt = num_threads();
  const bool par = O * R * I > kParallelGrain && nt > 1;
  if (I == 1) {
    // Rows (e.g. a full reduction) are split into chunks of a fixed length, reduced in parallel,
    // and the chunks' partial results combined in order: the chunking, and so the rounding of a
    // float sum, does not depend on the thread count.
    const int64_t clen = kReduceChunk;
    const int64_t chunks = std::max<int64_t>(1, (R + clen - 1) / clen);
    std::vector<A> part(size_t(O * chunks));
    parallel_for(O * chunks, par, [&](int64_t t) {
      int64_t o = t / chunks, c = t % chunks;
      int64_t b = c * clen, e = std::min(R, b + clen);
      part[t] = reduce_row<OP, T, A>(x + o * R + std::min(b, R), std::max<int64_t>(0, e - b));
    });
    for (int64_t o = 0; o < O; ++o) {
      A acc = part[o * chunks];
      for (int64_t c = 1; c < chunks; ++c) acc = combine<OP, A>(acc, part[o * chunks + c]);
      y[o] = Out(acc);
    }
    return;
  }
  // Rows of I elements are accumulated; blocks of the inner axis go to different threads.
  const int64_t blk = 2048;
  const int64_t nblk = (I + blk - 1) / blk;
  parallel_for(O * nblk, par, [&](int64_t t) {
    int64_t o = t / nblk, b = (t % nblk) * blk;
    int64_t len = std::min(blk, I - b);
    A acc[blk];
    for (int64_t i = 0; i < len; ++i) acc[i] = identity<OP, A>();
    const T* base = x + o * R * I + b;
    for (int64_t r = 0; r < R; ++r) {
      const T* __restrict row = base + r * I;
#pragma omp simd
      for (int64_t i = 0; i < len; ++i) acc[i] = combine<OP, A>(acc[i], A(row[i]));
    }
    Out* __restrict out = y + o * I + b;
    for (int64_t i = 0; i < len; ++i) out[i] = Out(acc[i]);
  });
}

/** Applies a primitive op (SUM, PROD, MAX, MIN) over the sorted distinct axes; keeps rank
 * (reduced axes become size 1). */
TensorRef primitive_reduce(int op, const mln_tensor* x, const std::vector<int>& axes) {
  Shape shape = shape_of(x);
  std::vector<bool> red(shape.size(), false);
  for (int a : axes) red[a] = true;
  TensorRef cur(mln_retain(const_cast<mln_tensor*>(x)));
  const std::string name = "reduce " + reduce_name(op);
  if (op == MLN_MAX || op == MLN_MIN)
    for (int a : axes)
      if (shape[a] == 0)
        fail(MLN_ERR_ARGUMENT, name, ": axis ", a, " has size 0 and ", reduce_name(op),
             " has no identity");
  // Reduce runs of adjacent reduced axes, innermost first, so each pass sees [O, R, I].
  int d = int(shape.size()) - 1;
  bool any = false;
  while (d >= 0) {
    if (!red[d]) {
      --d;
      continue;
    }
    int hi = d;
    while (d >= 0 && red[d]) --d;
    int lo = d + 1;
    int64_t O = 1, R = 1, I = 1;
    for (int k = 0; k < lo; ++k) O *= shape[k];
    for (int k = lo; k <= hi; ++k) R *= shape[k];
    for (int k = hi + 1; k < int(shape.size()); ++k) I *= shape[k];
    Shape oshape = shape;
    for (int k = lo; k <= hi; ++k) oshape[k] = 1;
    op_dispatch<4>(op == MLN_SUM ? 0 : op == MLN_PROD ? 1 : op == MLN_MAX ? 2 : 3, [&](auto c) {
      constexpr int OP = decltype(c)::value == 0 ? MLN_SUM : decltype(c)::value == 1 ? MLN_PROD
                         : decltype(c)::value == 2 ? MLN_MAX : MLN_MIN;
      dispatch(cur->dtype, [&](auto tag) {
        using T = decltype(tag);
        using Out = OutOf<OP, T>;
        TensorRef next(new_tensor(DtypeOf<Out>::value, oshape));
        reduce_pass<OP, T>(data_as<T>(cur.get()), data_as<Out>(next.get()), O, R, I);
        cur = std::move(next);
      });
    });
    shape = oshape;
    any = true;
  }
  if (!any) {
    // No axis to reduce: the values themselves, in the dtype the op would give.
    int dt = (op == MLN_SUM || op == MLN_PROD) && !is_float(x->dtype) ? MLN_I64 : x->dtype;
    return cast(x, dt);
  }
  return cur;
}

Shape keep_shape(const Shape& s, const std::vector<int>& axes) {
  Shape k = s;
  for (int a : axes) k[a] = 1;
  return k;
}

Shape drop_shape(const Shape& s, const std::vector<int>& axes) {
  Shape k;
  for (int d = 0; d < int(s.size()); ++d)
    if (std::find(axes.begin(), axes.end(), d) == axes.end()) k.push_back(s[d]);
  return k;
}

int64_t reduced_count(const Shape& s, const std::vector<int>& axes) {
  int64_t n = 1;
  for (int a : axes) n *= s[a];
  return n;
}

std::vector<int> normalise_axes(int naxes, const int* axes, int ndim, const std::string& op) {
  std::vector<int> out;
  if (naxes < 0) {
    for (int d = 0; d < ndim; ++d) out.push_back(d);
    return out;
  }
  if (naxes > 0 && !axes) fail(MLN_ERR_ARGUMENT, op, ": axes is null but naxes is ", naxes);
  for (int i = 0; i < naxes; ++i) {
    int a = axes[i] < 0 ? axes[i] + ndim : axes[i];
    if (a < 0 || a >= ndim)
      fail(MLN_ERR_ARGUMENT, op, ": axis ", axes[i], " is out of range for a tensor of rank ", ndim);
    if (std::find(out.begin(), out.end(), a) != out.end())
      fail(MLN_ERR_ARGUMENT, op, ": axis ", axes[i], " is repeated");
    out.push_back(a);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/** Replaces non-finite values (an all -inf or empty slice's max) by 0 so that x - m stays finite. */
TensorRef finite_or_zero(const mln_tensor* m) {
  TensorRef out(new_tensor(m->dtype, shape_of(m)));
  dispatch_float(m->dtype, "reduce LOGSUMEXP", [&](auto tag) {
    using T = decltype(tag);
    const T* s = data_as<T>(m);
    T* d = data_as<T>(out.get());
    for (int64_t i = 0, n = numel(m); i < n; ++i) d[i] = std::isfinite(s[i]) ? s[i] : T(0);
  });
  return out;
}

int float_dtype(int dt) { return is_float(dt) ? dt : MLN_F64; }

}  // namespace

TensorRef reduce(int op, const mln_tensor* x, const std::vector<int>& axes, bool keepdims) {
  const Shape s = shape_of(x);
  const Shape ks = keep_shape(s, axes);
  TensorRef r;
  switch (op) {
    case MLN_SUM:
    case MLN_PROD:
    case MLN_MAX:
    case MLN_MIN:
      r = primitive_reduce(op, x, axes);
      break;
    case MLN_ANY:
    case MLN_ALL: {
      TensorRef b = as_dtype(x, MLN_BOOL);
      if (reduced_count(s, axes) == 0) {
        r = TensorRef(new_tensor(MLN_BOOL, ks));
        std::fill_n(data_as<bool>(r.get()), numel(r.get()), op == MLN_ALL);
      } else {
        r = primitive_reduce(op == MLN_ANY ? MLN_MAX : MLN_MIN, b.get(), axes);
      }
      break;
    }
    case MLN_MEAN: {
      TensorRef xf = as_dtype(x, float_dtype(x->dtype));
      TensorRef sum = primitive_reduce(MLN_SUM, xf.get(), axes);
      const double count = double(reduced_count(s, axes));
      if (sum->storage != xf->storage && sum->storage != x->storage) {
        // Divide the fresh sum in place: the arithmetic of a division by a scalar of its dtype,
        // without allocating the scalar and the quotient (a training step takes several means).
        dispatch_float(sum->dtype, "reduce MEAN", [&](auto tag) {
          using T = decltype(tag);
          T* p = data_as<T>(sum.get());
          const T c = T(count);
          const int64_t n = numel(sum.get());
          for (int64_t i = 0; i < n; ++i) p[i] = p[i] / c;
        });
        r = std::move(sum);
      } else {
        TensorRef cnt = scalar(xf->dtype, count);
        r = binary(MLN_DIV, sum.get(), cnt.get());
      }
      break;
    }
    case MLN_VAR:
    case MLN_STD: {
      // Two passes (mean, then mean of squared deviations): no cancellation as in E[x^2]-E[x]^2.
      TensorRef xf = as_dtype(x, float_dtype(x->dtype));
      TensorRef m = reduce(MLN_MEAN, xf.get(), axes, true);
      TensorRef d = binary(MLN_SUB, xf.get(), m.get());
      TensorRef d2 = binary(MLN_MUL, d.get(), d.get());
      r = reduce(MLN_MEAN, d2.get(), axes, true);
      if (op == MLN_STD) r = unary(MLN_SQRT, r.get(), 0, 0);
      break;
    }
    case MLN_LOGSUMEXP: {
      TensorRef xf = as_dtype(x, float_dtype(x->dtype));
      if (reduced_count(s, axes) == 0) {
        r = TensorRef(new_tensor(xf->dtype, ks));
        dispatch_float(xf->dtype, "reduce LOGSUMEXP", [&](auto tag) {
          using T = decltype(tag);
          std::fill_n(data_as<T>(r.get()), numel(r.get()), -std::numeric_limits<T>::infinity());
        });
        break;
      }
      // log(sum(exp(x - m))) + m with m the max: no overflow, and the largest term is exp(0).
      TensorRef m = primitive_reduce(MLN_MAX, xf.get(), axes);
      TensorRef ms = finite_or_zero(m.get());
      TensorRef d = binary(MLN_SUB, xf.get(), ms.get());
      TensorRef e = unary(MLN_EXP, d.get(), 0, 0);
      TensorRef sum = primitive_reduce(MLN_SUM, e.get(), axes);
      TensorRef l = unary(MLN_LOG, sum.get(), 0, 0);
      r = binary(MLN_ADD, l.get(), ms.get());
      break;
    }
    default:
      fail(MLN_ERR_ARGUMENT, "reduce: ", reduce_name(op),
           " is not a reduction of mln_reduce (ARGMAX/ARGMIN go through mln_arg_reduce)");
  }
  return TensorRef(new_view(r.get(), keepdims ? ks : drop_shape(s, axes)));
}

}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_reduce(int op, const mln_tensor* x, int naxes, const int* axes, int keepdims) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(x, nullptr, "reduce"))
    return k->reduce(op, x, naxes, axes, keepdims);
  check_tensor(x, "reduce", "x");
  if (op < 0 || op > MLN_ALL)
    fail(MLN_ERR_ARGUMENT, "reduce: op code ", op, " is not a reduction of mln_reduce (0..",
         int(MLN_ALL), ")");
  std::vector<int> ax = normalise_axes(naxes, axes, x->ndim, "reduce " + reduce_name(op));
  return reduce(op, x, ax, keepdims != 0).release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_reduce_backward(int op, const mln_tensor* x, const mln_tensor* y,
                                const mln_tensor* gy, int naxes, const int* axes, int keepdims) {
  MLN_TRY
  const std::string name = "reduce_backward " + reduce_name(op);
  check_tensor(x, name.c_str(), "x");
  check_tensor(gy, name.c_str(), "gy");
  if (op < 0 || op > MLN_LOGSUMEXP)
    fail(MLN_ERR_ARGUMENT, name, ": not differentiable (expected SUM, MEAN, MAX, MIN, PROD, VAR, "
         "STD or LOGSUMEXP)");
  std::vector<int> ax = normalise_axes(naxes, axes, x->ndim, name);
  const Shape s = shape_of(x);
  const Shape ks = keep_shape(s, ax);
  const Shape os = keepdims ? ks : drop_shape(s, ax);
  if (shape_of(gy) != os)
    fail(MLN_ERR_SHAPE, name, ": gy has shape ", shape_str(shape_of(gy)), ", expected ", shape_str(os));
  if (y && shape_of(y) != os)
    fail(MLN_ERR_SHAPE, name, ": y has shape ", shape_str(shape_of(y)), ", expected ", shape_str(os));
  const int dt = x->dtype;
  TensorRef out;
  dispatch_float(dt, name.c_str(), [&](auto tag) {
    using T = decltype(tag);
    TensorRef gk(new_view(gy, ks));
    TensorRef g = broadcast_to(as_dtype(gk.get(), dt).get(), s, name.c_str());
    const double count = double(reduced_count(s, ax));
    // The forward output with kept dims, given or recomputed.
    auto y_keep = [&](int fop) {
      if (y && y->dtype == dt) return TensorRef(new_view(y, ks));
      return reduce(fop, x, ax, true);
    };
    switch (op) {
      case MLN_SUM:
        out = std::move(g);
        break;
      case MLN_MEAN:
        if (g->storage != gy->storage) {  // g is a fresh broadcast copy: divide it in place
          T* p = data_as<T>(g.get());
          const T c = T(count);
          const int64_t n = numel(g.get());
          for (int64_t i = 0; i < n; ++i) p[i] = p[i] / c;
          out = std::move(g);
        } else {
          out = binary(MLN_DIV, g.get(), scalar(dt, count).get());
        }
        break;
      case MLN_MAX:
      case MLN_MIN: {
        // Split equally among the positions that attain the extreme value.
        TensorRef yk = y_keep(op);
        TensorRef mask = cast(binary(MLN_EQ, x, yk.get()).get(), dt);
        TensorRef cnt = reduce(MLN_SUM, mask.get(), ax, true);
        TensorRef share = binary(MLN_DIV, mask.get(), cnt.get());
        out = binary(MLN_MUL, g.get(), share.get());
        break;
      }
      case MLN_PROD: {
        // Product of the other elements, without dividing by zero: count zeros per slice and
        // keep the product of the non-zero elements.
        TensorRef zero = scalar(dt, 0), one = scalar(dt, 1);
        TensorRef isz = binary(MLN_EQ, x, zero.get());
        TensorRef zc = broadcast_to(reduce(MLN_SUM, cast(isz.get(), dt).get(), ax, true).get(), s, name.c_str());
        TensorRef pnz = broadcast_to(reduce(MLN_PROD, where(isz.get(), one.get(), x).get(), ax, true).get(), s, name.c_str());
        out = TensorRef(new_tensor(dt, s));
        const T* px = data_as<T>(x);
        const T* pz = data_as<T>(zc.get());
        const T* pp = data_as<T>(pnz.get());
        const T* pg = data_as<T>(g.get());
        T* po = data_as<T>(out.get());
        const int64_t n = numel(x);
        for (int64_t i = 0; i < n; ++i) {
          T d = pz[i] == T(0) ? pp[i] / px[i] : (pz[i] == T(1) && px[i] == T(0) ? pp[i] : T(0));
          po[i] = pg[i] * d;
        }
        break;
      }
      case MLN_VAR:
      case MLN_STD: {
        TensorRef m = reduce(MLN_MEAN, x, ax, true);
        TensorRef d = binary(MLN_SUB, x, m.get());
        TensorRef gd = binary(MLN_MUL, g.get(), d.get());
        if (op == MLN_VAR) {
          out = binary(MLN_MUL, gd.get(), scalar(dt, 2.0 / count).get());
        } else {
          // d std / dx = (x - mean) / (N std); 0 where std == 0 (all equal: no direction).
          TensorRef sd = broadcast_to(y_keep(MLN_STD).get(), s, name.c_str());
          out = TensorRef(new_tensor(dt, s));
          const T* pgd = data_as<T>(gd.get());
          const T* ps = data_as<T>(sd.get());
          T* po = data_as<T>(out.get());
          for (int64_t i = 0, n = numel(x); i < n; ++i)
            po[i] = ps[i] == T(0) ? T(0) : pgd[i] / (T(count) * ps[i]);
        }
        break;
      }
      case MLN_LOGSUMEXP: {
        TensorRef yk = y_keep(MLN_LOGSUMEXP);
        TensorRef e = unary(MLN_EXP, binary(MLN_SUB, x, yk.get()).get(), 0, 0);
        out = binary(MLN_MUL, g.get(), e.get());
        break;
      }
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_arg_reduce(int op, const mln_tensor* x, int axis, int keepdims) {
  MLN_TRY
  check_tensor(x, "arg_reduce", "x");
  if (op != MLN_ARGMAX && op != MLN_ARGMIN)
    fail(MLN_ERR_ARGUMENT, "arg_reduce: expected ARGMAX or ARGMIN, got ", reduce_name(op));
  const std::string name = "arg_reduce " + reduce_name(op);
  const int a = norm_axis(axis, x->ndim, name.c_str());
  const Shape s = shape_of(x);
  if (s[a] == 0) fail(MLN_ERR_ARGUMENT, name, ": axis ", axis, " has size 0");
  int64_t O = 1, R = s[a], I = 1;
  for (int k = 0; k < a; ++k) O *= s[k];
  for (int k = a + 1; k < int(s.size()); ++k) I *= s[k];
  TensorRef out(new_tensor(MLN_I64, keepdims ? keep_shape(s, {a}) : drop_shape(s, {a})));
  int64_t* po = data_as<int64_t>(out.get());
  const bool is_max = op == MLN_ARGMAX;
  dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    const T* px = data_as<T>(x);
    const int nt = num_threads();
    parallel_for(O * I, O * R * I > kParallelGrain && nt > 1, [&](int64_t t) {
      const T* p = px + (t / I) * R * I + t % I;
      T best = p[0];
      int64_t bi = 0;
      for (int64_t r = 1; r < R; ++r) {
        T v = p[r * I];
        bool better;
        if constexpr (std::is_floating_point_v<T>) {
          // The first NaN wins, like numpy.
          if (best != best) break;
          better = v != v || (is_max ? v > best : v < best);
        } else {
          better = is_max ? v > best : v < best;
        }
        if (better) {
          best = v;
          bi = r;
        }
      }
      po[t] = bi;
    });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
