// mln_optimizer_update against straightforward per-element reference loops of Keras 3's formulas.
#include <cmath>
#include <limits>
#include <random>

#include "test_util.hpp"

using namespace tu;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Case {
  const char* label;
  int kind;
  std::vector<double> own;  // the kind's hyperparameters after the four common ones
  int nslots;
  double slot_init;  // initial value of every slot element
};

// One update of element i in double precision, written directly from Keras 3's update_step.
void reference_step(const Case& c, const double* h, int64_t step, double& w, double g,
                    std::vector<double*>& s, double u_product) {
  const double lr = h[0];
  g = g * h[1];
  if (std::isfinite(h[2])) g = std::min(std::max(g, -h[2]), h[2]);
  w = w - w * h[3] * lr;
  const double* p = c.own.data();
  switch (c.kind) {
    case MLN_OPT_SGD:
      if (c.nslots == 0) {
        w -= lr * g;
      } else {
        *s[0] = -g * lr + *s[0] * p[0];
        w += p[1] != 0 ? -g * lr + *s[0] * p[0] : *s[0];
      }
      break;
    case MLN_OPT_RMSPROP: {
      double rho = p[0], mu = p[1], eps = p[3];
      bool centered = p[2] != 0;
      *s[0] = rho * *s[0] + (1 - rho) * g * g;
      double denom = *s[0] + eps;
      if (centered) {
        double* a = s[mu > 0 ? 2 : 1];
        *a = rho * *a + (1 - rho) * g;
        denom = *s[0] - *a * *a + eps;
      }
      double inc = lr * g / std::sqrt(denom);
      if (mu > 0) {
        *s[1] = mu * *s[1] + inc;
        w -= *s[1];
      } else {
        w -= inc;
      }
      break;
    }
    case MLN_OPT_ADAGRAD:
      *s[0] += g * g;
      w -= lr * g / std::sqrt(*s[0] + p[0]);
      break;
    case MLN_OPT_ADADELTA: {
      double rho = p[0], eps = p[1];
      *s[0] = rho * *s[0] + (1 - rho) * g * g;
      double d = -std::sqrt(*s[1] + eps) * g / std::sqrt(*s[0] + eps);
      *s[1] = rho * *s[1] + (1 - rho) * d * d;
      w += lr * d;
      break;
    }
    case MLN_OPT_ADAM: {
      double b1 = p[0], b2 = p[1], eps = p[2];
      double alpha = lr * std::sqrt(1 - std::pow(b2, step)) / (1 - std::pow(b1, step));
      *s[0] += (g - *s[0]) * (1 - b1);
      *s[1] += (g * g - *s[1]) * (1 - b2);
      double v = *s[1];
      if (p[3] != 0) {
        *s[2] = std::max(*s[2], v);
        v = *s[2];
      }
      w -= *s[0] * alpha / (std::sqrt(v) + eps);
      break;
    }
    case MLN_OPT_ADAMAX: {
      double b1 = p[0], b2 = p[1], eps = p[2];
      *s[0] += (g - *s[0]) * (1 - b1);
      *s[1] = std::max(b2 * *s[1], std::abs(g));
      w -= lr * *s[0] / ((1 - std::pow(b1, step)) * (*s[1] + eps));
      break;
    }
    case MLN_OPT_NADAM: {
      double b1 = p[0], b2 = p[1], eps = p[2];
      double ut = b1 * (1 - 0.5 * std::pow(0.96, step));
      double ut1 = b1 * (1 - 0.5 * std::pow(0.96, step + 1));
      *s[0] += (g - *s[0]) * (1 - b1);
      *s[1] += (g * g - *s[1]) * (1 - b2);
      double mhat = ut1 * *s[0] / (1 - u_product * ut1) + (1 - ut) * g / (1 - u_product);
      double vhat = *s[1] / (1 - std::pow(b2, step));
      w -= mhat * lr / (std::sqrt(vhat) + eps);
      break;
    }
  }
}

std::vector<Case> cases() {
  return {
      {"sgd", MLN_OPT_SGD, {0.0, 0.0}, 0, 0.0},
      {"sgd_momentum", MLN_OPT_SGD, {0.9, 0.0}, 1, 0.0},
      {"sgd_nesterov", MLN_OPT_SGD, {0.3, 1.0}, 1, 0.0},
      {"rmsprop", MLN_OPT_RMSPROP, {0.9, 0.0, 0.0, 1e-7}, 1, 0.0},
      {"rmsprop_momentum_centered", MLN_OPT_RMSPROP, {0.8, 0.5, 1.0, 1e-7}, 3, 0.0},
      {"rmsprop_centered", MLN_OPT_RMSPROP, {0.9, 0.0, 1.0, 1e-7}, 2, 0.0},
      {"adagrad", MLN_OPT_ADAGRAD, {1e-7}, 1, 0.1},
      {"adadelta", MLN_OPT_ADADELTA, {0.95, 1e-7}, 2, 0.0},
      {"adam", MLN_OPT_ADAM, {0.9, 0.999, 1e-7, 0.0}, 2, 0.0},
      {"adam_amsgrad", MLN_OPT_ADAM, {0.9, 0.999, 1e-7, 1.0}, 3, 0.0},
      {"adamax", MLN_OPT_ADAMAX, {0.9, 0.999, 1e-7}, 2, 0.0},
      {"nadam", MLN_OPT_NADAM, {0.9, 0.999, 1e-7, 0.0}, 2, 0.0},
  };
}

// Runs 3 steps of case c on n elements with the given common hyperparameters and compares the
// variable and every slot with the reference.
template <typename T>
void check_case(const Case& c, int64_t n, double lr, double scale, double clip, double wd,
                double tol) {
  SCOPED_TRACE(std::string(c.label) + " n=" + std::to_string(n));
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> w0(static_cast<size_t>(n));
  std::vector<double> ref_w;
  for (auto& v : w0) v = dist(rng);
  ref_w = w0;
  std::vector<std::vector<double>> ref_s(size_t(c.nslots), std::vector<double>(size_t(n), c.slot_init));
  std::vector<T> wt(w0.begin(), w0.end());
  mln_tensor* var = make<T>({n}, wt);
  std::vector<mln_tensor*> slots;
  for (int k = 0; k < c.nslots; ++k) {
    slots.push_back(make<T>({n}, std::vector<T>(size_t(n), T(c.slot_init))));
  }
  double u_product = 1.0;
  for (int64_t step = 1; step <= 3; ++step) {
    std::vector<double> g(static_cast<size_t>(n));
    for (auto& v : g) v = 2.0 * dist(rng);
    std::vector<double> h = {lr, scale, clip, wd};
    h.insert(h.end(), c.own.begin(), c.own.end());
    if (c.kind == MLN_OPT_NADAM) {
      u_product *= c.own[0] * (1 - 0.5 * std::pow(0.96, double(step)));
      h[7] = u_product;
    }
    mln_tensor* grad = make<T>({n}, std::vector<T>(g.begin(), g.end()));
    ASSERT_EQ(mln_optimizer_update(c.kind, var, grad, slots.data(), c.nslots, h.data(),
                                   int(h.size()), step),
              MLN_OK)
        << mln_last_error();
    mln_release(grad);
    for (int64_t i = 0; i < n; ++i) {
      std::vector<double*> s;
      for (int k = 0; k < c.nslots; ++k) s.push_back(&ref_s[size_t(k)][size_t(i)]);
      reference_step(c, h.data(), step, ref_w[size_t(i)], g[size_t(i)], s, u_product);
    }
  }
  auto got = values<T>(var);
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_NEAR(double(got[size_t(i)]), ref_w[size_t(i)], tol * (1 + std::abs(ref_w[size_t(i)])))
        << "element " << i;
  }
  for (int k = 0; k < c.nslots; ++k) {
    auto sv = values<T>(slots[size_t(k)]);
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_NEAR(double(sv[size_t(i)]), ref_s[size_t(k)][size_t(i)],
                  tol * (1 + std::abs(ref_s[size_t(k)][size_t(i)])))
          << "slot " << k << " element " << i;
    }
    mln_release(slots[size_t(k)]);
  }
  mln_release(var);
}

}  // namespace

TEST(Optimizers, EveryKindMatchesReferenceFloat64) {
  for (const Case& c : cases()) {
    check_case<double>(c, 37, 0.01, 1.0, kInf, 0.0, 1e-12);
  }
}

TEST(Optimizers, EveryKindMatchesReferenceFloat32Parallel) {
  for (const Case& c : cases()) {
    check_case<float>(c, 100003, 0.05, 1.0, kInf, 0.0, 2e-5);
  }
}

TEST(Optimizers, ScaleClipAndWeightDecayAreFused) {
  for (const Case& c : cases()) {
    check_case<double>(c, 19, 0.1, 0.5, 0.3, 0.004, 1e-12);
  }
}

TEST(Optimizers, SgdByHand) {
  // w = 1, g = 2, lr 0.1, momentum 0.9: m = -0.2, w = 0.8; second step m = -0.38, w = 0.42.
  mln_tensor* w = make<double>({1}, {1.0});
  mln_tensor* m = make<double>({1}, {0.0});
  mln_tensor* g = make<double>({1}, {2.0});
  double h[] = {0.1, 1.0, kInf, 0.0, 0.9, 0.0};
  ASSERT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, &m, 1, h, 6, 1), MLN_OK);
  EXPECT_NEAR(values<double>(w)[0], 0.8, 1e-15);
  ASSERT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, &m, 1, h, 6, 2), MLN_OK);
  EXPECT_NEAR(values<double>(m)[0], -0.38, 1e-15);
  EXPECT_NEAR(values<double>(w)[0], 0.42, 1e-15);
  mln_release(w);
  mln_release(m);
  mln_release(g);
}

TEST(Optimizers, BadArgumentsGiveStatusAndMessage) {
  mln_tensor* w = make<float>({2, 2}, {1, 2, 3, 4});
  mln_tensor* g3 = make<float>({3}, {1, 2, 3});
  mln_tensor* gd = make<double>({2, 2}, {1, 2, 3, 4});
  mln_tensor* g = make<float>({2, 2}, {1, 2, 3, 4});
  mln_tensor* wi = make<int32_t>({2, 2}, {1, 2, 3, 4});
  mln_tensor* gi = make<int32_t>({2, 2}, {1, 2, 3, 4});
  double h[] = {0.1, 1.0, kInf, 0.0, 0.0, 0.0};
  EXPECT_EQ(mln_optimizer_update(42, w, g, nullptr, 0, h, 6, 1), MLN_ERR_ARGUMENT);
  EXPECT_NE(std::string(mln_last_error()).find("unknown optimizer kind 42"), std::string::npos);
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g3, nullptr, 0, h, 6, 1), MLN_ERR_SHAPE);
  EXPECT_NE(std::string(mln_last_error()).find("gradient shape (3,) does not match variable shape (2, 2)"),
            std::string::npos)
      << mln_last_error();
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, gd, nullptr, 0, h, 6, 1), MLN_ERR_DTYPE);
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, wi, gi, nullptr, 0, h, 6, 1), MLN_ERR_DTYPE);
  EXPECT_NE(std::string(mln_last_error()).find("float32 or float64"), std::string::npos);
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, nullptr, 0, h, 5, 1), MLN_ERR_ARGUMENT);
  EXPECT_NE(std::string(mln_last_error()).find("expects 6 hyperparameters, got 5"), std::string::npos);
  double ha[] = {0.1, 1.0, kInf, 0.0, 0.9, 0.999, 1e-7, 0.0};
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_ADAM, w, g, nullptr, 0, ha, 8, 1), MLN_ERR_ARGUMENT);
  EXPECT_NE(std::string(mln_last_error()).find("expects 2 slots, got 0"), std::string::npos);
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, w, g, nullptr, 0, h, 6, 0), MLN_ERR_ARGUMENT);
  EXPECT_EQ(mln_optimizer_update(MLN_OPT_SGD, nullptr, g, nullptr, 0, h, 6, 1), MLN_ERR_ARGUMENT);
  auto before = values<float>(w);
  EXPECT_EQ(before[0], 1.0f);  // failed calls leave the variable unchanged
  for (auto* t : {w, g3, gd, g, wi, gi}) mln_release(t);
}
