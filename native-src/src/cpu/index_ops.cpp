// Index ops: take (gather), scatter_add, one_hot, masked_select.
#include <omp.h>

#include <algorithm>
#include <cstring>

#include "core.hpp"
#include "engine.hpp"
#include "ops.hpp"
#include "plan.hpp"

namespace mln {
namespace {

void check_index_dtype(const mln_tensor* idx, const char* op) {
  if (idx->dtype != MLN_I32 && idx->dtype != MLN_I64)
    fail(MLN_ERR_DTYPE, op, ": indices must be int32 or int64, got ", dtype_name(idx->dtype));
}

/** The indices as int64, negatives wrapped, all checked against dim before any output exists. */
std::vector<int64_t> normalized_indices(const mln_tensor* idx, int64_t dim, int axis,
                                        const char* op) {
  const int64_t n = numel(idx);
  std::vector<int64_t> out(static_cast<size_t>(n));
  auto load = [&](auto tag) {
    using I = decltype(tag);
    const I* p = data_as<I>(idx);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t v = int64_t(p[i]);
      const int64_t w = v < 0 ? v + dim : v;
      if (w < 0 || w >= dim)
        fail(MLN_ERR_INDEX, op, ": index ", v, " (at position ", i,
             ") is out of range for axis ", axis, " of size ", dim);
      out[size_t(i)] = w;
    }
  };
  if (idx->dtype == MLN_I32)
    load(int32_t{});
  else
    load(int64_t{});
  return out;
}

/** x.shape[:axis] + idx.shape + x.shape[axis+1:], checked against the rank limit. */
Shape gathered_shape(const mln_tensor* x, const mln_tensor* idx, int ax, const char* op) {
  Shape xs = shape_of(x);
  Shape s(xs.begin(), xs.begin() + ax);
  for (int i = 0; i < idx->ndim; ++i) s.push_back(idx->shape[i]);
  s.insert(s.end(), xs.begin() + ax + 1, xs.end());
  if (s.size() > size_t(MLN_MAX_DIMS))
    fail(MLN_ERR_SHAPE, op, ": result rank ", s.size(), " exceeds the maximum ", MLN_MAX_DIMS,
         " (x ", shape_str(xs), ", indices ", shape_str(shape_of(idx)), ")");
  return s;
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_take(const mln_tensor* x, const mln_tensor* idx, int axis) {
  MLN_TRY
  check_tensor(x, "take", "x");
  check_tensor(idx, "take", "idx");
  check_index_dtype(idx, "take");
  const int ax = norm_axis(axis, x->ndim, "take");
  Shape os = gathered_shape(x, idx, ax, "take");
  const int64_t dim = x->shape[ax];
  std::vector<int64_t> ids = normalized_indices(idx, dim, ax, "take");
  TensorRef out(new_tensor(x->dtype, os, "take"));
  // An empty result may still have 2^48 (outer, index) rows of zero bytes: nothing to copy.
  if (numel(out.get()) == 0) return out.release();
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < ax; ++i) outer *= x->shape[i];
  for (int i = ax + 1; i < x->ndim; ++i) inner *= x->shape[i];
  const int64_t nidx = int64_t(ids.size());
  const size_t row = size_t(inner) * itemsize(x->dtype);
  const char* src = data_as<char>(x);
  char* dst = data_as<char>(out.get());
  const int64_t rows = outer * nidx;
  // Each (outer, j) pair copies one contiguous run of `inner` elements.
  parallel_for(rows, (rows * inner > kParallelGrain) && num_threads() > 1, [&](int64_t r) {
    const int64_t o = r / nidx, j = r % nidx;
    std::memcpy(dst + size_t(r) * row, src + size_t(o * dim + ids[size_t(j)]) * row, row);
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_scatter_add(const mln_tensor* x, const mln_tensor* idx, const mln_tensor* updates,
                            int axis) {
  MLN_TRY
  check_tensor(x, "scatter_add", "x");
  check_tensor(idx, "scatter_add", "idx");
  check_tensor(updates, "scatter_add", "updates");
  check_index_dtype(idx, "scatter_add");
  if (updates->dtype != x->dtype)
    fail(MLN_ERR_DTYPE, "scatter_add: updates are ", dtype_name(updates->dtype), " but x is ",
         dtype_name(x->dtype));
  const int ax = norm_axis(axis, x->ndim, "scatter_add");
  Shape us = gathered_shape(x, idx, ax, "scatter_add");
  if (shape_of(updates) != us)
    fail(MLN_ERR_SHAPE, "scatter_add: updates have shape ", shape_str(shape_of(updates)),
         ", expected ", shape_str(us), " (x ", shape_str(shape_of(x)), " with axis ", ax,
         " replaced by indices ", shape_str(shape_of(idx)), ")");
  const int64_t dim = x->shape[ax];
  std::vector<int64_t> ids = normalized_indices(idx, dim, ax, "scatter_add");
  TensorRef out(new_tensor(x->dtype, shape_of(x)));
  const int64_t total = numel(x);
  if (total) std::memcpy(data_as<char>(out.get()), data_as<char>(x), size_t(total) * itemsize(x->dtype));
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < ax; ++i) outer *= x->shape[i];
  for (int i = ax + 1; i < x->ndim; ++i) inner *= x->shape[i];
  const int64_t nidx = int64_t(ids.size());
  if (outer == 0 || inner == 0 || nidx == 0) return out.release();
  // Work is partitioned over (outer index, chunk of the inner dims): every unit walks all indices
  // in order for its own disjoint slab, so repeated indices accumulate without races or atomics,
  // and the sum order (hence float rounding) does not depend on the thread count.
  const int nt = num_threads();
  const int64_t work = outer * nidx * inner;
  int64_t chunk = inner;
  if (nt > 1 && work > kParallelGrain && outer < 4 * nt) {
    const int64_t want = (4 * nt + outer - 1) / outer;  // chunks per outer index
    chunk = std::max<int64_t>(256, (inner + want - 1) / want);
  }
  chunk = std::min(chunk, inner);
  const int64_t chunks = (inner + chunk - 1) / chunk;
  const int64_t units = outer * chunks;
  dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    T* o = data_as<T>(out.get());
    const T* u = data_as<T>(updates);
    parallel_for(units, work > kParallelGrain && units > 1, [&](int64_t w) {
      const int64_t oi = w / chunks, c0 = (w % chunks) * chunk, c1 = std::min(inner, c0 + chunk);
      for (int64_t j = 0; j < nidx; ++j) {
        T* dst = o + (oi * dim + ids[size_t(j)]) * inner;
        const T* src = u + (oi * nidx + j) * inner;
        for (int64_t k = c0; k < c1; ++k) dst[k] = T(dst[k] + src[k]);
      }
    });
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_one_hot(const mln_tensor* idx, int64_t depth, int dtype, double on, double off) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(idx, nullptr, "one_hot"))
    return k->one_hot(idx, depth, dtype, on, off);
  check_tensor(idx, "one_hot", "idx");
  check_index_dtype(idx, "one_hot");
  check_dtype(dtype, "one_hot");
  if (depth < 0) fail(MLN_ERR_ARGUMENT, "one_hot: depth = ", depth, " is negative");
  if (idx->ndim + 1 > MLN_MAX_DIMS)
    fail(MLN_ERR_SHAPE, "one_hot: indices of rank ", idx->ndim, " give rank ", idx->ndim + 1,
         ", more than the maximum ", MLN_MAX_DIMS);
  Shape os = shape_of(idx);
  os.push_back(depth);
  TensorRef out(new_tensor(dtype, os, "one_hot"));
  const int64_t n = numel(idx);
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    const T von = from_double<T>(on), voff = from_double<T>(off);
    T* o = data_as<T>(out.get());
    auto run = [&](auto itag) {
      using I = decltype(itag);
      const I* p = data_as<I>(idx);
      // Like TensorFlow: an index outside [0, depth) (negative ones included) gives a row of
      // `off` only, rather than an error, so padding ids such as -1 need no special casing.
      parallel_for(n, (n * depth > kParallelGrain) && num_threads() > 1, [&](int64_t i) {
        T* r = o + i * depth;
        std::fill(r, r + depth, voff);
        const int64_t v = int64_t(p[i]);
        if (v >= 0 && v < depth) r[v] = von;
      });
    };
    if (idx->dtype == MLN_I32)
      run(int32_t{});
    else
      run(int64_t{});
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_masked_select(const mln_tensor* x, const mln_tensor* mask) {
  MLN_TRY
  check_tensor(x, "masked_select", "x");
  check_tensor(mask, "masked_select", "mask");
  if (mask->dtype != MLN_BOOL)
    fail(MLN_ERR_DTYPE, "masked_select: mask must be bool, got ", dtype_name(mask->dtype));
  if (shape_of(mask) != shape_of(x))
    fail(MLN_ERR_SHAPE, "masked_select: mask has shape ", shape_str(shape_of(mask)),
         " but x has shape ", shape_str(shape_of(x)));
  const int64_t n = numel(x);
  // Read the mask as bytes: any non-zero byte counts as true, whatever wrote it.
  const uint8_t* m = data_as<uint8_t>(mask);
  const size_t esz = itemsize(x->dtype);
  const char* src = data_as<char>(x);
  // Two passes over fixed blocks: count per block, then each block writes at its prefix offset.
  // Block boundaries do not depend on the thread count, so neither does the work split's result.
  const int64_t block = 65536;
  const int64_t nblocks = (n + block - 1) / block;
  std::vector<int64_t> counts(static_cast<size_t>(nblocks) + 1, 0);
  const bool par = n > kParallelGrain && nblocks > 1;
  parallel_for(nblocks, (par) && num_threads() > 1, [&](int64_t b) {
    int64_t c = 0;
    const int64_t e = std::min(n, (b + 1) * block);
    for (int64_t i = b * block; i < e; ++i) c += m[i] != 0;
    counts[size_t(b) + 1] = c;
  });
  for (int64_t b = 0; b < nblocks; ++b) counts[size_t(b) + 1] += counts[size_t(b)];
  TensorRef out(new_tensor(x->dtype, Shape{counts[size_t(nblocks)]}));
  char* dst = data_as<char>(out.get());
  parallel_for(nblocks, (par) && num_threads() > 1, [&](int64_t b) {
    int64_t w = counts[size_t(b)];
    const int64_t e = std::min(n, (b + 1) * block);
    switch (esz) {
      case 1:
        for (int64_t i = b * block; i < e; ++i)
          if (m[i]) dst[w++] = src[i];
        break;
      case 4:
        for (int64_t i = b * block; i < e; ++i)
          if (m[i]) reinterpret_cast<uint32_t*>(dst)[w++] = reinterpret_cast<const uint32_t*>(src)[i];
        break;
      default:
        for (int64_t i = b * block; i < e; ++i)
          if (m[i]) reinterpret_cast<uint64_t*>(dst)[w++] = reinterpret_cast<const uint64_t*>(src)[i];
        break;
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
