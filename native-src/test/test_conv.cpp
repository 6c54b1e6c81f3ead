// Convolutions: the forward against a naive loop written from the definition, the backwards
// against finite differences (float64) and float32 (oneDNN) against float64 (direct loops).
#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "dnnl_engine.hpp"
#include "test_util.hpp"

namespace {

using Dims = std::vector<int64_t>;

/** A convolution problem: shapes, geometry, groups, whether it has a bias, its activation. */
struct Case {
  std::string name;
  Dims x;  // (N, spatial..., C)
  Dims w;  // (k..., C / groups, F)
  Dims strides, dil, pl, pr;
  int groups;
  bool bias;
  int act;

  int nd() const { return int(x.size()) - 2; }
  Dims geom() const {
    Dims g = strides;
    g.insert(g.end(), dil.begin(), dil.end());
    g.insert(g.end(), pl.begin(), pl.end());
    g.insert(g.end(), pr.begin(), pr.end());
    return g;
  }
  Dims out() const {
    Dims o{x[0]};
    for (int i = 0; i < nd(); ++i)
      o.push_back((x[size_t(i + 1)] + pl[size_t(i)] + pr[size_t(i)] -
                   ((w[size_t(i)] - 1) * dil[size_t(i)] + 1)) /
                      strides[size_t(i)] +
                  1);
    o.push_back(w.back());
    return o;
  }
};

int64_t count(const Dims& d) {
  int64_t n = 1;
  for (auto v : d) n *= v;
  return n;
}

double apply_act(double v, int act) {
  if (act == MLN_RELU) return v > 0 ? v : 0;
  if (act == MLN_TANH) return std::tanh(v);
  if (act == MLN_SIGMOID) return 1 / (1 + std::exp(-v));
  return v;
}

/** The definition, one output element at a time, over a multi-index. */
std::vector<double> reference(const Case& c, const std::vector<double>& x,
                              const std::vector<double>& w, const std::vector<double>& b) {
  const int nd = c.nd();
  const Dims o = c.out();
  const int64_t C = c.x.back(), F = c.w.back(), cg = C / c.groups, fg = F / c.groups;
  std::vector<double> y(size_t(count(o)));
  Dims idx(o.size(), 0);
  for (int64_t e = 0; e < count(o); ++e) {
    int64_t rem = e;
    for (size_t d = o.size(); d-- > 0;) {
      idx[d] = rem % o[d];
      rem /= o[d];
    }
    const int64_t n = idx[0], f = idx.back(), grp = f / fg;
    double acc = c.bias ? b[size_t(f)] : 0.0;
    Dims k(size_t(nd), 0);
    for (int64_t kt = 0; kt < count(Dims(c.w.begin(), c.w.begin() + nd)); ++kt) {
      int64_t r = kt;
      for (int d = nd; d-- > 0;) {
        k[size_t(d)] = r % c.w[size_t(d)];
        r /= c.w[size_t(d)];
      }
      bool inside = true;
      int64_t xoff = n;
      for (int d = 0; d < nd; ++d) {
        const int64_t i = idx[size_t(d + 1)] * c.strides[size_t(d)] - c.pl[size_t(d)] +
                          k[size_t(d)] * c.dil[size_t(d)];
        if (i < 0 || i >= c.x[size_t(d + 1)]) inside = false;
        xoff = xoff * c.x[size_t(d + 1)] + i;
      }
      if (!inside) continue;
      for (int64_t ci = 0; ci < cg; ++ci) {
        const int64_t ch = grp * cg + ci;
        acc += x[size_t(xoff * C + ch)] * w[size_t((kt * cg + ci) * F + f)];
      }
    }
    y[size_t(e)] = apply_act(acc, c.act);
  }
  return y;
}

std::vector<Case> cases() {
  return {
      {"conv1d_stride_dilation_pad", {2, 7, 3}, {3, 3, 4}, {2}, {2}, {2}, {1}, 1, true, 0},
      {"conv1d_causal_relu", {2, 6, 2}, {3, 2, 3}, {1}, {1}, {2}, {0}, 1, true, MLN_RELU},
      {"conv2d_groups", {2, 6, 5, 4}, {3, 2, 2, 6}, {2, 1}, {1, 2}, {1, 1}, {0, 1}, 2, true,
       MLN_TANH},
      {"depthwise2d", {1, 5, 5, 3}, {3, 3, 1, 6}, {1, 1}, {1, 1}, {1, 1}, {1, 1}, 3, false,
       MLN_SIGMOID},
      {"conv2d_valid_nobias", {3, 5, 6, 2}, {2, 3, 2, 5}, {1, 2}, {1, 1}, {0, 0}, {0, 0}, 1, false,
       0},
      {"conv3d", {1, 4, 5, 3, 2}, {2, 3, 2, 2, 3}, {1, 2, 1}, {1, 1, 2}, {0, 1, 1}, {1, 1, 0}, 1,
       true, 0},
  };
}

template <typename T>
mln_tensor* tensor(const Dims& s, const std::vector<double>& v) {
  std::vector<T> t(v.begin(), v.end());
  return tu::make<T>(s, t);
}

struct Operands {
  std::vector<double> x, w, b;
  explicit Operands(const Case& c)
      : x(tu::rnd(size_t(count(c.x)), -1, 1, 3)),
        w(tu::rnd(size_t(count(c.w)), -1, 1, 5)),
        b(tu::rnd(size_t(c.w.back()), -0.5, 0.5, 7)) {}
};

template <typename T>
std::vector<double> run_forward(const Case& c, const Operands& o, const std::vector<double>& x) {
  mln_tensor* tx = tensor<T>(c.x, x);
  mln_tensor* tw = tensor<T>(c.w, o.w);
  mln_tensor* tb = c.bias ? tensor<T>({c.w.back()}, o.b) : nullptr;
  const Dims g = c.geom();
  mln_tensor* y = mln_conv(tx, tw, tb, g.data(), c.groups, c.act);
  EXPECT_NE(y, nullptr) << mln_last_error();
  std::vector<double> r;
  if (y) {
    EXPECT_EQ(tu::shape(y), c.out());
    for (T v : tu::values<T>(y)) r.push_back(double(v));
  }
  mln_release(y);
  mln_release(tx);
  mln_release(tw);
  if (tb) mln_release(tb);
  return r;
}

TEST(Conv, ForwardMatchesTheDefinition) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    Operands o(c);
    const std::vector<double> want = reference(c, o.x, o.w, o.b);
    const std::vector<double> got64 = run_forward<double>(c, o, o.x);
    const std::vector<double> got32 = run_forward<float>(c, o, o.x);
    ASSERT_EQ(got64.size(), want.size());
    ASSERT_EQ(got32.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_NEAR(got64[i], want[i], 1e-12) << i;
      EXPECT_NEAR(got32[i], want[i], 1e-5) << i;
    }
  }
}

/** Gradients of L = sum(conv(x, w, b) * r) by mln_conv_backward, in dtype T. */
template <typename T>
void analytic(const Case& c, const Operands& o, const std::vector<double>& r,
              std::vector<double>& gx, std::vector<double>& gw, std::vector<double>& gb) {
  mln_tensor* tx = tensor<T>(c.x, o.x);
  mln_tensor* tw = tensor<T>(c.w, o.w);
  mln_tensor* tb = c.bias ? tensor<T>({c.w.back()}, o.b) : nullptr;
  const Dims g = c.geom();
  mln_tensor* y = mln_conv(tx, tw, tb, g.data(), c.groups, c.act);
  mln_tensor* gy = tensor<T>(c.out(), r);
  mln_tensor *rx = nullptr, *rw = nullptr, *rb = nullptr;
  ASSERT_EQ(mln_conv_backward(tx, tw, y, gy, g.data(), c.groups, c.act, &rx, &rw, &rb), MLN_OK)
      << mln_last_error();
  EXPECT_EQ(tu::shape(rx), c.x);
  EXPECT_EQ(tu::shape(rw), c.w);
  gx.clear();
  gw.clear();
  gb.clear();
  for (T v : tu::values<T>(rx)) gx.push_back(double(v));
  for (T v : tu::values<T>(rw)) gw.push_back(double(v));
  for (T v : tu::values<T>(rb)) gb.push_back(double(v));
  for (mln_tensor* t : {tx, tw, tb, y, gy, rx, rw, rb})
    if (t) mln_release(t);
}

double loss(const Case& c, const Operands& o, const std::vector<double>& r) {
  const std::vector<double> y = reference(c, o.x, o.w, o.b);
  double s = 0;
  for (size_t i = 0; i < y.size(); ++i) s += y[i] * r[i];
  return s;
}

/** Central differences of loss with respect to each element of v (a member of o). */
std::vector<double> numeric(const Case& c, Operands& o, std::vector<double>& v,
                            const std::vector<double>& r) {
  std::vector<double> g(v.size());
  const double eps = 1e-6;
  for (size_t i = 0; i < v.size(); ++i) {
    const double keep = v[i];
    v[i] = keep + eps;
    const double up = loss(c, o, r);
    v[i] = keep - eps;
    const double down = loss(c, o, r);
    v[i] = keep;
    g[i] = (up - down) / (2 * eps);
  }
  return g;
}

TEST(Conv, BackwardMatchesFiniteDifferences) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    Operands o(c);
    const std::vector<double> r = tu::rnd(size_t(count(c.out())), -1, 1, 11);
    std::vector<double> gx, gw, gb, fx, fw, fb;
    analytic<double>(c, o, r, gx, gw, gb);
    analytic<float>(c, o, r, fx, fw, fb);
    const std::vector<double> nx = numeric(c, o, o.x, r);
    const std::vector<double> nw = numeric(c, o, o.w, r);
    std::vector<double> nb = numeric(c, o, o.b, r);
    if (!c.bias) nb = std::vector<double>(nb.size(), 0.0);
    auto near = [](const std::vector<double>& a, const std::vector<double>& b, double tol,
                   const char* what) {
      ASSERT_EQ(a.size(), b.size()) << what;
      for (size_t i = 0; i < a.size(); ++i)
        EXPECT_NEAR(a[i], b[i], tol * (1 + std::abs(b[i]))) << what << " " << i;
    };
    near(gx, nx, 1e-6, "gx f64");
    near(gw, nw, 1e-6, "gw f64");
    near(fx, nx, 1e-4, "gx f32");
    near(fw, nw, 1e-4, "gw f32");
    if (c.bias) {
      near(gb, nb, 1e-6, "gb f64");
      near(fb, nb, 1e-4, "gb f32");
    }
  }
}

/** The transposed convolution by its definition: each input element scatters x * w into the
 * output at o = i * stride - left pad + k * dilation. */
std::vector<double> reference_transpose(const Dims& xs, const Dims& ws, const Dims& os,
                                        const Dims& s, const Dims& d, const Dims& pl,
                                        const std::vector<double>& x,
                                        const std::vector<double>& w) {
  const int nd = int(xs.size()) - 2;
  const int64_t C = xs.back(), F = os.back();
  std::vector<double> y(size_t(count(os)), 0.0);
  Dims idx(xs.size());
  for (int64_t e = 0; e < count(xs); ++e) {
    int64_t rem = e;
    for (size_t q = xs.size(); q-- > 0;) {
      idx[q] = rem % xs[q];
      rem /= xs[q];
    }
    const int64_t ci = idx.back();
    for (int64_t kt = 0; kt < count(Dims(ws.begin(), ws.begin() + nd)); ++kt) {
      int64_t r = kt;
      Dims k(static_cast<size_t>(nd), 0);
      for (int q = nd; q-- > 0;) {
        k[size_t(q)] = r % ws[size_t(q)];
        r /= ws[size_t(q)];
      }
      bool inside = true;
      int64_t off = idx[0];
      for (int q = 0; q < nd; ++q) {
        const int64_t o = idx[size_t(q + 1)] * s[size_t(q)] - pl[size_t(q)] + k[size_t(q)] * d[size_t(q)];
        if (o < 0 || o >= os[size_t(q + 1)]) inside = false;
        off = off * os[size_t(q + 1)] + o;
      }
      if (!inside) continue;
      for (int64_t f = 0; f < F; ++f)
        y[size_t(off * F + f)] += x[size_t(e)] * w[size_t((kt * F + f) * C + ci)];
    }
  }
  return y;
}

TEST(Conv, TransposeForwardAndBackward) {
  // 3x2 inputs of 3 channels to 6x6 outputs of 4: the convolution mapping 6x6 back to 3x2 has
  // kernel (3, 2), strides (2, 3) and left pads (1, 0).
  const Dims xs{2, 3, 2, 3}, ws{3, 2, 4, 3}, os{2, 6, 6, 4};
  const Dims s{2, 3}, d{1, 1}, pl{1, 0}, pr{0, 0};
  Dims geom = s;
  for (const Dims* v : {&d, &pl, &pr}) geom.insert(geom.end(), v->begin(), v->end());
  const Dims out_size{6, 6};
  std::vector<double> x = tu::rnd(size_t(count(xs)), -1, 1, 2);
  std::vector<double> w = tu::rnd(size_t(count(ws)), -1, 1, 4);
  const std::vector<double> b = tu::rnd(4, -1, 1, 6);
  auto forward = [&](const std::vector<double>& xv, const std::vector<double>& wv) {
    std::vector<double> y = reference_transpose(xs, ws, os, s, d, pl, xv, wv);
    for (size_t i = 0; i < y.size(); ++i) y[i] += b[i % 4];
    return y;
  };
  const std::vector<double> want = forward(x, w);
  const std::vector<double> r = tu::rnd(want.size(), -1, 1, 8);
  auto run = [&](auto tag, double tol) {
    using T = decltype(tag);
    mln_tensor* tx = tensor<T>(xs, x);
    mln_tensor* tw = tensor<T>(ws, w);
    mln_tensor* tb = tensor<T>({4}, b);
    mln_tensor* y = mln_conv_transpose(tx, tw, tb, out_size.data(), geom.data(), 0);
    ASSERT_NE(y, nullptr) << mln_last_error();
    EXPECT_EQ(tu::shape(y), os);
    const std::vector<T> got = tu::values<T>(y);
    for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(double(got[i]), want[i], tol) << i;
    mln_tensor* gy = tensor<T>(os, r);
    mln_tensor *gx = nullptr, *gw = nullptr, *gb = nullptr;
    ASSERT_EQ(mln_conv_transpose_backward(tx, tw, y, gy, geom.data(), 0, &gx, &gw, &gb), MLN_OK)
        << mln_last_error();
    auto lossf = [&](const std::vector<double>& xv, const std::vector<double>& wv) {
      const std::vector<double> yv = forward(xv, wv);
      double acc = 0;
      for (size_t i = 0; i < yv.size(); ++i) acc += yv[i] * r[i];
      return acc;
    };
    const std::vector<T> vx = tu::values<T>(gx), vw = tu::values<T>(gw), vb = tu::values<T>(gb);
    for (size_t i = 0; i < x.size(); ++i) {
      std::vector<double> up = x, down = x;
      up[i] += 1e-6;
      down[i] -= 1e-6;
      EXPECT_NEAR(double(vx[i]), (lossf(up, w) - lossf(down, w)) / 2e-6, tol * 10) << "gx " << i;
    }
    for (size_t i = 0; i < w.size(); ++i) {
      std::vector<double> up = w, down = w;
      up[i] += 1e-6;
      down[i] -= 1e-6;
      EXPECT_NEAR(double(vw[i]), (lossf(x, up) - lossf(x, down)) / 2e-6, tol * 10) << "gw " << i;
    }
    for (size_t f = 0; f < 4; ++f) {
      double sum = 0;
      for (size_t i = f; i < r.size(); i += 4) sum += r[i];
      EXPECT_NEAR(double(vb[f]), sum, tol * 10);
    }
    for (mln_tensor* t : {tx, tw, tb, y, gy, gx, gw, gb}) mln_release(t);
  };
  run(double{}, 1e-9);
  run(float{}, 1e-5);
}

TEST(Conv, RepeatedCallsReuseTheirPrimitives) {
  const Case c = cases()[2];
  Operands o(c);
  run_forward<float>(c, o, o.x);
  const int64_t created = mln::dnnl_primitives_created();
  run_forward<float>(c, o, o.x);
  EXPECT_EQ(mln::dnnl_primitives_created(), created);
}

TEST(Conv, ThreadsSharingCachedPrimitivesGetTheSameResults) {
  // One cached primitive (and its weight reorder) runs on several threads at once, each with its
  // own scratchpad and weight buffer: every result must equal the single-threaded one.
  const Case c = cases()[2];
  Operands o(c);
  const std::vector<double> want = run_forward<float>(c, o, o.x);
  std::vector<std::vector<double>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 20; ++rep) {
        std::vector<double> r = run_forward<float>(c, o, o.x);
        if (r != want) {
          got[t] = r;
          return;
        }
      }
      got[t] = want;
    });
  for (auto& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, want);
}

TEST(Conv, BadArgumentsNameTheOpAndTheValues) {
  mln_tensor* x = tu::make<float>({1, 4, 4, 3}, std::vector<float>(48, 1.f));
  mln_tensor* w = tu::make<float>({3, 3, 3, 2}, std::vector<float>(54, 1.f));
  mln_tensor* w2 = tu::make<float>({3, 3, 2, 2}, std::vector<float>(36, 1.f));
  mln_tensor* w5 = tu::make<float>({5, 5, 3, 2}, std::vector<float>(150, 1.f));
  mln_tensor* x3 = tu::make<float>({16, 3}, std::vector<float>(48, 1.f));
  const Dims g{1, 1, 1, 1, 0, 0, 0, 0};
  tu::expect_error(mln_conv(x, w2, nullptr, g.data(), 1, 0), MLN_ERR_SHAPE,
                   "conv: argument 'kernel' expected 3 input channels");
  tu::expect_error(mln_conv(x, w5, nullptr, g.data(), 1, 0), MLN_ERR_SHAPE,
                   "padded input 4 in spatial dim 0 but was 5");
  tu::expect_error(mln_conv(x3, w, nullptr, g.data(), 1, 0), MLN_ERR_SHAPE,
                   "expected rank 3, 4 or 5");
  tu::expect_error(mln_conv(x, w, nullptr, g.data(), 2, 0), MLN_ERR_ARGUMENT,
                   "'groups' expected to divide the input channels 3 but was 2");
  const Dims bad_stride{0, 1, 1, 1, 0, 0, 0, 0};
  tu::expect_error(mln_conv(x, w, nullptr, bad_stride.data(), 1, 0), MLN_ERR_ARGUMENT,
                   "'strides' expected >= 1 but was 0");
  tu::expect_error(mln_conv(x, w, nullptr, g.data(), 1, MLN_EXP), MLN_ERR_ARGUMENT,
                   "'activation'");
  tu::expect_error(mln_conv(x, w, nullptr, nullptr, 1, 0), MLN_ERR_ARGUMENT, "'geometry'");
  const Dims huge{1, 1, int64_t(1) << 62, 1, 0, 0, 0, 0};
  tu::expect_error(mln_conv(x, w, nullptr, huge.data(), 1, 0), MLN_ERR_SHAPE, "overflows");
  for (mln_tensor* t : {x, w, w2, w5, x3}) mln_release(t);
}

}  // namespace

// The channels-last ReLU convolution's backward makes the activation and bias gradients in one
// pass (conv.cpp, relu_and_bias_grad). It must give bit for bit what the two separate passes give:
// the same backward with no activation, fed gy already masked by y > 0, sums the bias by
// column_sums. The MNIST CNN's shapes (a 3x3 kernel, 1 input channel, 32 filters) in miniature.
TEST(Conv, ReluBiasGradientsInOnePassMatchTheSeparatePassesBitForBit) {
  tu::Own own;
  const std::vector<int64_t> xs{5, 10, 9, 1}, ws{3, 3, 1, 32}, ys{5, 8, 7, 32};
  const int64_t ny = 5 * 8 * 7 * 32;
  auto xv = tu::rnd(450, -1, 1, 3);
  auto* x = own(tu::make<float>(xs, std::vector<float>(xv.begin(), xv.end())));
  auto wv = tu::rnd(288, -0.5, 0.5, 4), bv = tu::rnd(32, -0.2, 0.2, 5), gv = tu::rnd(size_t(ny), -1, 1, 6);
  auto* w = own(tu::make<float>(ws, std::vector<float>(wv.begin(), wv.end())));
  auto* b = own(tu::make<float>({32}, std::vector<float>(bv.begin(), bv.end())));
  auto* gy = own(tu::make<float>(ys, std::vector<float>(gv.begin(), gv.end())));
  int64_t geom[8] = {1, 1, 1, 1, 0, 0, 0, 0};
  auto* y = own(mln_conv(x, w, b, geom, 1, MLN_RELU));
  ASSERT_NE(y, nullptr) << mln_last_error();
  mln_tensor *gw1 = nullptr, *gb1 = nullptr, *gw2 = nullptr, *gb2 = nullptr;
  ASSERT_EQ(mln_conv_backward(x, w, y, gy, geom, 1, MLN_RELU, nullptr, &gw1, &gb1), MLN_OK)
      << mln_last_error();
  own(gw1);
  own(gb1);
  auto yv = tu::values<float>(y);
  auto g = tu::values<float>(gy);
  int64_t zeros = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    if (!(yv[i] > 0.0f)) g[i] = 0.0f, ++zeros;
  }
  ASSERT_GT(zeros, ny / 10);  // the mask matters
  auto* masked = own(tu::make<float>(ys, g));
  ASSERT_EQ(mln_conv_backward(x, w, nullptr, masked, geom, 1, 0, nullptr, &gw2, &gb2), MLN_OK)
      << mln_last_error();
  own(gw2);
  own(gb2);
  EXPECT_EQ(tu::values<float>(gb1), tu::values<float>(gb2));
  EXPECT_EQ(tu::values<float>(gw1), tu::values<float>(gw2));
}
