// mln_dense at 1-4 rows takes the column-split product of gemv.cpp (batch-1 inference, issue 14).
#include <cmath>
#include <vector>

#include "test_util.hpp"

namespace {

std::vector<float> floats(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

/** relu(b + x . w) with the sum over k in order, one fused multiply-add per term. */
std::vector<float> mirror(const std::vector<float>& x, const std::vector<float>& w,
                          const std::vector<float>& b, int64_t m, int64_t k, int64_t n) {
  std::vector<float> y(size_t(m * n));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (int64_t q = 0; q < k; ++q) acc = std::fma(x[size_t(i * k + q)], w[size_t(q * n + j)], acc);
      acc += b[size_t(j)];
      y[size_t(i * n + j)] = acc > 0.0f ? acc : 0.0f;
    }
  return y;
}

std::vector<float> dense(const std::vector<float>& x, const std::vector<float>& w,
                         const std::vector<float>& b, int64_t m, int64_t k, int64_t n) {
  mln_tensor* tx = tu::make<float>({m, k}, x);
  mln_tensor* tw = tu::make<float>({k, n}, w);
  mln_tensor* tb = tu::make<float>({n}, b);
  mln_tensor* y = mln_dense(tx, tw, tb, MLN_RELU);
  std::vector<float> r = tu::values<float>(y);
  mln_release(y);
  mln_release(tb);
  mln_release(tw);
  mln_release(tx);
  return r;
}

}  // namespace

// 520 columns: eight full tiles of 64 and a tail of 8; 784 x 520 x m multiply-adds is above the
// direct loop's limit and the parallel threshold, so both threads take tiles. oneDNN's matmul, which
// took these shapes before, blocks the 784-long sums and so does not match the in-order sum.
TEST(Gemv, FewRowsEqualTheInOrderFmaSumBitForBitOnAnyThreadCount) {
  const int64_t k = 784, n = 520;
  const std::vector<float> w = floats(tu::rnd(size_t(k * n), -0.2, 0.2, 3));
  const std::vector<float> b = floats(tu::rnd(size_t(n), -0.5, 0.5, 4));
  const int saved = mln_get_num_threads();
  for (int64_t m = 1; m <= 4; ++m) {
    const std::vector<float> x = floats(tu::rnd(size_t(m * k), -1.0, 1.0, uint32_t(10 + m)));
    const std::vector<float> want = mirror(x, w, b, m, k, n);
    for (int threads : {1, 2, 3}) {
      mln_set_num_threads(threads);
      const std::vector<float> got = dense(x, w, b, m, k, n);
      ASSERT_EQ(got.size(), want.size());
      for (size_t i = 0; i < got.size(); ++i)
        ASSERT_EQ(got[i], want[i]) << "m=" << m << " threads=" << threads << " at " << i;
    }
  }
  mln_set_num_threads(saved);
}

// A row alone gives what the same row gives inside a batch of 16 (oneDNN's matmul) up to float
// rounding: the two kernels sum the 784 products in different orders.
TEST(Gemv, OneRowMatchesTheRowOfABatchedProduct) {
  const int64_t k = 784, n = 512, rows = 16;
  const std::vector<float> w = floats(tu::rnd(size_t(k * n), -0.08, 0.08, 5));
  const std::vector<float> b = floats(tu::rnd(size_t(n), -0.1, 0.1, 6));
  const std::vector<float> x = floats(tu::rnd(size_t(rows * k), 0.0, 1.0, 7));
  const std::vector<float> batch = dense(x, w, b, rows, k, n);
  for (int64_t r : {int64_t(0), int64_t(9)}) {
    std::vector<float> one(x.begin() + r * k, x.begin() + (r + 1) * k);
    const std::vector<float> got = dense(one, w, b, 1, k, n);
    for (int64_t j = 0; j < n; ++j)
      ASSERT_NEAR(got[size_t(j)], batch[size_t(r * n + j)], 1e-5) << "row " << r << " col " << j;
  }
}
