// Inference plans over rows (mln_plan_end_rows / mln_plan_run_rows): replays read views of rows of
// the inputs and write rows of the destinations, and no argument that does not fit is trusted.
#include "test_util.hpp"

namespace {

using tu::make;
using tu::values;

/** Records y = x * w (w a (1, 2) external) on x of shape (2, 2); returns the finished plan. */
mln_plan* record_scale(mln_tensor* x, mln_tensor* w) {
  mln_tensor* in[] = {x};
  mln_plan* p = mln_plan_begin(1, in);
  EXPECT_NE(p, nullptr) << mln_last_error();
  mln_tensor* y = mln_binary(MLN_MUL, x, w);
  EXPECT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(mln_plan_end_rows(p, 1, &y), MLN_OK) << mln_last_error();
  mln_release(y);
  EXPECT_EQ(mln_plan_finish(p), MLN_OK) << mln_last_error();
  EXPECT_EQ(mln_plan_replayable(p), 1) << mln_plan_reason(p);
  return p;
}

TEST(PlanRows, ReplaysOnRowsOfTheInputIntoRowsOfTheDestination) {
  mln_tensor* x0 = make<float>({2, 2}, {0, 0, 0, 0});
  mln_tensor* w = make<float>({1, 2}, {2, 10});
  mln_plan* p = record_scale(x0, w);
  mln_tensor* x = make<float>({5, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  mln_tensor* dst = make<float>({5, 2}, {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
  ASSERT_EQ(mln_plan_run_rows(p, 1, &x, 0, 1, &dst, 0), MLN_OK) << mln_last_error();
  ASSERT_EQ(mln_plan_run_rows(p, 1, &x, 2, 1, &dst, 3), MLN_OK) << mln_last_error();
  EXPECT_EQ(values<float>(dst), (std::vector<float>{2, 20, 6, 40, -1, -1, 10, 60, 14, 80}));
  // the input rows were only read
  EXPECT_EQ(values<float>(x), (std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  for (auto* t : {x0, w, x, dst}) mln_release(t);
  mln_plan_free(p);
}

TEST(PlanRows, RefusesRowsShapesAndDtypesThatDoNotFitAndWritesNothing) {
  mln_tensor* x0 = make<float>({2, 2}, {0, 0, 0, 0});
  mln_tensor* w = make<float>({1, 2}, {2, 10});
  mln_plan* p = record_scale(x0, w);
  mln_tensor* x = make<float>({3, 2}, {1, 2, 3, 4, 5, 6});
  mln_tensor* dst = make<float>({3, 2}, {-1, -1, -1, -1, -1, -1});
  EXPECT_EQ(mln_plan_run_rows(p, 1, &x, 2, 1, &dst, 0), MLN_ERR_SHAPE);  // rows 2..4 of 3
  tu::expect_error(MLN_ERR_SHAPE, "plan_run_rows: input 0 expected float32 (rows, 2)");
  EXPECT_EQ(mln_plan_run_rows(p, 1, &x, -1, 1, &dst, 0), MLN_ERR_SHAPE);
  mln_clear_error();
  EXPECT_EQ(mln_plan_run_rows(p, 1, &x, 0, 1, &dst, 2), MLN_ERR_SHAPE);  // dst rows 2..4 of 3
  tu::expect_error(MLN_ERR_SHAPE, "plan_run_rows: dst 0 expected float32 (rows, 2)");
  mln_tensor* wide = make<float>({3, 3}, {0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(mln_plan_run_rows(p, 1, &wide, 0, 1, &dst, 0), MLN_ERR_SHAPE);
  mln_clear_error();
  mln_tensor* d64 = make<double>({3, 2}, {0, 0, 0, 0, 0, 0});
  EXPECT_EQ(mln_plan_run_rows(p, 1, &x, 0, 1, &d64, 0), MLN_ERR_SHAPE);
  mln_clear_error();
  EXPECT_EQ(mln_plan_run_rows(p, 1, &x, 0, 1, nullptr, 0), MLN_ERR_ARGUMENT);
  mln_clear_error();
  EXPECT_EQ(mln_plan_run_rows(p, 2, &x, 0, 1, &dst, 0), MLN_ERR_ARGUMENT);
  mln_clear_error();
  mln_tensor* none = nullptr;
  EXPECT_EQ(mln_plan_run_rows(p, 1, &none, 0, 1, &dst, 0), MLN_ERR_SHAPE);
  mln_clear_error();
  EXPECT_EQ(values<float>(dst), (std::vector<float>{-1, -1, -1, -1, -1, -1}));
  // a plan with scalar outputs is not run through rows, nor a rows plan through mln_plan_run
  double out = 0;
  EXPECT_EQ(mln_plan_run(p, 1, &x0, nullptr, 0, 0, &out, 1), MLN_ERR_ARGUMENT);
  tu::expect_error(MLN_ERR_ARGUMENT, "mln_plan_run_rows");
  EXPECT_EQ(mln_plan_run_rows(nullptr, 1, &x, 0, 1, &dst, 0), MLN_ERR_ARGUMENT);
  mln_clear_error();
  for (auto* t : {x0, w, x, dst, wide, d64}) mln_release(t);
  mln_plan_free(p);
}

TEST(PlanRows, AnOutputThatIsAnInputIsNotReplayable) {
  mln_tensor* x = make<float>({2, 2}, {1, 2, 3, 4});
  mln_tensor* in[] = {x};
  mln_plan* p = mln_plan_begin(1, in);
  ASSERT_NE(p, nullptr) << mln_last_error();
  ASSERT_EQ(mln_plan_end_rows(p, 1, &x), MLN_OK) << mln_last_error();
  ASSERT_EQ(mln_plan_finish(p), MLN_OK) << mln_last_error();
  EXPECT_EQ(mln_plan_replayable(p), 0);
  EXPECT_NE(std::string(mln_plan_reason(p)).find("not computed by the plan"), std::string::npos);
  mln_tensor* dst = make<float>({2, 2}, {0, 0, 0, 0});
  EXPECT_EQ(mln_plan_run_rows(p, 1, &x, 0, 1, &dst, 0), MLN_ERR_ARGUMENT);
  mln_clear_error();
  for (auto* t : {x, dst}) mln_release(t);
  mln_plan_free(p);
}

}  // namespace
