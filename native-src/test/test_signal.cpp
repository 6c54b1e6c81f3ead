// mln_correlate2d: window placement, flip, boundary rules, scipy's summation order, bad input.
#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include "test_util.hpp"

#include <vector>

namespace {

using tu::expect_error;
using tu::make;
using tu::values;

TEST(Signal, ValidCorrelationAndConvolutionOfA1x5Row) {
  mln_tensor* x = make<double>({1, 5}, {1, 2, 3, 4, 5});
  mln_tensor* k = make<double>({1, 2}, {10, 1});
  // correlate: out[n] = 10 x[n] + x[n + 1]
  mln_tensor* c = mln_correlate2d(x, k, 1, 4, 0, 0, 0, MLN_BOUNDARY_SKIP, 0);
  EXPECT_EQ(values<double>(c), (std::vector<double>{12, 23, 34, 45}));
  // convolve (valid starts at the kernel's last tap): out[n] = 10 x[n + 1] + x[n]
  mln_tensor* v = mln_correlate2d(x, k, 1, 4, 0, 1, 1, MLN_BOUNDARY_SKIP, 0);
  EXPECT_EQ(values<double>(v), (std::vector<double>{21, 32, 43, 54}));
  for (mln_tensor* t : {x, k, c, v}) mln_release(t);
}

TEST(Signal, BoundaryRulesOutsideTheInput) {
  mln_tensor* x = make<int64_t>({1, 3}, {1, 2, 3});
  mln_tensor* k = make<int64_t>({1, 1}, {1});
  // one tap read at columns -3 .. 5
  auto read = [&](int boundary, double fill) {
    mln_tensor* r = mln_correlate2d(x, k, 1, 9, 0, -3, 0, boundary, fill);
    std::vector<int64_t> v = values<int64_t>(r);
    mln_release(r);
    return v;
  };
  EXPECT_EQ(read(MLN_BOUNDARY_SKIP, 0), (std::vector<int64_t>{0, 0, 0, 1, 2, 3, 0, 0, 0}));
  EXPECT_EQ(read(MLN_BOUNDARY_FILL, 7), (std::vector<int64_t>{7, 7, 7, 1, 2, 3, 7, 7, 7}));
  EXPECT_EQ(read(MLN_BOUNDARY_WRAP, 0), (std::vector<int64_t>{1, 2, 3, 1, 2, 3, 1, 2, 3}));
  EXPECT_EQ(read(MLN_BOUNDARY_SYMM, 0), (std::vector<int64_t>{3, 2, 1, 1, 2, 3, 3, 2, 1}));
  mln_release(x);
  mln_release(k);
}

TEST(Signal, FloatSumsRoundEachProductAsScipyDoes) {
  // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 in float32, cancelling the first term
  // exactly; a fused multiply-add would keep the 2^-24. scipy multiplies, rounds, then adds.
  const float a = 1.0f + 1.0f / 4096.0f;
  mln_tensor* x = make<float>({1, 2}, {-(1.0f + 1.0f / 2048.0f), a});
  mln_tensor* k = make<float>({1, 2}, {1, a});
  mln_tensor* c = mln_correlate2d(x, k, 1, 1, 0, 0, 0, MLN_BOUNDARY_SKIP, 0);
  EXPECT_EQ(values<float>(c), (std::vector<float>{0.0f}));
  mln_release(c);
  mln_release(x);
  mln_release(k);
}

TEST(Signal, BadArgumentsFailWithAMessage) {
  mln_tensor* x = make<float>({2, 2}, {1, 2, 3, 4});
  mln_tensor* d = make<double>({1, 1}, {1});
  mln_tensor* r1 = make<float>({4}, {1, 2, 3, 4});
  expect_error(mln_correlate2d(x, d, 1, 1, 0, 0, 0, 0, 0), MLN_ERR_DTYPE, "argument 'k'");
  expect_error(mln_correlate2d(r1, x, 1, 1, 0, 0, 0, 0, 0), MLN_ERR_SHAPE, "rank 2");
  expect_error(mln_correlate2d(x, x, -1, 1, 0, 0, 0, 0, 0), MLN_ERR_ARGUMENT, "'out'");
  expect_error(mln_correlate2d(x, x, 1, 1, int64_t(1) << 60, 0, 0, 0, 0), MLN_ERR_ARGUMENT,
               "'offset'");
  expect_error(mln_correlate2d(x, x, 1, 1, 0, 0, 2, 0, 0), MLN_ERR_ARGUMENT, "'flip'");
  expect_error(mln_correlate2d(x, x, 1, 1, 0, 0, 0, 9, 0), MLN_ERR_ARGUMENT, "'boundary'");
  expect_error(mln_correlate2d(nullptr, x, 1, 1, 0, 0, 0, 0, 0), MLN_ERR_ARGUMENT, "'x'");
  // an output of 2^80 elements: the size check refuses it before any allocation
  EXPECT_EQ(mln_correlate2d(x, x, int64_t(1) << 40, int64_t(1) << 40, 0, 0, 0, 0, 0), nullptr);
  EXPECT_NE(mln_last_status(), MLN_OK);
  mln_clear_error();
  for (mln_tensor* t : {x, d, r1}) mln_release(t);
}

}  // namespace
