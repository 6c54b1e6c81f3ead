#include <omp.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "test_util.hpp"

using namespace tu;

namespace {

// Reference reduction of a (2,3,4) tensor over a subset of axes (mask bit d = axis d reduced).
std::vector<double> ref_reduce(int op, const std::vector<double>& x, int mask) {
  const int64_t s[3] = {2, 3, 4};
  int64_t o[3];
  for (int d = 0; d < 3; ++d) o[d] = (mask >> d) & 1 ? 1 : s[d];
  std::vector<std::vector<double>> groups(size_t(o[0] * o[1] * o[2]));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) {
        int64_t oi = (mask & 1 ? 0 : i), oj = (mask & 2 ? 0 : j), ok = (mask & 4 ? 0 : k);
        groups[size_t((oi * o[1] + oj) * o[2] + ok)].push_back(x[size_t((i * 3 + j) * 4 + k)]);
      }
  std::vector<double> out;
  for (auto& g : groups) {
    double n = double(g.size()), sum = 0, prod = 1, mx = -INFINITY, mn = INFINITY;
    for (double v : g) sum += v, prod *= v, mx = std::max(mx, v), mn = std::min(mn, v);
    double mean = sum / n, var = 0, lse = 0;
    for (double v : g) var += (v - mean) * (v - mean) / n, lse += std::exp(v - mx);
    switch (op) {
      case MLN_SUM: out.push_back(sum); break;
      case MLN_MEAN: out.push_back(mean); break;
      case MLN_MAX: out.push_back(mx); break;
      case MLN_MIN: out.push_back(mn); break;
      case MLN_PROD: out.push_back(prod); break;
      case MLN_VAR: out.push_back(var); break;
      case MLN_STD: out.push_back(std::sqrt(var)); break;
      case MLN_LOGSUMEXP: out.push_back(std::log(lse) + mx); break;
    }
  }
  return out;
}

}  // namespace

TEST(Reduce, EveryOpEveryAxisSubset) {
  auto xs = rnd(24, -2, 2, 3);
  for (int op = MLN_SUM; op <= MLN_LOGSUMEXP; ++op) {
    for (int mask = 0; mask < 8; ++mask) {
      Own own;
      auto* x = own(make<double>({2, 3, 4}, xs));
      std::vector<int> axes;
      for (int d = 0; d < 3; ++d)
        if ((mask >> d) & 1) axes.push_back(d - 3 * (d == 2));  // axis 2 given as -1
      auto* y = own(mln_reduce(op, x, int(axes.size()), axes.data(), 1));
      ASSERT_NE(y, nullptr) << mln_last_error();
      auto r = ref_reduce(op, xs, mask);
      auto v = values<double>(y);
      ASSERT_EQ(v.size(), r.size());
      for (size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(v[i], r[i], 1e-12 * (1 + std::abs(r[i]))) << op << "/" << mask;
      auto* yf = own(mln_reduce(op, own(mln_cast(x, MLN_F32)), int(axes.size()), axes.data(), 0));
      auto vf = values<float>(yf);
      for (size_t i = 0; i < vf.size(); ++i) EXPECT_NEAR(vf[i], r[i], 1e-5 * (1 + std::abs(r[i])));
    }
  }
}

TEST(Reduce, ShapesDtypesAndAllAxes) {
  Own own;
  auto* x = own(make<int32_t>({2, 3}, {1, 2, 3, 4, 5, 6}));
  int ax1[] = {1};
  auto* s = own(mln_reduce(MLN_SUM, x, 1, ax1, 0));
  EXPECT_EQ(shape(s), (std::vector<int64_t>{2}));
  EXPECT_EQ(values<int64_t>(s), (std::vector<int64_t>{6, 15}));
  auto* sk = own(mln_reduce(MLN_SUM, x, 1, ax1, 1));
  EXPECT_EQ(shape(sk), (std::vector<int64_t>{2, 1}));
  auto* all = own(mln_reduce(MLN_PROD, x, -1, nullptr, 0));
  EXPECT_EQ(shape(all), std::vector<int64_t>{});
  EXPECT_EQ(values<int64_t>(all)[0], 720);
  EXPECT_EQ(values<int32_t>(own(mln_reduce(MLN_MAX, x, -1, nullptr, 0)))[0], 6);
  EXPECT_EQ(values<double>(own(mln_reduce(MLN_MEAN, x, -1, nullptr, 0)))[0], 3.5);
  EXPECT_NEAR(values<double>(own(mln_reduce(MLN_VAR, x, -1, nullptr, 0)))[0], 35.0 / 12, 1e-15);
  auto* b = own(make<bool>({4}, {true, false, true, true}));
  EXPECT_EQ(values<int64_t>(own(mln_reduce(MLN_SUM, b, -1, nullptr, 0)))[0], 3);
  EXPECT_EQ(values<bool>(own(mln_reduce(MLN_ANY, b, -1, nullptr, 0)))[0], true);
  EXPECT_EQ(values<bool>(own(mln_reduce(MLN_ALL, b, -1, nullptr, 0)))[0], false);
  EXPECT_EQ(values<bool>(own(mln_reduce(MLN_ALL, x, -1, nullptr, 0)))[0], true);
  auto* u = own(make<uint8_t>({3}, {200, 100, 50}));
  EXPECT_EQ(values<int64_t>(own(mln_reduce(MLN_SUM, u, -1, nullptr, 0)))[0], 350);
}

TEST(Reduce, EmptyAndLargeAndErrors) {
  Own own;
  int64_t s0[] = {0, 3};
  auto* e = own(mln_full(MLN_F32, 2, s0, 1));
  int ax0[] = {0};
  EXPECT_EQ(values<float>(own(mln_reduce(MLN_SUM, e, 1, ax0, 0))), (std::vector<float>{0, 0, 0}));
  EXPECT_EQ(values<float>(own(mln_reduce(MLN_PROD, e, 1, ax0, 0))), (std::vector<float>{1, 1, 1}));
  EXPECT_TRUE(std::isnan(values<float>(own(mln_reduce(MLN_MEAN, e, 1, ax0, 0)))[0]));
  EXPECT_EQ(mln_reduce(MLN_MAX, e, 1, ax0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "reduce MAX: axis 0 has size 0");
  int bad[] = {2};
  EXPECT_EQ(mln_reduce(MLN_SUM, e, 1, bad, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "axis 2 is out of range for a tensor of rank 2");
  int dup[] = {1, -1};
  EXPECT_EQ(mln_reduce(MLN_SUM, e, 2, dup, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "axis -1 is repeated");
  EXPECT_EQ(mln_reduce(MLN_SUM, nullptr, -1, nullptr, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "reduce: argument 'x' is null");
  EXPECT_EQ(mln_reduce(MLN_ARGMAX, e, -1, nullptr, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "reduce");
  // A long float32 sum stays accurate (double accumulation) and matches across thread counts.
  int64_t n[] = {1 << 22};
  auto* big = own(mln_full(MLN_F32, 1, n, 0.1));
  mln_set_num_threads(1);
  float s1 = values<float>(own(mln_reduce(MLN_SUM, big, -1, nullptr, 0)))[0];
  mln_set_num_threads(2);
  float s2 = values<float>(own(mln_reduce(MLN_SUM, big, -1, nullptr, 0)))[0];
  mln_set_num_threads(0);
  EXPECT_NEAR(s1, 0.1f * double(1 << 22), 1e-6 * 0.1 * double(1 << 22));
  EXPECT_NEAR(s2, s1, 1e-6 * s1);
  // Outer-axis reduction of a wide matrix (the accumulate-rows path).
  auto xs = rnd(64 * 3000, -1, 1);
  auto* w = own(make<double>({64, 3000}, xs));
  auto col = values<double>(own(mln_reduce(MLN_MAX, w, 1, ax0, 0)));
  for (int j = 0; j < 3000; j += 37) {
    double m = -INFINITY;
    for (int i = 0; i < 64; ++i) m = std::max(m, xs[size_t(i * 3000 + j)]);
    EXPECT_EQ(col[size_t(j)], m);
  }
}

TEST(Reduce, LogSumExpIsStable) {
  Own own;
  auto* x = own(make<double>({3}, {1000, 1000, -INFINITY}));
  EXPECT_NEAR(values<double>(own(mln_reduce(MLN_LOGSUMEXP, x, -1, nullptr, 0)))[0],
              1000 + std::log(2.0), 1e-12);
  auto* ninf = own(make<double>({2}, {-INFINITY, -INFINITY}));
  EXPECT_EQ(values<double>(own(mln_reduce(MLN_LOGSUMEXP, ninf, -1, nullptr, 0)))[0], -INFINITY);
}

TEST(ReduceBackward, FiniteDifferences) {
  const double eps = 1e-6;
  auto xs = rnd(24, 0.5, 2, 5);
  xs[5] = 0;  // PROD with one zero in a slice
  for (int op = MLN_SUM; op <= MLN_LOGSUMEXP; ++op) {
    for (int mask : {1, 2, 5, 7}) {
      for (int keep : {0, 1}) {
        Own own;
        std::vector<int> axes;
        for (int d = 0; d < 3; ++d)
          if ((mask >> d) & 1) axes.push_back(d);
        auto* x = own(make<double>({2, 3, 4}, xs));
        auto* y = own(mln_reduce(op, x, int(axes.size()), axes.data(), keep));
        auto gv = rnd(size_t(mln_numel(y)), -1, 1, 9);
        auto* gy = own(make<double>(shape(y), gv));
        auto* gx = own(mln_reduce_backward(op, x, y, gy, int(axes.size()), axes.data(), keep));
        ASSERT_NE(gx, nullptr) << mln_last_error();
        auto g = values<double>(gx);
        for (int i = 0; i < 24; ++i) {
          auto p = xs, m = xs;
          p[size_t(i)] += eps, m[size_t(i)] -= eps;
          auto rp = ref_reduce(op, p, mask), rm = ref_reduce(op, m, mask);
          double fd = 0;
          for (size_t k = 0; k < rp.size(); ++k) fd += gv[k] * (rp[k] - rm[k]) / (2 * eps);
          EXPECT_NEAR(g[size_t(i)], fd, 1e-6 * (1 + std::abs(fd))) << op << "/" << mask << " i " << i;
        }
        auto g2 = values<double>(own(mln_reduce_backward(op, x, nullptr, gy, int(axes.size()), axes.data(), keep)));
        for (int i = 0; i < 24; ++i) EXPECT_NEAR(g2[size_t(i)], g[size_t(i)], 1e-12);
      }
    }
  }
}

TEST(ReduceBackward, TiesAndZeros) {
  Own own;
  auto* x = own(make<double>({4}, {3, 1, 3, 2}));
  auto* gy = own(make<double>({}, {1}));
  EXPECT_EQ(values<double>(own(mln_reduce_backward(MLN_MAX, x, nullptr, gy, -1, nullptr, 0))),
            (std::vector<double>{0.5, 0, 0.5, 0}));
  auto* z = own(make<double>({3}, {0, 2, 0}));
  EXPECT_EQ(values<double>(own(mln_reduce_backward(MLN_PROD, z, nullptr, gy, -1, nullptr, 0))),
            (std::vector<double>{0, 0, 0}));
  auto* z1 = own(make<double>({3}, {0, 2, 5}));
  EXPECT_EQ(values<double>(own(mln_reduce_backward(MLN_PROD, z1, nullptr, gy, -1, nullptr, 0))),
            (std::vector<double>{10, 0, 0}));
  EXPECT_EQ(mln_reduce_backward(MLN_ANY, z, nullptr, gy, -1, nullptr, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "reduce_backward ANY: not differentiable");
  auto* bad = own(make<double>({2}, {1, 1}));
  EXPECT_EQ(mln_reduce_backward(MLN_SUM, z, nullptr, bad, -1, nullptr, 0), nullptr);
  expect_error(MLN_ERR_SHAPE, "reduce_backward SUM: gy has shape (2,), expected ()");
}

TEST(ArgReduce, FirstOccurrenceAndAxes) {
  Own own;
  auto* x = own(make<float>({2, 3}, {1, 5, 5, 7, 0, 7}));
  EXPECT_EQ(values<int64_t>(own(mln_arg_reduce(MLN_ARGMAX, x, 1, 0))), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(values<int64_t>(own(mln_arg_reduce(MLN_ARGMIN, x, -1, 0))), (std::vector<int64_t>{0, 1}));
  auto* k = own(mln_arg_reduce(MLN_ARGMAX, x, 0, 1));
  EXPECT_EQ(shape(k), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(values<int64_t>(k), (std::vector<int64_t>{1, 0, 1}));
  auto* n = own(make<double>({3}, {1, NAN, 3}));
  EXPECT_EQ(values<int64_t>(own(mln_arg_reduce(MLN_ARGMAX, n, 0, 0)))[0], 1);
  EXPECT_EQ(mln_arg_reduce(MLN_ARGMAX, x, 2, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "arg_reduce ARGMAX: axis 2 is out of range for a tensor of rank 2");
  EXPECT_EQ(mln_arg_reduce(MLN_SUM, x, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "arg_reduce: expected ARGMAX or ARGMIN, got SUM");
}

// Full sums split into fixed-length chunks: 1 and 2 threads give the same bits (the partial sums
// are combined in one order whatever the thread count). float64 shows a different chunking in
// its last bits (float32 sums accumulate in double, so their rounding to float mostly hides it);
// also a mean and the sums of a few long rows, which take the same path.
TEST(Reduce, SumsAreBitIdenticalAcrossThreadCounts) {
  Own own;
  const int64_t n = 1000000;
  auto xs = rnd(size_t(n), -1, 3, 11);
  auto* xd = own(make<double>({n}, xs));
  auto* x = own(mln_cast(xd, MLN_F32));
  auto* rows = own(make<double>({4, n / 4}, xs));
  const int before = mln_get_num_threads();
  std::vector<float> sum[2], mean[2];
  std::vector<double> row_sums[2], dsum[2];
  for (int k = 0; k < 2; ++k) {
    mln_set_num_threads(k + 1);
    omp_set_num_threads(k + 1);
    sum[k] = values<float>(own(mln_reduce(MLN_SUM, x, -1, nullptr, 0)));
    dsum[k] = values<double>(own(mln_reduce(MLN_SUM, xd, -1, nullptr, 0)));
    mean[k] = values<float>(own(mln_reduce(MLN_MEAN, x, -1, nullptr, 0)));
    int ax = 1;
    row_sums[k] = values<double>(own(mln_reduce(MLN_SUM, rows, 1, &ax, 0)));
  }
  mln_set_num_threads(before);
  omp_set_num_threads(before);
  ASSERT_EQ(sum[0].size(), 1u);
  EXPECT_EQ(std::memcmp(sum[0].data(), sum[1].data(), sizeof(float)), 0)
      << sum[0][0] << " vs " << sum[1][0];
  EXPECT_EQ(std::memcmp(dsum[0].data(), dsum[1].data(), sizeof(double)), 0)
      << dsum[0][0] - dsum[1][0];
  EXPECT_EQ(std::memcmp(mean[0].data(), mean[1].data(), sizeof(float)), 0);
  EXPECT_EQ(std::memcmp(row_sums[0].data(), row_sums[1].data(), 4 * sizeof(double)), 0);
  double ref = 0;
  for (double v : xs) ref += double(float(v));
  EXPECT_NEAR(sum[0][0], ref, 1e-6 * std::abs(ref));
}

// mln_dense_backward's bias gradient (column sums over the batch) is split over threads by
// blocks of columns, each summing its rows in order: the same bits on 1 and 2 threads.
TEST(Reduce, DenseBiasGradientIsBitIdenticalAcrossThreadCounts) {
  Own own;
  const int64_t rows = 128, k = 8, n = 520;  // rows * n above the parallel grain; n not a block
  auto* x = own(make<float>({rows, k}, std::vector<float>(size_t(rows * k), 0.5f)));
  auto* w = own(make<float>({k, n}, std::vector<float>(size_t(k * n), 0.25f)));
  auto yv = rnd(size_t(rows * n), -1, 1, 21);
  auto gv = rnd(size_t(rows * n), -3, 3, 22);
  auto* y = own(mln_cast(own(make<double>({rows, n}, yv)), MLN_F32));
  auto* gy = own(mln_cast(own(make<double>({rows, n}, gv)), MLN_F32));
  const int before = mln_get_num_threads();
  std::vector<float> gb[2];
  for (int t = 0; t < 2; ++t) {
    mln_set_num_threads(t + 1);
    omp_set_num_threads(t + 1);
    mln_tensor* b = nullptr;
    ASSERT_EQ(mln_dense_backward(x, w, y, gy, MLN_RELU, nullptr, nullptr, &b), MLN_OK);
    gb[t] = values<float>(own(b));
  }
  mln_set_num_threads(before);
  omp_set_num_threads(before);
  ASSERT_EQ(gb[0].size(), size_t(n));
  EXPECT_EQ(std::memcmp(gb[0].data(), gb[1].data(), size_t(n) * sizeof(float)), 0);
  for (int64_t j = 0; j < n; ++j) {  // relu gradient: gy where y > 0, summed in row order
    float ref = 0;
    for (int64_t i = 0; i < rows; ++i) {
      const size_t q = size_t(i * n + j);
      ref += float(yv[q]) > 0 ? float(gv[q]) : 0.0f;
    }
    ASSERT_EQ(gb[0][size_t(j)], ref) << "column " << j;
  }
}
