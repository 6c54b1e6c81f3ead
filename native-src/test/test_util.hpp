// Helpers shared by the native tests: building tensors from values and reading them back.
#pragma once

#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <cstring>
#include <string>
#include <vector>

namespace tu {

template <typename T> constexpr int dtype_of();
template <> constexpr int dtype_of<float>() { return MLN_F32; }
template <> constexpr int dtype_of<double>() { return MLN_F64; }
template <> constexpr int dtype_of<int32_t>() { return MLN_I32; }
template <> constexpr int dtype_of<int64_t>() { return MLN_I64; }
template <> constexpr int dtype_of<uint8_t>() { return MLN_U8; }
template <> constexpr int dtype_of<bool>() { return MLN_BOOL; }

template <typename T>
mln_tensor* make(const std::vector<int64_t>& shape, const std::vector<T>& v) {
  mln_tensor* t = mln_empty(dtype_of<T>(), int(shape.size()), shape.data());
  EXPECT_NE(t, nullptr);
  EXPECT_EQ(mln_numel(t), int64_t(v.size()));
  T* p = static_cast<T*>(mln_data(t));
  for (size_t i = 0; i < v.size(); ++i) p[i] = v[i];
  return t;
}

template <typename T>
std::vector<T> values(const mln_tensor* t) {
  EXPECT_NE(t, nullptr);
  if (!t) return {};
  EXPECT_EQ(mln_dtype(t), dtype_of<T>());
  const T* p = static_cast<const T*>(mln_data(t));
  return std::vector<T>(p, p + mln_numel(t));
}

/** A tensor of `dtype` and `shape` holding 0, 1, 2, ... (T is the dtype's element type). */
template <typename T>
mln_tensor* iota(int dtype, const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<T> v(static_cast<size_t>(n));
  for (size_t i = 0; i < v.size(); ++i) v[i] = T(i);
  return mln_from_data(dtype, int(shape.size()), shape.data(), v.data(),
                       int64_t(v.size() * sizeof(T)));
}

inline std::vector<int64_t> shape(const mln_tensor* t) {
  std::vector<int64_t> s(size_t(mln_ndim(t)));
  mln_shape(t, s.data());
  return s;
}

/** Deterministic pseudo-random doubles in [lo, hi). */
inline std::vector<double> rnd(size_t n, double lo, double hi, uint32_t seed = 1) {
  std::vector<double> v(n);
  uint64_t s = seed * 6364136223846793005ull + 1442695040888963407ull;
  for (auto& x : v) {
    s = s * 6364136223846793005ull + 1442695040888963407ull;
    x = lo + (hi - lo) * double(s >> 11) * 0x1p-53;
  }
  return v;
}

/** Expects the last call to have failed with status and a message containing `part`. */
inline void expect_error(int status, const std::string& part) {
  EXPECT_EQ(mln_last_status(), status) << mln_last_error();
  EXPECT_NE(std::string(mln_last_error()).find(part), std::string::npos)
      << "message: '" << mln_last_error() << "' lacks '" << part << "'";
  mln_clear_error();
}

/** Expects a call that returned `result` to have failed: null, status and `part` as above. */
inline void expect_error(const void* result, int status, const std::string& part) {
  EXPECT_EQ(result, nullptr);
  expect_error(status, part);
}

/** RAII release for test tensors. */
struct Own {
  std::vector<mln_tensor*> ts;
  mln_tensor* operator()(mln_tensor* t) { ts.push_back(t); return t; }
  ~Own() { for (auto* t : ts) if (t) mln_release(t); }
};

}  // namespace tu
