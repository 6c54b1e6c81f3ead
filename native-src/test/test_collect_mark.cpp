// The collection mark (mln_alloc_set_collect_mark): growth of live bytes past it asks the pressure
// callback once, with attempt -1, for a collection; the allocation itself always proceeds.
#include <vector>

#include "test_util.hpp"

namespace {

std::vector<int> g_attempts;

int record_attempt(int64_t, int attempt) {
  g_attempts.push_back(attempt);
  return 0;  // an advisory call's result is ignored
}

int64_t live() {
  int64_t s[5];
  mln_alloc_stats(s);
  return s[0];
}

TEST(CollectMark, PassingTheMarkAsksOnceWithAttemptMinusOneAndDisarms) {
  g_attempts.clear();
  mln_alloc_set_pressure_callback(record_attempt);
  const int64_t shape[] = {1 << 18};  // 1 MiB of float32
  mln_alloc_set_collect_mark(live() + (int64_t(3) << 19));  // 1.5 MiB above
  mln_tensor* a = mln_full(MLN_F32, 1, shape, 1.0);
  ASSERT_NE(a, nullptr) << mln_last_error();
  EXPECT_TRUE(g_attempts.empty()) << "below the mark";
  mln_tensor* b = mln_full(MLN_F32, 1, shape, 2.0);
  ASSERT_NE(b, nullptr) << mln_last_error();
  EXPECT_EQ(g_attempts, (std::vector<int>{-1}));
  EXPECT_EQ(mln_alloc_collect_mark(), 0) << "disarmed until set again";
  mln_tensor* c = mln_full(MLN_F32, 1, shape, 3.0);
  ASSERT_NE(c, nullptr) << mln_last_error();
  EXPECT_EQ(g_attempts.size(), 1u);
  mln_alloc_set_collect_mark(-5);
  EXPECT_EQ(mln_alloc_collect_mark(), 0);
  mln_alloc_set_pressure_callback(nullptr);
  for (auto* t : {a, b, c}) mln_release(t);
}

}  // namespace
