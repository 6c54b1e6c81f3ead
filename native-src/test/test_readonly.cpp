// Read-only tensors (mln_wrap_readonly): zero-copy over memory its owner does not allow writing;
// views share the flag, copies and casts are writable, in-place writers refuse it.
#include <cmath>

#include "test_util.hpp"

namespace {

using tu::make;
using tu::values;

int g_released = 0;
void on_release(int64_t ctx) { g_released += int(ctx); }

const double kSgd[6] = {0.1, 1.0, INFINITY, 0.0, 0.0, 0.0};  // lr 0.1, no momentum

TEST(ReadOnly, WrapIsZeroCopyAndFlagged) {
  alignas(64) static const float buf[4] = {1, 2, 3, 4};
  int64_t shape[] = {4};
  g_released = 0;
  mln_tensor* t = mln_wrap_readonly(MLN_F32, 1, shape, buf, on_release, 3);
  ASSERT_NE(t, nullptr) << mln_last_error();
  EXPECT_EQ(mln_data(t), static_cast<const void*>(buf));
  EXPECT_EQ(mln_is_readonly(t), 1);
  EXPECT_EQ(values<float>(t), (std::vector<float>{1, 2, 3, 4}));
  mln_release(t);
  EXPECT_EQ(g_released, 3);
  EXPECT_EQ(mln_is_readonly(nullptr), -1);
}

TEST(ReadOnly, OrdinaryTensorsAreWritable) {
  alignas(64) float buf[2] = {1, 2};
  int64_t shape[] = {2};
  mln_tensor* w = mln_wrap(MLN_F32, 1, shape, buf, nullptr, 0);
  mln_tensor* e = mln_full(MLN_F32, 1, shape, 0.0);
  EXPECT_EQ(mln_is_readonly(w), 0);
  EXPECT_EQ(mln_is_readonly(e), 0);
  mln_release(w);
  mln_release(e);
}

TEST(ReadOnly, ViewsStayReadOnlyCopiesAndCastsAreWritable) {
  alignas(64) static const double buf[6] = {1, 2, 3, 4, 5, 6};
  int64_t shape[] = {2, 3};
  mln_tensor* t = mln_wrap_readonly(MLN_F64, 2, shape, buf, nullptr, 0);
  int64_t flat[] = {6};
  mln_tensor* v = mln_reshape(t, 1, flat);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(mln_data(v), mln_data(t));
  EXPECT_EQ(mln_is_readonly(v), 1);
  mln_tensor* c = mln_copy(t);
  mln_tensor* f = mln_cast(t, MLN_F32);
  EXPECT_EQ(mln_is_readonly(c), 0);
  EXPECT_EQ(mln_is_readonly(f), 0);
  EXPECT_NE(mln_data(c), mln_data(t));
  EXPECT_EQ(values<double>(c), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  // Ops read a read-only tensor like any other and make writable results.
  mln_tensor* s = mln_binary(MLN_ADD, t, t);
  EXPECT_EQ(mln_is_readonly(s), 0);
  EXPECT_EQ(values<double>(s)[5], 12.0);
  for (auto* x : {t, v, c, f, s}) mln_release(x);
}

TEST(ReadOnly, WrapChecksArgumentsLikeWrap) {
  int64_t shape[] = {2};
  EXPECT_EQ(mln_wrap_readonly(MLN_F32, 1, shape, nullptr, nullptr, 0), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "wrap_readonly: data is null");
  alignas(8) static const char bytes[16] = {};
  EXPECT_EQ(mln_wrap_readonly(MLN_F32, 1, shape, bytes + 1, nullptr, 0), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "is not aligned to 4 bytes");
}

TEST(ReadOnly, OptimizerRefusesReadOnlyVariable) {
  alignas(64) float buf[2] = {1, 1};
  int64_t shape[] = {2};
  mln_tensor* w = mln_wrap_readonly(MLN_F32, 1, shape, buf, nullptr, 0);
  mln_tensor* g = make<float>({2}, {0.5f, -1.f});
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, nullptr, 0, kSgd, 6, 1), MLN_ERR_ARGUMENT);
  tu::expect_error(MLN_ERR_ARGUMENT,
                   "mln_optimizer_update: argument 'var' is read-only (wraps memory its owner does "
                   "not allow writing; copy it first)");
  EXPECT_EQ(buf[0], 1.f);
  EXPECT_EQ(buf[1], 1.f);
  // Its copy trains.
  mln_tensor* c = mln_copy(w);
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, c, g, nullptr, 0, kSgd, 6, 1), MLN_OK);
  EXPECT_EQ(values<float>(c), (std::vector<float>{0.95f, 1.1f}));
  for (auto* x : {w, g, c}) mln_release(x);
}

TEST(ReadOnly, OptimizerRefusesReadOnlySlot) {
  alignas(64) double slot[2] = {0, 0};
  int64_t shape[] = {2};
  mln_tensor* w = make<double>({2}, {1, 1});
  mln_tensor* g = make<double>({2}, {2, 2});
  mln_tensor* m = mln_wrap_readonly(MLN_F64, 1, shape, slot, nullptr, 0);
  const double h[6] = {0.1, 1.0, INFINITY, 0.0, 0.9, 0.0};  // SGD with momentum: one slot
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, &m, 1, h, 6, 1), MLN_ERR_ARGUMENT);
  tu::expect_error(MLN_ERR_ARGUMENT, "argument 'slots[0]' is read-only");
  EXPECT_EQ(values<double>(w), (std::vector<double>{1, 1}));  // nothing was written
  EXPECT_EQ(slot[0], 0.0);
  for (auto* x : {w, g, m}) mln_release(x);
}

TEST(ReadOnly, PlanReplayRefusesAReadOnlyInputAsVariable) {
  // A traced step whose variable is a plan input: a run that rebinds it to read-only memory fails
  // and leaves that memory unchanged.
  mln_tensor* w = make<float>({2}, {1.f, 1.f});
  mln_tensor* g = make<float>({2}, {0.5f, -1.f});
  mln_tensor* in[] = {w, g};
  mln_plan* p = mln_plan_begin(2, in);
  ASSERT_NE(p, nullptr) << mln_last_error();
  ASSERT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, nullptr, 0, kSgd, 6, 1), MLN_OK);
  mln_tensor* s = mln_reduce(MLN_SUM, g, -1, nullptr, 0);
  ASSERT_EQ(mln_plan_end(p, 1, &s), MLN_OK) << mln_last_error();
  mln_release(s);
  ASSERT_EQ(mln_plan_finish(p), MLN_OK) << mln_last_error();
  ASSERT_EQ(mln_plan_replayable(p), 1) << mln_plan_reason(p);
  alignas(64) float buf[2] = {3, 3};
  int64_t shape[] = {2};
  mln_tensor* ro = mln_wrap_readonly(MLN_F32, 1, shape, buf, nullptr, 0);
  mln_tensor* run_in[] = {ro, g};
  double out = 0;
  EXPECT_NE(mln_plan_run(p, 2, run_in, kSgd, 6, 2, &out, 1), MLN_OK);
  tu::expect_error(MLN_ERR_ARGUMENT, "argument 'var' is read-only");
  EXPECT_EQ(buf[0], 3.f);
  EXPECT_EQ(buf[1], 3.f);
  // The same plan still runs on a writable variable.
  EXPECT_EQ(mln_plan_run(p, 2, in, kSgd, 6, 2, &out, 1), MLN_OK) << mln_last_error();
  EXPECT_NEAR(values<float>(w)[0], 0.9f, 1e-6f);
  EXPECT_NEAR(values<float>(w)[1], 1.2f, 1e-6f);
  for (auto* x : {w, g, ro}) mln_release(x);
  mln_plan_free(p);
}

}  // namespace
