#include <cmath>

#include "dnnl_engine.hpp"
#include "test_util.hpp"

using namespace tu;

namespace {

// Reference (log-)softmax of a (2,3,4) tensor along axis a.
std::vector<double> ref_softmax(const std::vector<double>& x, int a, int log) {
  const int64_t s[3] = {2, 3, 4};
  int64_t O = 1, A = s[a], I = 1;
  for (int k = 0; k < a; ++k) O *= s[k];
  for (int k = a + 1; k < 3; ++k) I *= s[k];
  std::vector<double> y(x.size());
  for (int64_t o = 0; o < O; ++o)
    for (int64_t i = 0; i < I; ++i) {
      double m = -INFINITY, sum = 0;
      for (int64_t k = 0; k < A; ++k) m = std::max(m, x[size_t((o * A + k) * I + i)]);
      for (int64_t k = 0; k < A; ++k) sum += std::exp(x[size_t((o * A + k) * I + i)] - m);
      for (int64_t k = 0; k < A; ++k) {
        double v = x[size_t((o * A + k) * I + i)] - m;
        y[size_t((o * A + k) * I + i)] = log ? v - std::log(sum) : std::exp(v) / sum;
      }
    }
  return y;
}

}  // namespace

TEST(Softmax, MatchesReferenceEveryAxisBothDtypes) {
  auto xs = rnd(24, -3, 3, 21);
  for (int a = 0; a < 3; ++a)
    for (int log = 0; log < 2; ++log) {
      Own own;
      auto r = ref_softmax(xs, a, log);
      auto* x = own(make<double>({2, 3, 4}, xs));
      auto y = values<double>(own(mln_softmax(x, a - 3 * (a == 2), log)));
      for (size_t i = 0; i < 24; ++i) EXPECT_NEAR(y[i], r[i], 1e-14) << a << log;
      auto yf = values<float>(own(mln_softmax(own(mln_cast(x, MLN_F32)), a, log)));
      for (size_t i = 0; i < 24; ++i) EXPECT_NEAR(yf[i], r[i], 1e-5) << a << log;  // oneDNN uses approximate exp/log
    }
}

TEST(Softmax, StableForHugeInputsAndCachesPrimitives) {
  Own own;
  auto* x = own(make<float>({2, 2}, {1000, 1000, -1000, 0}));
  auto y = values<float>(own(mln_softmax(x, 1, 0)));
  EXPECT_NEAR(y[0], 0.5f, 1e-6);
  EXPECT_NEAR(y[3], 1.0f, 1e-6);
  auto* xd = own(make<double>({2}, {1000, 1000}));
  EXPECT_NEAR(values<double>(own(mln_softmax(xd, 0, 1)))[0], -std::log(2.0), 1e-12);
  int64_t before = mln::dnnl_primitives_created();
  for (int i = 0; i < 3; ++i) own(mln_softmax(x, 1, 0));
  EXPECT_EQ(mln::dnnl_primitives_created(), before);
}

TEST(SoftmaxBackward, FiniteDifferencesAndFloat32Agreement) {
  const double eps = 1e-6;
  auto xs = rnd(24, -2, 2, 23);
  auto gv = rnd(24, -1, 1, 24);
  for (int a = 0; a < 3; ++a)
    for (int log = 0; log < 2; ++log) {
      Own own;
      auto* x = own(make<double>({2, 3, 4}, xs));
      auto* y = own(mln_softmax(x, a, log));
      auto* gy = own(make<double>({2, 3, 4}, gv));
      auto g = values<double>(own(mln_softmax_backward(y, gy, a, log)));
      for (size_t i = 0; i < 24; ++i) {
        auto p = xs, m = xs;
        p[i] += eps, m[i] -= eps;
        auto rp = ref_softmax(p, a, log), rm = ref_softmax(m, a, log);
        double fd = 0;
        for (size_t k = 0; k < 24; ++k) fd += gv[k] * (rp[k] - rm[k]) / (2 * eps);
        EXPECT_NEAR(g[i], fd, 1e-6 * (1 + std::abs(fd))) << a << log << " i " << i;
      }
      auto* yf = own(mln_cast(y, MLN_F32));
      auto* gf = own(mln_cast(gy, MLN_F32));
      auto g32 = values<float>(own(mln_softmax_backward(yf, gf, a, log)));
      for (size_t i = 0; i < 24; ++i) EXPECT_NEAR(g32[i], g[i], 1e-5 * (1 + std::abs(g[i])));
    }
}

TEST(Softmax, Errors) {
  Own own;
  auto* x = own(make<float>({2, 3}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(mln_softmax(x, 2, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "softmax: axis 2 is out of range for a tensor of rank 2");
  auto* i = own(make<int32_t>({2}, {1, 2}));
  EXPECT_EQ(mln_softmax(i, 0, 1), nullptr);
  expect_error(MLN_ERR_DTYPE, "log_softmax: expected a float32 or float64 tensor, got int32");
  EXPECT_EQ(mln_softmax(nullptr, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "softmax: argument 'x' is null");
  auto* g = own(make<float>({3}, {1, 2, 3}));
  EXPECT_EQ(mln_softmax_backward(x, g, 1, 0), nullptr);
  expect_error(MLN_ERR_SHAPE, "softmax_backward: gy has shape (3,), expected y's shape (2, 3)");
}
