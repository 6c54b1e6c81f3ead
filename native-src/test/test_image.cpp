// Image kernels against naive references written from the definitions (half-pixel resizing with
// clamped edges; sampling with the fill modes spelled out by case), the resize gradient against
// the adjoint identity, and every argument check.
#include <cmath>

#include "test_util.hpp"

namespace {

using tu::Own;

/** x[b, y, x, c] of a [N, H, W, C] vector. */
double at(const std::vector<double>& v, int64_t h, int64_t w, int64_t c, int64_t b, int64_t y,
          int64_t x, int64_t k) {
  return v[size_t(((b * h + y) * w + x) * c + k)];
}

/** Bilinear resize reference: sample at (i + 0.5) * in / out - 0.5, clamped to [0, in - 1]. */
double ref_coord(int64_t i, int64_t in, int64_t out) {
  double s = (i + 0.5) * double(in) / double(out) - 0.5;
  return std::min(std::max(s, 0.0), double(in - 1));
}

std::vector<double> ref_resize(const std::vector<double>& v, int64_t n, int64_t h, int64_t w,
                               int64_t c, int64_t oh, int64_t ow, bool bilinear) {
  std::vector<double> r;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        for (int64_t k = 0; k < c; ++k) {
          if (!bilinear) {
            int64_t sy = int64_t(std::floor((y + 0.5) * h / oh));
            int64_t sx = int64_t(std::floor((x + 0.5) * w / ow));
            r.push_back(at(v, h, w, c, b, sy, sx, k));
            continue;
          }
          double sy = ref_coord(y, h, oh), sx = ref_coord(x, w, ow);
          int64_t y0 = int64_t(std::floor(sy)), x0 = int64_t(std::floor(sx));
          int64_t y1 = std::min(y0 + 1, h - 1), x1 = std::min(x0 + 1, w - 1);
          double fy = sy - y0, fx = sx - x0;
          r.push_back((1 - fy) * ((1 - fx) * at(v, h, w, c, b, y0, x0, k) +
                                  fx * at(v, h, w, c, b, y0, x1, k)) +
                      fy * ((1 - fx) * at(v, h, w, c, b, y1, x0, k) +
                            fx * at(v, h, w, c, b, y1, x1, k)));
        }
  return r;
}

/** The fill modes by their pictures: reflect d c b a | a b c d | d c b a, wrap, nearest. */
bool ref_fix(int64_t& i, int64_t size, int mode) {
  if (mode == MLN_FILL_CONSTANT) return i >= 0 && i < size;
  if (mode == MLN_FILL_NEAREST) {
    i = std::min(std::max<int64_t>(i, 0), size - 1);
    return true;
  }
  if (mode == MLN_FILL_WRAP) {
    while (i < 0) i += size;
    i %= size;
    return true;
  }
  while (i < 0 || i >= size) i = i < 0 ? -i - 1 : 2 * size - 1 - i;
  return true;
}

std::vector<double> ref_affine(const std::vector<double>& v, int64_t n, int64_t h, int64_t w,
                               int64_t c, const std::vector<double>& t, bool bilinear, int mode,
                               double fill) {
  std::vector<double> r;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x) {
        const double* p = t.data() + b * 8;
        double k = p[6] * x + p[7] * y + 1;
        double xin = (p[0] * x + p[1] * y + p[2]) / k, yin = (p[3] * x + p[4] * y + p[5]) / k;
        for (int64_t ch = 0; ch < c; ++ch) {
          auto sample = [&](int64_t yy, int64_t xx) {
            bool ok = ref_fix(yy, h, mode) && ref_fix(xx, w, mode);
            return ok ? at(v, h, w, c, b, yy, xx, ch) : fill;
          };
          if (!bilinear) {
            r.push_back(sample(int64_t(std::round(yin)), int64_t(std::round(xin))));
            continue;
          }
          int64_t y0 = int64_t(std::floor(yin)), x0 = int64_t(std::floor(xin));
          double fy = yin - y0, fx = xin - x0;
          r.push_back((1 - fy) * (1 - fx) * sample(y0, x0) + (1 - fy) * fx * sample(y0, x0 + 1) +
                      fy * (1 - fx) * sample(y0 + 1, x0) + fy * fx * sample(y0 + 1, x0 + 1));
        }
      }
  return r;
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want, double tol,
                 const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < got.size(); ++i) ASSERT_NEAR(got[i], want[i], tol) << what << " at " << i;
}

}  // namespace

TEST(ImageResize, MatchesHalfPixelReferenceUpAndDown) {
  const int64_t n = 2, h = 5, w = 7, c = 3;
  auto v = tu::rnd(size_t(n * h * w * c), -1, 1, 3);
  Own own;
  mln_tensor* x = own(tu::make<double>({n, h, w, c}, v));
  for (auto [oh, ow] : {std::pair<int64_t, int64_t>{9, 4}, {3, 11}, {5, 7}, {1, 1}, {10, 14}}) {
    for (int interp : {MLN_IMAGE_BILINEAR, MLN_IMAGE_NEAREST}) {
      mln_tensor* y = own(mln_image_resize(x, oh, ow, interp));
      ASSERT_NE(y, nullptr) << mln_last_error();
      EXPECT_EQ(tu::shape(y), (std::vector<int64_t>{n, oh, ow, c}));
      expect_near(tu::values<double>(y),
                  ref_resize(v, n, h, w, c, oh, ow, interp == MLN_IMAGE_BILINEAR), 1e-6,
                  "resize to " + std::to_string(oh) + "x" + std::to_string(ow));
    }
  }
}

TEST(ImageResize, Float32AgreesWithFloat64) {
  auto v = tu::rnd(2 * 6 * 4 * 2, 0, 255, 5);
  std::vector<float> f(v.begin(), v.end());
  Own own;
  mln_tensor* y64 = own(mln_image_resize(own(tu::make<double>({2, 6, 4, 2}, v)), 4, 9,
                                         MLN_IMAGE_BILINEAR));
  mln_tensor* y32 = own(mln_image_resize(own(tu::make<float>({2, 6, 4, 2}, f)), 4, 9,
                                         MLN_IMAGE_BILINEAR));
  auto a = tu::values<double>(y64);
  auto b = tu::values<float>(y32);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-3);
}

TEST(ImageResize, BackwardIsTheAdjointOfForward) {
  // <resize(x), g> = <x, resize_backward(g)> for every x and g: the backward is the transpose
  const int64_t n = 3, h = 4, w = 6, c = 2, oh = 7, ow = 3;
  auto xv = tu::rnd(size_t(n * h * w * c), -1, 1, 7);
  auto gv = tu::rnd(size_t(n * oh * ow * c), -1, 1, 8);
  for (int interp : {MLN_IMAGE_BILINEAR, MLN_IMAGE_NEAREST}) {
    Own own;
    mln_tensor* y = own(mln_image_resize(own(tu::make<double>({n, h, w, c}, xv)), oh, ow, interp));
    mln_tensor* gx = own(mln_image_resize_backward(own(tu::make<double>({n, oh, ow, c}, gv)), h,
                                                   w, interp));
    ASSERT_NE(gx, nullptr) << mln_last_error();
    EXPECT_EQ(tu::shape(gx), (std::vector<int64_t>{n, h, w, c}));
    auto yv = tu::values<double>(y), gxv = tu::values<double>(gx);
    double lhs = 0, rhs = 0;
    for (size_t i = 0; i < yv.size(); ++i) lhs += yv[i] * gv[i];
    for (size_t i = 0; i < xv.size(); ++i) rhs += xv[i] * gxv[i];
    EXPECT_NEAR(lhs, rhs, 1e-9) << interp;
  }
}

TEST(ImageAffine, MatchesReferenceForEveryModeAndInterpolation) {
  const int64_t n = 3, h = 6, w = 5, c = 2;
  auto v = tu::rnd(size_t(n * h * w * c), -1, 1, 11);
  // a rotation about the centre with a shift, a zoom out, and a projective warp: all reach
  // outside the image so every fill mode matters; none lands on a rounding tie
  const double th = 0.37;
  std::vector<double> t = {std::cos(th), -std::sin(th), 1.3, std::sin(th), std::cos(th), -0.7,
                           0, 0,
                           1.7, 0, -3.1, 0, 1.45, -2.2, 0, 0,
                           0.9, 0.1, 0.3, -0.05, 1.1, 0.2, 0.02, -0.03};
  Own own;
  mln_tensor* x = own(tu::make<double>({n, h, w, c}, v));
  mln_tensor* tt = own(tu::make<double>({n, 8}, t));
  for (int interp : {MLN_IMAGE_BILINEAR, MLN_IMAGE_NEAREST})
    for (int mode : {MLN_FILL_REFLECT, MLN_FILL_WRAP, MLN_FILL_CONSTANT, MLN_FILL_NEAREST}) {
      mln_tensor* y = own(mln_image_affine(x, tt, interp, mode, 0.25));
      ASSERT_NE(y, nullptr) << mln_last_error();
      expect_near(tu::values<double>(y),
                  ref_affine(v, n, h, w, c, t, interp == MLN_IMAGE_BILINEAR, mode, 0.25), 1e-9,
                  "interpolation " + std::to_string(interp) + " mode " + std::to_string(mode));
    }
}

TEST(ImageAffine, OneTransformServesTheBatchAndIdentityIsExact) {
  auto v = tu::rnd(2 * 3 * 4 * 1, -1, 1, 12);
  Own own;
  mln_tensor* x = own(tu::make<double>({2, 3, 4, 1}, v));
  mln_tensor* id = own(tu::make<double>({1, 8}, {1, 0, 0, 0, 1, 0, 0, 0}));
  mln_tensor* y = own(mln_image_affine(x, id, MLN_IMAGE_BILINEAR, MLN_FILL_REFLECT, 0));
  EXPECT_EQ(tu::values<double>(y), v);
}

TEST(ImageAffine, NonFiniteCoordinatesTakeTheFillValue) {
  Own own;
  mln_tensor* x = own(tu::make<float>({1, 2, 2, 1}, {1, 2, 3, 4}));
  // k = 1 - x vanishes at column 1; the NaN row poisons every coordinate
  mln_tensor* t = own(tu::make<float>({1, 8}, {1, 0, 0, 0, 1, 0, -1, 0}));
  mln_tensor* y = own(mln_image_affine(x, t, MLN_IMAGE_BILINEAR, MLN_FILL_WRAP, 9));
  auto r = tu::values<float>(y);
  EXPECT_EQ(r[1], 9.0f);
  EXPECT_EQ(r[3], 9.0f);
  mln_tensor* tn = own(tu::make<float>({1, 8}, {NAN, 0, 0, 0, 1, 0, 0, 0}));
  mln_tensor* yn = own(mln_image_affine(x, tn, MLN_IMAGE_NEAREST, MLN_FILL_REFLECT, -1));
  EXPECT_EQ(tu::values<float>(yn), (std::vector<float>{-1, -1, -1, -1}));
  // huge but finite coordinates stay defined
  mln_tensor* th = own(tu::make<float>({1, 8}, {1, 0, 3e38f, 0, 1, -3e38f, 0, 0}));
  for (int mode : {MLN_FILL_REFLECT, MLN_FILL_WRAP, MLN_FILL_CONSTANT, MLN_FILL_NEAREST})
    ASSERT_NE(own(mln_image_affine(x, th, MLN_IMAGE_BILINEAR, mode, 0)), nullptr);
}

TEST(ImageKernels, LargeImagesTakeTheThreadedPathWithTheSameNumbers) {
  // above kParallelGrain elements the rows are split over threads
  const int64_t n = 2, h = 64, w = 90, c = 3;
  auto v = tu::rnd(size_t(n * h * w * c), -1, 1, 21);
  std::vector<double> t = {0.96, -0.28, 14.0, 0.28, 0.96, -11.0, 0, 0,
                           1.25, 0, -11.1, 0, 0.8, 6.3, 0, 0};
  Own own;
  mln_tensor* x = own(tu::make<double>({n, h, w, c}, v));
  mln_tensor* y = own(mln_image_resize(x, 81, 101, MLN_IMAGE_BILINEAR));
  // sample positions are float32, as jax computes them: near column 100 they are up to 6e-6
  // pixels from the exact ones, and the random image changes by up to 2 per pixel
  expect_near(tu::values<double>(y), ref_resize(v, n, h, w, c, 81, 101, true), 5e-5, "resize");
  mln_tensor* a = own(mln_image_affine(x, own(tu::make<double>({n, 8}, t)), MLN_IMAGE_BILINEAR,
                                       MLN_FILL_REFLECT, 0));
  expect_near(tu::values<double>(a), ref_affine(v, n, h, w, c, t, true, MLN_FILL_REFLECT, 0), 1e-9,
              "affine");
}

TEST(ImageKernels, EmptyImagesWithAHugeAxisReturnAtOnce) {
  // numel 0 but 2^48 rows: a kernel that looped over rows would spin for hours
  Own own;
  const int64_t big = int64_t(1) << 48;
  mln_tensor* x = own(mln_empty(MLN_F32, 4, std::vector<int64_t>{1, big, 0, 3}.data()));
  mln_tensor* t = own(tu::make<float>({1, 8}, {1, 0, 0, 0, 1, 0, 0, 0}));
  mln_tensor* y = own(mln_image_affine(x, t, MLN_IMAGE_BILINEAR, MLN_FILL_REFLECT, 0));
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(tu::shape(y), (std::vector<int64_t>{1, big, 0, 3}));
  mln_tensor* c0 = own(mln_empty(MLN_F32, 4, std::vector<int64_t>{1, 2, 2, 0}.data()));
  mln_tensor* r = own(mln_image_resize(c0, big, 5, MLN_IMAGE_BILINEAR));
  ASSERT_NE(r, nullptr) << mln_last_error();
  EXPECT_EQ(tu::shape(r), (std::vector<int64_t>{1, big, 5, 0}));
  mln_tensor* g = own(mln_image_resize_backward(r, 3, big, MLN_IMAGE_NEAREST));
  ASSERT_NE(g, nullptr) << mln_last_error();
  EXPECT_EQ(tu::shape(g), (std::vector<int64_t>{1, 3, big, 0}));
}

TEST(ImageKernels, RejectBadArgumentsWithMessages) {
  Own own;
  mln_tensor* x = own(tu::make<float>({1, 2, 2, 1}, {1, 2, 3, 4}));
  mln_tensor* rank3 = own(tu::make<float>({2, 2, 1}, {1, 2, 3, 4}));
  mln_tensor* ints = own(tu::make<int32_t>({1, 2, 2, 1}, {1, 2, 3, 4}));
  mln_tensor* t = own(tu::make<float>({1, 8}, {1, 0, 0, 0, 1, 0, 0, 0}));
  tu::expect_error(mln_image_resize(rank3, 2, 2, 1), MLN_ERR_SHAPE, "rank 4");
  tu::expect_error(mln_image_resize(x, 0, 2, 1), MLN_ERR_ARGUMENT, "height must be >= 1");
  tu::expect_error(mln_image_resize(x, 2, -5, 1), MLN_ERR_ARGUMENT, "width must be >= 1");
  tu::expect_error(mln_image_resize(x, 2, 2, 7), MLN_ERR_ARGUMENT, "interpolation");
  tu::expect_error(mln_image_resize(ints, 2, 2, 1), MLN_ERR_DTYPE, "float32 or float64");
  tu::expect_error(mln_image_resize(nullptr, 2, 2, 1), MLN_ERR_ARGUMENT, "x");
  tu::expect_error(mln_image_resize(x, int64_t(1) << 40, int64_t(1) << 40, 1), MLN_ERR_SHAPE,
                   "overflows");
  mln_tensor* empty = own(tu::make<float>({1, 0, 2, 1}, {}));
  tu::expect_error(mln_image_resize(empty, 2, 2, 0), MLN_ERR_ARGUMENT, "the height of x");
  tu::expect_error(mln_image_resize_backward(x, 0, 3, 1), MLN_ERR_ARGUMENT, "in_height");
  tu::expect_error(mln_image_affine(x, t, 1, 9, 0), MLN_ERR_ARGUMENT, "fill_mode");
  tu::expect_error(mln_image_affine(x, t, 4, 0, 0), MLN_ERR_ARGUMENT, "interpolation");
  tu::expect_error(mln_image_affine(rank3, t, 1, 0, 0), MLN_ERR_SHAPE, "rank 4");
  mln_tensor* t7 = own(tu::make<float>({1, 7}, {1, 0, 0, 0, 1, 0, 0}));
  tu::expect_error(mln_image_affine(x, t7, 1, 0, 0), MLN_ERR_SHAPE, "transforms must be [1, 8]");
  mln_tensor* t2 = own(tu::make<float>({2, 8}, std::vector<float>(16, 0.0f)));
  tu::expect_error(mln_image_affine(x, t2, 1, 0, 0), MLN_ERR_SHAPE, "transforms");
  mln_tensor* ti = own(tu::make<int32_t>({1, 8}, {1, 0, 0, 0, 1, 0, 0, 0}));
  tu::expect_error(mln_image_affine(x, ti, 1, 0, 0), MLN_ERR_DTYPE, "float32 or float64");
  tu::expect_error(mln_image_affine(x, nullptr, 1, 0, 0), MLN_ERR_ARGUMENT, "transforms");
}
