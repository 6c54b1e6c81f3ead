// Vectorisable float32 math shared by the elementwise and fused kernels.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace mln {

// exp(x) for float32 as straight-line arithmetic (Cephes polynomial, ~1 ulp) so that the loops
// around it vectorise: libm's expf is a scalar call, which would make EXP compute-bound instead
// of memory-bound. Branch-free (compare-and-blend only; std::fmin/fmax would be calls). The scale
// 2^n is applied as two factors so that results down to the subnormal range and up to FLT_MAX
// come out right without special cases. Callers' translation units are compiled without trapping
// math so that GCC if-converts the selects.
inline float fast_expf(float x) {
  const bool nan = x != x;
  float xc = x < -104.f ? -104.f : x;
  xc = xc > 89.f ? 89.f : xc;
  xc = nan ? 0.f : xc;  // NaN: compute on 0 (no NaN-to-int conversion), then return x
  float n = (xc * 1.44269504088896341f + 12582912.f) - 12582912.f;  // round to nearest
  float r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500E-4f;
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  float y = p * r * r + r + 1.f;
  int32_t ni = static_cast<int32_t>(n);
  int32_t h = ni >> 1;
  int32_t b1 = (h + 127) << 23;
  int32_t b2 = (ni - h + 127) << 23;
  float s1, s2;
  std::memcpy(&s1, &b1, sizeof s1);
  std::memcpy(&s2, &b2, sizeof s2);
  float res = y * s1 * s2;
  return nan ? x : res;
}

/** tanh: (1 - e) / (1 + e) with e = exp(-2|x|), and its Taylor series near 0 (no cancellation). */
inline float fast_tanhf(float x) {
  const float ax = std::abs(x);
  const float a = ax > 20.f ? 20.f : ax;  // tanh(20) rounds to 1 in float
  const float e = fast_expf(-2.f * a);
  const float t = (1.f - e) / (1.f + e);
  const float a2 = a * a;
  const float series = a * (1.f + a2 * (-1.f / 3.f + a2 * (2.f / 15.f + a2 * (-17.f / 315.f))));
  const float r = a < 0.0625f ? series : t;
  const float out = std::copysign(r, x);
  return x != x ? x : out;
}

/** The logistic sigmoid without overflow: 1 / (1 + e) or e / (1 + e) with e = exp(-|v|). */
template <typename T>
inline T stable_sigmoid(T v) {
  T e;
  if constexpr (std::is_same_v<T, float>) e = fast_expf(-std::abs(v));
  else e = std::exp(-std::abs(v));
  T s = T(1) / (T(1) + e);
  return v >= 0 ? s : e * s;
}

/** tanh: fast_tanhf for float32, libm's for float64 (gradient checks). */
template <typename T>
inline T act_tanh(T v) {
  if constexpr (std::is_same_v<T, float>) return fast_tanhf(v);
  else return std::tanh(v);
}

}  // namespace mln
