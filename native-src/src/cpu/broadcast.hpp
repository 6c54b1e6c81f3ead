// Strided broadcast iteration: K inputs broadcast against one contiguous output.
//
// The plan drops size-1 output dimensions and merges adjacent dimensions that every operand walks
// contiguously, so that most broadcasts reduce to a few long rows whose inner stride is 0 (the
// operand is broadcast along the row) or 1 (it is contiguous). Kernels then specialise their
// inner loop on those strides and vectorise.
#pragma once

#include <omp.h>

#include <algorithm>
#include <array>

#include "core.hpp"

namespace mln {

template <int K>
struct BroadcastPlan {
  int nd = 1;                                  // collapsed rank (>= 1)
  int64_t shape[MLN_MAX_DIMS] = {1};           // collapsed output shape
  int64_t stride[K][MLN_MAX_DIMS] = {};        // element strides per input (0 where broadcast)
  int64_t rows = 1;                            // product of all but the last collapsed dim
  int64_t inner = 1;                           // last collapsed dim
  int64_t total = 1;
};

template <int K>
BroadcastPlan<K> make_plan(const Shape& out, const std::array<Shape, K>& ins) {
  const int n = int(out.size());
  // Input strides aligned to the output's dimensions (numpy aligns shapes on the right).
  std::vector<std::array<int64_t, K>> st(n);
  for (int k = 0; k < K; ++k) {
    const Shape& s = ins[k];
    int off = n - int(s.size());
    int64_t acc = 1;
    for (int d = n - 1; d >= 0; --d) {
      int64_t dim = d >= off ? s[d - off] : 1;
      st[d][k] = dim == 1 ? 0 : acc;
      acc *= dim;
    }
  }
  BroadcastPlan<K> p;
  p.nd = 0;
  for (int d = 0; d < n; ++d) {
    if (out[d] == 1) continue;  // size-1 dims contribute nothing to any offset
    if (p.nd > 0) {
      // Merge with the previous kept dim when every operand steps through both as one run.
      bool merge = true;
      int last = p.nd - 1;
      for (int k = 0; k < K; ++k)
        if (p.stride[k][last] != st[d][k] * out[d]) merge = false;
      if (merge) {
        p.shape[last] *= out[d];
        for (int k = 0; k < K; ++k) p.stride[k][last] = st[d][k];
        continue;
      }
    }
    p.shape[p.nd] = out[d];
    for (int k = 0; k < K; ++k) p.stride[k][p.nd] = st[d][k];
    ++p.nd;
  }
  if (p.nd == 0) {
    p.nd = 1;
    p.shape[0] = shape_numel(out);  // 1, or 0 for an empty output
    for (int k = 0; k < K; ++k) p.stride[k][0] = 0;
  }
  p.inner = p.shape[p.nd - 1];
  p.rows = 1;
  for (int d = 0; d < p.nd - 1; ++d) p.rows *= p.shape[d];
  p.total = p.rows * p.inner;
  return p;
}

/** Runs body(out_offset, in_offsets[K], count) over runs of the innermost collapsed dimension; the
 * inner strides are plan.stride[k][nd-1] (each 0 or 1). Work is split over threads in row blocks,
 * and long rows are split in chunks so a scalar broadcast over one huge row still runs parallel. */
template <int K, typename Body>
void for_each_run(const BroadcastPlan<K>& p, Body&& body) {
  if (p.total == 0) return;
  const int nt = num_threads();
  const int64_t inner = p.inner;
  // Chunks per row: enough to give every thread work when there are few long rows.
  int64_t chunks = 1;
  if (p.total > kParallelGrain && p.rows < 4 * nt) {
    chunks = std::max<int64_t>(1, std::min<int64_t>((4 * nt + p.rows - 1) / p.rows, inner / 4096));
  }
  const int64_t chunk = (inner + chunks - 1) / chunks;
  const int64_t tasks = p.rows * chunks;
  const bool par = p.total > kParallelGrain && nt > 1;
  parallel_for(tasks, par, [&](int64_t t) {
    int64_t row = t / chunks, c = t % chunks;
    int64_t begin = c * chunk;
    int64_t len = std::min(chunk, inner - begin);
    if (len <= 0) return;
    int64_t off[K];
    for (int k = 0; k < K; ++k) off[k] = begin * p.stride[k][p.nd - 1];
    int64_t r = row;
    for (int d = p.nd - 2; d >= 0; --d) {
      int64_t i = r % p.shape[d];
      r /= p.shape[d];
      for (int k = 0; k < K; ++k) off[k] += i * p.stride[k][d];
    }
    body(row * inner + begin, off, len);
  });
}

}  // namespace mln
