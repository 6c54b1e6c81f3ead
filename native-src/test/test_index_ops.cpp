#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include "test_util.hpp"

#include <cstring>
#include <string>
#include <vector>

namespace {

using Shape = std::vector<int64_t>;

template <typename T>
mln_tensor* make(int dtype, Shape s, const std::vector<T>& v) {
  return mln_from_data(dtype, int(s.size()), s.data(), v.data(), int64_t(v.size() * sizeof(T)));
}

using tu::expect_error;
using tu::iota;
using tu::shape;
using tu::values;

}  // namespace

TEST(Take, GathersAlongAxisWithNegativeIndices) {
  mln_tensor* x = iota<float>(MLN_F32, {3, 4});
  mln_tensor* i64 = make<int64_t>(MLN_I64, {2, 2}, {0, -1, 3, 1});
  mln_tensor* y = mln_take(x, i64, 1);
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(shape(y), (Shape{3, 2, 2}));
  std::vector<float> want;
  for (int r = 0; r < 3; ++r)
    for (int c : {0, 3, 3, 1}) want.push_back(float(r * 4 + c));
  EXPECT_EQ(values<float>(y), want);

  mln_tensor* i32 = make<int32_t>(MLN_I32, {3}, {2, -3, 2});
  mln_tensor* z = mln_take(x, i32, 0);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(shape(z), (Shape{3, 4}));
  EXPECT_EQ(values<float>(z),
            (std::vector<float>{8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11}));
  for (auto* t : {x, i64, y, i32, z}) mln_release(t);
}

TEST(Take, Errors) {
  mln_tensor* x = iota<float>(MLN_F32, {3, 4});
  mln_tensor* bad = make<int64_t>(MLN_I64, {2}, {1, 5});
  mln_tensor* neg = make<int32_t>(MLN_I32, {1}, {-5});
  mln_tensor* flt = iota<float>(MLN_F32, {2});
  int64_t live[5];
  mln_alloc_stats(live);
  expect_error(mln_take(x, bad, 1), MLN_ERR_INDEX, "take: index 5 (at position 1) is out of range for axis 1 of size 4");
  expect_error(mln_take(x, neg, 0), MLN_ERR_INDEX, "take: index -5");
  int64_t after[5];
  mln_alloc_stats(after);
  EXPECT_EQ(after[0], live[0]);  // no partial output left behind
  expect_error(mln_take(x, flt, 0), MLN_ERR_DTYPE, "take: indices must be int32 or int64, got float32");
  expect_error(mln_take(x, bad, 2), MLN_ERR_ARGUMENT, "take: axis 2");
  for (auto* t : {x, bad, neg, flt}) mln_release(t);
}

TEST(ScatterAdd, RepeatedIndicesAccumulate) {
  mln_tensor* x = mln_full(MLN_F32, 2, Shape{4, 3}.data(), 1.0);
  mln_tensor* idx = make<int64_t>(MLN_I64, {3}, {2, -2, 0});  // -2 is row 2 again
  mln_tensor* upd = iota<float>(MLN_F32, {3, 3});
  mln_tensor* y = mln_scatter_add(x, idx, upd, 0);
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(values<float>(y),
            (std::vector<float>{1 + 6, 1 + 7, 1 + 8, 1, 1, 1, 1 + 0 + 3, 1 + 1 + 4, 1 + 2 + 5, 1, 1, 1}));
  // x is untouched.
  EXPECT_EQ(values<float>(x)[0], 1.f);
  for (auto* t : {x, idx, upd, y}) mln_release(t);
}

TEST(ScatterAdd, InnerAxisIntsAndLargeParallel) {
  // Along the last axis with int32, checked against a reference loop; big enough to run in
  // parallel (outer 64, inner 1: partitioned over outer).
  const int64_t O = 64, D = 50, J = 700;
  mln_tensor* x = iota<int32_t>(MLN_I32, {O, D});
  std::vector<int32_t> ids(J);
  for (int64_t j = 0; j < J; ++j) ids[size_t(j)] = int32_t((j * 13) % D);
  mln_tensor* idx = make<int32_t>(MLN_I32, {J}, ids);
  mln_tensor* upd = iota<int32_t>(MLN_I32, {O, J});
  mln_tensor* y = mln_scatter_add(x, idx, upd, 1);
  ASSERT_NE(y, nullptr) << mln_last_error();
  std::vector<int32_t> want = values<int32_t>(x);
  for (int64_t o = 0; o < O; ++o)
    for (int64_t j = 0; j < J; ++j) want[size_t(o * D + ids[size_t(j)])] += int32_t(o * J + j);
  EXPECT_EQ(values<int32_t>(y), want);

  // Axis 0 with a small outer and a wide inner: partitioned over chunks of the inner dims.
  mln_tensor* x2 = mln_full(MLN_F64, 2, Shape{5, 20000}.data(), 0.0);
  mln_tensor* idx2 = make<int64_t>(MLN_I64, {4}, {1, 1, 4, 1});
  mln_tensor* upd2 = mln_full(MLN_F64, 2, Shape{4, 20000}.data(), 0.5);
  mln_tensor* y2 = mln_scatter_add(x2, idx2, upd2, 0);
  ASSERT_NE(y2, nullptr);
  std::vector<double> v2 = values<double>(y2);
  for (int64_t k = 0; k < 20000; ++k) {
    ASSERT_EQ(v2[size_t(20000 + k)], 1.5);
    ASSERT_EQ(v2[size_t(4 * 20000 + k)], 0.5);
    ASSERT_EQ(v2[size_t(k)], 0.0);
  }
  for (auto* t : {x, idx, upd, y, x2, idx2, upd2, y2}) mln_release(t);
}

TEST(ScatterAdd, Errors) {
  mln_tensor* x = iota<float>(MLN_F32, {4, 3});
  mln_tensor* idx = make<int64_t>(MLN_I64, {2}, {0, 4});
  mln_tensor* ok_idx = make<int64_t>(MLN_I64, {2}, {0, 1});
  mln_tensor* upd = iota<float>(MLN_F32, {2, 3});
  mln_tensor* upd_bad = iota<float>(MLN_F32, {3, 3});
  mln_tensor* upd_dt = iota<double>(MLN_F64, {2, 3});
  expect_error(mln_scatter_add(x, idx, upd, 0), MLN_ERR_INDEX, "scatter_add: index 4 (at position 1) is out of range for axis 0 of size 4");
  expect_error(mln_scatter_add(x, ok_idx, upd_bad, 0), MLN_ERR_SHAPE,
               "scatter_add: updates have shape (3, 3), expected (2, 3)");
  expect_error(mln_scatter_add(x, ok_idx, upd_dt, 0), MLN_ERR_DTYPE, "scatter_add: updates are float64 but x is float32");
  for (auto* t : {x, idx, ok_idx, upd, upd_bad, upd_dt}) mln_release(t);
}

TEST(OneHot, OutOfRangeGivesOffRow) {
  mln_tensor* idx = make<int32_t>(MLN_I32, {2, 2}, {0, 2, -1, 3});
  mln_tensor* y = mln_one_hot(idx, 3, MLN_F32, 1.0, -0.5);
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(shape(y), (Shape{2, 2, 3}));
  EXPECT_EQ(values<float>(y), (std::vector<float>{1, -0.5f, -0.5f, -0.5f, -0.5f, 1, -0.5f, -0.5f,
                                                  -0.5f, -0.5f, -0.5f, -0.5f}));
  mln_tensor* yi = mln_one_hot(idx, 4, MLN_I64, 1, 0);
  ASSERT_NE(yi, nullptr);
  EXPECT_EQ(values<int64_t>(yi), (std::vector<int64_t>{1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
  expect_error(mln_one_hot(idx, -1, MLN_F32, 1, 0), MLN_ERR_ARGUMENT, "one_hot: depth = -1");
  expect_error(mln_one_hot(idx, 3, 42, 1, 0), MLN_ERR_DTYPE, "one_hot: unknown dtype code 42");
  mln_tensor* f = iota<float>(MLN_F32, {2});
  expect_error(mln_one_hot(f, 3, MLN_F32, 1, 0), MLN_ERR_DTYPE, "one_hot: indices must be int32 or int64");
  for (auto* t : {idx, y, yi, f}) mln_release(t);
}

TEST(MaskedSelect, SelectsInOrder) {
  mln_tensor* x = iota<int64_t>(MLN_I64, {2, 3});
  mln_tensor* m = make<uint8_t>(MLN_BOOL, {2, 3}, {1, 0, 1, 0, 0, 1});
  mln_tensor* y = mln_masked_select(x, m);
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(shape(y), (Shape{3}));
  EXPECT_EQ(values<int64_t>(y), (std::vector<int64_t>{0, 2, 5}));

  // Large: several blocks selected in parallel.
  const int64_t n = 300001;
  std::vector<uint8_t> mv(static_cast<size_t>(n));
  std::vector<float> want;
  for (int64_t i = 0; i < n; ++i) {
    mv[size_t(i)] = (i % 3 == 0 || i % 7 == 0) ? 1 : 0;
    if (mv[size_t(i)]) want.push_back(float(i));
  }
  mln_tensor* xb = iota<float>(MLN_F32, {n});
  mln_tensor* mb = make<uint8_t>(MLN_BOOL, {n}, mv);
  mln_tensor* yb = mln_masked_select(xb, mb);
  ASSERT_NE(yb, nullptr);
  EXPECT_EQ(values<float>(yb), want);

  mln_tensor* mu8 = make<uint8_t>(MLN_U8, {2, 3}, {1, 0, 1, 0, 0, 1});
  mln_tensor* mshape = make<uint8_t>(MLN_BOOL, {3, 2}, {1, 0, 1, 0, 0, 1});
  expect_error(mln_masked_select(x, mu8), MLN_ERR_DTYPE, "masked_select: mask must be bool, got uint8");
  expect_error(mln_masked_select(x, mshape), MLN_ERR_SHAPE,
               "masked_select: mask has shape (3, 2) but x has shape (2, 3)");
  for (auto* t : {x, m, y, xb, mb, yb, mu8, mshape}) mln_release(t);
}
