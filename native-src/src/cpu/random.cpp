// Random tensors from Philox4x32-10 keyed by the seed, counter = offset + block index. Element i
// of a request always reads the same counter block and words, so the values do not depend on
// the thread count or on how the loop is split.
//
// Layout: 32-bit draws (float32, int32, uint8, bernoulli) use one word per element, four
// elements per block; 64-bit draws (float64, int64) use two words, two elements per block.
// Normal values come from Box-Muller pairs: a pair takes two draws and gives two values
// (cos for the even element, sin for the odd one).
#include <omp.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "core.hpp"
#include "plan.hpp"
#include "ops.hpp"
#include "random.hpp"

using namespace mln;

namespace {

constexpr double kTwoPi = 6.283185307179586;

bool wide(int dtype) { return dtype == MLN_F64 || dtype == MLN_I64; }

/** Uniform in [0, 1) from one 32-bit word or two words (53 bits). */
inline double u01_32(uint32_t w) { return double(w) * 0x1p-32; }
inline double u01_64(uint32_t hi, uint32_t lo) {
  return double(((uint64_t(hi) << 32) | lo) >> 11) * 0x1p-53;
}
/** Uniform in (0, 1], safe for log(). */
inline double u01_open0_32(uint32_t w) { return (double(w) + 1.0) * 0x1p-32; }
inline double u01_open0_64(uint32_t hi, uint32_t lo) {
  return (double(((uint64_t(hi) << 32) | lo) >> 11) + 1.0) * 0x1p-53;
}

/** The two Box-Muller standard normals of pair q. */
inline void normal_pair(uint64_t seed, uint64_t offset, uint64_t stream, bool is_wide, int64_t q,
                        double& z0, double& z1) {
  double u1, u2;
  if (is_wide) {
    PhiloxCtr w = philox_block(seed, offset, uint64_t(q), stream);
    u1 = u01_open0_64(w[0], w[1]);
    u2 = u01_64(w[2], w[3]);
  } else {
    PhiloxCtr w = philox_block(seed, offset, uint64_t(q / 2), stream);
    int s = int(q % 2) * 2;
    u1 = u01_open0_32(w[s]);
    u2 = u01_32(w[s + 1]);
  }
  double r = std::sqrt(-2.0 * std::log(u1));
  z0 = r * std::cos(kTwoPi * u2);
  z1 = r * std::sin(kTwoPi * u2);
}

Shape checked_shape(int ndim, const int64_t* shape, const char* op) {
  if (ndim < 0 || ndim > MLN_MAX_DIMS || (ndim > 0 && !shape))
    fail(MLN_ERR_ARGUMENT, op, ": ndim must be in [0, ", MLN_MAX_DIMS, "] with a shape, got ", ndim);
  return Shape(shape, shape + ndim);
}

/** Standard normals for every element (thread-count independent); truncated ones redraw pair
 * values beyond 2 from successive counter streams of the same pair. */
template <typename T>
void fill_normal(T* out, int64_t n, double mean, double stddev, uint64_t seed, uint64_t offset,
                 bool truncated) {
  const bool is_wide = std::is_same_v<T, double>;
  const int64_t pairs = (n + 1) / 2;
  const int nt = num_threads();
  parallel_for(pairs, n > kParallelGrain && nt > 1, [&](int64_t q) {
    double z[2];
    normal_pair(seed, offset, 0, is_wide, q, z[0], z[1]);
    for (int e = 0; e < 2; ++e) {
      int64_t i = 2 * q + e;
      if (i >= n) break;
      double v = z[e];
      // Stream j >= 1 redraws this element: a fixed sequence per element, so still
      // deterministic whatever the thread count. P(|z| > 2) = 4.6%, so this loop is short.
      for (uint64_t stream = 1; truncated && std::abs(v) > 2.0; ++stream) {
        double r0, r1;
        normal_pair(seed, offset, stream, is_wide, q, r0, r1);
        v = e == 0 ? r0 : r1;
      }
      out[i] = T(mean + stddev * v);
    }
  });
}

mln_tensor* normal_impl(const char* op, int dtype, int ndim, const int64_t* shape, double mean,
                        double stddev, uint64_t seed, uint64_t offset, bool truncated) {
  Shape s = checked_shape(ndim, shape, op);
  if (!(stddev >= 0) || !std::isfinite(stddev) || !std::isfinite(mean))
    fail(MLN_ERR_ARGUMENT, op, ": mean must be finite and stddev finite and >= 0, got mean ", mean,
         " and stddev ", stddev);
  TensorRef out;
  dispatch_float(dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(dtype, s, op));
    fill_normal<T>(data_as<T>(out.get()), numel(out.get()), mean, stddev, seed, offset, truncated);
  });
  return out.release();
}

}  // namespace

extern "C" {

mln_tensor* mln_random_uniform(int dtype, int ndim, const int64_t* shape, double low, double high,
                               uint64_t seed, uint64_t offset) {
  MLN_TRY
  Shape s = checked_shape(ndim, shape, "random_uniform");
  check_dtype(dtype, "random_uniform");
  if (dtype == MLN_BOOL)
    fail(MLN_ERR_DTYPE, "random_uniform: bool is not supported (use random_bernoulli)");
  if (!std::isfinite(low) || !std::isfinite(high) || !(low <= high))
    fail(MLN_ERR_ARGUMENT, "random_uniform: expected finite low <= high, got [", low, ", ", high, ")");
  if (!is_float(dtype) && !(std::floor(low) < high))
    fail(MLN_ERR_ARGUMENT, "random_uniform: the integer range [", low, ", ", high, ") is empty");
  TensorRef out(new_tensor(dtype, s, "random_uniform"));
  const int64_t n = numel(out.get());
  const bool is_wide = wide(dtype);
  const int per = is_wide ? 2 : 4;
  const int64_t blocks = (n + per - 1) / per;
  const int nt = num_threads();
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    T* p = data_as<T>(out.get());
    // Largest value below high in T (values rounding up to high would break [low, high)).
    double top;
    if constexpr (std::is_floating_point_v<T>) top = double(std::nextafter(T(high), T(low)));
    else top = std::ceil(high) - 1;
    parallel_for(blocks, n > kParallelGrain && nt > 1, [&](int64_t b) {
      PhiloxCtr w = philox_block(seed, offset, uint64_t(b));
      for (int e = 0; e < per; ++e) {
        int64_t i = b * per + e;
        if (i >= n) break;
        double u = is_wide ? u01_64(w[2 * e], w[2 * e + 1]) : u01_32(w[e]);
        double v = low + u * (high - low);
        if constexpr (!std::is_floating_point_v<T>) v = std::floor(v);
        if (v > top && low < high) v = top;
        if (std::is_floating_point_v<T> && T(v) >= T(high) && low < high) v = top;
        p[i] = from_double<T>(v);
      }
    });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_random_normal(int dtype, int ndim, const int64_t* shape, double mean, double stddev,
                              uint64_t seed, uint64_t offset) {
  MLN_TRY
  return normal_impl("random_normal", dtype, ndim, shape, mean, stddev, seed, offset, false);
  MLN_CATCH(nullptr)
}

mln_tensor* mln_random_truncated_normal(int dtype, int ndim, const int64_t* shape, double mean,
                                        double stddev, uint64_t seed, uint64_t offset) {
  MLN_TRY
  return normal_impl("random_truncated_normal", dtype, ndim, shape, mean, stddev, seed, offset, true);
  MLN_CATCH(nullptr)
}

mln_tensor* mln_random_bernoulli(int dtype, int ndim, const int64_t* shape, double p,
                                 uint64_t seed, uint64_t offset) {
  MLN_TRY
  Shape s = checked_shape(ndim, shape, "random_bernoulli");
  check_dtype(dtype, "random_bernoulli");
  if (!(p >= 0 && p <= 1)) fail(MLN_ERR_ARGUMENT, "random_bernoulli: p must be in [0, 1], got ", p);
  TensorRef out(new_tensor(dtype, s, "random_bernoulli"));
  const int64_t n = numel(out.get());
  const int64_t blocks = (n + 3) / 4;
  const int nt = num_threads();
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    T* q = data_as<T>(out.get());
    parallel_for(blocks, n > kParallelGrain && nt > 1, [&](int64_t b) {
      PhiloxCtr w = philox_block(seed, offset, uint64_t(b));
      for (int e = 0; e < 4; ++e) {
        int64_t i = b * 4 + e;
        if (i >= n) break;
        q[i] = u01_32(w[e]) < p ? T(1) : T(0);
      }
    });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_random_permutation(int64_t n, uint64_t seed, uint64_t offset) {
  MLN_TRY
  if (n < 0) fail(MLN_ERR_ARGUMENT, "random_permutation: n must be >= 0, got ", n);
  TensorRef out(new_tensor(MLN_I64, Shape{n}, "random_permutation"));
  int64_t* p = data_as<int64_t>(out.get());
  std::iota(p, p + n, int64_t(0));
  // Fisher-Yates; step k takes a 64-bit draw (two words, two steps per block) and maps it to
  // [0, i] by a 128-bit multiply (Lemire), whose bias is below 2^-40 for any n here.
  PhiloxCtr w{};
  for (int64_t i = n - 1, k = 0; i > 0; --i, ++k) {
    if (k % 2 == 0) w = philox_block(seed, offset, uint64_t(k / 2));
    int s = int(k % 2) * 2;
    uint64_t r = (uint64_t(w[s]) << 32) | w[s + 1];
    int64_t j = int64_t((unsigned __int128)r * uint64_t(i + 1) >> 64);
    std::swap(p[i], p[j]);
  }
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
