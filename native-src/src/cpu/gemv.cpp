// The product of a few rows by a weight matrix (batch-1 inference of a Dense layer, issue 14).
// oneDNN's matmul at M = 1 costs a primitive lookup, a parallel region per call and a split that
// is not tied to the output columns; here each thread owns a fixed, contiguous range of output
// columns (OpenMP static schedule over column tiles), so that from call to call a core reads the
// same part of the weights and can keep it in its cache.
#include <algorithm>
#include <cstdint>

#include "core.hpp"
#include "gemv.hpp"

namespace mln {

namespace {

/** Output columns per tile: 8 AVX2 registers of accumulators (x86-64-v3). */
constexpr int64_t kTile = 64;

/** y[i, j0 .. j0 + len) = x[i, :] . w[:, j0 .. j0 + len) for rows i < m; the sum runs over k in
 * order, one fused multiply-add per term, as mln_dense's direct loop does. */
template <int64_t L>
void tile_rows(const float* __restrict x, const float* __restrict w, float* __restrict y,
               int64_t m, int64_t k, int64_t n, int64_t j0, int64_t len) {
  for (int64_t i = 0; i < m; ++i) {
    float acc[L] = {};
    const float* xi = x + i * k;
    for (int64_t kk = 0; kk < k; ++kk) {
      const float xv = xi[kk];
      const float* wr = w + kk * n + j0;
#pragma omp simd
      for (int64_t j = 0; j < L; ++j) acc[j] += xv * wr[j];
    }
    std::copy(acc, acc + len, y + i * n + j0);
  }
}

/** tile_rows for a last tile narrower than kTile (n not a multiple of it). */
void tail_rows(const float* x, const float* w, float* y, int64_t m, int64_t k, int64_t n,
               int64_t j0, int64_t len) {
  for (int64_t i = 0; i < m; ++i) {
    float acc[kTile] = {};
    const float* xi = x + i * k;
    for (int64_t kk = 0; kk < k; ++kk) {
      const float xv = xi[kk];
      const float* wr = w + kk * n + j0;
#pragma omp simd
      for (int64_t j = 0; j < len; ++j) acc[j] += xv * wr[j];
    }
    std::copy(acc, acc + len, y + i * n + j0);
  }
}

}  // namespace

void gemv_rows_f32(const float* x, const float* w, float* y, int64_t m, int64_t k, int64_t n) {
  const int64_t tiles = (n + kTile - 1) / kTile;
  const bool par = num_threads() > 1 && tiles > 1 && double(m) * double(k) * double(n) >
                                                         double(kGemvParallelMacs);
  parallel_for(tiles, par, [&](int64_t t) {
    const int64_t j0 = t * kTile;
    const int64_t len = std::min(kTile, n - j0);
    if (len == kTile) {
      tile_rows<kTile>(x, w, y, m, k, n, j0, len);
    } else {
      tail_rows(x, w, y, m, k, n, j0, len);
    }
  });
}

}  // namespace mln
