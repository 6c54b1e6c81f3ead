#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <cstring>

TEST(Tensor, FullAndShape) {
  int64_t shape[] = {2, 3};
  mln_tensor* t = mln_full(MLN_F32, 2, shape, 1.5);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(mln_numel(t), 6);
  EXPECT_EQ(mln_dim(t, -1), 3);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(mln_data(t)) % 64, 0u);
  const float* p = static_cast<const float*>(mln_data(t));
  for (int i = 0; i < 6; ++i) EXPECT_FLOAT_EQ(p[i], 1.5f);
  mln_release(t);
}

TEST(Tensor, BadShapeReportsError) {
  int64_t shape[] = {2, -3};
  EXPECT_EQ(mln_full(MLN_F32, 2, shape, 0), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_SHAPE);
  EXPECT_NE(std::strstr(mln_last_error(), "dimension 1 must be >= 0, got -3"), nullptr);
}

TEST(Tensor, ReshapeSharesStorage) {
  int64_t shape[] = {2, 3};
  mln_tensor* t = mln_full(MLN_F64, 2, shape, 2.0);
  int64_t flat[] = {6};
  mln_tensor* v = mln_reshape(t, 1, flat);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(mln_data(v), mln_data(t));
  EXPECT_EQ(mln_storage_refs(t), 2);
  mln_release(t);
  EXPECT_EQ(static_cast<double*>(mln_data(v))[5], 2.0);
  mln_release(v);
  int64_t bad[] = {4};
  EXPECT_EQ(mln_reshape(v = mln_full(MLN_F32, 1, flat, 0), 1, bad), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_SHAPE);
  mln_release(v);
}

static int g_released = 0;
static void on_release(int64_t ctx) { g_released += int(ctx); }

TEST(Tensor, WrapCallsReleaseOnce) {
  alignas(64) float buf[4] = {1, 2, 3, 4};
  int64_t shape[] = {4};
  g_released = 0;
  mln_tensor* t = mln_wrap(MLN_F32, 1, shape, buf, on_release, 7);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(mln_data(t), static_cast<void*>(buf));
  int64_t s2[] = {2, 2};
  mln_tensor* v = mln_reshape(t, 2, s2);
  mln_release(t);
  EXPECT_EQ(g_released, 0);
  mln_release(v);
  EXPECT_EQ(g_released, 7);
}

TEST(Allocator, ReuseKeepsLiveBytesFlat) {
  int64_t before[5], after[5];
  mln_alloc_stats(before);
  int64_t shape[] = {32};
  for (int i = 0; i < 100000; ++i) mln_release(mln_empty(MLN_F32, 1, shape));
  mln_alloc_stats(after);
  EXPECT_EQ(after[0], before[0]);
  EXPECT_GE(after[3] - before[3], 99999);  // all but the first served from the cache
}
