#include <algorithm>
#include <cmath>

#include "random.hpp"
#include "test_util.hpp"

using namespace tu;

TEST(Philox, KnownAnswerVectors) {
  // Random123's kat_vectors for philox4x32_10.
  EXPECT_EQ(mln::philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (mln::PhiloxCtr{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(mln::philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}),
            (mln::PhiloxCtr{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(mln::philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}),
            (mln::PhiloxCtr{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

namespace {

template <typename T>
void moments(const std::vector<T>& v, double& mean, double& sd) {
  double s = 0, s2 = 0;
  for (T x : v) s += double(x), s2 += double(x) * double(x);
  mean = s / double(v.size());
  sd = std::sqrt(s2 / double(v.size()) - mean * mean);
}

}  // namespace

TEST(Random, ThreadCountIndependentAndOffsetConsistent) {
  int64_t shape[] = {100003};
  for (int dt : {MLN_F32, MLN_F64}) {
    Own own;
    mln_set_num_threads(1);
    auto* a = own(mln_random_normal(dt, 1, shape, 0, 1, 42, 7));
    auto* u1 = own(mln_random_uniform(dt, 1, shape, -1, 1, 42, 7));
    auto* t1 = own(mln_random_truncated_normal(dt, 1, shape, 0, 1, 42, 7));
    mln_set_num_threads(2);
    auto* b = own(mln_random_normal(dt, 1, shape, 0, 1, 42, 7));
    auto* u2 = own(mln_random_uniform(dt, 1, shape, -1, 1, 42, 7));
    auto* t2 = own(mln_random_truncated_normal(dt, 1, shape, 0, 1, 42, 7));
    mln_set_num_threads(0);
    size_t nb = size_t(mln_nbytes(a));
    EXPECT_EQ(std::memcmp(mln_data(a), mln_data(b), nb), 0);
    EXPECT_EQ(std::memcmp(mln_data(u1), mln_data(u2), nb), 0);
    EXPECT_EQ(std::memcmp(mln_data(t1), mln_data(t2), nb), 0);
    // Element i reads counter offset + i / per-block: a request at a later offset is a suffix.
    const int per = dt == MLN_F32 ? 4 : 2;
    auto* later = own(mln_random_uniform(dt, 1, shape, -1, 1, 42, 7 + 10));
    size_t isz = dt == MLN_F32 ? 4 : 8;
    EXPECT_EQ(std::memcmp(static_cast<char*>(mln_data(u1)) + 10 * per * isz, mln_data(later), 1000 * isz), 0);
    auto* other = own(mln_random_uniform(dt, 1, shape, -1, 1, 43, 7));
    EXPECT_NE(std::memcmp(mln_data(u1), mln_data(other), nb), 0);
  }
}

TEST(Random, MomentsAndBounds) {
  int64_t shape[] = {200000};
  Own own;
  double m, s;
  auto u = values<float>(own(mln_random_uniform(MLN_F32, 1, shape, 2, 5, 1, 0)));
  moments(u, m, s);
  EXPECT_NEAR(m, 3.5, 0.01);
  EXPECT_NEAR(s, 3 / std::sqrt(12.0), 0.01);
  EXPECT_GE(*std::min_element(u.begin(), u.end()), 2.f);
  EXPECT_LT(*std::max_element(u.begin(), u.end()), 5.f);
  auto n = values<double>(own(mln_random_normal(MLN_F64, 1, shape, 1, 2, 2, 0)));
  moments(n, m, s);
  EXPECT_NEAR(m, 1, 0.02);
  EXPECT_NEAR(s, 2, 0.02);
  auto t = values<float>(own(mln_random_truncated_normal(MLN_F32, 1, shape, -1, 0.5, 3, 0)));
  moments(t, m, s);
  EXPECT_NEAR(m, -1, 0.01);
  EXPECT_NEAR(s, 0.5 * 0.8796, 0.01);  // sd of a standard normal truncated to [-2, 2]
  for (float v : t) ASSERT_LE(std::abs(v + 1.f), 1.f + 1e-6f);
  auto ints = values<int32_t>(own(mln_random_uniform(MLN_I32, 1, shape, -3, 4, 4, 0)));
  std::vector<int> hist(7);
  for (int v : ints) {
    ASSERT_GE(v, -3);
    ASSERT_LT(v, 4);
    hist[size_t(v + 3)]++;
  }
  for (int c : hist) EXPECT_NEAR(c, 200000 / 7.0, 1000);
  auto bern = values<uint8_t>(own(mln_random_bernoulli(MLN_U8, 1, shape, 0.3, 5, 0)));
  moments(bern, m, s);
  EXPECT_NEAR(m, 0.3, 0.005);
}

TEST(Random, PermutationAndErrors) {
  Own own;
  auto p = values<int64_t>(own(mln_random_permutation(1000, 9, 3)));
  auto q = values<int64_t>(own(mln_random_permutation(1000, 9, 3)));
  EXPECT_EQ(p, q);
  auto sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (int64_t i = 0; i < 1000; ++i) ASSERT_EQ(sorted[size_t(i)], i);
  EXPECT_NE(p, values<int64_t>(own(mln_random_permutation(1000, 9, 4))));
  EXPECT_EQ(mln_numel(own(mln_random_permutation(0, 1, 0))), 0);
  int64_t shape[] = {3};
  EXPECT_EQ(mln_random_normal(MLN_I32, 1, shape, 0, 1, 0, 0), nullptr);
  expect_error(MLN_ERR_DTYPE, "random_normal: expected a float32 or float64 tensor, got int32");
  EXPECT_EQ(mln_random_bernoulli(MLN_F32, 1, shape, 1.5, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "random_bernoulli: p must be in [0, 1], got 1.5");
  EXPECT_EQ(mln_random_uniform(MLN_F32, 1, shape, 2, 1, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "random_uniform: expected finite low <= high");
  EXPECT_EQ(mln_random_normal(MLN_F32, 1, shape, 0, -1, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "stddev");
  EXPECT_EQ(mln_random_permutation(-2, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "random_permutation: n must be >= 0, got -2");
}
