// Internal, throwing versions of the elementwise and reduction ops, so that composite ops (VAR,
// LOGSUMEXP, backward passes) reuse the same kernels without going through the C error channel.
#pragma once

#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "core.hpp"

namespace mln {

/** Converts x to dtype (a copy even when the dtype already matches). */
TensorRef cast(const mln_tensor* x, int dtype);
/** x itself (one more reference) when it already has dtype, else a converted copy. */
TensorRef as_dtype(const mln_tensor* x, int dtype);
TensorRef unary(int op, const mln_tensor* x, double alpha, double beta);
TensorRef binary(int op, const mln_tensor* a, const mln_tensor* b);
TensorRef where(const mln_tensor* cond, const mln_tensor* a, const mln_tensor* b);
TensorRef broadcast_to(const mln_tensor* x, const Shape& shape, const char* op);
/** Sums x down to `shape` (x's shape must broadcast from it). */
TensorRef sum_to(const mln_tensor* x, const Shape& shape, const char* op);
/** A rank-0 tensor holding v. */
TensorRef scalar(int dtype, double v);
/** Reduction over normalised, distinct axes (reduce.cpp). */
TensorRef reduce(int op, const mln_tensor* x, const std::vector<int>& axes, bool keepdims);

/** v converted to T without undefined behaviour, with numpy's results on x86-64 (numpy 2.x
 * `astype`, which uses the cvttsd2si instruction): bool is v != 0 (NaN is true); int32 and int64
 * truncate toward zero, and NaN, +-inf and values whose truncation is outside the type's range all
 * give the type's minimum (INT32_MIN / INT64_MIN); uint8 goes through int32 and keeps the low
 * byte, so -1.0 -> 255, 300.0 -> 44 and NaN / inf / |v| >= 2^31 -> 0. */
template <typename T>
inline T from_double(double v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(v);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return static_cast<uint8_t>(static_cast<uint32_t>(from_double<int32_t>(v)));
  } else {
    // lo = -2^31 or -2^63 and hi = -lo are exact doubles; NaN fails both comparisons. For int64
    // lo - 1.0 rounds to lo, which then falls through to the minimum it converts to anyway.
    constexpr double lo = static_cast<double>(std::numeric_limits<T>::min());
    constexpr double hi = -lo;
    if (v > lo - 1.0 && v < hi) return static_cast<T>(v);
    return std::numeric_limits<T>::min();
  }
}

/** Calls fn(std::integral_constant<int, I>{}) for the I == op in [0, N), turning a run-time op
 * code into a compile-time one so each op gets its own vectorised kernel. Returns false if op is
 * out of range. */
template <int N, typename Fn, int... I>
bool op_dispatch_impl(int op, Fn&& fn, std::integer_sequence<int, I...>) {
  return ((op == I ? (fn(std::integral_constant<int, I>{}), true) : false) || ...);
}
template <int N, typename Fn>
bool op_dispatch(int op, Fn&& fn) {
  return op_dispatch_impl<N>(op, std::forward<Fn>(fn), std::make_integer_sequence<int, N>{});
}

}  // namespace mln
