#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include "test_util.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

namespace {

using Shape = std::vector<int64_t>;

int64_t count(const Shape& s) {
  int64_t n = 1;
  for (auto d : s) n *= d;
  return n;
}

using tu::expect_error;
using tu::iota;
using tu::shape;
using tu::values;

/** Multi-index of flat index i in shape s. */
Shape unravel(int64_t i, const Shape& s) {
  Shape idx(s.size());
  for (size_t d = s.size(); d-- > 0;) {
    idx[d] = i % s[d];
    i /= s[d];
  }
  return idx;
}
int64_t ravel(const Shape& idx, const Shape& s) {
  int64_t f = 0;
  for (size_t d = 0; d < s.size(); ++d) f = f * s[d] + idx[d];
  return f;
}

}  // namespace

TEST(Permute, MatchesReferenceForManyPermutations) {
  Shape s{3, 4, 5, 6};
  for (int dt : {MLN_F32, MLN_F64, MLN_U8}) {
    mln_tensor* x = dt == MLN_F64 ? iota<double>(dt, s) : dt == MLN_F32 ? iota<float>(dt, s) : iota<uint8_t>(dt, s);
    std::vector<int> perm{0, 1, 2, 3};
    do {
      mln_tensor* y = mln_permute(x, perm.data());
      ASSERT_NE(y, nullptr) << mln_last_error();
      Shape os(4);
      for (int i = 0; i < 4; ++i) os[size_t(i)] = s[size_t(perm[size_t(i)])];
      ASSERT_EQ(shape(y), os);
      for (int64_t i = 0; i < count(os); ++i) {
        Shape oi = unravel(i, os), xi(4);
        for (int d = 0; d < 4; ++d) xi[size_t(perm[size_t(d)])] = oi[size_t(d)];
        const int64_t want = ravel(xi, s);
        double got = dt == MLN_F64   ? static_cast<double*>(mln_data(y))[i]
                     : dt == MLN_F32 ? static_cast<float*>(mln_data(y))[i]
                                     : static_cast<uint8_t*>(mln_data(y))[i];
        ASSERT_EQ(got, double(dt == MLN_U8 ? want % 256 : want));
      }
      mln_release(y);
    } while (std::next_permutation(perm.begin(), perm.end()));
    mln_release(x);
  }
}

TEST(Permute, LargeTransposeUsesTilesAndThreads) {
  Shape s{2, 333, 517};
  mln_tensor* x = iota<float>(MLN_F32, s);
  int perm[] = {0, 2, 1};
  mln_tensor* y = mln_permute(x, perm);
  ASSERT_NE(y, nullptr);
  const float* p = static_cast<const float*>(mln_data(y));
  for (int64_t b = 0; b < 2; ++b)
    for (int64_t j = 0; j < 517; ++j)
      for (int64_t i = 0; i < 333; ++i)
        ASSERT_EQ(p[(b * 517 + j) * 333 + i], float((b * 333 + i) * 517 + j));
  mln_release(x);
  mln_release(y);
}

TEST(Permute, Errors) {
  Shape s{2, 3, 4};
  mln_tensor* x = iota<float>(MLN_F32, s);
  int dup[] = {0, 1, 1}, big[] = {0, 3, 1};
  expect_error(mln_permute(x, dup), MLN_ERR_ARGUMENT, "permute: perm[2] = 1 repeats an axis");
  expect_error(mln_permute(x, big), MLN_ERR_ARGUMENT, "permute: perm[1] = 3 is out of range");
  expect_error(mln_permute(x, nullptr), MLN_ERR_ARGUMENT, "permute");
  mln_release(x);
}

TEST(Slice, PositiveAndNegativeSteps) {
  Shape s{5, 7};
  mln_tensor* x = iota<int32_t>(MLN_I32, s);
  struct Case {
    int64_t st[2], sp[2], step[2];
  };
  const Case cases[] = {
      {{1, 0}, {4, 7}, {1, 2}},    // x[1:4, ::2]
      {{4, 6}, {-1, -1}, {-1, -1}},  // x[::-1, ::-1]
      {{4, 5}, {0, 1}, {-2, -3}},  // x[4:0:-2, 5:1:-3]
      {{0, 2}, {5, 3}, {1, 1}},    // a single column
      {{3, 0}, {3, 7}, {1, 1}},    // empty rows
      {{2, 6}, {2, 0}, {-1, -1}},  // empty with a negative step
  };
  for (const Case& c : cases) {
    mln_tensor* y = mln_slice(x, c.st, c.sp, c.step);
    ASSERT_NE(y, nullptr) << mln_last_error();
    std::vector<int32_t> want;
    Shape ws(2);
    std::vector<int64_t> rows, cols;
    for (int64_t r = c.st[0]; c.step[0] > 0 ? r < c.sp[0] : r > c.sp[0]; r += c.step[0]) rows.push_back(r);
    for (int64_t k = c.st[1]; c.step[1] > 0 ? k < c.sp[1] : k > c.sp[1]; k += c.step[1]) cols.push_back(k);
    for (auto r : rows)
      for (auto k : cols) want.push_back(int32_t(r * 7 + k));
    EXPECT_EQ(shape(y), (Shape{int64_t(rows.size()), int64_t(cols.size())}));
    EXPECT_EQ(values<int32_t>(y), want);
    mln_release(y);
  }
  mln_release(x);
}

TEST(Slice, BackwardScattersIntoZeros) {
  Shape s{4, 6};
  int64_t st[] = {3, 1}, sp[] = {-1, 6}, step[] = {-2, 2};  // rows 3, 1; cols 1, 3, 5
  Shape gs{2, 3};
  mln_tensor* gy = iota<float>(MLN_F32, gs);
  mln_tensor* gx = mln_slice_backward(gy, 2, s.data(), st, sp, step);
  ASSERT_NE(gx, nullptr) << mln_last_error();
  std::vector<float> want(24, 0.f);
  int64_t rows[] = {3, 1}, cols[] = {1, 3, 5};
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) want[size_t(rows[i] * 6 + cols[j])] = float(i * 3 + j);
  EXPECT_EQ(values<float>(gx), want);
  // Round trip: slicing the gradient back gives gy.
  mln_tensor* back = mln_slice(gx, st, sp, step);
  EXPECT_EQ(values<float>(back), values<float>(gy));
  mln_release(back);
  mln_release(gx);

  Shape wrong{3, 3};
  mln_tensor* bad = iota<float>(MLN_F32, wrong);
  expect_error(mln_slice_backward(bad, 2, s.data(), st, sp, step), MLN_ERR_SHAPE,
               "slice_backward: gy has shape (3, 3) but the slice of (4, 6) has shape (2, 3)");
  mln_release(bad);
  mln_release(gy);
}

TEST(Slice, Errors) {
  Shape s{4, 6};
  mln_tensor* x = iota<float>(MLN_F32, s);
  int64_t st[] = {0, 0}, sp[] = {4, 6}, zero[] = {1, 0};
  expect_error(mln_slice(x, st, sp, zero), MLN_ERR_ARGUMENT, "slice: step of axis 1 is 0");
  int64_t st2[] = {0, 7}, step[] = {1, 1};
  expect_error(mln_slice(x, st2, sp, step), MLN_ERR_INDEX, "slice: axis 1 of size 6");
  int64_t st3[] = {4, 0}, sp3[] = {0, 6}, step3[] = {-1, 1};  // start 4 is past the end
  expect_error(mln_slice(x, st3, sp3, step3), MLN_ERR_INDEX, "slice: axis 0 of size 4");
  mln_release(x);
}

TEST(Concat, AlongEachAxis) {
  mln_tensor* a = iota<float>(MLN_F32, {2, 3, 4});
  for (int axis = 0; axis < 3; ++axis) {
    Shape bs{2, 3, 4};
    bs[size_t(axis)] = 5;
    mln_tensor* b = mln_full(MLN_F32, 3, bs.data(), -1.0);
    mln_tensor* xs[] = {a, b, a};
    mln_tensor* y = mln_concat(3, xs, axis - 3);  // negative axes
    ASSERT_NE(y, nullptr) << mln_last_error();
    Shape os{2, 3, 4};
    os[size_t(axis)] = Shape{2, 3, 4}[size_t(axis)] * 2 + 5;
    ASSERT_EQ(shape(y), os);
    const float* p = static_cast<const float*>(mln_data(y));
    const int64_t na = Shape{2, 3, 4}[size_t(axis)];
    for (int64_t i = 0; i < count(os); ++i) {
      Shape oi = unravel(i, os);
      int64_t k = oi[size_t(axis)];
      float want;
      if (k < na || k >= na + 5) {
        oi[size_t(axis)] = k < na ? k : k - na - 5;
        want = float(ravel(oi, {2, 3, 4}));
      } else {
        want = -1.f;
      }
      ASSERT_EQ(p[i], want) << "axis " << axis << " i " << i;
    }
    mln_release(y);
    mln_release(b);
  }
  mln_release(a);
}

TEST(Concat, Errors) {
  mln_tensor* a = iota<float>(MLN_F32, {3, 4});
  mln_tensor* b = iota<float>(MLN_F32, {2, 5});
  mln_tensor* c = iota<double>(MLN_F64, {3, 4});
  mln_tensor* ab[] = {a, a, b};
  expect_error(mln_concat(3, ab, 0), MLN_ERR_SHAPE,
               "concat: input 2 has shape (2, 5), expected (*, 4)");
  mln_tensor* ac[] = {a, c};
  expect_error(mln_concat(2, ac, 0), MLN_ERR_DTYPE, "concat: input 1 is float64 but input 0 is float32");
  expect_error(mln_concat(0, ab, 0), MLN_ERR_ARGUMENT, "concat: needs at least one tensor");
  expect_error(mln_concat(1, ab, 2), MLN_ERR_ARGUMENT, "concat: axis 2 is out of range");
  for (auto* t : {a, b, c}) mln_release(t);
}

TEST(Stack, InsertsAxis) {
  mln_tensor* a = iota<int64_t>(MLN_I64, {2, 3});
  mln_tensor* b = mln_full(MLN_I64, 2, Shape{2, 3}.data(), 100);
  mln_tensor* xs[] = {a, b};
  for (int axis = 0; axis < 3; ++axis) {
    mln_tensor* y = mln_stack(2, xs, axis);
    ASSERT_NE(y, nullptr) << mln_last_error();
    Shape os{2, 3};
    os.insert(os.begin() + axis, 2);
    ASSERT_EQ(shape(y), os);
    const int64_t* p = static_cast<const int64_t*>(mln_data(y));
    for (int64_t i = 0; i < 12; ++i) {
      Shape oi = unravel(i, os);
      int64_t which = oi[size_t(axis)];
      oi.erase(oi.begin() + axis);
      ASSERT_EQ(p[i], which == 0 ? ravel(oi, {2, 3}) : 100);
    }
    mln_release(y);
  }
  mln_tensor* c = iota<int64_t>(MLN_I64, {3, 2});
  mln_tensor* d = iota<int32_t>(MLN_I32, {2, 3});
  mln_tensor* ac[] = {a, c};
  mln_tensor* ad[] = {a, d};
  expect_error(mln_stack(2, ac, 0), MLN_ERR_SHAPE, "stack: input 1 has shape (3, 2), expected input 0's shape (2, 3)");
  expect_error(mln_stack(2, ad, 0), MLN_ERR_DTYPE, "stack: input 1 is int32");
  expect_error(mln_stack(0, ac, 0), MLN_ERR_ARGUMENT, "stack");
  expect_error(mln_stack(2, xs, 3), MLN_ERR_ARGUMENT, "stack: axis 3");
  for (auto* t : {a, b, c, d}) mln_release(t);
}

TEST(Split, PiecesAndErrors) {
  mln_tensor* x = iota<float>(MLN_F32, {3, 7});
  int64_t sizes[] = {2, 0, 5};
  mln_tensor* outs[3];
  ASSERT_EQ(mln_split(x, 3, sizes, -1, outs), MLN_OK) << mln_last_error();
  EXPECT_EQ(shape(outs[0]), (Shape{3, 2}));
  EXPECT_EQ(shape(outs[1]), (Shape{3, 0}));
  EXPECT_EQ(shape(outs[2]), (Shape{3, 5}));
  EXPECT_EQ(values<float>(outs[0]), (std::vector<float>{0, 1, 7, 8, 14, 15}));
  EXPECT_EQ(values<float>(outs[2])[5], 9.f);
  for (auto* t : outs) mln_release(t);

  int64_t bad[] = {2, 2, 2};
  mln_tensor* o2[3] = {x, x, x};
  EXPECT_EQ(mln_split(x, 3, bad, 1, o2), MLN_ERR_SHAPE);
  EXPECT_EQ(mln_last_status(), MLN_ERR_SHAPE);
  EXPECT_NE(std::string(mln_last_error()).find("split: sizes sum to 6 but axis 1 of (3, 7) has size 7"),
            std::string::npos)
      << mln_last_error();
  for (auto* t : o2) EXPECT_EQ(t, nullptr);
  EXPECT_EQ(mln_split(x, 0, bad, 1, o2), MLN_ERR_ARGUMENT);
  EXPECT_EQ(mln_split(x, 3, bad, 2, o2), MLN_ERR_ARGUMENT);
  EXPECT_NE(std::string(mln_last_error()).find("split: axis 2"), std::string::npos);
  mln_release(x);
}

TEST(Pad, ConstantBorders) {
  mln_tensor* x = iota<double>(MLN_F64, {2, 3});
  int64_t before[] = {1, 0}, after[] = {2, 2};
  mln_tensor* y = mln_pad(x, before, after, 9.5);
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(shape(y), (Shape{5, 5}));
  std::vector<double> got = values<double>(y);
  for (int64_t r = 0; r < 5; ++r)
    for (int64_t c = 0; c < 5; ++c) {
      bool inside = r >= 1 && r < 3 && c < 3;
      EXPECT_EQ(got[size_t(r * 5 + c)], inside ? double((r - 1) * 3 + c) : 9.5);
    }
  int64_t neg[] = {0, -1};
  expect_error(mln_pad(x, before, neg, 0), MLN_ERR_ARGUMENT, "pad: axis 1 has padding (0, -1)");
  mln_release(y);
  mln_release(x);
}

TEST(Tile, MatchesNumpy) {
  mln_tensor* x = iota<int32_t>(MLN_I32, {2, 3});
  int64_t reps[] = {2, 3};
  mln_tensor* y = mln_tile(x, reps);
  ASSERT_NE(y, nullptr) << mln_last_error();
  EXPECT_EQ(shape(y), (Shape{4, 9}));
  std::vector<int32_t> got = values<int32_t>(y);
  for (int64_t r = 0; r < 4; ++r)
    for (int64_t c = 0; c < 9; ++c) EXPECT_EQ(got[size_t(r * 9 + c)], int32_t((r % 2) * 3 + c % 3));
  int64_t zero[] = {0, 1};
  mln_tensor* z = mln_tile(x, zero);
  ASSERT_NE(z, nullptr);
  EXPECT_EQ(shape(z), (Shape{0, 3}));
  int64_t neg[] = {1, -2};
  expect_error(mln_tile(x, neg), MLN_ERR_ARGUMENT, "tile: reps[1] = -2 is negative");
  for (auto* t : {x, y, z}) mln_release(t);
}

TEST(Repeat, MatchesNumpy) {
  mln_tensor* x = iota<float>(MLN_F32, {2, 3});
  mln_tensor* y0 = mln_repeat(x, 2, 0);
  mln_tensor* y1 = mln_repeat(x, 3, -1);
  ASSERT_NE(y0, nullptr);
  ASSERT_NE(y1, nullptr);
  EXPECT_EQ(shape(y0), (Shape{4, 3}));
  EXPECT_EQ(values<float>(y0), (std::vector<float>{0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}));
  EXPECT_EQ(shape(y1), (Shape{2, 9}));
  EXPECT_EQ(values<float>(y1),
            (std::vector<float>{0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5}));
  expect_error(mln_repeat(x, -1, 0), MLN_ERR_ARGUMENT, "repeat: repeats = -1");
  expect_error(mln_repeat(x, 2, 2), MLN_ERR_ARGUMENT, "repeat: axis 2");
  for (auto* t : {x, y0, y1}) mln_release(t);
}

TEST(ShapeOps, LargeCopiesAgreeAcrossThreadCounts) {
  // Big enough to take the parallel paths (chunked memcpy runs, tiles split over threads).
  mln_tensor* x = iota<float>(MLN_F32, {1, 700, 300});
  int perm[] = {2, 1, 0};
  int64_t reps[] = {1, 2, 1};
  mln_set_num_threads(1);
  mln_tensor* p1 = mln_permute(x, perm);
  mln_tensor* t1 = mln_tile(x, reps);
  mln_set_num_threads(0);
  mln_tensor* p2 = mln_permute(x, perm);
  mln_tensor* t2 = mln_tile(x, reps);
  ASSERT_NE(p2, nullptr);
  ASSERT_NE(t2, nullptr);
  EXPECT_EQ(values<float>(p1), values<float>(p2));
  EXPECT_EQ(values<float>(t1), values<float>(t2));
  EXPECT_EQ(values<float>(p2)[1], 300.f);
  EXPECT_EQ(values<float>(t2)[700 * 300 + 5], 5.f);
  for (auto* t : {x, p1, p2, t1, t2}) mln_release(t);
}
