#include "test_util.hpp"

using namespace tu;

TEST(Creation, Arange) {
  Own own;
  EXPECT_EQ(values<double>(own(mln_arange(MLN_F64, 1, 0.5, 4))), (std::vector<double>{1, 1.5, 2, 2.5}));
  EXPECT_EQ(values<int32_t>(own(mln_arange(MLN_I32, 5, -2, 3))), (std::vector<int32_t>{5, 3, 1}));
  EXPECT_EQ(mln_numel(own(mln_arange(MLN_F32, 0, 1, 0))), 0);
  EXPECT_EQ(mln_arange(MLN_F32, 0, 1, -1), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "arange: n must be >= 0, got -1");
  EXPECT_EQ(mln_arange(17, 0, 1, 2), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_DTYPE);
  mln_clear_error();
}

TEST(Creation, Linspace) {
  Own own;
  EXPECT_EQ(values<double>(own(mln_linspace(MLN_F64, 0, 1, 5))), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
  EXPECT_EQ(values<double>(own(mln_linspace(MLN_F64, 3, 7, 1))), (std::vector<double>{3}));
  auto v = values<float>(own(mln_linspace(MLN_F32, -1, 0.3, 7)));
  EXPECT_EQ(v.back(), 0.3f);  // endpoint exact
  EXPECT_EQ(values<int64_t>(own(mln_linspace(MLN_I64, -1, 1, 4))), (std::vector<int64_t>{-1, -1, 0, 1}));
  EXPECT_EQ(mln_numel(own(mln_linspace(MLN_F32, 0, 1, 0))), 0);
}

TEST(Creation, Eye) {
  Own own;
  EXPECT_EQ(values<float>(own(mln_eye(MLN_F32, 2, 3, 0))), (std::vector<float>{1, 0, 0, 0, 1, 0}));
  EXPECT_EQ(values<int32_t>(own(mln_eye(MLN_I32, 3, 2, -1))), (std::vector<int32_t>{0, 0, 1, 0, 0, 1}));
  EXPECT_EQ(values<bool>(own(mln_eye(MLN_BOOL, 2, 2, 1))), (std::vector<bool>{0, 1, 0, 0}));
  EXPECT_EQ(values<double>(own(mln_eye(MLN_F64, 2, 2, INT64_MAX))), (std::vector<double>{0, 0, 0, 0}));
  EXPECT_EQ(mln_eye(MLN_F32, -1, 2, 0), nullptr);
  expect_error(MLN_ERR_ARGUMENT, "eye: rows and cols must be >= 0, got -1 and 2");
}
