// mln_batch_norm / mln_batch_norm_backward (oneDNN's batch_normalization primitive) against
// straight double-precision loops over the (outer, C, inner) view, for a last, a first and a
// middle feature axis, with and without gamma and beta; primitive caching; bad arguments.
#include <cmath>

#include "dnnl_engine.hpp"
#include "test_util.hpp"

using namespace tu;

namespace {

struct View {
  int64_t outer, c, inner;
};

View view_of(const std::vector<int64_t>& s, int axis) {
  View v{1, s[size_t(axis)], 1};
  for (int i = 0; i < axis; ++i) v.outer *= s[size_t(i)];
  for (size_t i = size_t(axis) + 1; i < s.size(); ++i) v.inner *= s[i];
  return v;
}

size_t at(const View& v, int64_t o, int64_t ch, int64_t i) {
  return size_t((o * v.c + ch) * v.inner + i);
}

/** Training forward and backward in doubles: y, batch mean and biased variance, dx, dgamma, dbeta. */
void reference(const View& v, const std::vector<double>& x, const std::vector<double>& g,
               const std::vector<double>& b, const std::vector<double>& gy, double eps,
               std::vector<double>& y, std::vector<double>& mean, std::vector<double>& var,
               std::vector<double>& gx, std::vector<double>& gg, std::vector<double>& gb) {
  const double m = double(v.outer * v.inner);
  y.assign(x.size(), 0);
  gx.assign(x.size(), 0);
  mean.assign(size_t(v.c), 0);
  var.assign(size_t(v.c), 0);
  gg.assign(size_t(v.c), 0);
  gb.assign(size_t(v.c), 0);
  for (int64_t ch = 0; ch < v.c; ++ch) {
    double s = 0, q = 0;
    for (int64_t o = 0; o < v.outer; ++o)
      for (int64_t i = 0; i < v.inner; ++i) s += x[at(v, o, ch, i)];
    const double mu = s / m;
    for (int64_t o = 0; o < v.outer; ++o)
      for (int64_t i = 0; i < v.inner; ++i) q += (x[at(v, o, ch, i)] - mu) * (x[at(v, o, ch, i)] - mu);
    const double var_c = q / m, inv = 1 / std::sqrt(var_c + eps);
    mean[size_t(ch)] = mu;
    var[size_t(ch)] = var_c;
    double sg = 0, sgx = 0;
    for (int64_t o = 0; o < v.outer; ++o)
      for (int64_t i = 0; i < v.inner; ++i) {
        const size_t k = at(v, o, ch, i);
        const double xh = (x[k] - mu) * inv;
        y[k] = xh * g[size_t(ch)] + b[size_t(ch)];
        sg += gy[k];
        sgx += gy[k] * xh;
      }
    gb[size_t(ch)] = sg;
    gg[size_t(ch)] = sgx;
    for (int64_t o = 0; o < v.outer; ++o)
      for (int64_t i = 0; i < v.inner; ++i) {
        const size_t k = at(v, o, ch, i);
        const double xh = (x[k] - mu) * inv;
        gx[k] = g[size_t(ch)] * inv * (gy[k] - sg / m - xh * sgx / m);
      }
  }
}

std::vector<float> f32(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

void expect_near(const std::vector<double>& want, const std::vector<float>& got, double tol,
                 const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(want[i], got[i], tol * std::max(1.0, std::fabs(want[i]))) << what << " [" << i << "]";
}

void check_case(const std::vector<int64_t>& shape, int axis) {
  const int a = axis < 0 ? axis + int(shape.size()) : axis;
  const View v = view_of(shape, a);
  const size_t n = size_t(v.outer * v.c * v.inner);
  const double eps = 1e-3;
  auto x = rnd(n, -2, 3, 11), gy = rnd(n, -1, 1, 12);
  auto g = rnd(size_t(v.c), 0.5, 1.5, 13), b = rnd(size_t(v.c), -1, 1, 14);
  std::vector<double> y, mean, var, gx, gg, gb;
  reference(v, x, g, b, gy, eps, y, mean, var, gx, gg, gb);
  const std::vector<int64_t> cs{v.c};
  mln_tensor* tx = make<float>(shape, f32(x));
  mln_tensor* tg = make<float>(cs, f32(g));
  mln_tensor* tb = make<float>(cs, f32(b));
  mln_tensor* tgy = make<float>(shape, f32(gy));
  const std::string what = "shape rank " + std::to_string(shape.size()) + " axis " + std::to_string(axis);
  mln_tensor* outs[3] = {nullptr, nullptr, nullptr};
  ASSERT_EQ(mln_batch_norm(tx, tg, tb, nullptr, nullptr, axis, eps, 1, outs), MLN_OK) << mln_last_error();
  expect_near(y, values<float>(outs[0]), 1e-5, what + " y");
  expect_near(mean, values<float>(outs[1]), 1e-5, what + " mean");
  expect_near(var, values<float>(outs[2]), 1e-5, what + " var");
  mln_tensor* grads[3] = {nullptr, nullptr, nullptr};
  ASSERT_EQ(mln_batch_norm_backward(tx, tgy, tg, outs[1], outs[2], axis, eps, 1, 1, grads), MLN_OK)
      << mln_last_error();
  expect_near(gx, values<float>(grads[0]), 1e-4, what + " gx");
  expect_near(gg, values<float>(grads[1]), 1e-4, what + " ggamma");
  expect_near(gb, values<float>(grads[2]), 1e-4, what + " gbeta");
  // inference with the batch statistics as the given ones gives the same y; without gamma and
  // beta the plain normalization, and the gradients of the missing ones are zeros
  mln_tensor* inf[1] = {nullptr};
  ASSERT_EQ(mln_batch_norm(tx, tg, tb, outs[1], outs[2], axis, eps, 0, inf), MLN_OK) << mln_last_error();
  expect_near(y, values<float>(inf[0]), 1e-5, what + " inference y");
  mln_tensor* plain[3] = {nullptr, nullptr, nullptr};
  ASSERT_EQ(mln_batch_norm(tx, nullptr, nullptr, nullptr, nullptr, axis, eps, 1, plain), MLN_OK);
  std::vector<double> xh(n);
  for (size_t k = 0; k < n; ++k) {
    const int64_t ch = int64_t(k / size_t(v.inner)) % v.c;
    xh[k] = (x[k] - mean[size_t(ch)]) / std::sqrt(var[size_t(ch)] + eps);
  }
  expect_near(xh, values<float>(plain[0]), 1e-5, what + " no gamma/beta");
  mln_tensor* pg[3] = {nullptr, nullptr, nullptr};
  ASSERT_EQ(mln_batch_norm_backward(tx, tgy, nullptr, plain[1], plain[2], axis, eps, 1, 0, pg), MLN_OK);
  for (float e : values<float>(pg[1])) EXPECT_EQ(e, 0.f);
  for (float e : values<float>(pg[2])) EXPECT_EQ(e, 0.f);
  for (mln_tensor* t : {tx, tg, tb, tgy, outs[0], outs[1], outs[2], grads[0], grads[1], grads[2], inf[0],
                        plain[0], plain[1], plain[2], pg[0], pg[1], pg[2]})
    mln_release(t);
}

}  // namespace

TEST(BatchNorm, MatchesLoopsForLastFirstAndMiddleAxes) {
  check_case({6, 5}, -1);
  check_case({3, 4, 5, 3}, -1);
  check_case({3, 3, 4, 5}, 1);
  check_case({2, 3, 4, 2}, 2);
}

TEST(BatchNorm, CachesPrimitivesPerShape) {
  mln_tensor* x = iota<float>(MLN_F32, {4, 3, 2, 2});
  mln_tensor* outs[3];
  ASSERT_EQ(mln_batch_norm(x, nullptr, nullptr, nullptr, nullptr, 1, 1e-3, 1, outs), MLN_OK);
  for (auto* t : outs) mln_release(t);
  const int64_t created = mln::dnnl_primitives_created();
  for (int r = 0; r < 3; ++r) {
    ASSERT_EQ(mln_batch_norm(x, nullptr, nullptr, nullptr, nullptr, 1, 1e-3, 1, outs), MLN_OK);
    for (auto* t : outs) mln_release(t);
  }
  EXPECT_EQ(mln::dnnl_primitives_created(), created);
  mln_release(x);
}

TEST(BatchNorm, BadArgumentsFailWithMessages) {
  mln_tensor* x = iota<float>(MLN_F32, {2, 3});
  mln_tensor* wrong = iota<float>(MLN_F32, {4});
  mln_tensor* f64 = iota<double>(MLN_F64, {2, 3});
  mln_tensor* outs[3];
  auto fails = [](int rc, int status, const std::string& part) {
    EXPECT_NE(rc, MLN_OK);
    expect_error(status, part);
  };
  fails(mln_batch_norm(x, wrong, nullptr, nullptr, nullptr, -1, 1e-3, 1, outs), MLN_ERR_SHAPE,
               "batch_norm: argument 'gamma' expected shape (3,) but was (4,)");
  fails(mln_batch_norm(x, nullptr, nullptr, nullptr, nullptr, -1, 1e-3, 0, outs),
               MLN_ERR_ARGUMENT, "argument 'mean' is null");
  fails(mln_batch_norm(f64, nullptr, nullptr, nullptr, nullptr, -1, 1e-3, 1, outs),
               MLN_ERR_DTYPE, "expected float32 but was float64");
  fails(mln_batch_norm(x, nullptr, nullptr, nullptr, nullptr, 0, 1e-3, 1, outs),
               MLN_ERR_ARGUMENT, "feature axis");
  fails(mln_batch_norm(x, nullptr, nullptr, nullptr, nullptr, -1, -1.0, 1, outs),
               MLN_ERR_ARGUMENT, "'epsilon' expected a positive number");
  fails(mln_batch_norm(x, nullptr, nullptr, nullptr, nullptr, -1, 1e-3, 1, nullptr),
               MLN_ERR_ARGUMENT, "'outs' is null");
  fails(mln_batch_norm_backward(x, wrong, nullptr, wrong, wrong, -1, 1e-3, 1, 0, outs),
               MLN_ERR_SHAPE, "argument 'gy' expected float32 of shape (2, 3)");
  for (auto* t : {x, wrong, f64}) mln_release(t);
}
