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

/** v converted to T without undefined behaviour: bool is v != 0, NaN gives 0 for integers and
 * out-of-range values saturate (C casts are undefined there). */
template <typename T>
inline T from_double(double v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(v);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    // Like a C cast through a wide integer: values wrap modulo 256.
    if (v != v) return 0;
    if (v >= 9.2e18 || v <= -9.2e18) return 0;
    return static_cast<uint8_t>(static_cast<int64_t>(v));
  } else {
    if (v != v) return 0;
    if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
    if (v <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
    return static_cast<T>(v);
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
