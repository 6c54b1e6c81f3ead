// Embedding lookup: rows of a (input_dim, output_dim) table gathered by integer indices. Unlike
// mln_take, a negative index is an error (Keras's Embedding has no "from the end" indices), and
// the message names the layer's terms (input_dim) rather than an axis.
#include <cstring>
#include <vector>

#include "core.hpp"
#include "plan.hpp"

using namespace mln;

extern "C" {

mln_tensor* mln_embedding(const mln_tensor* table, const mln_tensor* idx) {
  MLN_TRY
  check_tensor(table, "embedding", "table");
  check_tensor(idx, "embedding", "indices");
  if (table->ndim != 2)
    fail(MLN_ERR_SHAPE, "embedding: argument 'table' expected shape (input_dim, output_dim) but was ",
         shape_str(shape_of(table)));
  if (idx->dtype != MLN_I32 && idx->dtype != MLN_I64)
    fail(MLN_ERR_DTYPE, "embedding: argument 'indices' expected int32 or int64 but was ",
         dtype_name(idx->dtype));
  if (idx->ndim + 1 > MLN_MAX_DIMS)
    fail(MLN_ERR_SHAPE, "embedding: indices of rank ", idx->ndim, " give rank ", idx->ndim + 1,
         ", more than the maximum ", MLN_MAX_DIMS);
  const int64_t vocab = table->shape[0], width = table->shape[1], n = numel(idx);
  std::vector<int64_t> ids(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const int64_t v = idx->dtype == MLN_I32 ? int64_t(data_as<int32_t>(idx)[i])
                                            : data_as<int64_t>(idx)[i];
    if (v < 0 || v >= vocab)
      fail(MLN_ERR_INDEX, "embedding: input index ", v, " (at position ", i,
           ") is out of range for input_dim ", vocab, " (valid indices are 0 to ", vocab - 1, ")");
    ids[size_t(i)] = v;
  }
  Shape os = shape_of(idx);
  os.push_back(width);
  TensorRef out(new_tensor(table->dtype, os, "embedding"));
  const size_t row = size_t(width) * itemsize(table->dtype);
  const char* src = data_as<char>(table);
  char* dst = data_as<char>(out.get());
  parallel_for(n, n * width > kParallelGrain && num_threads() > 1, [&](int64_t i) {
    std::memcpy(dst + size_t(i) * row, src + size_t(ids[size_t(i)]) * row, row);
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
