// Elementwise ops: unary (+ backward), broadcasting binary (+ backward), where, broadcast_to,
// sum_to_shape and cast. Every op is a template over (op code, element type); a run-time op code
// is turned into a compile-time one by op_dispatch so each kernel is a plain, vectorisable loop.
//
// No trapping math in this file: with GCC's default -ftrapping-math, selects on float compares
// (clamps, NaN checks) count as control flow and stop the kernels from vectorising. Nothing
// here reads the floating-point exception flags.
#pragma GCC optimize("no-trapping-math")
#include <omp.h>

#include <cmath>
#include <type_traits>

#include "broadcast.hpp"
#include "core.hpp"
#include "engine.hpp"
#include "plan.hpp"
#include "fast_math.hpp"
#include "ops.hpp"

namespace mln {
namespace {

const char* const kUnaryNames[MLN_UNARY_OP_COUNT] = {
    "NEG",     "EXP",        "LOG",      "LOG1P",   "SQRT",      "RSQRT",        "ABS",
    "SIGN",    "SQUARE",     "SIN",      "COS",     "TANH",      "SIGMOID",      "HARD_SIGMOID",
    "RELU",    "LEAKY_RELU", "ELU",      "SELU",    "SOFTPLUS",  "SOFTSIGN",     "GELU",
    "SWISH",   "POW_SCALAR", "CLIP",     "RECIPROCAL", "LOGICAL_NOT", "FLOOR",   "CEIL",
    "ROUND",   "EXPM1"};
const char* const kBinaryNames[MLN_BINARY_OP_COUNT] = {
    "ADD", "SUB", "MUL", "DIV", "POW", "MAXIMUM", "MINIMUM", "EQ", "NE",
    "LT",  "LE",  "GT",  "GE",  "LOGICAL_AND", "LOGICAL_OR", "LOGICAL_XOR", "MOD"};

std::string unary_name(int op) {
  return op >= 0 && op < MLN_UNARY_OP_COUNT ? kUnaryNames[op] : "op " + std::to_string(op);
}
std::string binary_name(int op) {
  return op >= 0 && op < MLN_BINARY_OP_COUNT ? kBinaryNames[op] : "op " + std::to_string(op);
}

constexpr double kSeluAlpha = 1.6732632423543772;
constexpr double kSeluScale = 1.0507009873554805;
constexpr double kGeluC = 0.7978845608028654;  // sqrt(2 / pi)
constexpr double kGeluK = 0.044715;
constexpr double kInvSqrt2 = 0.7071067811865476;
constexpr double kInvSqrt2Pi = 0.3989422804014327;

template <typename T>
inline T vexp(T x) {
  if constexpr (std::is_same_v<T, float>) return fast_expf(x);
  else return std::exp(x);
}

template <typename T>
inline T sigmoid(T x) {
  // exp of -|x| never overflows; the two branches are the stable forms for each sign.
  T e = vexp(-std::abs(x));
  T s = T(1) / (T(1) + e);
  return x >= 0 ? s : e * s;
}

// Integer arithmetic through unsigned types: signed overflow would be undefined behaviour, and
// wrapping is what numpy does.
template <typename T>
inline T wrap_add(T a, T b) {
  if constexpr (std::is_same_v<T, bool> || std::is_floating_point_v<T>) return a + b;
  else return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) + static_cast<std::make_unsigned_t<T>>(b));
}
template <typename T>
inline T wrap_sub(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) return a != b;
  else if constexpr (std::is_floating_point_v<T>) return a - b;
  else return static_cast<T>(static_cast<std::make_unsigned_t<T>>(a) - static_cast<std::make_unsigned_t<T>>(b));
}
template <typename T>
inline T wrap_mul(T a, T b) {
  if constexpr (std::is_same_v<T, bool>) return a && b;
  else if constexpr (std::is_floating_point_v<T>) return a * b;
  else {
    using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  }
}

// ---- unary ---------------------------------------------------------------------------------------

template <int OP>
constexpr bool unary_int_ok = OP == MLN_NEG || OP == MLN_ABS || OP == MLN_SIGN || OP == MLN_SQUARE ||
                              OP == MLN_CLIP || OP == MLN_RELU || OP == MLN_FLOOR ||
                              OP == MLN_CEIL || OP == MLN_ROUND || OP == MLN_LOGICAL_NOT;

template <int OP, typename T>
inline T ufwd(T x, T a, T b) {
  constexpr bool F = std::is_floating_point_v<T>;
  if constexpr (OP == MLN_NEG) return wrap_sub(T(0), x);
  else if constexpr (OP == MLN_ABS) {
    if constexpr (F) return std::abs(x);
    else return x < T(0) ? wrap_sub(T(0), x) : x;
  } else if constexpr (OP == MLN_SIGN) return F && x != x ? x : T((T(0) < x) - (x < T(0)));
  else if constexpr (OP == MLN_SQUARE) return wrap_mul(x, x);
  else if constexpr (OP == MLN_CLIP) return std::min(std::max(x, a), b);
  else if constexpr (OP == MLN_RELU) return x > T(0) ? x : T(0);
  else if constexpr (OP == MLN_FLOOR) { if constexpr (F) return std::floor(x); else return x; }
  else if constexpr (OP == MLN_CEIL) { if constexpr (F) return std::ceil(x); else return x; }
  else if constexpr (OP == MLN_ROUND) { if constexpr (F) return std::nearbyint(x); else return x; }
  else if constexpr (OP == MLN_EXP) return vexp(x);
  else if constexpr (OP == MLN_LOG) return std::log(x);
  else if constexpr (OP == MLN_LOG1P) return std::log1p(x);
  else if constexpr (OP == MLN_SQRT) return std::sqrt(x);
  else if constexpr (OP == MLN_RSQRT) return T(1) / std::sqrt(x);
  else if constexpr (OP == MLN_SIN) return std::sin(x);
  else if constexpr (OP == MLN_COS) return std::cos(x);
  else if constexpr (OP == MLN_TANH) return std::tanh(x);
  else if constexpr (OP == MLN_SIGMOID) return sigmoid(x);
  else if constexpr (OP == MLN_HARD_SIGMOID) return std::min(std::max(a * x + b, T(0)), T(1));
  else if constexpr (OP == MLN_LEAKY_RELU) return x > T(0) ? x : a * x;
  else if constexpr (OP == MLN_ELU) return x > T(0) ? x : a * std::expm1(x);
  else if constexpr (OP == MLN_SELU)
    return T(kSeluScale) * (x > T(0) ? x : T(kSeluAlpha) * std::expm1(x));
  else if constexpr (OP == MLN_SOFTPLUS) return std::max(x, T(0)) + std::log1p(std::exp(-std::abs(x)));
  else if constexpr (OP == MLN_SOFTSIGN) return x / (T(1) + std::abs(x));
  else if constexpr (OP == MLN_GELU) {
    if (a == T(0)) return T(0.5) * x * (T(1) + std::erf(x * T(kInvSqrt2)));
    return T(0.5) * x * (T(1) + std::tanh(T(kGeluC) * (x + T(kGeluK) * x * x * x)));
  } else if constexpr (OP == MLN_SWISH) return x * sigmoid(x);
  else if constexpr (OP == MLN_POW_SCALAR) return std::pow(x, a);
  else if constexpr (OP == MLN_RECIPROCAL) return T(1) / x;
  else if constexpr (OP == MLN_EXPM1) return std::expm1(x);
  else static_assert(OP < 0, "unhandled unary op");
}

/** dy/dx of op at x (y = op(x)). */
template <int OP, typename T>
inline T uderiv(T x, T y, T a, T b) {
  if constexpr (OP == MLN_NEG) return T(-1);
  else if constexpr (OP == MLN_EXP) return y;
  else if constexpr (OP == MLN_LOG) return T(1) / x;
  else if constexpr (OP == MLN_LOG1P) return T(1) / (T(1) + x);
  else if constexpr (OP == MLN_SQRT) return T(0.5) / y;
  else if constexpr (OP == MLN_RSQRT) return T(-0.5) * y * y * y;
  else if constexpr (OP == MLN_ABS) return T((T(0) < x) - (x < T(0)));
  else if constexpr (OP == MLN_SQUARE) return T(2) * x;
  else if constexpr (OP == MLN_SIN) return std::cos(x);
  else if constexpr (OP == MLN_COS) return -std::sin(x);
  else if constexpr (OP == MLN_TANH) return T(1) - y * y;
  else if constexpr (OP == MLN_SIGMOID) return y * (T(1) - y);
  else if constexpr (OP == MLN_HARD_SIGMOID) {
    T z = a * x + b;
    return z > T(0) && z < T(1) ? a : T(0);
  } else if constexpr (OP == MLN_RELU) return x > T(0) ? T(1) : T(0);
  else if constexpr (OP == MLN_LEAKY_RELU) return x > T(0) ? T(1) : a;
  else if constexpr (OP == MLN_ELU) return x > T(0) ? T(1) : a * std::exp(x);
  else if constexpr (OP == MLN_SELU)
    return T(kSeluScale) * (x > T(0) ? T(1) : T(kSeluAlpha) * std::exp(x));
  else if constexpr (OP == MLN_SOFTPLUS) return sigmoid(x);
  else if constexpr (OP == MLN_SOFTSIGN) {
    T d = T(1) + std::abs(x);
    return T(1) / (d * d);
  } else if constexpr (OP == MLN_GELU) {
    if (a == T(0))
      return T(0.5) * (T(1) + std::erf(x * T(kInvSqrt2))) +
             x * T(kInvSqrt2Pi) * std::exp(T(-0.5) * x * x);
    T t = std::tanh(T(kGeluC) * (x + T(kGeluK) * x * x * x));
    return T(0.5) * (T(1) + t) +
           T(0.5) * x * (T(1) - t * t) * T(kGeluC) * (T(1) + T(3 * kGeluK) * x * x);
  } else if constexpr (OP == MLN_SWISH) {
    T s = sigmoid(x);
    return s + x * s * (T(1) - s);
  } else if constexpr (OP == MLN_POW_SCALAR) return a == T(0) ? T(0) : a * std::pow(x, a - T(1));
  else if constexpr (OP == MLN_CLIP) return x >= a && x <= b ? T(1) : T(0);
  else if constexpr (OP == MLN_RECIPROCAL) return -y * y;
  else if constexpr (OP == MLN_EXPM1) return y + T(1);
  // SIGN, FLOOR, CEIL, ROUND and LOGICAL_NOT are piecewise constant: zero gradient.
  else return T(0);
}

template <int OP, typename T>
void unary_kernel(const T* __restrict x, T* __restrict y, int64_t n, T a, T b) {
  const int nt = num_threads();
  parallel_simd_for(n, n > kParallelGrain && nt > 1, [&](int64_t i) { y[i] = ufwd<OP>(x[i], a, b); });
}

template <typename T>
void logical_not_kernel(const T* __restrict x, bool* __restrict y, int64_t n) {
  const int nt = num_threads();
  parallel_simd_for(n, n > kParallelGrain && nt > 1, [&](int64_t i) { y[i] = !(x[i] != T(0)); });
}

// ---- binary --------------------------------------------------------------------------------------

template <int OP>
constexpr bool binary_gives_bool = OP >= MLN_EQ && OP <= MLN_LOGICAL_XOR;

template <typename T>
inline T int_pow(T a, T b) {
  if constexpr (std::is_signed_v<T>) {
    // Negative exponents: truncated result of 1 / a^|b|, as C integer division would give.
    if (b < 0) return a == T(1) ? T(1) : a == T(-1) ? ((b & 1) ? T(-1) : T(1)) : T(0);
  }
  T r = T(1);
  T base = a;
  auto e = static_cast<std::make_unsigned_t<T>>(b);
  while (e) {
    if (e & 1u) r = wrap_mul(r, base);
    base = wrap_mul(base, base);
    e >>= 1;
  }
  return r;
}

template <int OP, typename T>
inline auto bfwd(T a, T b) {
  constexpr bool F = std::is_floating_point_v<T>;
  if constexpr (OP == MLN_ADD) return wrap_add(a, b);
  else if constexpr (OP == MLN_SUB) return wrap_sub(a, b);
  else if constexpr (OP == MLN_MUL) return wrap_mul(a, b);
  else if constexpr (OP == MLN_DIV) {
    if constexpr (F) return a / b;
    else if constexpr (std::is_same_v<T, bool>) return b ? a : false;
    else {
      // Floor division; x / 0 gives 0 instead of a trap, MIN / -1 wraps instead of trapping.
      if (b == T(0)) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return wrap_sub(T(0), a);
        T q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
        return q;
      } else {
        return T(a / b);
      }
    }
  } else if constexpr (OP == MLN_MOD) {
    if constexpr (F) {
      T r = std::fmod(a, b);
      if (r != T(0) && ((r < T(0)) != (b < T(0)))) r += b;
      return r == T(0) ? std::copysign(T(0), b) : r;
    } else if constexpr (std::is_same_v<T, bool>) {
      return false;
    } else {
      if (b == T(0)) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return T(0);
        T r = a % b;
        if (r != 0 && ((r < 0) != (b < 0))) r += b;
        return r;
      } else {
        return T(a % b);
      }
    }
  } else if constexpr (OP == MLN_POW) {
    if constexpr (F) return std::pow(a, b);
    else if constexpr (std::is_same_v<T, bool>) return a || !b;
    else return int_pow(a, b);
  } else if constexpr (OP == MLN_MAXIMUM) {
    if constexpr (F) return (a >= b || a != a) ? a : b;  // NaN propagates, like numpy
    else return a >= b ? a : b;
  } else if constexpr (OP == MLN_MINIMUM) {
    if constexpr (F) return (a <= b || a != a) ? a : b;
    else return a <= b ? a : b;
  } else if constexpr (OP == MLN_EQ) return a == b;
  else if constexpr (OP == MLN_NE) return a != b;
  else if constexpr (OP == MLN_LT) return a < b;
  else if constexpr (OP == MLN_LE) return a <= b;
  else if constexpr (OP == MLN_GT) return a > b;
  else if constexpr (OP == MLN_GE) return a >= b;
  else if constexpr (OP == MLN_LOGICAL_AND) return (a != T(0)) && (b != T(0));
  else if constexpr (OP == MLN_LOGICAL_OR) return (a != T(0)) || (b != T(0));
  else if constexpr (OP == MLN_LOGICAL_XOR) return (a != T(0)) != (b != T(0));
  else static_assert(OP < 0, "unhandled binary op");
}

template <int OP, typename T, typename R>
void binary_kernel(const T* __restrict a, const T* __restrict b, R* __restrict y, const Shape& sa,
                   const Shape& sb, const Shape& so) {
  const int64_t n = shape_numel(so);
  const int nt = num_threads();
  const bool par = n > kParallelGrain && nt > 1;
  const int64_t na = shape_numel(sa), nb = shape_numel(sb);
  if (na == n && nb == n) {
    // Same number of elements as the output means no broadcasting: one flat loop.
    parallel_simd_for(n, par, [&](int64_t i) { y[i] = bfwd<OP>(a[i], b[i]); });
    return;
  }
  if (nb == 1 && na == n) {
    const T bv = b[0];
    parallel_simd_for(n, par, [&](int64_t i) { y[i] = bfwd<OP>(a[i], bv); });
    return;
  }
  if (na == 1 && nb == n) {
    const T av = a[0];
    parallel_simd_for(n, par, [&](int64_t i) { y[i] = bfwd<OP>(av, b[i]); });
    return;
  }
  BroadcastPlan<2> p = make_plan<2>(so, {sa, sb});
  const int64_t ia = p.stride[0][p.nd - 1], ib = p.stride[1][p.nd - 1];
  for_each_run(p, [&](int64_t oy, const int64_t* off, int64_t len) {
    const T* __restrict pa = a + off[0];
    const T* __restrict pb = b + off[1];
    R* __restrict py = y + oy;
    if (ia == 1 && ib == 1) {
#pragma omp simd
      for (int64_t i = 0; i < len; ++i) py[i] = bfwd<OP>(pa[i], pb[i]);
    } else if (ia == 1) {
      const T bv = pb[0];
#pragma omp simd
      for (int64_t i = 0; i < len; ++i) py[i] = bfwd<OP>(pa[i], bv);
    } else if (ib == 1) {
      const T av = pa[0];
#pragma omp simd
      for (int64_t i = 0; i < len; ++i) py[i] = bfwd<OP>(av, pb[i]);
    } else {
      const R v = bfwd<OP>(pa[0], pb[0]);
      for (int64_t i = 0; i < len; ++i) py[i] = v;
    }
  });
}

template <typename D, typename S>
inline D convert(S v) {
  if constexpr (std::is_same_v<D, bool>) return v != S(0);
  else if constexpr (std::is_floating_point_v<S> && !std::is_floating_point_v<D>) return from_double<D>(double(v));
  else return static_cast<D>(v);
}

}  // namespace

// ---- internal API ------------------------------------------------------------------------------

TensorRef cast(const mln_tensor* x, int dtype) {
  check_dtype(dtype, "cast");
  TensorRef out(new_tensor(dtype, shape_of(x)));
  const int64_t n = numel(x);
  const int nt = num_threads();
  dispatch(x->dtype, [&](auto stag) {
    using S = decltype(stag);
    dispatch(dtype, [&](auto dtag) {
      using D = decltype(dtag);
      const S* __restrict src = data_as<S>(x);
      D* __restrict dst = data_as<D>(out.get());
      parallel_simd_for(n, n > kParallelGrain && nt > 1, [&](int64_t i) { dst[i] = convert<D>(src[i]); });
    });
  });
  return out;
}

TensorRef as_dtype(const mln_tensor* x, int dtype) {
  if (x->dtype == dtype) return TensorRef(mln_retain(const_cast<mln_tensor*>(x)));
  return cast(x, dtype);
}

TensorRef scalar(int dtype, double v) {
  TensorRef t(new_tensor(dtype, Shape{}));
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    data_as<T>(t.get())[0] = from_double<T>(v);
  });
  return t;
}

TensorRef unary(int op, const mln_tensor* x, double alpha, double beta) {
  if (op < 0 || op >= MLN_UNARY_OP_COUNT)
    fail(MLN_ERR_ARGUMENT, "unary: op code ", op, " is out of range [0, ", int(MLN_UNARY_OP_COUNT), ")");
  const int64_t n = numel(x);
  const std::string name = "unary " + unary_name(op);
  if (op == MLN_LOGICAL_NOT) {
    TensorRef out(new_tensor(MLN_BOOL, shape_of(x)));
    dispatch(x->dtype, [&](auto tag) {
      using T = decltype(tag);
      logical_not_kernel<T>(data_as<T>(x), data_as<bool>(out.get()), n);
    });
    return out;
  }
  TensorRef out(new_tensor(x->dtype, shape_of(x)));
  op_dispatch<MLN_UNARY_OP_COUNT>(op, [&](auto opc) {
    constexpr int OP = decltype(opc)::value;
    dispatch(x->dtype, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (OP == MLN_LOGICAL_NOT) {
        // handled above
      } else if constexpr (std::is_floating_point_v<T> || (unary_int_ok<OP> && !std::is_same_v<T, bool>)) {
        unary_kernel<OP, T>(data_as<T>(x), data_as<T>(out.get()), n, from_double<T>(alpha),
                            from_double<T>(beta));
      } else {
        fail(MLN_ERR_DTYPE, name, ": expected a float32 or float64 tensor, got ", dtype_name(x->dtype));
      }
    });
  });
  return out;
}

TensorRef binary(int op, const mln_tensor* a, const mln_tensor* b) {
  if (op < 0 || op >= MLN_BINARY_OP_COUNT)
    fail(MLN_ERR_ARGUMENT, "binary: op code ", op, " is out of range [0, ", int(MLN_BINARY_OP_COUNT), ")");
  const std::string name = "binary " + binary_name(op);
  const Shape sa = shape_of(a), sb = shape_of(b);
  const Shape so = broadcast_shapes(sa, sb, name.c_str());
  const int dt = promote(a->dtype, b->dtype);
  TensorRef ca = as_dtype(a, dt), cb = as_dtype(b, dt);
  TensorRef out;
  op_dispatch<MLN_BINARY_OP_COUNT>(op, [&](auto opc) {
    constexpr int OP = decltype(opc)::value;
    dispatch(dt, [&](auto tag) {
      using T = decltype(tag);
      using R = std::conditional_t<binary_gives_bool<OP>, bool, T>;
      out = TensorRef(new_tensor(DtypeOf<R>::value, so));
      binary_kernel<OP, T, R>(data_as<T>(ca.get()), data_as<T>(cb.get()), data_as<R>(out.get()), sa,
                              sb, so);
    });
  });
  return out;
}

TensorRef where(const mln_tensor* cond, const mln_tensor* a, const mln_tensor* b) {
  if (cond->dtype != MLN_BOOL)
    fail(MLN_ERR_DTYPE, "where: cond must be bool, got ", dtype_name(cond->dtype));
  const Shape sc = shape_of(cond), sa = shape_of(a), sb = shape_of(b);
  const Shape so = broadcast_shapes(broadcast_shapes(sc, sa, "where"), sb, "where");
  const int dt = promote(a->dtype, b->dtype);
  TensorRef ca = as_dtype(a, dt), cb = as_dtype(b, dt);
  TensorRef out(new_tensor(dt, so));
  BroadcastPlan<3> p = make_plan<3>(so, {sc, sa, sb});
  const int64_t ic = p.stride[0][p.nd - 1], ia = p.stride[1][p.nd - 1], ib = p.stride[2][p.nd - 1];
  dispatch(dt, [&](auto tag) {
    using T = decltype(tag);
    const bool* c = data_as<bool>(cond);
    const T* pa = data_as<T>(ca.get());
    const T* pb = data_as<T>(cb.get());
    T* y = data_as<T>(out.get());
    for_each_run(p, [&](int64_t oy, const int64_t* off, int64_t len) {
      const bool* __restrict cc = c + off[0];
      const T* __restrict xa = pa + off[1];
      const T* __restrict xb = pb + off[2];
      T* __restrict yy = y + oy;
      if (ic == 1 && ia == 1 && ib == 1) {
#pragma omp simd
        for (int64_t i = 0; i < len; ++i) yy[i] = cc[i] ? xa[i] : xb[i];
      } else {
        for (int64_t i = 0; i < len; ++i) yy[i] = cc[i * ic] ? xa[i * ia] : xb[i * ib];
      }
    });
  });
  return out;
}

TensorRef broadcast_to(const mln_tensor* x, const Shape& shape, const char* op) {
  const Shape sx = shape_of(x);
  Shape check = broadcast_shapes(sx, shape, op);
  if (check != shape)
    fail(MLN_ERR_SHAPE, op, ": cannot broadcast ", shape_str(sx), " to ", shape_str(shape));
  TensorRef out(new_tensor(x->dtype, shape));
  BroadcastPlan<1> p = make_plan<1>(shape, {sx});
  const int64_t ix = p.stride[0][p.nd - 1];
  const size_t isz = itemsize(x->dtype);
  const char* src = data_as<char>(x);
  char* dst = data_as<char>(out.get());
  for_each_run(p, [&](int64_t oy, const int64_t* off, int64_t len) {
    if (ix == 1) {
      std::memcpy(dst + oy * isz, src + off[0] * isz, size_t(len) * isz);
    } else {
      for (int64_t i = 0; i < len; ++i) std::memcpy(dst + (oy + i) * isz, src + off[0] * isz, isz);
    }
  });
  return out;
}

TensorRef sum_to(const mln_tensor* x, const Shape& shape, const char* op) {
  const Shape sx = shape_of(x);
  bool ok = shape.size() <= sx.size();
  for (size_t d = 0; ok && d < shape.size(); ++d) {
    int64_t t = shape[d], v = sx[d + sx.size() - shape.size()];
    ok = t == v || t == 1;
  }
  if (!ok)
    fail(MLN_ERR_SHAPE, op, ": ", shape_str(sx), " does not broadcast from ", shape_str(shape));
  std::vector<int> axes;
  const int lead = int(sx.size() - shape.size());
  for (int d = 0; d < int(sx.size()); ++d)
    if (d < lead || (shape[d - lead] == 1 && sx[d] != 1)) axes.push_back(d);
  if (axes.empty()) return TensorRef(new_view(x, shape));
  TensorRef r = reduce(MLN_SUM, x, axes, true);
  // Integer sums widen to int64; the gradient keeps x's dtype.
  if (r->dtype != x->dtype) r = cast(r.get(), x->dtype);
  return TensorRef(new_view(r.get(), shape));
}

}  // namespace mln

using namespace mln;

namespace {

/** Full-shape gradients of a differentiable binary op, computed in one pass over the broadcast
 * output; ga_full / gb_full may be null when not needed. */
template <typename T>
void binary_grad_kernel(int op, const T* a, const T* b, const T* gy, T* ga, T* gb,
                        const BroadcastPlan<2>& p) {
  const int64_t ia = p.stride[0][p.nd - 1], ib = p.stride[1][p.nd - 1];
  for_each_run(p, [&](int64_t oy, const int64_t* off, int64_t len) {
    for (int64_t i = 0; i < len; ++i) {
      const T x = a[off[0] + i * ia], z = b[off[1] + i * ib], g = gy[oy + i];
      T da = 0, db = 0;
      switch (op) {
        case MLN_MUL: da = g * z; db = g * x; break;
        case MLN_DIV: da = g / z; db = -g * x / (z * z); break;
        case MLN_POW: {
          da = z == T(0) ? T(0) : g * z * std::pow(x, z - T(1));
          // d/db a^b = a^b log a, taken as 0 where a <= 0 (TensorFlow's convention).
          db = x > T(0) ? g * std::pow(x, z) * std::log(x) : T(0);
          break;
        }
        case MLN_MAXIMUM: (x >= z ? da : db) = g; break;  // ties go to a
        case MLN_MINIMUM: (x <= z ? da : db) = g; break;
        default: break;
      }
      if (ga) ga[oy + i] = da;
      if (gb) gb[oy + i] = db;
    }
  });
}

}  // namespace

extern "C" {

mln_tensor* mln_unary(int op, const mln_tensor* x, double alpha, double beta) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(x, nullptr, "unary")) return k->unary(op, x, alpha, beta);
  check_tensor(x, "unary", "x");
  return unary(op, x, alpha, beta).release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                               const mln_tensor* gy, double alpha, double beta) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(x, gy, "unary_backward"))
    return k->unary_backward(op, x, y, gy, alpha, beta);
  check_tensor(x, "unary_backward", "x");
  check_tensor(gy, "unary_backward", "gy");
  if (op < 0 || op >= MLN_UNARY_OP_COUNT)
    fail(MLN_ERR_ARGUMENT, "unary_backward: op code ", op, " is out of range [0, ",
         int(MLN_UNARY_OP_COUNT), ")");
  const std::string name = "unary_backward " + unary_name(op);
  const Shape sx = shape_of(x);
  if (shape_of(gy) != sx)
    fail(MLN_ERR_SHAPE, name, ": gy has shape ", shape_str(shape_of(gy)), ", expected x's shape ",
         shape_str(sx));
  if (gy->dtype != x->dtype)
    fail(MLN_ERR_DTYPE, name, ": gy is ", dtype_name(gy->dtype), ", expected x's dtype ",
         dtype_name(x->dtype));
  // y is optional: recomputed when the caller did not keep it.
  TensorRef ykeep;
  if (!y) {
    ykeep = unary(op, x, alpha, beta);
    y = ykeep.get();
  } else if (shape_of(y) != sx || y->dtype != x->dtype) {
    if (!(op == MLN_LOGICAL_NOT && shape_of(y) == sx))
      fail(MLN_ERR_SHAPE, name, ": y has shape ", shape_str(shape_of(y)), " and dtype ",
           dtype_name(y->dtype), ", expected ", shape_str(sx), " and ", dtype_name(x->dtype));
  }
  const int64_t n = numel(x);
  TensorRef out;
  dispatch_float(x->dtype, name.c_str(), [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(x->dtype, sx));
    const T* px = data_as<T>(x);
    const T* py = op == MLN_LOGICAL_NOT ? px : data_as<T>(y);
    const T* pg = data_as<T>(gy);
    T* po = data_as<T>(out.get());
    const T a = T(alpha), b = T(beta);
    const int nt = num_threads();
    op_dispatch<MLN_UNARY_OP_COUNT>(op, [&](auto opc) {
      constexpr int OP = decltype(opc)::value;
      parallel_simd_for(n, n > kParallelGrain && nt > 1, [&](int64_t i) { po[i] = pg[i] * uderiv<OP, T>(px[i], py[i], a, b); });
    });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_binary(int op, const mln_tensor* a, const mln_tensor* b) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(a, b, "binary")) return k->binary(op, a, b);
  check_tensor(a, "binary", "a");
  check_tensor(b, "binary", "b");
  return binary(op, a, b).release();
  MLN_CATCH(nullptr)
}

int mln_binary_backward(int op, const mln_tensor* a, const mln_tensor* b, const mln_tensor* gy,
                        mln_tensor** ga, mln_tensor** gb) {
  MLN_TRY
  if (ga) *ga = nullptr;
  if (gb) *gb = nullptr;
  if (DeviceKernels* k = device_kernels(a, b, "binary_backward")) {
    k->binary_backward(op, a, b, gy, ga, gb);
    return MLN_OK;
  }
  check_tensor(a, "binary_backward", "a");
  check_tensor(b, "binary_backward", "b");
  check_tensor(gy, "binary_backward", "gy");
  if (op < 0 || op > MLN_MINIMUM)
    fail(MLN_ERR_ARGUMENT, "binary_backward: ", binary_name(op),
         " is not differentiable (expected ADD, SUB, MUL, DIV, POW, MAXIMUM or MINIMUM)");
  const std::string name = "binary_backward " + binary_name(op);
  const Shape sa = shape_of(a), sb = shape_of(b);
  const Shape so = broadcast_shapes(sa, sb, name.c_str());
  if (shape_of(gy) != so)
    fail(MLN_ERR_SHAPE, name, ": gy has shape ", shape_str(shape_of(gy)),
         ", expected the broadcast shape ", shape_str(so));
  const int dt = promote(a->dtype, b->dtype);
  TensorRef rga, rgb;
  dispatch_float(dt, name.c_str(), [&](auto tag) {
    using T = decltype(tag);
    TensorRef g = as_dtype(gy, dt);
    if (op == MLN_ADD || op == MLN_SUB) {
      if (ga) rga = sum_to(g.get(), sa, name.c_str());
      if (gb) {
        TensorRef ng = op == MLN_SUB ? unary(MLN_NEG, g.get(), 0, 0) : std::move(g);
        rgb = sum_to(ng.get(), sb, name.c_str());
      }
      return;
    }
    TensorRef ca = as_dtype(a, dt), cb = as_dtype(b, dt);
    TensorRef fa, fb;
    if (ga) fa = TensorRef(new_tensor(dt, so));
    if (gb) fb = TensorRef(new_tensor(dt, so));
    BroadcastPlan<2> p = make_plan<2>(so, {sa, sb});
    binary_grad_kernel<T>(op, data_as<T>(ca.get()), data_as<T>(cb.get()), data_as<T>(g.get()),
                          ga ? data_as<T>(fa.get()) : nullptr, gb ? data_as<T>(fb.get()) : nullptr,
                          p);
    if (ga) rga = sum_to(fa.get(), sa, name.c_str());
    if (gb) rgb = sum_to(fb.get(), sb, name.c_str());
  });
  // sum_to may return views of temporaries; copies are not needed since views keep storage alive.
  if (ga) *ga = rga.release();
  if (gb) *gb = rgb.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

mln_tensor* mln_where(const mln_tensor* cond, const mln_tensor* a, const mln_tensor* b) {
  MLN_TRY
  check_tensor(cond, "where", "cond");
  check_tensor(a, "where", "a");
  check_tensor(b, "where", "b");
  return where(cond, a, b).release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_broadcast_to(const mln_tensor* x, int ndim, const int64_t* shape) {
  MLN_TRY
  check_tensor(x, "broadcast_to", "x");
  if (ndim < 0 || ndim > MLN_MAX_DIMS || (ndim > 0 && !shape))
    fail(MLN_ERR_ARGUMENT, "broadcast_to: ndim must be in [0, ", MLN_MAX_DIMS, "] with a shape, got ", ndim);
  return broadcast_to(x, Shape(shape, shape + ndim), "broadcast_to").release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_sum_to_shape(const mln_tensor* x, int ndim, const int64_t* shape) {
  MLN_TRY
  check_tensor(x, "sum_to_shape", "x");
  if (ndim < 0 || ndim > MLN_MAX_DIMS || (ndim > 0 && !shape))
    fail(MLN_ERR_ARGUMENT, "sum_to_shape: ndim must be in [0, ", MLN_MAX_DIMS, "] with a shape, got ", ndim);
  return sum_to(x, Shape(shape, shape + ndim), "sum_to_shape").release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_cast(const mln_tensor* x, int dtype) {
  MLN_TRY
  check_tensor(x, "cast", "x");
  return cast(x, dtype).release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
