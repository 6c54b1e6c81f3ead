// arange, linspace, eye.
#include <omp.h>

#include <algorithm>
#include <cmath>

#include "core.hpp"
#include "plan.hpp"
#include "ops.hpp"

using namespace mln;

namespace {

/** Fills out[i] = from_double<T>(f(i)) in parallel. */
template <typename F>
void fill_with(mln_tensor* out, F&& f) {
  const int64_t n = numel(out);
  const int nt = num_threads();
  dispatch(out->dtype, [&](auto tag) {
    using T = decltype(tag);
    T* p = data_as<T>(out);
    parallel_for(n, n > kParallelGrain && nt > 1, [&](int64_t i) { p[i] = from_double<T>(f(i)); });
  });
}

}  // namespace

extern "C" {

mln_tensor* mln_arange(int dtype, double start, double step, int64_t n) {
  MLN_TRY
  check_dtype(dtype, "arange");
  if (n < 0) fail(MLN_ERR_ARGUMENT, "arange: n must be >= 0, got ", n);
  if (!std::isfinite(start) || !std::isfinite(step))
    fail(MLN_ERR_ARGUMENT, "arange: start and step must be finite, got ", start, " and ", step);
  TensorRef out(new_tensor(dtype, Shape{n}, "arange"));
  fill_with(out.get(), [&](int64_t i) { return start + double(i) * step; });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_linspace(int dtype, double start, double stop, int64_t n) {
  MLN_TRY
  check_dtype(dtype, "linspace");
  if (n < 0) fail(MLN_ERR_ARGUMENT, "linspace: n must be >= 0, got ", n);
  TensorRef out(new_tensor(dtype, Shape{n}, "linspace"));
  const double step = n > 1 ? (stop - start) / double(n - 1) : 0.0;
  // numpy: start + i * step, the last value exactly stop; integer dtypes take the floor
  // (numpy >= 2.0), not the truncation toward zero of a C cast.
  const bool floor_it = !is_float(dtype) && dtype != MLN_BOOL;
  fill_with(out.get(), [&](int64_t i) {
    double v = i == n - 1 && n > 1 ? stop : start + double(i) * step;
    return floor_it ? std::floor(v) : v;
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_eye(int dtype, int64_t rows, int64_t cols, int64_t k) {
  MLN_TRY
  check_dtype(dtype, "eye");
  if (rows < 0 || cols < 0)
    fail(MLN_ERR_ARGUMENT, "eye: rows and cols must be >= 0, got ", rows, " and ", cols);
  TensorRef out(new_tensor(dtype, Shape{rows, cols}, "eye"));
  const size_t bytes = shape_nbytes(Shape{rows, cols}, dtype, "eye");
  if (bytes) std::memset(data_as<char>(out.get()), 0, bytes);
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    T* p = data_as<T>(out.get());
    // Diagonals entirely outside the matrix leave it zero (and keep r + k from overflowing); an
    // empty matrix may still have 2^62 rows, so only the diagonal's own rows are visited.
    if (k >= cols || k <= -rows || rows == 0 || cols == 0) return;
    const int64_t r0 = k < 0 ? -k : 0, r1 = std::min(rows, cols - k);
    for (int64_t r = r0; r < r1; ++r) p[r * cols + r + k] = T(1);
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
