// Size arithmetic that must not overflow (issue 10, items 1-2) and float -> int conversions with
// numpy's results (item 8). Before the checked helpers, each overflowing call here returned a
// tensor whose buffer was far smaller than its shape (and the kernels wrote past it) or spun in
// the allocator.
#include <cmath>
#include <limits>

#include "core.hpp"
#include "test_util.hpp"

using namespace tu;

namespace {
constexpr int64_t H = (int64_t(1) << 62) + 1;  // H * 4 wraps to 4
}

TEST(Sizes, OverflowingShapesAreShapeErrors) {
  const int64_t s2[] = {H, 4};
  EXPECT_EQ(mln_empty(MLN_F32, 2, s2), nullptr);
  expect_error(MLN_ERR_SHAPE, "empty: shape (4611686018427387905, 4) has more than");
  const int64_t s3[] = {int64_t(1) << 32, int64_t(1) << 32};
  EXPECT_EQ(mln_full(MLN_F64, 2, s3, 1.0), nullptr);
  expect_error(MLN_ERR_SHAPE, "full: shape (4294967296, 4294967296)");
  // A zero dimension does not excuse an overflowing product of the others (numpy's rule too).
  const int64_t s4[] = {0, H, 4};
  EXPECT_EQ(mln_empty(MLN_U8, 3, s4), nullptr);
  expect_error(MLN_ERR_SHAPE, "empty: shape (0, 4611686018427387905, 4)");
  EXPECT_EQ(mln_eye(MLN_F32, int64_t(1) << 32, int64_t(1) << 32, 0), nullptr);
  expect_error(MLN_ERR_SHAPE, "eye: shape (4294967296, 4294967296)");
}

TEST(Sizes, UnaddressableBytesAreMemoryErrorsAtOnce) {
  // Element counts that fit int64 but bytes that no machine has: an immediate MLN_ERR_MEMORY
  // naming the op, shape and bytes (these used to spin forever in the allocator's size classes).
  EXPECT_EQ(mln_arange(MLN_I64, 0, 1, INT64_MAX), nullptr);
  expect_error(MLN_ERR_MEMORY, "arange: shape (9223372036854775807,) of int64 needs more than 2^63 bytes");
  EXPECT_EQ(mln_arange(MLN_I64, 0, 1, int64_t(1) << 62), nullptr);
  expect_error(MLN_ERR_MEMORY, "arange: shape (4611686018427387904,)");
  const int64_t s[] = {int64_t(1) << 62};
  EXPECT_EQ(mln_empty(MLN_I32, 1, s), nullptr);
  expect_error(MLN_ERR_MEMORY, "bytes (2^56)");
  EXPECT_EQ(mln_linspace(MLN_F32, 0, 1, H), nullptr);
  expect_error(MLN_ERR_MEMORY, "linspace: shape (4611686018427387905,) of float32");
  EXPECT_EQ(mln_random_permutation(H, 7, 0), nullptr);
  expect_error(MLN_ERR_MEMORY, "random_permutation");
  const int64_t r[] = {int64_t(1) << 61};
  EXPECT_EQ(mln_random_uniform(MLN_I64, 1, r, 0, 1, 42, 0), nullptr);
  expect_error(MLN_ERR_MEMORY, "random_uniform: shape (2305843009213693952,) of int64 needs more than 2^63");
}

TEST(Sizes, ShapeOpOutputsAreChecked) {
  Own own;
  const int64_t four[] = {4};
  auto* x = own(mln_full(MLN_F32, 1, four, 1.0));
  const int64_t reps[] = {H};
  EXPECT_EQ(mln_tile(x, reps), nullptr);
  expect_error(MLN_ERR_SHAPE, "tile: a tiled axis overflows");
  EXPECT_EQ(mln_repeat(x, H, 0), nullptr);
  expect_error(MLN_ERR_SHAPE, "repeat: the repeated axis overflows");
  const int64_t big = INT64_MAX - (int64_t(1) << 19) + 1;
  const int64_t before[] = {big}, after[] = {big};
  EXPECT_EQ(mln_pad(x, before, after, 0.0), nullptr);
  expect_error(MLN_ERR_SHAPE, "pad: a padded axis overflows");
  const int64_t s41[] = {4, 1};
  auto* idx = own(mln_arange(MLN_I64, 0, 1, 4));
  auto* idx2 = own(mln_reshape(idx, 2, s41));
  EXPECT_EQ(mln_one_hot(idx2, int64_t(1) << 62, MLN_U8, 1, 0), nullptr);
  expect_error(MLN_ERR_SHAPE, "one_hot: shape (4, 1, 4611686018427387904)");
  const int64_t wrap[] = {H, 1};  // H * 1 == H but H * 4 elements wrap: reshape must see that
  const int64_t s144[] = {H, 4, 36};
  const int64_t n144[] = {144};
  auto* z = own(mln_full(MLN_F32, 1, n144, 0.0));
  EXPECT_EQ(mln_reshape(z, 3, s144), nullptr);
  expect_error(MLN_ERR_SHAPE, "reshape: shape (4611686018427387905, 4, 36) has more than");
  EXPECT_EQ(mln_reshape(z, 2, wrap), nullptr);
  expect_error(MLN_ERR_SHAPE, "reshape: cannot reshape (144,)");
}

TEST(Sizes, SliceWithExtremeStepsStaysInBounds) {
  Own own;
  auto* x = own(mln_arange(MLN_F64, 0, 1, 6));
  const int64_t st[] = {1}, sp[] = {6}, big[] = {INT64_MAX}, neg[] = {INT64_MIN};
  EXPECT_EQ(values<double>(own(mln_slice(x, st, sp, big))), (std::vector<double>{1}));
  const int64_t st2[] = {5}, sp2[] = {-1};
  EXPECT_EQ(values<double>(own(mln_slice(x, st2, sp2, neg))), (std::vector<double>{5}));
  const int64_t m2[] = {-2};
  EXPECT_EQ(values<double>(own(mln_slice(x, st2, sp2, m2))), (std::vector<double>{5, 3, 1}));
}

TEST(Sizes, AllocatorRejectsUnservableRequests) {
  // The public API caps tensors at 2^56 bytes; the allocator itself must still fail at once (not
  // loop in its size classes) for a request near SIZE_MAX.
  try {
    mln::cached_alloc(SIZE_MAX - 8);
    ADD_FAILURE() << "cached_alloc(SIZE_MAX - 8) returned";
  } catch (const mln::Error& e) {
    EXPECT_EQ(e.status, MLN_ERR_MEMORY);
  }
  const int64_t s[] = {int64_t(1) << 60};
  EXPECT_EQ(mln_wrap(MLN_F64, 1, s, reinterpret_cast<void*>(64), nullptr, 0), nullptr);
  expect_error(MLN_ERR_MEMORY, "wrap: shape (1152921504606846976,) of float64");
}

// Expected values printed by numpy 2.4.6 on x86-64:
//   np.array([nan, inf, -inf, 3e9, -3e9, 1e20, -1e20, 2.7, -2.7, 300., -1., 256., 2147483647.,
//             2147483648., -2147483649., 9.3e18]).astype(...)
namespace {
const std::vector<double> kCastSrc = {NAN, INFINITY, -INFINITY, 3e9, -3e9, 1e20, -1e20, 2.7,
                                      -2.7, 300.0, -1.0, 256.0, 2147483647.0, 2147483648.0,
                                      -2147483649.0, 9.3e18};
constexpr int32_t I32MIN = std::numeric_limits<int32_t>::min();
constexpr int64_t I64MIN = std::numeric_limits<int64_t>::min();
const std::vector<int32_t> kNumpyI32 = {I32MIN, I32MIN, I32MIN, I32MIN, I32MIN, I32MIN, I32MIN, 2,
                                        -2, 300, -1, 256, 2147483647, I32MIN, I32MIN, I32MIN};
const std::vector<int64_t> kNumpyI64 = {I64MIN, I64MIN, I64MIN, 3000000000, -3000000000, I64MIN,
                                        I64MIN, 2, -2, 300, -1, 256, 2147483647, 2147483648,
                                        -2147483649, I64MIN};
const std::vector<uint8_t> kNumpyU8 = {0, 0, 0, 0, 0, 0, 0, 2, 254, 44, 255, 0, 255, 0, 0, 0};
}  // namespace

TEST(Casts, FloatToIntMatchesNumpy) {
  Own own;
  auto* x = own(make<double>({16}, kCastSrc));
  EXPECT_EQ(values<int32_t>(own(mln_cast(x, MLN_I32))), kNumpyI32);
  EXPECT_EQ(values<int64_t>(own(mln_cast(x, MLN_I64))), kNumpyI64);
  EXPECT_EQ(values<uint8_t>(own(mln_cast(x, MLN_U8))), kNumpyU8);
  EXPECT_EQ(values<bool>(own(mln_cast(x, MLN_BOOL))), std::vector<bool>(16, true));
  // float32 sources: numpy gives the same (2147483647.0 rounds to 2^31 in float32, so its int32
  // is INT32_MIN and its uint8 is 0).
  auto* xf = own(mln_cast(x, MLN_F32));
  auto i32 = values<int32_t>(own(mln_cast(xf, MLN_I32)));
  EXPECT_EQ(i32[12], I32MIN);
  EXPECT_EQ(values<int64_t>(own(mln_cast(xf, MLN_I64)))[12], 2147483648);
  EXPECT_EQ(values<uint8_t>(own(mln_cast(xf, MLN_U8)))[12], 0);
}

TEST(Casts, FullAndPadAndOneHotConvertLikeCast) {
  Own own;
  const int64_t three[] = {3};
  EXPECT_EQ(values<int32_t>(own(mln_full(MLN_I32, 1, three, NAN))), std::vector<int32_t>(3, I32MIN));
  EXPECT_EQ(values<int64_t>(own(mln_full(MLN_I64, 1, three, INFINITY))), std::vector<int64_t>(3, I64MIN));
  EXPECT_EQ(values<uint8_t>(own(mln_full(MLN_U8, 1, three, -1.0))), std::vector<uint8_t>(3, 255));
  EXPECT_EQ(values<uint8_t>(own(mln_full(MLN_U8, 1, three, 300.0))), std::vector<uint8_t>(3, 44));
  auto* x = own(mln_full(MLN_I32, 1, three, 7));
  const int64_t one[] = {1};
  EXPECT_EQ(values<int32_t>(own(mln_pad(x, one, one, 3e9))),
            (std::vector<int32_t>{I32MIN, 7, 7, 7, I32MIN}));
  auto* idx = own(mln_arange(MLN_I32, 0, 1, 2));
  EXPECT_EQ(values<int32_t>(own(mln_one_hot(idx, 2, MLN_I32, NAN, -2.7))),
            (std::vector<int32_t>{I32MIN, -2, -2, I32MIN}));
}

TEST(Sizes, EmptyTensorsWithHugeAxesFinishAtOnce) {
  // Loops over an axis instead of over elements spun 2^48 times here (found by FuzzTest).
  Own own;
  const int64_t s[] = {int64_t(1) << 48, 3, 0};
  auto* x = own(mln_empty(MLN_I32, 3, s));
  ASSERT_NE(x, nullptr);
  const int64_t one[] = {1};
  auto* idx = own(mln_arange(MLN_I64, 0, 1, 1));
  auto* i0 = own(mln_reshape(idx, 0, one));
  auto* t = own(mln_take(x, i0, 1));
  ASSERT_NE(t, nullptr) << mln_last_error();
  EXPECT_EQ(shape(t), (std::vector<int64_t>{int64_t(1) << 48, 0}));
  auto* e = own(mln_eye(MLN_F32, int64_t(1) << 48, 0, -2));
  ASSERT_NE(e, nullptr) << mln_last_error();
  EXPECT_EQ(mln_numel(e), 0);
  const int64_t reps[] = {1, 1, int64_t(1) << 48};
  EXPECT_EQ(mln_numel(own(mln_tile(x, reps))), 0);
  EXPECT_EQ(mln_numel(own(mln_repeat(x, int64_t(1) << 48, 2))), 0);
}
