#include <cmath>

#include "dnnl_engine.hpp"
#include "test_util.hpp"

using namespace tu;

namespace {

/** A pooling problem with up to 3 spatial axes (unused ones have size, window and stride 1). */
struct Problem {
  int k;
  int64_t n, c;
  std::vector<int64_t> in, win, st, pl, pr;

  std::vector<int64_t> out() const {
    std::vector<int64_t> o;
    for (int i = 0; i < k; ++i) o.push_back((in[i] + pl[i] + pr[i] - win[i]) / st[i] + 1);
    return o;
  }
  std::vector<int64_t> x_shape() const {
    std::vector<int64_t> s{n};
    s.insert(s.end(), in.begin(), in.end());
    s.push_back(c);
    return s;
  }
  std::vector<int64_t> y_shape() const {
    std::vector<int64_t> s{n};
    auto o = out();
    s.insert(s.end(), o.begin(), o.end());
    s.push_back(c);
    return s;
  }
};

/** Straight nested loops over (batch, output position, channel) and each window's real elements:
 * the forward, and the backward as a scatter of gy (max: to the window's first maximum). */
void reference(const Problem& p, int kind, const std::vector<double>& x, const std::vector<double>& gy,
               std::vector<double>& y, std::vector<double>& gx) {
  int64_t I[3] = {1, 1, 1}, O[3] = {1, 1, 1}, W[3] = {1, 1, 1}, S[3] = {1, 1, 1}, P[3] = {0, 0, 0};
  auto o = p.out();
  for (int i = 0; i < p.k; ++i) I[i] = p.in[i], O[i] = o[i], W[i] = p.win[i], S[i] = p.st[i], P[i] = p.pl[i];
  y.assign(size_t(p.n * O[0] * O[1] * O[2] * p.c), 0);
  gx.assign(x.size(), 0);
  for (int64_t b = 0; b < p.n; ++b)
    for (int64_t o0 = 0; o0 < O[0]; ++o0)
      for (int64_t o1 = 0; o1 < O[1]; ++o1)
        for (int64_t o2 = 0; o2 < O[2]; ++o2)
          for (int64_t ch = 0; ch < p.c; ++ch) {
            const size_t yi = size_t((((b * O[0] + o0) * O[1] + o1) * O[2] + o2) * p.c + ch);
            double best = -INFINITY, sum = 0;
            int64_t arg = -1, count = 0;
            std::vector<int64_t> members;
            for (int64_t w0 = 0; w0 < W[0]; ++w0)
              for (int64_t w1 = 0; w1 < W[1]; ++w1)
                for (int64_t w2 = 0; w2 < W[2]; ++w2) {
                  int64_t i0 = o0 * S[0] - P[0] + w0, i1 = o1 * S[1] - P[1] + w1, i2 = o2 * S[2] - P[2] + w2;
                  if (i0 < 0 || i0 >= I[0] || i1 < 0 || i1 >= I[1] || i2 < 0 || i2 >= I[2]) continue;
                  int64_t xi = (((b * I[0] + i0) * I[1] + i1) * I[2] + i2) * p.c + ch;
                  members.push_back(xi);
                  if (arg < 0 || x[size_t(xi)] > best) best = x[size_t(xi)], arg = xi;
                  sum += x[size_t(xi)];
                  ++count;
                }
            y[yi] = kind == MLN_POOL_MAX ? best : sum / double(count);
            if (kind == MLN_POOL_MAX) {
              gx[size_t(arg)] += gy[yi];
            } else {
              for (int64_t m : members) gx[size_t(m)] += gy[yi] / double(count);
            }
          }
}

template <typename T>
std::vector<T> cast(const std::vector<double>& v) {
  return std::vector<T>(v.begin(), v.end());
}

template <typename T>
void check(const Problem& p, int kind, double tol) {
  Own own;
  auto xs = p.x_shape(), ys = p.y_shape();
  int64_t nx = 1, ny = 1;
  for (auto d : xs) nx *= d;
  for (auto d : ys) ny *= d;
  // distinct values, so every window has one maximum
  auto xv = rnd(size_t(nx), -4, 4, uint32_t(nx + kind));
  auto gyv = rnd(size_t(ny), -1, 1, uint32_t(ny + 7));
  std::vector<double> y, gx;
  // the reference runs in double on the values as rounded to T
  auto xt = cast<T>(xv), gt = cast<T>(gyv);
  reference(p, kind, std::vector<double>(xt.begin(), xt.end()), std::vector<double>(gt.begin(), gt.end()), y, gx);
  auto* x = own(make<T>(xs, cast<T>(xv)));
  auto* g = own(make<T>(ys, cast<T>(gyv)));
  auto* out = own(mln_pool(x, kind, p.k, p.win.data(), p.st.data(), p.pl.data(), p.pr.data()));
  ASSERT_NE(out, nullptr) << mln_last_error();
  EXPECT_EQ(shape(out), ys);
  auto yv = values<T>(out);
  for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(yv[i], y[i], tol) << "y[" << i << "] kind " << kind;
  auto* d = own(mln_pool_backward(x, g, kind, p.k, p.win.data(), p.st.data(), p.pl.data(), p.pr.data()));
  ASSERT_NE(d, nullptr) << mln_last_error();
  EXPECT_EQ(shape(d), xs);
  auto dv = values<T>(d);
  for (size_t i = 0; i < gx.size(); ++i) EXPECT_NEAR(dv[i], gx[i], tol) << "gx[" << i << "] kind " << kind;
}

const Problem kProblems[] = {
    // 2-D, valid, window 2 stride 2 (MNIST's pool), odd size drops the last row/column
    {2, 2, 3, {5, 6}, {2, 2}, {2, 2}, {0, 0}, {0, 0}},
    // 2-D, "same" with stride 2 on an odd size: Keras puts the extra pad after (0 before, 1 after)
    {2, 1, 2, {5, 5}, {2, 2}, {2, 2}, {0, 0}, {1, 1}},
    // 2-D, 3x3 windows stride 1 "same": one pad on each side, overlapping windows
    {2, 2, 4, {4, 5}, {3, 3}, {1, 1}, {1, 1}, {1, 1}},
    // 2-D, rectangular window and strides
    {2, 1, 3, {7, 6}, {3, 2}, {2, 1}, {0, 0}, {0, 0}},
    // 1-D, pool 5 (the book's MaxPooling of 512 -> 102 in miniature)
    {1, 2, 3, {12}, {5}, {5}, {0, 0}, {0, 0}},
    // 1-D, "same", stride 1, window 4: pads 1 before and 2 after
    {1, 1, 2, {6}, {4}, {1}, {1}, {2}},
    // 3-D
    {3, 1, 2, {3, 4, 5}, {2, 2, 3}, {1, 2, 2}, {0, 0, 1}, {1, 0, 1}},
};

}  // namespace

TEST(Pooling, Float32OneDnnMatchesLoopsForwardAndBackward) {
  for (const auto& p : kProblems)
    for (int kind : {MLN_POOL_MAX, MLN_POOL_AVG}) check<float>(p, kind, 1e-5);
}

TEST(Pooling, Float64MatchesLoopsForwardAndBackward) {
  for (const auto& p : kProblems)
    for (int kind : {MLN_POOL_MAX, MLN_POOL_AVG}) check<double>(p, kind, 1e-12);
}

TEST(Pooling, BookShapes) {
  Own own;
  // MaxPooling2D(pool_size=(5, 5)) on (1, 512, 512, 1) gives 102 x 102
  int64_t w[2] = {5, 5}, z[2] = {0, 0};
  auto* x = own(mln_full(MLN_F32, 4, std::vector<int64_t>{1, 512, 512, 1}.data(), 0.0));
  auto* y = own(mln_pool(x, MLN_POOL_MAX, 2, w, w, z, z));
  EXPECT_EQ(shape(y), (std::vector<int64_t>{1, 102, 102, 1}));
  // MNIST: 26 -> 13
  int64_t w2[2] = {2, 2};
  auto* m = own(mln_full(MLN_F32, 4, std::vector<int64_t>{2, 26, 26, 32}.data(), 0.0));
  EXPECT_EQ(shape(own(mln_pool(m, MLN_POOL_MAX, 2, w2, w2, z, z))), (std::vector<int64_t>{2, 13, 13, 32}));
}

TEST(Pooling, CachesPrimitivesPerShape) {
  Own own;
  int64_t w[2] = {2, 2}, z[2] = {0, 0};
  auto* x = own(make<float>({1, 4, 4, 3}, cast<float>(rnd(48, -1, 1))));
  auto* g = own(make<float>({1, 2, 2, 3}, cast<float>(rnd(12, -1, 1))));
  own(mln_pool(x, MLN_POOL_MAX, 2, w, w, z, z));
  own(mln_pool_backward(x, g, MLN_POOL_MAX, 2, w, w, z, z));
  int64_t before = mln::dnnl_primitives_created();
  for (int i = 0; i < 3; ++i) {
    own(mln_pool(x, MLN_POOL_MAX, 2, w, w, z, z));
    own(mln_pool_backward(x, g, MLN_POOL_MAX, 2, w, w, z, z));
  }
  EXPECT_EQ(mln::dnnl_primitives_created(), before);
}

TEST(Pooling, BadArgumentsFailWithMessages) {
  Own own;
  int64_t w[3] = {2, 2, 2}, z[3] = {0, 0, 0}, big[2] = {7, 2}, neg[2] = {-1, 0}, zero[2] = {0, 2};
  auto* x = own(make<float>({1, 4, 4, 3}, cast<float>(rnd(48, -1, 1))));
  expect_error(mln_pool(x, MLN_POOL_MAX, 1, w, w, z, z), MLN_ERR_SHAPE, "expected rank 3");
  expect_error(mln_pool(x, 5, 2, w, w, z, z), MLN_ERR_ARGUMENT, "argument 'kind'");
  expect_error(mln_pool(x, MLN_POOL_MAX, 4, w, w, z, z), MLN_ERR_ARGUMENT, "argument 'nspatial'");
  expect_error(mln_pool(x, MLN_POOL_MAX, 0, w, w, z, z), MLN_ERR_ARGUMENT, "argument 'nspatial'");
  expect_error(mln_pool(x, MLN_POOL_MAX, 2, big, w, z, z), MLN_ERR_SHAPE, "padded input size 4");
  expect_error(mln_pool(x, MLN_POOL_MAX, 2, zero, w, z, z), MLN_ERR_ARGUMENT, "'pool_size' expected >= 1");
  expect_error(mln_pool(x, MLN_POOL_MAX, 2, w, zero, z, z), MLN_ERR_ARGUMENT, "'strides' expected >= 1");
  expect_error(mln_pool(x, MLN_POOL_MAX, 2, w, w, neg, z), MLN_ERR_ARGUMENT, "'padding'");
  expect_error(mln_pool(x, MLN_POOL_MAX, 2, w, w, z, w), MLN_ERR_ARGUMENT, "'padding'");
  expect_error(mln_pool(x, MLN_POOL_MAX, 2, nullptr, w, z, z), MLN_ERR_ARGUMENT, "must not be null");
  expect_error(mln_pool(nullptr, MLN_POOL_MAX, 2, w, w, z, z), MLN_ERR_ARGUMENT, "x");
  // a window of padding alone would have no maximum and no mean
  auto* empty = own(make<float>({1, 0, 4, 3}, {}));
  int64_t one[2] = {1, 1};
  expect_error(mln_pool(empty, MLN_POOL_MAX, 2, w, w, one, one), MLN_ERR_SHAPE, "non-empty spatial axis 0");
  auto* i = own(iota<int32_t>(MLN_I32, {1, 4, 4, 3}));
  expect_error(mln_pool(i, MLN_POOL_MAX, 2, w, w, z, z), MLN_ERR_DTYPE, "pool");
  auto* g = own(make<float>({1, 3, 2, 3}, cast<float>(rnd(18, -1, 1))));
  expect_error(mln_pool_backward(x, g, MLN_POOL_MAX, 2, w, w, z, z), MLN_ERR_SHAPE, "argument 'gy'");
  auto* gd = own(make<double>({1, 2, 2, 3}, rnd(12, -1, 1)));
  expect_error(mln_pool_backward(x, gd, MLN_POOL_AVG, 2, w, w, z, z), MLN_ERR_DTYPE, "argument 'gy'");
}

TEST(MovingAverage, UpdatesInPlaceAndChecksArguments) {
  Own own;
  auto* v = own(make<float>({3}, {1.f, 2.f, 4.f}));
  auto* m = own(make<float>({3}, {3.f, 0.f, -4.f}));
  ASSERT_EQ(mln_moving_average(v, m, 0.75), MLN_OK) << mln_last_error();
  auto r = values<float>(v);
  EXPECT_FLOAT_EQ(r[0], 1.5f);
  EXPECT_FLOAT_EQ(r[1], 1.5f);
  EXPECT_FLOAT_EQ(r[2], 2.f);
  auto* wrong = own(make<float>({2}, {1.f, 2.f}));
  EXPECT_EQ(mln_moving_average(v, wrong, 0.5), MLN_ERR_SHAPE);
  expect_error(MLN_ERR_SHAPE, "argument 'value'");
  EXPECT_EQ(mln_moving_average(v, m, 1.5), MLN_ERR_ARGUMENT);
  expect_error(MLN_ERR_ARGUMENT, "argument 'momentum'");
  auto* d = own(make<double>({3}, {1, 2, 3}));
  EXPECT_EQ(mln_moving_average(v, d, 0.5), MLN_ERR_DTYPE);
  expect_error(MLN_ERR_DTYPE, "argument 'value'");
}
