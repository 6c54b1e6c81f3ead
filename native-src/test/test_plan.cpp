// Plans: recording C API calls, replaying them on new inputs, and what makes a plan unreplayable.
#include <cmath>

#include "core.hpp"
#include "test_util.hpp"

namespace {

using tu::make;
using tu::values;

int64_t live_bytes() {
  int64_t s[5];
  mln_alloc_stats(s);
  return s[0];
}

/** Records y = sum(exp(x) * w) with w external; returns the finished plan. */
mln_plan* record_exp_mul_sum(mln_tensor* x, mln_tensor* w, double* loss) {
  mln_plan* p = mln_plan_begin(1, &x);
  EXPECT_NE(p, nullptr) << mln_last_error();
  EXPECT_EQ(mln_plan_recording(), 1);
  mln_tensor* e = mln_unary(MLN_EXP, x, 0, 0);
  mln_tensor* m = mln_binary(MLN_MUL, e, w);
  mln_tensor* s = mln_reduce(MLN_SUM, m, -1, nullptr, 0);
  EXPECT_NE(s, nullptr) << mln_last_error();
  EXPECT_EQ(mln_plan_end(p, 1, &s), MLN_OK) << mln_last_error();
  EXPECT_EQ(mln_plan_recording(), 0);
  *loss = double(values<float>(s)[0]);
  mln_release(e);
  mln_release(m);
  mln_release(s);
  EXPECT_EQ(mln_plan_finish(p), MLN_OK) << mln_last_error();
  return p;
}

TEST(Plan, RecordingExecutesAndReplayRemapsInputs) {
  mln_tensor* x = make<float>({2, 2}, {0.f, 1.f, -1.f, 2.f});
  mln_tensor* w = make<float>({2}, {2.f, 3.f});
  double recorded = 0;
  mln_plan* p = record_exp_mul_sum(x, w, &recorded);
  EXPECT_NEAR(recorded, 2 * (1 + std::exp(-1.0)) + 3 * (std::exp(1.0) + std::exp(2.0)), 1e-4);
  EXPECT_EQ(mln_plan_replayable(p), 1) << mln_plan_reason(p);
  EXPECT_EQ(mln_plan_ops(p), 3);

  mln_tensor* x2 = make<float>({2, 2}, {1.f, 0.f, 0.f, 0.5f});
  // Replays must give exactly what the same calls give eagerly.
  mln_tensor* e = mln_unary(MLN_EXP, x2, 0, 0);
  mln_tensor* m = mln_binary(MLN_MUL, e, w);
  mln_tensor* s = mln_reduce(MLN_SUM, m, -1, nullptr, 0);
  double eager = double(values<float>(s)[0]);
  int64_t before = live_bytes();
  double out = 0;
  ASSERT_EQ(mln_plan_run(p, 1, &x2, nullptr, 0, 0, &out, 1), MLN_OK) << mln_last_error();
  EXPECT_EQ(out, eager);
  EXPECT_EQ(live_bytes(), before);  // every intermediate is released by the run
  // The external w is read at run time, not frozen.
  float* wp = static_cast<float*>(mln_data(w));
  wp[0] = 0.f;
  ASSERT_EQ(mln_plan_run(p, 1, &x2, nullptr, 0, 0, &out, 1), MLN_OK);
  EXPECT_NEAR(out, 3 * (1 + std::exp(0.5)), 1e-5);
  for (auto* t : {e, m, s, x, x2, w}) mln_release(t);
  mln_plan_free(p);
}

TEST(Plan, OutParametersBecomeSlots) {
  mln_tensor* a = make<float>({3}, {1.f, 2.f, 3.f});
  mln_tensor* b = make<float>({3}, {4.f, 5.f, 6.f});
  mln_tensor* in[2] = {a, b};
  mln_plan* p = mln_plan_begin(2, in);
  ASSERT_NE(p, nullptr);
  mln_tensor* y = mln_binary(MLN_MUL, a, b);
  mln_tensor* gy = mln_full(MLN_F32, 1, std::vector<int64_t>{3}.data(), 1.0);
  mln_tensor *ga = nullptr, *gb = nullptr;
  ASSERT_EQ(mln_binary_backward(MLN_MUL, a, b, gy, &ga, &gb), MLN_OK);
  // sum(ga) + 10 * sum(gb): both out-parameters feed later recorded calls.
  mln_tensor* sa = mln_reduce(MLN_SUM, ga, -1, nullptr, 0);
  mln_tensor* sb = mln_reduce(MLN_SUM, gb, -1, nullptr, 0);
  mln_tensor* ten = mln_full(MLN_F32, 0, nullptr, 10.0);
  mln_tensor* sb10 = mln_binary(MLN_MUL, sb, ten);
  mln_tensor* r = mln_binary(MLN_ADD, sa, sb10);
  ASSERT_EQ(mln_plan_end(p, 1, &r), MLN_OK);
  EXPECT_EQ(values<float>(ga), (std::vector<float>{4.f, 5.f, 6.f}));
  EXPECT_EQ(values<float>(r)[0], 15.f + 60.f);
  for (auto* t : {y, gy, ga, gb, sa, sb, ten, sb10, r}) mln_release(t);
  ASSERT_EQ(mln_plan_finish(p), MLN_OK);
  ASSERT_EQ(mln_plan_replayable(p), 1) << mln_plan_reason(p);
  mln_tensor* a2 = make<float>({3}, {0.f, 1.f, 0.f});
  mln_tensor* b2 = make<float>({3}, {1.f, 1.f, 2.f});
  mln_tensor* in2[2] = {a2, b2};
  double out = 0;
  ASSERT_EQ(mln_plan_run(p, 2, in2, nullptr, 0, 0, &out, 1), MLN_OK) << mln_last_error();
  EXPECT_EQ(out, 4.0 + 10.0 * 1.0);
  for (auto* t : {a, b, a2, b2}) mln_release(t);
  mln_plan_free(p);
}

TEST(Plan, OptimizerUpdatesTakeHyperparametersAndStepPerRun) {
  mln_tensor* w = make<float>({2}, {1.f, 1.f});
  mln_tensor* g = make<float>({2}, {0.5f, -1.f});
  mln_plan* p = mln_plan_begin(1, &g);
  ASSERT_NE(p, nullptr);
  double h[6] = {0.1, 1.0, INFINITY, 0.0, 0.0, 0.0};  // SGD, lr 0.1
  ASSERT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, nullptr, 0, h, 6, 1), MLN_OK);
  mln_tensor* s = mln_reduce(MLN_SUM, g, -1, nullptr, 0);
  ASSERT_EQ(mln_plan_end(p, 1, &s), MLN_OK);
  mln_release(s);
  ASSERT_EQ(mln_plan_finish(p), MLN_OK);
  ASSERT_EQ(mln_plan_replayable(p), 1) << mln_plan_reason(p);
  EXPECT_EQ(values<float>(w), (std::vector<float>{0.95f, 1.1f}));
  double h2[6] = {1.0, 1.0, INFINITY, 0.0, 0.0, 0.0};
  double out = 0;
  ASSERT_EQ(mln_plan_run(p, 1, &g, h2, 6, 2, &out, 1), MLN_OK) << mln_last_error();
  EXPECT_EQ(values<float>(w), (std::vector<float>{0.45f, 2.1f}));
  EXPECT_EQ(out, -0.5);
  // The hyperparameter count is checked.
  EXPECT_NE(mln_plan_run(p, 1, &g, h2, 5, 3, &out, 1), MLN_OK);
  tu::expect_error(MLN_ERR_ARGUMENT, "expected 6 optimizer hyperparameters, got 5");
  for (auto* t : {w, g}) mln_release(t);
  mln_plan_free(p);
}

TEST(Plan, DifferentHyperparametersWithinAStepAreNotReplayable) {
  mln_tensor* w1 = make<float>({1}, {1.f});
  mln_tensor* w2 = make<float>({1}, {1.f});
  mln_tensor* g = make<float>({1}, {1.f});
  mln_plan* p = mln_plan_begin(1, &g);
  double h1[6] = {0.1, 1.0, INFINITY, 0.0, 0.0, 0.0};
  double h2[6] = {0.1, 0.5, INFINITY, 0.0, 0.0, 0.0};  // another clipping scale
  mln_optimizer_update(MLN_OPT_SGD, w1, g, nullptr, 0, h1, 6, 1);
  mln_optimizer_update(MLN_OPT_SGD, w2, g, nullptr, 0, h2, 6, 1);
  mln_plan_end(p, 0, nullptr);
  mln_plan_finish(p);
  EXPECT_EQ(mln_plan_replayable(p), 0);
  EXPECT_NE(std::string(mln_plan_reason(p)).find("different hyperparameters"), std::string::npos);
  for (auto* t : {w1, w2, g}) mln_release(t);
  mln_plan_free(p);
}

TEST(Plan, RandomDrawsAndHostAccessAreNotReplayable) {
  mln_tensor* x = make<float>({4}, {1.f, 2.f, 3.f, 4.f});
  {
    mln_plan* p = mln_plan_begin(1, &x);
    int64_t shape[1] = {4};
    mln_tensor* r = mln_random_bernoulli(MLN_F32, 1, shape, 0.5, 1, 0);
    mln_tensor* y = mln_binary(MLN_MUL, x, r);
    mln_tensor* s = mln_reduce(MLN_SUM, y, -1, nullptr, 0);
    mln_plan_end(p, 1, &s);
    for (auto* t : {r, y, s}) mln_release(t);
    mln_plan_finish(p);
    EXPECT_EQ(mln_plan_replayable(p), 0);
    EXPECT_NE(std::string(mln_plan_reason(p)).find("random_bernoulli"), std::string::npos);
    double out;
    EXPECT_NE(mln_plan_run(p, 1, &x, nullptr, 0, 0, &out, 1), MLN_OK);
    tu::expect_error(MLN_ERR_ARGUMENT, "not replayable");
    mln_plan_free(p);
  }
  {
    mln_plan* p = mln_plan_begin(1, &x);
    mln_tensor* s = mln_reduce(MLN_SUM, x, -1, nullptr, 0);
    float v = *static_cast<float*>(mln_data(s));  // a host read inside the step
    EXPECT_EQ(v, 10.f);
    mln_plan_end(p, 1, &s);
    mln_release(s);
    mln_plan_finish(p);
    EXPECT_EQ(mln_plan_replayable(p), 0);
    EXPECT_NE(std::string(mln_plan_reason(p)).find("host access"), std::string::npos);
    mln_plan_free(p);
  }
  {
    // Java code can mark the recording itself (e.g. a Variable assigned during the step).
    mln_plan* p = mln_plan_begin(1, &x);
    mln_plan_mark("Variable.assign(v)");
    mln_plan_end(p, 0, nullptr);
    mln_plan_finish(p);
    EXPECT_EQ(std::string(mln_plan_reason(p)), "Variable.assign(v)");
    mln_plan_free(p);
  }
  mln_release(x);
}

TEST(Plan, TensorsMadeByUnrecordedCallsAreDetected) {
  mln_tensor* x = make<float>({2}, {1.f, 2.f});
  mln_plan* p = mln_plan_begin(1, &x);
  // An internal constructor stands in for a C API function that records nothing.
  mln_tensor* c = mln::new_tensor(MLN_F32, {2});
  mln_tensor* y = mln_binary(MLN_ADD, x, c);
  mln_plan_end(p, 0, nullptr);
  for (auto* t : {c, y}) mln_release(t);
  mln_plan_finish(p);
  EXPECT_EQ(mln_plan_replayable(p), 0);
  EXPECT_NE(std::string(mln_plan_reason(p)).find("not recorded"), std::string::npos)
      << mln_plan_reason(p);
  mln_plan_free(p);
  mln_release(x);
}

TEST(Plan, TensorsKeptBeyondTheStepAreDetected) {
  mln_tensor* x = make<float>({2}, {1.f, 2.f});
  mln_plan* p = mln_plan_begin(1, &x);
  mln_tensor* kept = mln_unary(MLN_EXP, x, 0, 0);
  mln_plan_end(p, 0, nullptr);
  mln_plan_finish(p);  // the caller still holds `kept`
  EXPECT_EQ(mln_plan_replayable(p), 0);
  EXPECT_NE(std::string(mln_plan_reason(p)).find("still referenced"), std::string::npos);
  mln_plan_free(p);
  mln_release(kept);
  mln_release(x);
}

TEST(Plan, ArraysSplitAndConcatReplay) {
  mln_tensor* x = make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  mln_plan* p = mln_plan_begin(1, &x);
  int64_t sizes[2] = {1, 2};
  mln_tensor* parts[2] = {nullptr, nullptr};
  ASSERT_EQ(mln_split(x, 2, sizes, 1, parts), MLN_OK);
  mln_tensor* cat = mln_concat(2, std::vector<mln_tensor*>{parts[1], parts[0]}.data(), 1);
  int64_t shape[1] = {6};
  mln_tensor* flat = mln_reshape(cat, 1, shape);
  int64_t starts[1] = {1}, stops[1] = {2}, steps[1] = {1};
  mln_tensor* one = mln_slice(flat, starts, stops, steps);
  mln_tensor* s = mln_reduce(MLN_SUM, one, -1, nullptr, 0);
  ASSERT_EQ(mln_plan_end(p, 1, &s), MLN_OK);
  EXPECT_EQ(values<float>(s)[0], 3.f);
  for (auto* t : {parts[0], parts[1], cat, flat, one, s}) mln_release(t);
  ASSERT_EQ(mln_plan_finish(p), MLN_OK);
  ASSERT_EQ(mln_plan_replayable(p), 1) << mln_plan_reason(p);
  mln_tensor* x2 = make<float>({2, 3}, {10, 20, 30, 40, 50, 60});
  double out = 0;
  ASSERT_EQ(mln_plan_run(p, 1, &x2, nullptr, 0, 0, &out, 1), MLN_OK) << mln_last_error();
  EXPECT_EQ(out, 30.0);
  for (auto* t : {x, x2}) mln_release(t);
  mln_plan_free(p);
}

TEST(Plan, Errors) {
  mln_tensor* x = make<float>({2}, {1.f, 2.f});
  mln_plan* p = mln_plan_begin(1, &x);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(mln_plan_begin(1, &x), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "already recording");
  // A call that fails while recording fails as it would eagerly, and spoils the plan.
  int64_t bad[1] = {3};
  EXPECT_EQ(mln_reshape(x, 1, bad), nullptr);
  tu::expect_error(MLN_ERR_SHAPE, "cannot reshape");
  mln_tensor* s = mln_reduce(MLN_SUM, x, -1, nullptr, 0);
  EXPECT_NE(mln_plan_run(p, 1, &x, nullptr, 0, 0, nullptr, 0), MLN_OK);
  tu::expect_error(MLN_ERR_ARGUMENT, "not finished");
  ASSERT_EQ(mln_plan_end(p, 1, &s), MLN_OK);
  mln_release(s);
  ASSERT_EQ(mln_plan_finish(p), MLN_OK);
  EXPECT_EQ(mln_plan_replayable(p), 0);
  EXPECT_NE(std::string(mln_plan_reason(p)).find("reshape failed while recording"),
            std::string::npos)
      << mln_plan_reason(p);
  mln_plan_free(p);

  // An output the plan does not compute; then input checks at run time.
  p = mln_plan_begin(1, &x);
  mln_tensor* y = mln_unary(MLN_NEG, x, 0, 0);
  mln_tensor* sum = mln_reduce(MLN_SUM, y, -1, nullptr, 0);
  mln_tensor* outs[2] = {sum, x};
  ASSERT_EQ(mln_plan_end(p, 2, outs), MLN_OK);
  for (auto* t : {y, sum}) mln_release(t);
  mln_plan_finish(p);
  EXPECT_NE(std::string(mln_plan_reason(p)).find("output 1 is not computed"), std::string::npos);
  mln_plan_free(p);

  double one = 0;
  double r = 0;
  mln_plan* q = record_exp_mul_sum(x, x, &one);
  mln_tensor* wrong = make<float>({3}, {1.f, 2.f, 3.f});
  EXPECT_NE(mln_plan_run(q, 1, &wrong, nullptr, 0, 0, &r, 1), MLN_OK);
  tu::expect_error(MLN_ERR_SHAPE, "input 0 expected float32 (2,) (as recorded) but got float32 (3,)");
  EXPECT_NE(mln_plan_run(q, 2, &wrong, nullptr, 0, 0, &r, 1), MLN_OK);
  tu::expect_error(MLN_ERR_ARGUMENT, "expected 1 inputs, got 2");
  EXPECT_NE(mln_plan_run(q, 1, &x, nullptr, 0, 0, &r, 2), MLN_OK);
  tu::expect_error(MLN_ERR_ARGUMENT, "expected 1 outputs, got 2");
  EXPECT_NE(mln_plan_finish(q), MLN_OK);
  mln_plan_free(q);
  mln_plan_free(nullptr);
  for (auto* t : {x, wrong}) mln_release(t);
}

TEST(Plan, FreeWhileRecordingEndsTheRecording) {
  mln_tensor* x = make<float>({1}, {1.f});
  mln_plan* p = mln_plan_begin(1, &x);
  mln_tensor* y = mln_unary(MLN_EXP, x, 0, 0);
  mln_plan_free(p);
  EXPECT_EQ(mln_plan_recording(), 0);
  mln_tensor* z = mln_unary(MLN_EXP, y, 0, 0);  // eager again
  EXPECT_NEAR(values<float>(z)[0], std::exp(std::exp(1.0)), 1e-4);
  for (auto* t : {x, y, z}) mln_release(t);
}

}  // namespace
