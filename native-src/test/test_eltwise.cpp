#include <cmath>
#include <functional>
#include <limits>

#include "test_util.hpp"

using namespace tu;

namespace {

double ref_unary(int op, double x, double a, double b) {
  switch (op) {
    case MLN_NEG: return -x;
    case MLN_EXP: return std::exp(x);
    case MLN_LOG: return std::log(x);
    case MLN_LOG1P: return std::log1p(x);
    case MLN_SQRT: return std::sqrt(x);
    case MLN_RSQRT: return 1 / std::sqrt(x);
    case MLN_ABS: return std::abs(x);
    case MLN_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
    case MLN_SQUARE: return x * x;
    case MLN_SIN: return std::sin(x);
    case MLN_COS: return std::cos(x);
    case MLN_TANH: return std::tanh(x);
    case MLN_SIGMOID: return 1 / (1 + std::exp(-x));
    case MLN_HARD_SIGMOID: return std::min(1.0, std::max(0.0, a * x + b));
    case MLN_RELU: return x > 0 ? x : 0;
    case MLN_LEAKY_RELU: return x > 0 ? x : a * x;
    case MLN_ELU: return x > 0 ? x : a * (std::exp(x) - 1);
    case MLN_SELU: return 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (std::exp(x) - 1));
    case MLN_SOFTPLUS: return std::log(1 + std::exp(x));
    case MLN_SOFTSIGN: return x / (1 + std::abs(x));
    case MLN_GELU:
      return a == 0 ? 0.5 * x * (1 + std::erf(x / std::sqrt(2.0)))
                    : 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
    case MLN_SWISH: return x / (1 + std::exp(-x));
    case MLN_POW_SCALAR: return std::pow(x, a);
    case MLN_CLIP: return std::min(std::max(x, a), b);
    case MLN_RECIPROCAL: return 1 / x;
    case MLN_FLOOR: return std::floor(x);
    case MLN_CEIL: return std::ceil(x);
    case MLN_ROUND: return std::nearbyint(x);
    case MLN_EXPM1: return std::expm1(x);
  }
  return NAN;
}

// Inputs away from kinks and inside every op's domain; alpha/beta per op.
void op_setup(int op, std::vector<double>& xs, double& a, double& b) {
  xs = {-1.3, -0.7, -0.2, 0.3, 0.8, 1.6, 2.4};
  a = 0, b = 0;
  if (op == MLN_LOG || op == MLN_LOG1P || op == MLN_SQRT || op == MLN_RSQRT || op == MLN_POW_SCALAR)
    for (auto& x : xs) x = std::abs(x) + 0.1;
  if (op == MLN_HARD_SIGMOID) a = 0.2, b = 0.5;
  if (op == MLN_LEAKY_RELU) a = 0.1;
  if (op == MLN_ELU) a = 1.5;
  if (op == MLN_POW_SCALAR) a = 2.5;
  if (op == MLN_CLIP) a = -0.5, b = 1.0;
}

}  // namespace

TEST(Unary, AllFloatOpsMatchReference) {
  for (int op = 0; op < MLN_UNARY_OP_COUNT; ++op) {
    if (op == MLN_LOGICAL_NOT) continue;
    std::vector<double> xs;
    double a, b;
    op_setup(op, xs, a, b);
    for (double alpha : {a, op == MLN_GELU ? 1.0 : a}) {
      Own own;
      auto* x = own(make<double>({int64_t(xs.size())}, xs));
      auto y = values<double>(own(mln_unary(op, x, alpha, b)));
      auto* xf = own(mln_cast(x, MLN_F32));
      auto yf = values<float>(own(mln_unary(op, xf, alpha, b)));
      for (size_t i = 0; i < xs.size(); ++i) {
        double r = ref_unary(op, xs[i], alpha, b);
        EXPECT_NEAR(y[i], r, 1e-12 * (1 + std::abs(r))) << "op " << op << " x " << xs[i];
        double rf = ref_unary(op, double(float(xs[i])), alpha, b);
        EXPECT_NEAR(yf[i], rf, 1e-6 * (1 + std::abs(rf))) << "f32 op " << op << " x " << xs[i];
      }
    }
  }
}

TEST(Unary, Float32ExpAccuracyAndEdges) {
  auto xs = rnd(20000, -100, 88);
  std::vector<float> v(xs.begin(), xs.end());
  v.insert(v.end(), {0.f, -0.f, 88.72f, 89.f, -87.5f, -103.f, -110.f, INFINITY, -INFINITY, NAN});
  Own own;
  auto y = values<float>(own(mln_unary(MLN_EXP, own(make<float>({int64_t(v.size())}, v)), 0, 0)));
  for (size_t i = 0; i < v.size(); ++i) {
    float r = std::exp(v[i]);
    if (std::isnan(r)) {
      EXPECT_TRUE(std::isnan(y[i]));
    } else if (std::isinf(r) || r == 0) {
      EXPECT_EQ(y[i], r) << v[i];
    } else if (r < std::numeric_limits<float>::min()) {
      EXPECT_NEAR(y[i], r, 4e-45f) << v[i];  // subnormal: a few units of the smallest step
    } else {
      EXPECT_NEAR(y[i], r, 3e-7f * r) << v[i];
    }
  }
}

TEST(Unary, IntegerOpsAndFloatOnlyErrors) {
  Own own;
  auto* x = own(make<int32_t>({5}, {-3, -1, 0, 2, 7}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_NEG, x, 0, 0))), (std::vector<int32_t>{3, 1, 0, -2, -7}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_ABS, x, 0, 0))), (std::vector<int32_t>{3, 1, 0, 2, 7}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_SIGN, x, 0, 0))), (std::vector<int32_t>{-1, -1, 0, 1, 1}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_SQUARE, x, 0, 0))), (std::vector<int32_t>{9, 1, 0, 4, 49}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_CLIP, x, -2, 3))), (std::vector<int32_t>{-2, -1, 0, 2, 3}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_RELU, x, 0, 0))), (std::vector<int32_t>{0, 0, 0, 2, 7}));
  EXPECT_EQ(values<bool>(own(mln_unary(MLN_LOGICAL_NOT, x, 0, 0))),
            (std::vector<bool>{false, false, true, false, false}));
  auto* mn = own(make<int32_t>({1}, {std::numeric_limits<int32_t>::min()}));
  EXPECT_EQ(values<int32_t>(own(mln_unary(MLN_NEG, mn, 0, 0)))[0], std::numeric_limits<int32_t>::min());
  EXPECT_EQ(mln_unary(MLN_EXP, x, 0, 0), nullptr);
  expect_error(MLN_ERR_DTYPE, "unary EXP: expected a float32 or float64 tensor, got int32");
  EXPECT_EQ(mln_unary(MLN_NEG, nullptr, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "unary: argument 'x' is null");
  EXPECT_EQ(mln_unary(99, x, 0, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "op code 99");
  EXPECT_EQ(mln_unary_backward(MLN_NEG, x, nullptr, x, 0, 0), nullptr);
  expect_error(MLN_ERR_DTYPE, "unary_backward NEG");
  auto* f = own(make<double>({2}, {1, 2}));
  auto* g3 = own(make<double>({3}, {1, 2, 3}));
  EXPECT_EQ(mln_unary_backward(MLN_EXP, f, nullptr, g3, 0, 0), nullptr);
  expect_error(MLN_ERR_SHAPE, "gy has shape (3,), expected x's shape (2,)");
}

TEST(Unary, RoundHalfToEvenAndSpecials) {
  Own own;
  auto* x = own(make<double>({6}, {0.5, 1.5, 2.5, -0.5, -1.5, 2.4}));
  EXPECT_EQ(values<double>(own(mln_unary(MLN_ROUND, x, 0, 0))),
            (std::vector<double>{0, 2, 2, -0, -2, 2}));
  auto* big = own(make<double>({3}, {-800, 800, 0}));
  auto sp = values<double>(own(mln_unary(MLN_SOFTPLUS, big, 0, 0)));
  EXPECT_EQ(sp[0], 0);
  EXPECT_EQ(sp[1], 800);
  EXPECT_NEAR(sp[2], std::log(2.0), 1e-15);
  auto sg = values<double>(own(mln_unary(MLN_SIGMOID, big, 0, 0)));
  EXPECT_EQ(sg[0], 0);
  EXPECT_EQ(sg[1], 1);
}

TEST(UnaryBackward, FiniteDifferencesFloat64) {
  const double eps = 1e-6;
  for (int op = 0; op < MLN_UNARY_OP_COUNT; ++op) {
    std::vector<double> xs;
    double a, b;
    op_setup(op, xs, a, b);
    for (double alpha : {a, op == MLN_GELU ? 1.0 : a}) {
      Own own;
      const int64_t n = int64_t(xs.size());
      auto gys = rnd(xs.size(), -1, 1, 7);
      auto* x = own(make<double>({n}, xs));
      auto* gy = own(make<double>({n}, gys));
      auto* y = op == MLN_LOGICAL_NOT ? nullptr : own(mln_unary(op, x, alpha, b));
      auto gx = values<double>(own(mln_unary_backward(op, x, y, gy, alpha, b)));
      for (int64_t i = 0; i < n; ++i) {
        double expect = 0;
        bool constant = op == MLN_SIGN || op == MLN_FLOOR || op == MLN_CEIL || op == MLN_ROUND ||
                        op == MLN_LOGICAL_NOT;
        if (!constant) {
          double fp = ref_unary(op, xs[i] + eps, alpha, b), fm = ref_unary(op, xs[i] - eps, alpha, b);
          expect = gys[i] * (fp - fm) / (2 * eps);
        }
        EXPECT_NEAR(gx[i], expect, 1e-6 * (1 + std::abs(expect))) << "op " << op << " x " << xs[i];
      }
      // y is optional: recomputed when absent.
      auto gx2 = values<double>(own(mln_unary_backward(op, x, nullptr, gy, alpha, b)));
      EXPECT_EQ(gx, gx2) << "op " << op;
    }
  }
}

TEST(UnaryBackward, KinkConventions) {
  Own own;
  auto* x = own(make<double>({3}, {0.0, -0.5, 1.0}));
  auto* gy = own(make<double>({3}, {1, 1, 1}));
  EXPECT_EQ(values<double>(own(mln_unary_backward(MLN_RELU, x, nullptr, gy, 0, 0))),
            (std::vector<double>{0, 0, 1}));
  // clip gradient is 1 inside [alpha, beta] (boundaries included).
  EXPECT_EQ(values<double>(own(mln_unary_backward(MLN_CLIP, x, nullptr, gy, -0.5, 0.5))),
            (std::vector<double>{1, 1, 0}));
}

TEST(Binary, BroadcastingShapesAndValues) {
  Own own;
  auto* a = own(make<float>({3, 1}, {1, 2, 3}));
  auto* b = own(make<float>({1, 4}, {10, 20, 30, 40}));
  auto* y = own(mln_binary(MLN_ADD, a, b));
  EXPECT_EQ(shape(y), (std::vector<int64_t>{3, 4}));
  auto v = values<float>(y);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) EXPECT_EQ(v[i * 4 + j], float(i + 1 + 10 * (j + 1)));
  // scalar (shape ()) on either side
  auto* s = own(make<float>({}, {2}));
  EXPECT_EQ(values<float>(own(mln_binary(MLN_SUB, s, a))), (std::vector<float>{1, 0, -1}));
  EXPECT_EQ(values<float>(own(mln_binary(MLN_DIV, a, s))), (std::vector<float>{0.5f, 1, 1.5f}));
  // rank mismatch, middle broadcast: (2,3,4) * (3,1)
  auto xs = rnd(24, -2, 2);
  auto* x3 = own(make<double>({2, 3, 4}, xs));
  auto* m = own(make<double>({3, 1}, {1, 2, 3}));
  auto* p = own(mln_binary(MLN_MUL, x3, m));
  EXPECT_EQ(shape(p), (std::vector<int64_t>{2, 3, 4}));
  auto pv = values<double>(p);
  for (int i = 0; i < 24; ++i) EXPECT_EQ(pv[i], xs[i] * double((i / 4) % 3 + 1));
  // inner-dim broadcast (4,) against (2,3,4) with a big outer extent (parallel rows)
  auto big = rnd(3 * 50000 * 4, -1, 1);
  auto* xb = own(make<double>({3, 50000, 4}, big));
  auto* r4 = own(make<double>({4}, {1, -1, 2, -2}));
  auto bv = values<double>(own(mln_binary(MLN_MAXIMUM, r4, xb)));
  const double rv[4] = {1, -1, 2, -2};
  for (size_t i = 0; i < big.size(); ++i) ASSERT_EQ(bv[i], std::max(rv[i % 4], big[i]));
  EXPECT_EQ(mln_binary(MLN_ADD, own(make<float>({2, 3}, {1, 2, 3, 4, 5, 6})), b), nullptr);
  expect_error(MLN_ERR_SHAPE, "binary ADD: shapes (2, 3) and (1, 4) cannot be broadcast together");
  EXPECT_EQ(mln_binary(MLN_ADD, a, nullptr), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "binary: argument 'b' is null");
}

TEST(Binary, DtypePromotionAndComparisons) {
  Own own;
  auto* i = own(make<int32_t>({3}, {1, 2, 3}));
  auto* f = own(make<float>({3}, {0.5f, 2, 4}));
  auto* u = own(make<uint8_t>({3}, {250, 2, 1}));
  auto* l = own(make<int64_t>({3}, {1, 1, 1}));
  auto* r1 = own(mln_binary(MLN_ADD, i, f));
  EXPECT_EQ(mln_dtype(r1), MLN_F32);
  EXPECT_EQ(values<float>(r1), (std::vector<float>{1.5f, 4, 7}));
  EXPECT_EQ(mln_dtype(own(mln_binary(MLN_ADD, u, i))), MLN_I32);
  EXPECT_EQ(mln_dtype(own(mln_binary(MLN_ADD, u, l))), MLN_I64);
  EXPECT_EQ(values<uint8_t>(own(mln_binary(MLN_ADD, u, u))), (std::vector<uint8_t>{244, 4, 2}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_LT, i, f))), (std::vector<bool>{false, false, true}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_EQ, i, f))), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_GE, i, f))), (std::vector<bool>{true, true, false}));
  auto* t = own(make<bool>({4}, {true, true, false, false}));
  auto* q = own(make<bool>({4}, {true, false, true, false}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_LOGICAL_AND, t, q))), (std::vector<bool>{1, 0, 0, 0}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_LOGICAL_OR, t, q))), (std::vector<bool>{1, 1, 1, 0}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_LOGICAL_XOR, t, q))), (std::vector<bool>{0, 1, 1, 0}));
  EXPECT_EQ(values<bool>(own(mln_binary(MLN_NE, t, q))), (std::vector<bool>{0, 1, 1, 0}));
}

TEST(Binary, IntegerDivModPowAndFloatMod) {
  Own own;
  auto* a = own(make<int32_t>({7}, {7, -7, 7, -7, 5, std::numeric_limits<int32_t>::min(), 3}));
  auto* b = own(make<int32_t>({7}, {2, 2, -2, -2, 0, -1, 0}));
  EXPECT_EQ(values<int32_t>(own(mln_binary(MLN_DIV, a, b))),
            (std::vector<int32_t>{3, -4, -4, 3, 0, std::numeric_limits<int32_t>::min(), 0}));
  EXPECT_EQ(values<int32_t>(own(mln_binary(MLN_MOD, a, b))), (std::vector<int32_t>{1, 1, -1, -1, 0, 0, 0}));
  auto* e = own(make<int64_t>({4}, {3, 2, 0, -1}));
  auto* base = own(make<int64_t>({4}, {2, -3, 5, 2}));
  EXPECT_EQ(values<int64_t>(own(mln_binary(MLN_POW, base, e))), (std::vector<int64_t>{8, 9, 1, 0}));
  auto* fa = own(make<double>({4}, {7.5, -7.5, 7.5, 6}));
  auto* fb = own(make<double>({4}, {2, 2, -2, 3}));
  auto m = values<double>(own(mln_binary(MLN_MOD, fa, fb)));
  EXPECT_EQ(m, (std::vector<double>{1.5, 0.5, -0.5, 0}));
  auto* n1 = own(make<double>({2}, {NAN, 1}));
  auto* n2 = own(make<double>({2}, {1, NAN}));
  auto mx = values<double>(own(mln_binary(MLN_MAXIMUM, n1, n2)));
  EXPECT_TRUE(std::isnan(mx[0]) && std::isnan(mx[1]));
}

TEST(Binary, ThreadCountDoesNotChangeResults) {
  auto xs = rnd(300000, -3, 3);
  Own own;
  auto* a = own(make<float>({300000}, std::vector<float>(xs.begin(), xs.end())));
  auto* s = own(make<float>({}, {1.5f}));
  mln_set_num_threads(1);
  auto r1 = values<float>(own(mln_binary(MLN_MUL, a, s)));
  auto e1 = values<float>(own(mln_unary(MLN_EXP, a, 0, 0)));
  mln_set_num_threads(2);
  auto r2 = values<float>(own(mln_binary(MLN_MUL, a, s)));
  auto e2 = values<float>(own(mln_unary(MLN_EXP, a, 0, 0)));
  mln_set_num_threads(0);
  EXPECT_EQ(r1, r2);
  EXPECT_EQ(e1, e2);
  for (size_t i = 0; i < xs.size(); i += 997) EXPECT_EQ(r1[i], float(xs[i]) * 1.5f);
}

TEST(BinaryBackward, FiniteDifferencesWithBroadcasting) {
  const double eps = 1e-6;
  const std::vector<int64_t> sa = {3, 1}, sb = {1, 4};
  for (int op : {MLN_ADD, MLN_SUB, MLN_MUL, MLN_DIV, MLN_POW, MLN_MAXIMUM, MLN_MINIMUM}) {
    Own own;
    auto av = rnd(3, 0.5, 2, 11), bv = rnd(4, 0.5, 2, 12), gv = rnd(12, -1, 1, 13);
    auto* a = own(make<double>(sa, av));
    auto* b = own(make<double>(sb, bv));
    auto* gy = own(make<double>({3, 4}, gv));
    mln_tensor *ga = nullptr, *gb = nullptr;
    ASSERT_EQ(mln_binary_backward(op, a, b, gy, &ga, &gb), MLN_OK) << mln_last_error();
    own(ga), own(gb);
    EXPECT_EQ(shape(ga), sa);
    EXPECT_EQ(shape(gb), sb);
    auto loss = [&](const std::vector<double>& x, const std::vector<double>& z) {
      Own o2;
      auto y = values<double>(o2(mln_binary(op, o2(make<double>(sa, x)), o2(make<double>(sb, z)))));
      double s = 0;
      for (int i = 0; i < 12; ++i) s += y[i] * gv[i];
      return s;
    };
    auto gav = values<double>(ga), gbv = values<double>(gb);
    for (int i = 0; i < 3; ++i) {
      auto p = av, m = av;
      p[i] += eps, m[i] -= eps;
      double fd = (loss(p, bv) - loss(m, bv)) / (2 * eps);
      EXPECT_NEAR(gav[i], fd, 1e-6 * (1 + std::abs(fd))) << "op " << op;
    }
    for (int i = 0; i < 4; ++i) {
      auto p = bv, m = bv;
      p[i] += eps, m[i] -= eps;
      double fd = (loss(av, p) - loss(av, m)) / (2 * eps);
      EXPECT_NEAR(gbv[i], fd, 1e-6 * (1 + std::abs(fd))) << "op " << op;
    }
  }
}

TEST(BinaryBackward, TiesPowZeroAndErrors) {
  Own own;
  auto* a = own(make<double>({3}, {1, 2, 0}));
  auto* b = own(make<double>({3}, {1, 3, 2}));
  auto* gy = own(make<double>({3}, {1, 1, 1}));
  mln_tensor *ga = nullptr, *gb = nullptr;
  ASSERT_EQ(mln_binary_backward(MLN_MAXIMUM, a, b, gy, &ga, &gb), MLN_OK);
  EXPECT_EQ(values<double>(own(ga)), (std::vector<double>{1, 0, 0}));
  EXPECT_EQ(values<double>(own(gb)), (std::vector<double>{0, 1, 1}));
  ASSERT_EQ(mln_binary_backward(MLN_POW, a, b, gy, nullptr, &gb), MLN_OK);
  auto g = values<double>(own(gb));
  EXPECT_EQ(g[2], 0);  // a == 0: log(a) taken as 0
  EXPECT_NEAR(g[1], 8 * std::log(2.0), 1e-12);
  EXPECT_EQ(mln_binary_backward(MLN_EQ, a, b, gy, &ga, &gb), MLN_ERR_ARGUMENT);
  expect_error(MLN_ERR_ARGUMENT, "binary_backward: EQ is not differentiable");
  EXPECT_EQ(ga, nullptr);
  auto* g2 = own(make<double>({2}, {1, 1}));
  EXPECT_EQ(mln_binary_backward(MLN_MUL, a, b, g2, &ga, &gb), MLN_ERR_SHAPE);
  expect_error(MLN_ERR_SHAPE, "binary_backward MUL: gy has shape (2,), expected the broadcast shape (3,)");
  auto* ia = own(make<int32_t>({3}, {1, 2, 3}));
  EXPECT_EQ(mln_binary_backward(MLN_MUL, ia, ia, gy, &ga, &gb), MLN_ERR_DTYPE);
  expect_error(MLN_ERR_DTYPE, "binary_backward MUL");
}

TEST(Where, BroadcastsAllThree) {
  Own own;
  auto* c = own(make<bool>({2, 1}, {true, false}));
  auto* a = own(make<int32_t>({1, 3}, {1, 2, 3}));
  auto* b = own(make<float>({}, {-1}));
  auto* y = own(mln_where(c, a, b));
  EXPECT_EQ(shape(y), (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(values<float>(y), (std::vector<float>{1, 2, 3, -1, -1, -1}));
  EXPECT_EQ(mln_where(a, a, b), nullptr);
  expect_error(MLN_ERR_DTYPE, "where: cond must be bool, got int32");
}

TEST(BroadcastTo, AndSumToShape) {
  Own own;
  auto* x = own(make<int64_t>({3, 1}, {1, 2, 3}));
  int64_t s[] = {2, 3, 2};
  auto* y = own(mln_broadcast_to(x, 3, s));
  EXPECT_EQ(values<int64_t>(y), (std::vector<int64_t>{1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}));
  int64_t back[] = {3, 1};
  auto* z = own(mln_sum_to_shape(y, 2, back));
  EXPECT_EQ(shape(z), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(values<int64_t>(z), (std::vector<int64_t>{4, 8, 12}));
  int64_t bad[] = {4, 1};
  EXPECT_EQ(mln_broadcast_to(x, 2, bad), nullptr);
  expect_error(MLN_ERR_SHAPE, "broadcast_to");
  EXPECT_EQ(mln_sum_to_shape(y, 2, bad), nullptr);
  expect_error(MLN_ERR_SHAPE, "sum_to_shape: (2, 3, 2) does not broadcast from (4, 1)");
}

TEST(Cast, AllDtypePairs) {
  const std::vector<double> src = {0, 1, 2.75, -1.5, 200};
  for (int from = 0; from < 6; ++from) {
    for (int to = 0; to < 6; ++to) {
      Own own;
      auto* x = own(mln_arange(from, 0, 1, 4));  // 0, 1, 2, 3 (bool: 0, 1, 1, 1)
      auto* y = own(mln_cast(x, to));
      ASSERT_NE(y, nullptr);
      EXPECT_EQ(mln_dtype(y), to);
      auto* back = own(mln_cast(y, MLN_F64));
      auto v = values<double>(back);
      for (int i = 0; i < 4; ++i) {
        double expect = (from == MLN_BOOL || to == MLN_BOOL) ? (i != 0) : i;
        EXPECT_EQ(v[i], expect) << from << "->" << to;
      }
    }
  }
  Own own;
  auto* f = own(make<double>({5}, {0.0, -0.0, 0.25, NAN, -1.7}));
  EXPECT_EQ(values<bool>(own(mln_cast(f, MLN_BOOL))), (std::vector<bool>{0, 0, 1, 1, 1}));
  // NaN -> INT32_MIN as numpy 2.4.6 gives on x86-64 (np.array([nan]).astype(np.int32)).
  EXPECT_EQ(values<int32_t>(own(mln_cast(f, MLN_I32))),
            (std::vector<int32_t>{0, 0, 0, INT32_MIN, -1}));
  EXPECT_EQ(mln_cast(f, 42), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_DTYPE);
  mln_clear_error();
}
