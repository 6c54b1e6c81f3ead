// Channels-first convolutions and pooling (mln_conv_cf, mln_conv_transpose_cf, mln_pool_cf and
// their backwards): each must equal its channels-last twin on the permuted operands, forward and
// backward (data, weights, bias), in float32 (oneDNN on nchw with its own reorders) and float64
// (direct loops). The channels-last functions are checked against the definition and finite
// differences in test_conv.cpp and test_pooling.cpp.
#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <string>
#include <thread>
#include <vector>

#include "dnnl_engine.hpp"
#include "test_util.hpp"

namespace {

using Dims = std::vector<int64_t>;

int64_t count(const Dims& d) {
  int64_t n = 1;
  for (auto v : d) n *= v;
  return n;
}

/** A tensor of dtype T from doubles. */
template <typename T>
mln_tensor* tensor(const Dims& s, const std::vector<double>& v) {
  return tu::make<T>(s, std::vector<T>(v.begin(), v.end()));
}

/** The permutation moving the last axis of a rank-r tensor to axis 1. */
std::vector<int> perm(int r) {
  std::vector<int> p{0, r - 1};
  for (int i = 1; i < r - 1; ++i) p.push_back(i);
  return p;
}

/** A channels-last tensor's channels-first copy (a new reference). */
mln_tensor* to_first(const mln_tensor* t) {
  mln_tensor* r = mln_permute(t, perm(mln_ndim(t)).data());
  EXPECT_NE(r, nullptr) << mln_last_error();
  return r;
}

/** Expects a channels-first result to equal a channels-last one moved to channels first. */
template <typename T>
void expect_first_of(const mln_tensor* cf, const mln_tensor* cl, double tol, const char* what) {
  ASSERT_NE(cf, nullptr) << what << ": " << mln_last_error();
  ASSERT_NE(cl, nullptr) << what;
  mln_tensor* want = to_first(cl);
  EXPECT_EQ(tu::shape(cf), tu::shape(want)) << what;
  const std::vector<T> a = tu::values<T>(cf), b = tu::values<T>(want);
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(double(a[i]), double(b[i]), tol) << what << " " << i;
  mln_release(want);
}

/** Expects two same-layout results (weights and bias gradients) to agree. */
template <typename T>
void expect_same(const mln_tensor* a, const mln_tensor* b, double tol, const char* what) {
  ASSERT_NE(a, nullptr) << what;
  ASSERT_NE(b, nullptr) << what;
  EXPECT_EQ(tu::shape(a), tu::shape(b)) << what;
  const std::vector<T> va = tu::values<T>(a), vb = tu::values<T>(b);
  ASSERT_EQ(va.size(), vb.size()) << what;
  for (size_t i = 0; i < va.size(); ++i)
    EXPECT_NEAR(double(va[i]), double(vb[i]), tol) << what << " " << i;
}

/** A convolution problem: channels-last x (N, spatial..., C), kernel (k..., C / groups, F) and
 * the native geometry (strides, dilations, left pads, right pads; nd values each). */
struct Case {
  std::string name;
  Dims x, w, geom;
  int groups;
  bool bias;
  int act;
};

std::vector<Case> cases() {
  return {
      // 1-D: "same" (odd pad on the right), "valid" with stride and dilation, "causal".
      {"conv1d_same", {2, 9, 3}, {4, 3, 5}, {1, 1, 1, 2}, 1, true, 0},
      {"conv1d_valid_stride_dilation", {3, 11, 2}, {3, 2, 4}, {2, 2, 0, 0}, 1, true, MLN_TANH},
      {"conv1d_causal_relu", {2, 7, 3}, {3, 3, 2}, {1, 2, 4, 0}, 1, true, MLN_RELU},
      // 2-D: odd sizes, strides, dilation, groups, depthwise, no bias.
      {"conv2d_odd_stride", {2, 7, 9, 3}, {3, 3, 3, 5}, {2, 2, 1, 1, 1, 1, 1, 1}, 1, true, 0},
      {"conv2d_groups_dilation", {2, 6, 5, 4}, {3, 2, 2, 6}, {2, 1, 1, 2, 1, 1, 0, 1}, 2, true,
       MLN_SIGMOID},
      {"depthwise2d", {1, 5, 7, 3}, {3, 3, 1, 6}, {1, 1, 1, 1, 1, 1, 1, 1}, 3, false, 0},
      {"conv2d_valid_nobias", {3, 5, 6, 2}, {2, 3, 2, 16}, {1, 2, 1, 1, 0, 0, 0, 0}, 1, false,
       MLN_RELU},
      {"conv2d_wide", {2, 8, 8, 16}, {3, 3, 16, 32}, {1, 1, 1, 1, 1, 1, 1, 1}, 1, true, 0},
      // 3-D.
      {"conv3d", {1, 4, 5, 3, 2}, {2, 3, 2, 2, 3}, {1, 2, 1, 1, 1, 2, 0, 1, 1, 1, 1, 0}, 1, true,
       0},
  };
}

/** out = (in + pads - dilated kernel) / stride + 1, in channels-last order. */
Dims out_shape(const Case& c) {
  Dims o{c.x[0]};
  const size_t nd = c.x.size() - 2;
  const Dims& g = c.geom;
  for (size_t i = 0; i < nd; ++i)
    o.push_back((c.x[i + 1] + g[2 * nd + i] + g[3 * nd + i] - ((c.w[i] - 1) * g[nd + i] + 1)) /
                    g[i] +
                1);
  o.push_back(c.w.back());
  return o;
}

template <typename T>
void conv_case(const Case& c, double tol) {
  const Dims& g = c.geom;
  const Dims os = out_shape(c);
  mln_tensor* x = tensor<T>(c.x, tu::rnd(size_t(count(c.x)), -1, 1, 3));
  mln_tensor* w = tensor<T>(c.w, tu::rnd(size_t(count(c.w)), -1, 1, 5));
  mln_tensor* b = c.bias ? tensor<T>({c.w.back()}, tu::rnd(size_t(c.w.back()), -0.5, 0.5, 7))
                         : nullptr;
  mln_tensor* gy = tensor<T>(os, tu::rnd(size_t(count(os)), -1, 1, 9));
  mln_tensor* xf = to_first(x);
  mln_tensor* gyf = to_first(gy);

  mln_tensor* y = mln_conv(x, w, b, g.data(), c.groups, c.act);
  mln_tensor* yf = mln_conv_cf(xf, w, b, g.data(), c.groups, c.act);
  expect_first_of<T>(yf, y, tol, "forward");

  mln_tensor *gx = nullptr, *gw = nullptr, *gb = nullptr;
  mln_tensor *gxf = nullptr, *gwf = nullptr, *gbf = nullptr;
  ASSERT_EQ(mln_conv_backward(x, w, y, gy, g.data(), c.groups, c.act, &gx, &gw, &gb), MLN_OK)
      << mln_last_error();
  ASSERT_EQ(mln_conv_cf_backward(xf, w, yf, gyf, g.data(), c.groups, c.act, &gxf, &gwf, &gbf),
            MLN_OK)
      << mln_last_error();
  expect_first_of<T>(gxf, gx, tol, "backward data");
  expect_same<T>(gwf, gw, tol * 10, "backward weights");
  expect_same<T>(gbf, gb, tol * 10, "bias");
  for (mln_tensor* t : {x, w, b, gy, xf, gyf, y, yf, gx, gw, gb, gxf, gwf, gbf})
    if (t) mln_release(t);
}

TEST(ChannelsFirst, ConvEqualsPermutedChannelsLastForwardAndBothBackwards) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    conv_case<double>(c, 1e-12);
    conv_case<float>(c, 1e-5);
  }
}

template <typename T>
void transpose_case(double tol) {
  // 3x2 inputs of 3 channels to 6x6 outputs of 4 (test_conv.cpp's case), with a bias and relu.
  const Dims xs{2, 3, 2, 3}, ws{3, 2, 4, 3}, os{2, 6, 6, 4};
  const Dims geom{2, 3, 1, 1, 1, 0, 0, 0}, out_size{6, 6};
  mln_tensor* x = tensor<T>(xs, tu::rnd(size_t(count(xs)), -1, 1, 2));
  mln_tensor* w = tensor<T>(ws, tu::rnd(size_t(count(ws)), -1, 1, 4));
  mln_tensor* b = tensor<T>({4}, tu::rnd(4, -1, 1, 6));
  mln_tensor* gy = tensor<T>(os, tu::rnd(size_t(count(os)), -1, 1, 8));
  mln_tensor* xf = to_first(x);
  mln_tensor* gyf = to_first(gy);
  mln_tensor* y = mln_conv_transpose(x, w, b, out_size.data(), geom.data(), MLN_RELU);
  mln_tensor* yf = mln_conv_transpose_cf(xf, w, b, out_size.data(), geom.data(), MLN_RELU);
  expect_first_of<T>(yf, y, tol, "transpose forward");
  mln_tensor *gx = nullptr, *gw = nullptr, *gb = nullptr;
  mln_tensor *gxf = nullptr, *gwf = nullptr, *gbf = nullptr;
  ASSERT_EQ(mln_conv_transpose_backward(x, w, y, gy, geom.data(), MLN_RELU, &gx, &gw, &gb),
            MLN_OK)
      << mln_last_error();
  ASSERT_EQ(
      mln_conv_transpose_cf_backward(xf, w, yf, gyf, geom.data(), MLN_RELU, &gxf, &gwf, &gbf),
      MLN_OK)
      << mln_last_error();
  expect_first_of<T>(gxf, gx, tol, "transpose backward data");
  expect_same<T>(gwf, gw, tol * 10, "transpose backward weights");
  expect_same<T>(gbf, gb, tol * 10, "transpose bias");
  for (mln_tensor* t : {x, w, b, gy, xf, gyf, y, yf, gx, gw, gb, gxf, gwf, gbf}) mln_release(t);
}

TEST(ChannelsFirst, TransposedConvEqualsPermutedChannelsLast) {
  transpose_case<double>(1e-12);
  transpose_case<float>(1e-5);
}

/** A pooling problem in channels-last shapes. */
struct PoolCase {
  std::string name;
  Dims x, win, st, pl, pr;
};

template <typename T>
void pool_case(const PoolCase& p, int kind, double tol) {
  const int k = int(p.win.size());
  mln_tensor* x = tensor<T>(p.x, tu::rnd(size_t(count(p.x)), -1, 1, 11));
  mln_tensor* y = mln_pool(x, kind, k, p.win.data(), p.st.data(), p.pl.data(), p.pr.data());
  ASSERT_NE(y, nullptr) << mln_last_error();
  mln_tensor* gy = tensor<T>(tu::shape(y), tu::rnd(size_t(mln_numel(y)), -1, 1, 13));
  mln_tensor* xf = to_first(x);
  mln_tensor* gyf = to_first(gy);
  mln_tensor* yf = mln_pool_cf(xf, kind, k, p.win.data(), p.st.data(), p.pl.data(), p.pr.data());
  expect_first_of<T>(yf, y, tol, "pool forward");
  mln_tensor* gx =
      mln_pool_backward(x, gy, kind, k, p.win.data(), p.st.data(), p.pl.data(), p.pr.data());
  mln_tensor* gxf =
      mln_pool_cf_backward(xf, gyf, kind, k, p.win.data(), p.st.data(), p.pl.data(), p.pr.data());
  expect_first_of<T>(gxf, gx, tol, "pool backward");
  for (mln_tensor* t : {x, y, gy, xf, gyf, yf, gx, gxf}) mln_release(t);
}

TEST(ChannelsFirst, PoolingEqualsPermutedChannelsLast) {
  const std::vector<PoolCase> cases{
      {"pool1d_same", {2, 9, 3}, {2}, {2}, {0}, {1}},
      {"pool1d_overlap", {3, 10, 5}, {3}, {1}, {0}, {0}},
      {"pool2d_odd", {2, 7, 9, 3}, {2, 2}, {2, 2}, {0, 0}, {1, 1}},
      {"pool2d_strided_overlap", {2, 8, 8, 17}, {3, 3}, {2, 2}, {1, 1}, {1, 1}},
      {"pool3d", {1, 4, 5, 3, 2}, {2, 2, 2}, {2, 1, 2}, {0, 0, 0}, {0, 1, 1}},
  };
  for (const PoolCase& p : cases) {
    SCOPED_TRACE(p.name);
    for (int kind : {MLN_POOL_MAX, MLN_POOL_AVG}) {
      SCOPED_TRACE(kind);
      pool_case<double>(p, kind, 1e-12);
      pool_case<float>(p, kind, 1e-6);
    }
  }
}

TEST(ChannelsFirst, ThreadsSharingCachedPrimitivesAndReordersGetTheSameResults) {
  // One cached channels-first primitive and its activation reorders run on four threads at once,
  // each with its own scratchpad and reorder buffers.
  const Case c = cases()[7];
  const Dims& g = c.geom;
  mln_tensor* x = tensor<float>({2, 16, 8, 8}, tu::rnd(2 * 16 * 64, -1, 1, 3));
  mln_tensor* w = tensor<float>(c.w, tu::rnd(size_t(count(c.w)), -1, 1, 5));
  auto run = [&] {
    mln_tensor* y = mln_conv_cf(x, w, nullptr, g.data(), 1, 0);
    std::vector<float> v = tu::values<float>(y);
    mln_tensor* gx = nullptr;
    mln_tensor* gw = nullptr;
    EXPECT_EQ(mln_conv_cf_backward(x, w, nullptr, y, g.data(), 1, 0, &gx, &gw, nullptr), MLN_OK);
    for (float e : tu::values<float>(gx)) v.push_back(e);
    for (float e : tu::values<float>(gw)) v.push_back(e);
    for (mln_tensor* t : {y, gx, gw}) mln_release(t);
    return v;
  };
  const std::vector<float> want = run();
  const int64_t created = mln::dnnl_primitives_created();
  std::vector<std::vector<float>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int rep = 0; rep < 10; ++rep) {
        got[t] = run();
        if (got[t] != want) return;
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& v : got) EXPECT_EQ(v, want);
  EXPECT_EQ(mln::dnnl_primitives_created(), created) << "repeated calls created new primitives";
  mln_release(x);
  mln_release(w);
}

TEST(ChannelsFirst, BadArgumentsNameTheChannelsFirstLayout) {
  // 4 channels first; a kernel for 3 input channels is refused naming the channel counts.
  mln_tensor* x = tu::make<float>({1, 4, 5, 5}, std::vector<float>(100, 1.f));
  mln_tensor* w = tu::make<float>({3, 3, 3, 2}, std::vector<float>(54, 1.f));
  const Dims g{1, 1, 1, 1, 0, 0, 0, 0};
  tu::expect_error(mln_conv_cf(x, w, nullptr, g.data(), 1, 0), MLN_ERR_SHAPE,
                   "conv_cf: argument 'kernel' expected 4 input channels");
  mln_tensor* x2 = tu::make<float>({4, 5}, std::vector<float>(20, 1.f));
  tu::expect_error(mln_conv_cf(x2, w, nullptr, g.data(), 1, 0), MLN_ERR_SHAPE,
                   "(batch, channels, 1 to 3 spatial dims)");
  const Dims win{2, 2}, st{2, 2}, pads{0, 0};
  tu::expect_error(mln_pool_cf(x2, MLN_POOL_MAX, 2, win.data(), st.data(), pads.data(),
                               pads.data()),
                   MLN_ERR_SHAPE, "pool_cf: argument 'x' expected rank 4 (batch, channels, 2");
  for (mln_tensor* t : {x, w, x2}) mln_release(t);
}

}  // namespace
