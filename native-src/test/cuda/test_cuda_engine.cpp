// The CUDA engine against the CPU engine: every kernel within a tolerance (bit-exact where the
// arithmetic is the same), float64 gradients against finite differences, the caching allocator's
// reuse, and the loader's reason when no device serves. Without a device every test but the
// loader's skips and says why (GTEST_SKIP), so CI proves the build and the no-GPU path.
#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <cmath>
#include <limits>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "myelin_cuda.h"
#include "test_util.hpp"

namespace {

using Shape = std::vector<int64_t>;

/** Owns a tensor for the test's scope. */
struct T {
  mln_tensor* p = nullptr;
  T(mln_tensor* t = nullptr) : p(t) {}
  T(const T&) = delete;
  T& operator=(const T&) = delete;
  T(T&& o) noexcept : p(o.p) { o.p = nullptr; }
  ~T() {
    if (p) mln_release(p);
  }
  operator mln_tensor*() const { return p; }
};

/** Where the tests run: the first CUDA device, or a skip naming why there is none. */
class Cuda : public ::testing::Test {
 protected:
  void SetUp() override {
    if (mln_device_count(MLN_DEVICE_CUDA) <= 0)
      GTEST_SKIP() << "no CUDA device: " << mln_device_unavailable_reason(MLN_DEVICE_CUDA);
  }
  static mln_tensor* gpu(const mln_tensor* cpu) { return mln_to_device(cpu, MLN_DEVICE_CUDA, 0); }
  static mln_tensor* cpu(const mln_tensor* dev) { return mln_to_device(dev, MLN_DEVICE_CPU, 0); }

  template <typename V>
  static mln_tensor* random(const Shape& s, double lo, double hi, uint32_t seed) {
    size_t n = 1;
    for (auto d : s) n *= size_t(d);
    auto r = tu::rnd(n, lo, hi, seed);
    return tu::make<V>(s, std::vector<V>(r.begin(), r.end()));
  }

  /** Expects the device tensor `dev` to hold the CPU tensor `want`'s values within rel/abs tol. */
  template <typename V>
  static void expect_close(const mln_tensor* want, const mln_tensor* dev, double tol,
                           const std::string& what) {
    ASSERT_NE(want, nullptr) << what << ": " << mln_last_error();
    ASSERT_NE(dev, nullptr) << what << ": " << mln_last_error();
    EXPECT_EQ(tu::shape(want), tu::shape(dev)) << what;
    T back(cpu(dev));
    auto w = tu::values<V>(want), g = tu::values<V>(back);
    ASSERT_EQ(w.size(), g.size()) << what;
    for (size_t i = 0; i < w.size(); ++i)
      ASSERT_NEAR(double(g[i]), double(w[i]), tol * (1.0 + std::fabs(double(w[i]))))
          << what << " at " << i;
  }
};

}  // namespace

TEST(CudaLoading, TheReasonIsEmptyExactlyWhenADeviceServes) {
  const int count = mln_device_count(MLN_DEVICE_CUDA);
  const std::string reason = mln_device_unavailable_reason(MLN_DEVICE_CUDA);
  if (count > 0) {
    EXPECT_EQ(reason, "");
    return;
  }
  EXPECT_EQ(count, 0);
  // The library is built beside libmyelin.so (this executable exists only then), so the reason
  // is about the machine, never a missing library.
  const bool machine = reason.rfind("no CUDA driver (cudaErrorInsufficientDriver 35", 0) == 0 ||
                       reason.rfind("no CUDA device", 0) == 0 ||
                       reason.rfind("the CUDA runtime cannot start", 0) == 0;
  EXPECT_TRUE(machine) << reason;
  T x(tu::make<float>({2}, {1.f, 2.f}));
  EXPECT_EQ(mln_to_device(x, MLN_DEVICE_CUDA, 0), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "to_device: no cuda engine is available (" + reason);
}

TEST_F(Cuda, CopiesRoundTripBitExactAndCpuKernelsRefuseDeviceTensors) {
  std::vector<double> v = {1.5, -0.0, std::numeric_limits<double>::infinity(), 1e-310};
  T x(tu::make<double>({2, 2}, v));
  T d(gpu(x));
  ASSERT_NE(d.p, nullptr) << mln_last_error();
  EXPECT_EQ(mln_tensor_device_kind(d), MLN_DEVICE_CUDA);
  EXPECT_EQ(mln_data(d), nullptr);
  T back(cpu(d));
  auto got = tu::values<double>(back);
  EXPECT_EQ(std::memcmp(got.data(), v.data(), v.size() * sizeof(double)), 0);
  // mln_reduce is routed to the cuda engine (which names its reductions); mln_copy is not.
  EXPECT_EQ(mln_copy(d), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "copy: argument 'x' expected on the cpu but was on cuda:0");
}

TEST_F(Cuda, TheCachingAllocatorReusesFreedBlocks) {
  int64_t before[5], after[5];
  ASSERT_EQ(mln_device_alloc_stats(MLN_DEVICE_CUDA, 0, before), MLN_OK);
  T x(tu::make<float>({1000}, std::vector<float>(1000, 1.f)));
  { T d(gpu(x)); }
  { T d(gpu(x)); }
  ASSERT_EQ(mln_device_alloc_stats(MLN_DEVICE_CUDA, 0, after), MLN_OK);
  EXPECT_EQ(after[0], before[0]);            // live bytes back where they were
  EXPECT_EQ(after[2] - before[2], 2);        // two allocations
  EXPECT_GE(after[3] - before[3], 1);        // the second one from the cache
  EXPECT_GE(after[4], 4000);                 // the block is cached, not freed
  ASSERT_EQ(mln_device_empty_cache(MLN_DEVICE_CUDA, 0), MLN_OK);
  ASSERT_EQ(mln_device_alloc_stats(MLN_DEVICE_CUDA, 0, after), MLN_OK);
  EXPECT_EQ(after[4], 0);
}

TEST_F(Cuda, MatmulMatchesTheCpuEngine) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb)
      for (auto [m, k, n] : {std::tuple<int64_t, int64_t, int64_t>{1, 1, 1}, {7, 5, 3},
                             {64, 128, 32}, {129, 257, 65}, {3, 0, 4}}) {
        std::string what = "matmul " + std::to_string(m) + "x" + std::to_string(k) + "x" +
                           std::to_string(n) + " ta=" + std::to_string(ta) +
                           " tb=" + std::to_string(tb);
        T a(random<float>(ta ? Shape{k, m} : Shape{m, k}, -1, 1, 3));
        T b(random<float>(tb ? Shape{n, k} : Shape{k, n}, -1, 1, 4));
        T want(mln_matmul(a, b, ta, tb));
        T ga(gpu(a)), gb(gpu(b));
        T got(mln_matmul(ga, gb, ta, tb));
        expect_close<float>(want, got, 1e-5 * double(k + 1), what);
        T a64(mln_cast(a, MLN_F64)), b64(mln_cast(b, MLN_F64));
        T want64(mln_matmul(a64, b64, ta, tb));
        T ga64(gpu(a64)), gb64(gpu(b64));
        T got64(mln_matmul(ga64, gb64, ta, tb));
        expect_close<double>(want64, got64, 1e-13 * double(k + 1), what + " f64");
      }
  T a(random<float>({2, 3}, -1, 1, 1)), b(random<float>({4, 2}, -1, 1, 2));
  T ga(gpu(a)), gb(gpu(b));
  EXPECT_EQ(mln_matmul(ga, gb, 0, 0), nullptr);
  tu::expect_error(MLN_ERR_SHAPE, "matmul: inner dimensions differ");
  EXPECT_EQ(mln_matmul(ga, b, 0, 0), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "matmul: arguments expected on one device");
}

TEST_F(Cuda, DenseWithItsBiasAndActivationEpilogueMatchesTheCpuEngine) {
  for (int act : {0, int(MLN_RELU), int(MLN_TANH), int(MLN_SIGMOID)})
    for (bool bias : {false, true})
      for (auto [m, k, n] : {std::tuple<int64_t, int64_t, int64_t>{1, 3, 2}, {33, 70, 17},
                             {256, 512, 128}, {4, 0, 5}}) {
        std::string what = "dense act=" + std::to_string(act) + " bias=" + std::to_string(bias) +
                           " " + std::to_string(m) + "x" + std::to_string(k) + "x" +
                           std::to_string(n);
        T x(random<float>({2, m, k}, -1, 1, 50)), w(random<float>({k, n}, -1, 1, 51));
        T b(random<float>({n}, -1, 1, 52));
        T want(mln_dense(x, w, bias ? b.p : nullptr, act));
        T dx(gpu(x)), dw(gpu(w)), db(gpu(b));
        T got(mln_dense(dx, dw, bias ? db.p : nullptr, act));
        expect_close<float>(want, got, 1e-5 * double(k + 1), what);
        T x64(mln_cast(x, MLN_F64)), w64(mln_cast(w, MLN_F64)), b64(mln_cast(b, MLN_F64));
        T want64(mln_dense(x64, w64, bias ? b64.p : nullptr, act));
        T dx64(gpu(x64)), dw64(gpu(w64)), db64(gpu(b64));
        T got64(mln_dense(dx64, dw64, bias ? db64.p : nullptr, act));
        expect_close<double>(want64, got64, 1e-13 * double(k + 1), what + " f64");
      }
}

TEST_F(Cuda, UnaryOpsAndTheirGradientsMatchTheCpuEngine) {
  for (int op : {MLN_NEG, MLN_EXP, MLN_LOG, MLN_SQRT, MLN_ABS, MLN_SQUARE, MLN_TANH, MLN_SIGMOID,
                 MLN_RELU, MLN_LEAKY_RELU}) {
    const bool positive = op == MLN_LOG || op == MLN_SQRT;
    T x(random<double>({3, 67}, positive ? 0.1 : -3, 3, 5));
    T gy(random<double>({3, 67}, -1, 1, 6));
    const double alpha = op == MLN_LEAKY_RELU ? 0.2 : 0.0;
    T y(mln_unary(op, x, alpha, 0));
    T dx(gpu(x)), dgy(gpu(gy));
    T dy(mln_unary(op, dx, alpha, 0));
    expect_close<double>(y, dy, 1e-14, "unary " + std::to_string(op));
    T x32(mln_cast(x, MLN_F32)), y32(mln_unary(op, x32, alpha, 0));
    T dx32(gpu(x32)), dy32(mln_unary(op, dx32, alpha, 0));
    expect_close<float>(y32, dy32, 1e-6, "unary f32 " + std::to_string(op));
    if (op == MLN_LEAKY_RELU) continue;
    T gx(mln_unary_backward(op, x, y, gy, 0, 0));
    T dgx(mln_cuda_unary_backward(op, dx, dy, dgy));
    expect_close<double>(gx, dgx, 1e-13, "unary_backward " + std::to_string(op));
    T dgx2(mln_unary_backward(op, dx, dy, dgy, 0, 0));  // through the core's dispatch
    expect_close<double>(gx, dgx2, 1e-13, "mln_unary_backward " + std::to_string(op));
  }
}

TEST_F(Cuda, UnaryGradientsMatchFiniteDifferencesInFloat64) {
  const double h = 1e-6;
  for (int op : {MLN_EXP, MLN_LOG, MLN_SQRT, MLN_SQUARE, MLN_TANH, MLN_SIGMOID}) {
    std::vector<double> xs = {0.3, 0.7, 1.1, 2.5};
    std::vector<double> plus = xs, minus = xs;
    for (auto& v : plus) v += h;
    for (auto& v : minus) v -= h;
    T x(tu::make<double>({4}, xs)), xp(tu::make<double>({4}, plus)), xm(tu::make<double>({4}, minus));
    T dx(gpu(x)), dxp(gpu(xp)), dxm(gpu(xm));
    T dy(mln_unary(op, dx, 0, 0)), dyp(mln_unary(op, dxp, 0, 0)), dym(mln_unary(op, dxm, 0, 0));
    T ones(tu::make<double>({4}, {1, 1, 1, 1})), dones(gpu(ones));
    T dgx(mln_cuda_unary_backward(op, dx, dy, dones));
    T gx(cpu(dgx)), yp(cpu(dyp)), ym(cpu(dym));
    auto g = tu::values<double>(gx), p = tu::values<double>(yp), m = tu::values<double>(ym);
    for (size_t i = 0; i < xs.size(); ++i)
      EXPECT_NEAR(g[i], (p[i] - m[i]) / (2 * h), 1e-7 * (1 + std::fabs(g[i])))
          << "op " << op << " at x = " << xs[i];
  }
}

TEST_F(Cuda, BinaryOpsBroadcastAndTheirGradientsMatchTheCpuEngine) {
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{4, 33}, {4, 33}}, {{4, 33}, {33}}, {{4, 33}, {}}, {{}, {4, 33}}, {{33}, {2, 4, 33}}};
  for (int op : {MLN_ADD, MLN_SUB, MLN_MUL, MLN_DIV, MLN_POW, MLN_MAXIMUM, MLN_MINIMUM})
    for (auto& [sa, sb] : shapes) {
      T a(random<double>(sa, 0.5, 2, 7)), b(random<double>(sb, 0.5, 2, 8));
      T y(mln_binary(op, a, b));
      T da(gpu(a)), db(gpu(b));
      T dy(mln_binary(op, da, db));
      expect_close<double>(y, dy, 1e-14, "binary " + std::to_string(op));
    }
  for (int op : {MLN_ADD, MLN_SUB, MLN_MUL, MLN_DIV}) {
    T a(random<double>({5, 9}, 0.5, 2, 9)), b(random<double>({5, 9}, 0.5, 2, 10));
    T gy(random<double>({5, 9}, -1, 1, 11));
    mln_tensor *ga = nullptr, *gb = nullptr, *dga = nullptr, *dgb = nullptr;
    ASSERT_EQ(mln_binary_backward(op, a, b, gy, &ga, &gb), MLN_OK);
    T hold_a(ga), hold_b(gb), da(gpu(a)), db(gpu(b)), dgy(gpu(gy));
    ASSERT_EQ(mln_cuda_binary_backward(op, da, db, dgy, &dga, &dgb), MLN_OK) << mln_last_error();
    T hold_da(dga), hold_db(dgb);
    expect_close<double>(ga, dga, 1e-14, "binary_backward a " + std::to_string(op));
    expect_close<double>(gb, dgb, 1e-14, "binary_backward b " + std::to_string(op));
    mln_tensor* dga2 = nullptr;
    ASSERT_EQ(mln_binary_backward(op, da, db, dgy, &dga2, nullptr), MLN_OK) << mln_last_error();
    T hold_da2(dga2);
    expect_close<double>(ga, dga2, 1e-14, "mln_binary_backward a " + std::to_string(op));
  }
  T a(random<float>({4, 3}, 0, 1, 1)), b(random<float>({4, 1}, 0, 1, 2));
  T da(gpu(a)), db(gpu(b));
  EXPECT_EQ(mln_binary(MLN_ADD, da, db), nullptr);
  tu::expect_error(MLN_ERR_SHAPE, "the cuda engine broadcasts equal shapes");
}

TEST_F(Cuda, ReductionsAndSoftmaxMatchTheCpuEngine) {
  for (Shape s : {Shape{5, 1000}, Shape{3, 4, 7}, Shape{1}, Shape{2, 0}}) {
    T x(random<double>(s, -4, 4, 12));
    T dx(gpu(x));
    int last = -1;
    for (int op : {MLN_SUM, MLN_MEAN}) {
      T y(mln_reduce(op, x, 1, &last, 0));
      T dy(mln_cuda_reduce_last(op, dx));
      expect_close<double>(y, dy, 1e-12, "reduce " + std::to_string(op));
      for (int keep = 0; keep < 2; ++keep) {
        T yk(mln_reduce(op, x, 1, &last, keep)), dyk(mln_reduce(op, dx, 1, &last, keep));
        expect_close<double>(yk, dyk, 1e-12, "mln_reduce last keepdims=" + std::to_string(keep));
        T ya(mln_reduce(op, x, -1, nullptr, keep)), dya(mln_reduce(op, dx, -1, nullptr, keep));
        expect_close<double>(ya, dya, 1e-12, "mln_reduce all keepdims=" + std::to_string(keep));
      }
    }
    if (s.back() == 0) continue;
    for (int log = 0; log < 2; ++log) {
      T y(mln_softmax(x, -1, log));
      T dy(mln_cuda_softmax(dx, log));
      expect_close<double>(y, dy, 1e-13, "softmax log=" + std::to_string(log));
      T dy2(mln_softmax(dx, int(s.size()) - 1, log));
      expect_close<double>(y, dy2, 1e-13, "mln_softmax log=" + std::to_string(log));
    }
  }
}

TEST_F(Cuda, SoftmaxCrossEntropyAndItsGradientMatchTheCpuEngine) {
  T x(random<double>({6, 11}, -3, 3, 13));
  T t(random<double>({6, 11}, 0, 1, 14));
  T gy(random<double>({6}, 0.5, 1.5, 15));
  T loss(mln_categorical_crossentropy(t, x, 1e-7, MLN_CCE_LOGITS));
  mln_tensor *gt = nullptr, *gx = nullptr;
  ASSERT_EQ(mln_categorical_crossentropy_backward(t, x, gy, 1e-7, MLN_CCE_LOGITS, &gt, &gx), MLN_OK);
  T hold_t(gt), hold_x(gx);
  T dx(gpu(x)), dt(gpu(t)), dgy(gpu(gy));
  T dloss(mln_cuda_softmax_cross_entropy(dt, dx));
  expect_close<double>(loss, dloss, 1e-13, "cce loss");
  T dgx(mln_cuda_softmax_cross_entropy_backward(dt, dx, dgy));
  expect_close<double>(gx, dgx, 1e-13, "cce gradient");
}

TEST_F(Cuda, PhiloxUniformGivesTheCpuEnginesNumbers) {
  for (int dtype : {MLN_F32, MLN_F64})
    for (int64_t n : {int64_t(1), int64_t(7), int64_t(1001)}) {
      T want(mln_random_uniform(dtype, 1, &n, -2.0, 3.0, 42, 17));
      T got(mln_cuda_random_uniform(0, dtype, 1, &n, -2.0, 3.0, 42, 17));
      ASSERT_NE(got.p, nullptr) << mln_last_error();
      T back(cpu(got));
      EXPECT_EQ(std::memcmp(mln_data(want), mln_data(back), size_t(mln_nbytes(want))), 0)
          << "dtype " << dtype << " n " << n;
    }
}

TEST_F(Cuda, PhiloxNormalGivesTheCpuEnginesNumbers) {
  int64_t n = 999;
  T want(mln_random_normal(MLN_F64, 1, &n, 1.0, 2.0, 7, 3));
  T got(mln_cuda_random_normal(0, MLN_F64, 1, &n, 1.0, 2.0, 7, 3));
  expect_close<double>(want, got, 1e-13, "normal f64");
  T want32(mln_random_normal(MLN_F32, 1, &n, 1.0, 2.0, 7, 3));
  T got32(mln_cuda_random_normal(0, MLN_F32, 1, &n, 1.0, 2.0, 7, 3));
  expect_close<float>(want32, got32, 1e-6, "normal f32");
}

TEST_F(Cuda, FusedSgdAndAdamUpdatesMatchTheCpuEngine) {
  struct Case {
    int kind;
    std::vector<double> h;
    int slots;
  };
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {MLN_OPT_SGD, {0.1, 1.0, inf, 0.0, 0.0, 0.0}, 0},
      {MLN_OPT_SGD, {0.1, 1.0, inf, 0.0, 0.9, 0.0}, 1},
      {MLN_OPT_SGD, {0.1, 0.5, 0.3, 0.01, 0.9, 1.0}, 1},
      {MLN_OPT_ADAM, {0.01, 1.0, inf, 0.0, 0.9, 0.999, 1e-7, 0.0}, 2},
      {MLN_OPT_ADAM, {0.01, 0.7, 0.2, 0.004, 0.9, 0.999, 1e-7, 0.0}, 2}};
  for (const Case& c : cases) {
    T w(random<double>({257}, -1, 1, 20)), dw(gpu(w));
    std::vector<T> s, ds;
    std::vector<mln_tensor*> sp, dsp;
    for (int k = 0; k < c.slots; ++k) {
      s.emplace_back(random<double>({257}, 0, 0.1, 30 + k));
      ds.emplace_back(gpu(s.back()));
      sp.push_back(s.back());
      dsp.push_back(ds.back());
    }
    for (int step = 1; step <= 3; ++step) {
      T g(random<double>({257}, -1, 1, 40 + step)), dg(gpu(g));
      ASSERT_EQ(mln_optimizer_update(c.kind, w, g, sp.data(), c.slots, c.h.data(), int(c.h.size()),
                                     step), MLN_OK) << mln_last_error();
      // Odd steps through the library's own entry, even ones through the core's dispatch.
      if (step % 2)
        ASSERT_EQ(mln_cuda_optimizer_update(c.kind, dw, dg, dsp.data(), c.slots, c.h.data(),
                                            int(c.h.size()), step), MLN_OK) << mln_last_error();
      else
        ASSERT_EQ(mln_optimizer_update(c.kind, dw, dg, dsp.data(), c.slots, c.h.data(),
                                       int(c.h.size()), step), MLN_OK) << mln_last_error();
    }
    expect_close<double>(w, dw, 1e-14, "optimizer " + std::to_string(c.kind) + " weights");
    for (int k = 0; k < c.slots; ++k)
      expect_close<double>(s[size_t(k)], ds[size_t(k)], 1e-14, "optimizer slot");
  }
}

// ---- the ops routed through the core in wave 7: broadcasting, batched matmul, the shape ops,
// ---- one-hot, categorical cross-entropy in every mode, the Dense backward pass

namespace {

/** Central differences of a scalar function of one float64 CPU tensor's entries, entry by entry;
 * f receives the perturbed tensor (moved to the device by the caller's lambda). */
template <typename F>
std::vector<double> finite_differences(const Shape& s, const std::vector<double>& v, F&& f) {
  const double h = 1e-6;
  std::vector<double> out(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    auto p = v, m = v;
    p[i] += h;
    m[i] -= h;
    T tp(tu::make<double>(s, p)), tm(tu::make<double>(s, m));
    out[i] = (f(tp.p) - f(tm.p)) / (2 * h);
  }
  return out;
}

/** sum(w * y) of a device tensor y against a CPU tensor w (a scalar loss with gradient w). */
double weighted_sum(const mln_tensor* dev_y, const mln_tensor* w) {
  T y(mln_to_device(dev_y, MLN_DEVICE_CPU, 0));
  auto a = tu::values<double>(y), b = tu::values<double>(w);
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

TEST_F(Cuda, GeneralBroadcastingAndItsGradientsMatchTheCpuEngine) {
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{3, 1, 5}, {4, 1}}, {{2, 3, 4}, {3, 1}}, {{1, 4}, {3, 1}}, {{2, 1, 3}, {2, 4, 1}}};
  for (auto& [sa, sb] : shapes) {
    T a(random<double>(sa, 0.5, 2, 21)), b(random<double>(sb, 0.5, 2, 22));
    T da(gpu(a)), db(gpu(b));
    for (int op : {MLN_ADD, MLN_SUB, MLN_MUL, MLN_DIV, MLN_POW, MLN_MAXIMUM, MLN_MINIMUM}) {
      T y(mln_binary(op, a, b)), dy(mln_binary(op, da, db));
      expect_close<double>(y, dy, 1e-14, "broadcast binary " + std::to_string(op));
    }
    T y(mln_binary(MLN_ADD, a, b));
    T gy(random<double>(tu::shape(y), -1, 1, 23)), dgy(gpu(gy));
    for (int op : {MLN_ADD, MLN_SUB, MLN_MUL, MLN_DIV}) {
      mln_tensor *ga = nullptr, *gb = nullptr, *dga = nullptr, *dgb = nullptr;
      ASSERT_EQ(mln_binary_backward(op, a, b, gy, &ga, &gb), MLN_OK) << mln_last_error();
      T hold_a(ga), hold_b(gb);
      ASSERT_EQ(mln_binary_backward(op, da, db, dgy, &dga, &dgb), MLN_OK) << mln_last_error();
      T hold_da(dga), hold_db(dgb);
      expect_close<double>(ga, dga, 1e-13, "broadcast binary_backward a " + std::to_string(op));
      expect_close<double>(gb, dgb, 1e-13, "broadcast binary_backward b " + std::to_string(op));
    }
  }
  // float64 gradient of sum(gy * (a * b)) w.r.t. the broadcast b, against finite differences.
  Shape sa = {2, 3, 4}, sb = {3, 1};
  T a(random<double>(sa, 0.5, 2, 24)), b(random<double>(sb, 0.5, 2, 25));
  T gy(random<double>({2, 3, 4}, -1, 1, 26)), da(gpu(a)), dgy(gpu(gy));
  mln_tensor* dgb = nullptr;
  T db(gpu(b));
  ASSERT_EQ(mln_binary_backward(MLN_MUL, da, db, dgy, nullptr, &dgb), MLN_OK) << mln_last_error();
  T hold(dgb), gb(cpu(dgb));
  auto fd = finite_differences(sb, tu::values<double>(b), [&](mln_tensor* bp) {
    T dbp(gpu(bp)), y(mln_binary(MLN_MUL, da, dbp));
    return weighted_sum(y, gy);
  });
  auto g = tu::values<double>(gb);
  for (size_t i = 0; i < g.size(); ++i) EXPECT_NEAR(g[i], fd[i], 1e-7 * (1 + std::fabs(fd[i])));
  T bad(random<double>({5}, 0, 1, 27)), dbad(gpu(bad));
  EXPECT_EQ(mln_binary(MLN_ADD, da, dbad), nullptr);
  tu::expect_error(MLN_ERR_SHAPE, "do not broadcast");
}

TEST_F(Cuda, BatchedMatmulMatchesTheCpuEngine) {
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{4, 3, 5}, {4, 5, 2}}, {{2, 3, 4, 5}, {5, 6}}, {{3, 5}, {2, 5, 4}}, {{2, 3, 7, 5}, {2, 3, 5, 1}}};
  for (auto& [sa, sb] : shapes)
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < 2; ++tb) {
        Shape xa = sa, xb = sb;
        if (ta) std::swap(xa[xa.size() - 1], xa[xa.size() - 2]);
        if (tb) std::swap(xb[xb.size() - 1], xb[xb.size() - 2]);
        const std::string what = "batched matmul ta=" + std::to_string(ta) + " tb=" + std::to_string(tb);
        T a(random<float>(xa, -1, 1, 31)), b(random<float>(xb, -1, 1, 32));
        T want(mln_matmul(a, b, ta, tb));
        T ga(gpu(a)), gb(gpu(b));
        T got(mln_matmul(ga, gb, ta, tb));
        expect_close<float>(want, got, 1e-5 * 8, what);
        T a64(mln_cast(a, MLN_F64)), b64(mln_cast(b, MLN_F64));
        T want64(mln_matmul(a64, b64, ta, tb));
        T ga64(gpu(a64)), gb64(gpu(b64));
        T got64(mln_matmul(ga64, gb64, ta, tb));
        expect_close<double>(want64, got64, 1e-13 * 8, what + " f64");
      }
  // Batches that broadcast dimension by dimension are refused with the reason.
  T a(random<float>({2, 1, 3, 5}, -1, 1, 33)), b(random<float>({1, 4, 5, 2}, -1, 1, 34));
  T ga(gpu(a)), gb(gpu(b));
  EXPECT_EQ(mln_matmul(ga, gb, 0, 0), nullptr);
  tu::expect_error(MLN_ERR_SHAPE, "broadcasts batch dimensions only from equal batches");
}

TEST_F(Cuda, ShapeOpsMatchTheCpuEngineBitExact) {
  T x(random<float>({3, 4, 5}, -1, 1, 41)), dx(gpu(x));
  T xi(tu::iota<int64_t>(MLN_I64, {3, 4, 5})), dxi(gpu(xi));
  T xu(tu::iota<uint8_t>(MLN_U8, {3, 4, 5})), dxu(gpu(xu));
  // reshape: a view of the device storage.
  const int64_t flat[2] = {12, 5};
  T r(mln_reshape(dx, 2, flat));
  ASSERT_NE(r.p, nullptr) << mln_last_error();
  EXPECT_EQ(mln_tensor_device_kind(r), MLN_DEVICE_CUDA);
  expect_close<float>(T(mln_reshape(x, 2, flat)), r, 0, "reshape");
  const int perm[3] = {2, 0, 1};
  expect_close<float>(T(mln_permute(x, perm)), T(mln_permute(dx, perm)), 0, "permute f32");
  expect_close<int64_t>(T(mln_permute(xi, perm)), T(mln_permute(dxi, perm)), 0, "permute i64");
  expect_close<uint8_t>(T(mln_permute(xu, perm)), T(mln_permute(dxu, perm)), 0, "permute u8");
  const int64_t starts[3] = {2, 0, 1}, stops[3] = {-1, 4, 5}, steps[3] = {-1, 2, 3};
  T s(mln_slice(x, starts, stops, steps)), ds(mln_slice(dx, starts, stops, steps));
  expect_close<float>(s, ds, 0, "slice");
  expect_close<int64_t>(T(mln_slice(xi, starts, stops, steps)),
                        T(mln_slice(dxi, starts, stops, steps)), 0, "slice i64");
  const int64_t in_shape[3] = {3, 4, 5};
  T sb(mln_slice_backward(s, 3, in_shape, starts, stops, steps));
  T dsb(mln_slice_backward(ds, 3, in_shape, starts, stops, steps));
  expect_close<float>(sb, dsb, 0, "slice_backward");
  T y(random<float>({3, 2, 5}, -1, 1, 42)), dy(gpu(y));
  mln_tensor* host[2] = {x, y};
  mln_tensor* dev[2] = {dx, dy};
  expect_close<float>(T(mln_concat(2, host, 1)), T(mln_concat(2, dev, 1)), 0, "concat");
  mln_tensor* mixed[2] = {dx, y};
  EXPECT_EQ(mln_concat(2, mixed, 1), nullptr);
  tu::expect_error(MLN_ERR_ARGUMENT, "concat: arguments expected on one device but 'a' is on "
                                     "cuda:0 and 'b' on cpu:0");
}

TEST_F(Cuda, CategoricalCrossentropyInEveryModeWithSparseLabelsMatchesTheCpuEngine) {
  // Sparse labels: one-hot on the device, bit-exact (-1 and 11 are outside [0, 11): rows of 0).
  T labels(tu::make<int64_t>({6}, {3, 0, 10, -1, 11, 7})), dlabels(gpu(labels));
  T oh(mln_one_hot(labels, 11, MLN_F64, 1, 0)), doh(mln_one_hot(dlabels, 11, MLN_F64, 1, 0));
  expect_close<double>(oh, doh, 0, "one_hot");
  T labels32(tu::make<int32_t>({2, 3}, {1, 2, 0, 4, 4, 3})), dlabels32(gpu(labels32));
  expect_close<float>(T(mln_one_hot(labels32, 5, MLN_F32, 0.9, 0.01)),
                      T(mln_one_hot(dlabels32, 5, MLN_F32, 0.9, 0.01)), 0, "one_hot i32");
  T dense_t(random<double>({6, 11}, 0, 1, 43)), ddense_t(gpu(dense_t));
  for (int mode : {MLN_CCE_PROBS, MLN_CCE_LOGITS, MLN_CCE_SOFTMAX})
    for (const mln_tensor* t : {oh.p, dense_t.p}) {
      const std::string what = "cce mode " + std::to_string(mode);
      T x(random<double>({6, 11}, mode == MLN_CCE_PROBS ? 0.01 : -3, 3, 44));
      T gy(random<double>({6}, 0.5, 1.5, 45));
      T dx(gpu(x)), dt(gpu(t)), dgy(gpu(gy));
      T loss(mln_categorical_crossentropy(t, x, 1e-7, mode));
      expect_close<double>(loss, T(mln_categorical_crossentropy(dt, dx, 1e-7, mode)), 1e-12, what);
      mln_tensor *gt = nullptr, *gx = nullptr, *dgt = nullptr, *dgx = nullptr;
      ASSERT_EQ(mln_categorical_crossentropy_backward(t, x, gy, 1e-7, mode, &gt, &gx), MLN_OK);
      T hold_t(gt), hold_x(gx);
      ASSERT_EQ(mln_categorical_crossentropy_backward(dt, dx, dgy, 1e-7, mode, &dgt, &dgx), MLN_OK)
          << mln_last_error();
      T hold_dt(dgt), hold_dx(dgx);
      expect_close<double>(gt, dgt, 1e-12, what + " gt");
      expect_close<double>(gx, dgx, 1e-12, what + " gx");
      // float64 gradient w.r.t. x against finite differences of the device's own loss.
      auto fd = finite_differences({6, 11}, tu::values<double>(x), [&](mln_tensor* xp) {
        T dxp(gpu(xp)), l(mln_categorical_crossentropy(dt, dxp, 1e-7, mode));
        return weighted_sum(l, gy);
      });
      T g(cpu(dgx));
      auto gv = tu::values<double>(g);
      for (size_t i = 0; i < gv.size(); ++i)
        ASSERT_NEAR(gv[i], fd[i], 1e-6 * (1 + std::fabs(fd[i]))) << what << " at " << i;
      // float32 within its tolerance.
      T x32(mln_cast(x, MLN_F32)), t32(mln_cast(t, MLN_F32)), dx32(gpu(x32)), dt32(gpu(t32));
      expect_close<float>(T(mln_categorical_crossentropy(t32, x32, 1e-7, mode)),
                          T(mln_categorical_crossentropy(dt32, dx32, 1e-7, mode)), 1e-5,
                          what + " f32");
    }
}

TEST_F(Cuda, DenseBackwardMatchesTheCpuEngineAndFiniteDifferences) {
  for (int act : {0, int(MLN_RELU), int(MLN_TANH), int(MLN_SIGMOID)})
    for (auto [m, k, n] : {std::tuple<int64_t, int64_t, int64_t>{1, 3, 2}, {33, 70, 17}, {4, 0, 5}}) {
      const std::string what = "dense_backward act=" + std::to_string(act) + " " +
                               std::to_string(m) + "x" + std::to_string(k) + "x" + std::to_string(n);
      T x(random<double>({2, m, k}, -1, 1, 61)), w(random<double>({k, n}, -1, 1, 62));
      T b(random<double>({n}, -1, 1, 63)), gy(random<double>({2, m, n}, -1, 1, 64));
      T y(mln_dense(x, w, b, act));
      mln_tensor *gx = nullptr, *gw = nullptr, *gb = nullptr;
      ASSERT_EQ(mln_dense_backward(x, w, y, gy, act, &gx, &gw, &gb), MLN_OK) << mln_last_error();
      T hx(gx), hw(gw), hb(gb);
      T dx(gpu(x)), dw(gpu(w)), db(gpu(b)), dgy(gpu(gy));
      T dy(mln_dense(dx, dw, db, act));
      mln_tensor *dgx = nullptr, *dgw = nullptr, *dgb = nullptr;
      ASSERT_EQ(mln_dense_backward(dx, dw, dy, dgy, act, &dgx, &dgw, &dgb), MLN_OK)
          << mln_last_error();
      T hdx(dgx), hdw(dgw), hdb(dgb);
      const double tol = 1e-13 * double(k + m + 1);
      expect_close<double>(gx, dgx, tol, what + " gx");
      expect_close<double>(gw, dgw, tol, what + " gw");
      expect_close<double>(gb, dgb, tol, what + " gb");
      if (m * k * n == 0 || m > 1) continue;
      // Finite differences of sum(gy * dense(x, w, b)) on the device, for w and b.
      auto fdw = finite_differences({k, n}, tu::values<double>(w), [&](mln_tensor* wp) {
        T dwp(gpu(wp)), yy(mln_dense(dx, dwp, db, act));
        return weighted_sum(yy, gy);
      });
      auto fdb = finite_differences({n}, tu::values<double>(b), [&](mln_tensor* bp) {
        T dbp(gpu(bp)), yy(mln_dense(dx, dw, dbp, act));
        return weighted_sum(yy, gy);
      });
      T cgw(cpu(dgw)), cgb(cpu(dgb));
      auto vw = tu::values<double>(cgw), vb = tu::values<double>(cgb);
      for (size_t i = 0; i < vw.size(); ++i) EXPECT_NEAR(vw[i], fdw[i], 1e-6) << what << " w" << i;
      for (size_t i = 0; i < vb.size(); ++i) EXPECT_NEAR(vb[i], fdb[i], 1e-6) << what << " b" << i;
    }
  // float32 within its tolerance.
  T x(random<float>({16, 40}, -1, 1, 65)), w(random<float>({40, 9}, -1, 1, 66));
  T gy(random<float>({16, 9}, -1, 1, 67)), y(mln_dense(x, w, nullptr, MLN_RELU));
  mln_tensor *gx = nullptr, *gw = nullptr, *gb = nullptr;
  ASSERT_EQ(mln_dense_backward(x, w, y, gy, MLN_RELU, &gx, &gw, &gb), MLN_OK);
  T hx(gx), hw(gw), hb(gb), dx(gpu(x)), dw(gpu(w)), dgy(gpu(gy)), dy(gpu(y));
  mln_tensor *dgx = nullptr, *dgw = nullptr, *dgb = nullptr;
  ASSERT_EQ(mln_dense_backward(dx, dw, dy, dgy, MLN_RELU, &dgx, &dgw, &dgb), MLN_OK);
  T hdx(dgx), hdw(dgw), hdb(dgb);
  expect_close<float>(gx, dgx, 1e-5 * 41, "dense_backward f32 gx");
  expect_close<float>(gw, dgw, 1e-5 * 17, "dense_backward f32 gw");
  expect_close<float>(gb, dgb, 1e-5 * 17, "dense_backward f32 gb");
}
