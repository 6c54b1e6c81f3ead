// A few rows times a weight matrix, split over threads by output columns (gemv.cpp).
#pragma once

#include <cstdint>

namespace mln {

/** Row counts up to this take gemv_rows_f32 in mln_dense (batch-1 to batch-4 inference). */
constexpr int64_t kGemvMaxRows = 4;

/** Products of at least this many multiply-adds split their column tiles over the threads. */
constexpr int64_t kGemvParallelMacs = 65536;

/** y (m, n) = x (m, k) . w (k, n), all contiguous row-major float32; y is fully written. */
void gemv_rows_f32(const float* x, const float* w, float* y, int64_t m, int64_t k, int64_t n);

}  // namespace mln
