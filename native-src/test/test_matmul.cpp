#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "dnnl_engine.hpp"

namespace {

template <typename T>
mln_tensor* make(int dtype, std::vector<int64_t> shape, const std::vector<T>& v) {
  return mln_from_data(dtype, int(shape.size()), shape.data(), v.data(),
                       int64_t(v.size() * sizeof(T)));
}

/** Deterministic small values (exact in float32 sums for integer-valued data). */
template <typename T>
std::vector<T> values(int64_t n, int seed) {
  std::vector<T> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[size_t(i)] = T(((i * 7 + seed * 13) % 11) - 5);
  return v;
}

std::vector<int64_t> shape(const mln_tensor* t) {
  std::vector<int64_t> s(static_cast<size_t>(mln_ndim(t)));
  mln_shape(t, s.data());
  return s;
}

/** Reference batched matmul over the *stored* layouts: a (Ba..., ar, ac), b (Bb..., br, bc). */
template <typename T>
std::vector<T> ref_matmul(const std::vector<T>& a, std::vector<int64_t> as, const std::vector<T>& b,
                          std::vector<int64_t> bs, bool ta, bool tb, std::vector<int64_t>& os) {
  const int64_t ar = as[as.size() - 2], ac = as.back(), br = bs[bs.size() - 2], bc = bs.back();
  const int64_t M = ta ? ac : ar, K = ta ? ar : ac, N = tb ? br : bc;
  std::vector<int64_t> ab(as.begin(), as.end() - 2), bb(bs.begin(), bs.end() - 2);
  size_t nb = std::max(ab.size(), bb.size());
  while (ab.size() < nb) ab.insert(ab.begin(), 1);
  while (bb.size() < nb) bb.insert(bb.begin(), 1);
  std::vector<int64_t> ob(nb);
  for (size_t i = 0; i < nb; ++i) ob[i] = std::max(ab[i], bb[i]);
  int64_t batch = 1;
  for (auto d : ob) batch *= d;
  os = ob;
  os.push_back(M);
  os.push_back(N);
  std::vector<T> out(static_cast<size_t>(batch * M * N), T(0));
  for (int64_t o = 0; o < batch; ++o) {
    int64_t rem = o, ai = 0, bi = 0, am = 1, bm = 1;
    for (size_t d = nb; d-- > 0;) {
      int64_t c = rem % ob[d];
      rem /= ob[d];
      ai += (ab[d] == 1 ? 0 : c) * am;
      bi += (bb[d] == 1 ? 0 : c) * bm;
      am *= ab[d];
      bm *= bb[d];
    }
    const T* A = a.data() + ai * M * K;
    const T* B = b.data() + bi * K * N;
    for (int64_t i = 0; i < M; ++i)
      for (int64_t j = 0; j < N; ++j) {
        T s = 0;
        for (int64_t k = 0; k < K; ++k)
          s += (ta ? A[k * M + i] : A[i * K + k]) * (tb ? B[j * K + k] : B[k * N + j]);
        out[size_t((o * M + i) * N + j)] = s;
      }
  }
  return out;
}

template <typename T>
void check_case(int dtype, std::vector<int64_t> as, std::vector<int64_t> bs, bool ta, bool tb,
                double tol) {
  int64_t na = 1, nb = 1;
  for (auto d : as) na *= d;
  for (auto d : bs) nb *= d;
  auto av = values<T>(na, 1), bv = values<T>(nb, 2);
  mln_tensor* a = make<T>(dtype, as, av);
  mln_tensor* b = make<T>(dtype, bs, bv);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  mln_tensor* c = mln_matmul(a, b, ta, tb);
  ASSERT_NE(c, nullptr) << mln_last_error();
  std::vector<int64_t> os;
  auto want = ref_matmul<T>(av, as, bv, bs, ta, tb, os);
  EXPECT_EQ(shape(c), os);
  ASSERT_EQ(mln_numel(c), int64_t(want.size()));
  const T* got = static_cast<const T*>(mln_data(c));
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_NEAR(double(got[i]), double(want[i]), tol) << "element " << i;
  mln_release(a);
  mln_release(b);
  mln_release(c);
}

}  // namespace

TEST(Matmul, Float32AllTransposes) {
  // (M, K, N) = (19, 37, 23) stays under the small-product threshold (our own loop);
  // (45, 67, 89) goes through oneDNN.
  for (std::vector<int64_t> mkn : {std::vector<int64_t>{19, 37, 23}, std::vector<int64_t>{45, 67, 89}})
    for (int ta = 0; ta < 2; ++ta)
      for (int tb = 0; tb < 2; ++tb) {
        const int64_t M = mkn[0], K = mkn[1], N = mkn[2];
        std::vector<int64_t> as = ta ? std::vector<int64_t>{K, M} : std::vector<int64_t>{M, K};
        std::vector<int64_t> bs = tb ? std::vector<int64_t>{N, K} : std::vector<int64_t>{K, N};
        SCOPED_TRACE("M=" + std::to_string(M) + " ta=" + std::to_string(ta) +
                     " tb=" + std::to_string(tb));
        check_case<float>(MLN_F32, as, bs, ta, tb, 1e-3);
      }
}

TEST(Matmul, TinyFloat32ProductsSkipOneDnn) {
  // The book's first model: (32, 2) @ (2, 4) and its backward products create no primitive.
  const int64_t created = mln::dnnl_primitives_created();
  check_case<float>(MLN_F32, {32, 2}, {2, 4}, false, false, 1e-5);
  check_case<float>(MLN_F32, {32, 2}, {32, 4}, true, false, 1e-5);
  check_case<float>(MLN_F32, {32, 4}, {2, 4}, false, true, 1e-5);
  EXPECT_EQ(mln::dnnl_primitives_created(), created);
}

TEST(Matmul, Float64AndIntsAllTransposesAcrossBlocks) {
  // Sizes beyond one block (64 rows, 128 k, 256 columns) exercise the blocked kernel's edges.
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      const int64_t M = 70, K = 133, N = 260;
      std::vector<int64_t> as = ta ? std::vector<int64_t>{K, M} : std::vector<int64_t>{M, K};
      std::vector<int64_t> bs = tb ? std::vector<int64_t>{N, K} : std::vector<int64_t>{K, N};
      SCOPED_TRACE("ta=" + std::to_string(ta) + " tb=" + std::to_string(tb));
      check_case<double>(MLN_F64, as, bs, ta, tb, 1e-9);
      check_case<int32_t>(MLN_I32, as, bs, ta, tb, 0);
      check_case<int64_t>(MLN_I64, {2, as[0], as[1]}, bs, ta, tb, 0);
    }
}

TEST(Matmul, BroadcastBatchDims) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      std::vector<int64_t> as = ta ? std::vector<int64_t>{2, 1, 4, 3} : std::vector<int64_t>{2, 1, 3, 4};
      std::vector<int64_t> bs = tb ? std::vector<int64_t>{5, 2, 4} : std::vector<int64_t>{5, 4, 2};
      SCOPED_TRACE("ta=" + std::to_string(ta) + " tb=" + std::to_string(tb));
      check_case<float>(MLN_F32, as, bs, ta, tb, 1e-4);
      check_case<double>(MLN_F64, as, bs, ta, tb, 1e-12);
      check_case<int32_t>(MLN_I32, as, bs, ta, tb, 0);
    }
  // A shared 2-D b against batched a (folded into one tall GEMM), and a 2-D a against batched b.
  check_case<float>(MLN_F32, {3, 5, 6}, {6, 7}, false, false, 1e-4);
  check_case<float>(MLN_F32, {3, 6, 5}, {6, 7}, true, false, 1e-4);
  check_case<double>(MLN_F64, {3, 5, 6}, {7, 6}, false, true, 1e-12);
  check_case<float>(MLN_F32, {5, 6}, {4, 6, 7}, false, false, 1e-4);
}

TEST(Matmul, Float32MatchesFloat64) {
  const int64_t M = 65, K = 300, N = 47;
  std::vector<double> ad(static_cast<size_t>(M * K)), bd(static_cast<size_t>(K * N));
  for (size_t i = 0; i < ad.size(); ++i) ad[i] = std::sin(double(i) * 0.37);
  for (size_t i = 0; i < bd.size(); ++i) bd[i] = std::cos(double(i) * 0.11);
  std::vector<float> af(ad.begin(), ad.end()), bf(bd.begin(), bd.end());
  mln_tensor* a64 = make<double>(MLN_F64, {M, K}, ad);
  mln_tensor* b64 = make<double>(MLN_F64, {K, N}, bd);
  mln_tensor* a32 = make<float>(MLN_F32, {M, K}, af);
  mln_tensor* b32 = make<float>(MLN_F32, {K, N}, bf);
  mln_tensor* c64 = mln_matmul(a64, b64, 0, 0);
  mln_tensor* c32 = mln_matmul(a32, b32, 0, 0);
  ASSERT_NE(c64, nullptr);
  ASSERT_NE(c32, nullptr);
  const double* p64 = static_cast<const double*>(mln_data(c64));
  const float* p32 = static_cast<const float*>(mln_data(c32));
  for (int64_t i = 0; i < M * N; ++i) ASSERT_NEAR(double(p32[i]), p64[i], 1e-3) << i;
  for (auto* t : {a64, b64, a32, b32, c64, c32}) mln_release(t);
}

TEST(Matmul, ZeroSize) {
  auto run = [](std::vector<int64_t> as, std::vector<int64_t> bs, std::vector<int64_t> want,
                int dtype) {
    mln_tensor* a = mln_full(dtype, int(as.size()), as.data(), 1.0);
    mln_tensor* b = mln_full(dtype, int(bs.size()), bs.data(), 1.0);
    mln_tensor* c = mln_matmul(a, b, 0, 0);
    ASSERT_NE(c, nullptr) << mln_last_error();
    EXPECT_EQ(shape(c), want);
    if (mln_numel(c) > 0) {
      // K == 0: an empty sum is zero.
      if (dtype == MLN_F32)
        for (int64_t i = 0; i < mln_numel(c); ++i) EXPECT_EQ(static_cast<float*>(mln_data(c))[i], 0.f);
      else
        for (int64_t i = 0; i < mln_numel(c); ++i) EXPECT_EQ(static_cast<double*>(mln_data(c))[i], 0.0);
    }
    mln_release(a);
    mln_release(b);
    mln_release(c);
  };
  for (int dt : {MLN_F32, MLN_F64}) {
    run({0, 3}, {3, 4}, {0, 4}, dt);
    run({2, 3}, {3, 0}, {2, 0}, dt);
    run({2, 0}, {0, 4}, {2, 4}, dt);
    run({0, 2, 3}, {3, 4}, {0, 2, 4}, dt);
    run({2, 2, 0}, {1, 0, 4}, {2, 2, 4}, dt);
  }
}

TEST(Matmul, RepeatedShapesReuseThePrimitive) {
  std::vector<int64_t> as{3, 17, 29}, bs{29, 31};
  mln_tensor* a = mln_full(MLN_F32, 3, as.data(), 0.5);
  mln_tensor* b = mln_full(MLN_F32, 2, bs.data(), 2.0);
  mln_tensor* c1 = mln_matmul(a, b, 0, 0);
  ASSERT_NE(c1, nullptr) << mln_last_error();
  const int64_t created = mln::dnnl_primitives_created();
  mln_tensor* c2 = mln_matmul(a, b, 0, 0);
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(mln::dnnl_primitives_created(), created);
  EXPECT_FLOAT_EQ(static_cast<float*>(mln_data(c2))[0], 29.0f);
  // Other transposes are other primitives.
  mln_tensor* c3 = mln_matmul(b, b, 1, 0);
  ASSERT_NE(c3, nullptr);
  EXPECT_EQ(mln::dnnl_primitives_created(), created + 1);
  for (auto* t : {a, b, c1, c2, c3}) mln_release(t);
}

TEST(Matmul, ThreadCountsAgree) {
  std::vector<int64_t> s{96, 96};
  auto av = values<double>(96 * 96, 3), bv = values<double>(96 * 96, 4);
  mln_tensor* a = make<double>(MLN_F64, s, av);
  mln_tensor* b = make<double>(MLN_F64, s, bv);
  mln_set_num_threads(1);
  mln_tensor* c1 = mln_matmul(a, b, 0, 1);
  mln_set_num_threads(0);
  mln_tensor* c2 = mln_matmul(a, b, 0, 1);
  ASSERT_NE(c1, nullptr);
  ASSERT_NE(c2, nullptr);
  EXPECT_EQ(std::memcmp(mln_data(c1), mln_data(c2), size_t(mln_nbytes(c1))), 0);
  for (auto* t : {a, b, c1, c2}) mln_release(t);
}

TEST(Matmul, Errors) {
  std::vector<int64_t> s23{2, 3}, s45{4, 5}, s3{3}, s2x23{2, 2, 3}, s3x34{3, 3, 4};
  mln_tensor* a = mln_full(MLN_F32, 2, s23.data(), 1);
  mln_tensor* b = mln_full(MLN_F32, 2, s45.data(), 1);
  mln_tensor* v = mln_full(MLN_F32, 1, s3.data(), 1);
  mln_tensor* d = mln_full(MLN_F64, 2, s45.data(), 1);
  mln_tensor* i = mln_full(MLN_U8, 2, s23.data(), 1);
  mln_tensor* ba = mln_full(MLN_F32, 3, s2x23.data(), 1);
  mln_tensor* bb = mln_full(MLN_F32, 3, s3x34.data(), 1);

  EXPECT_EQ(mln_matmul(a, b, 0, 0), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_SHAPE);
  EXPECT_NE(std::string(mln_last_error()).find("matmul: a is (2, 3) and b is (4, 5): inner dimensions 3 and 4 differ"),
            std::string::npos)
      << mln_last_error();

  EXPECT_EQ(mln_matmul(a, v, 0, 0), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_SHAPE);
  EXPECT_NE(std::string(mln_last_error()).find("matmul"), std::string::npos);

  EXPECT_EQ(mln_matmul(a, d, 1, 0), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_DTYPE);
  EXPECT_NE(std::string(mln_last_error()).find("float32"), std::string::npos);

  EXPECT_EQ(mln_matmul(i, i, 0, 1), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_DTYPE);
  EXPECT_NE(std::string(mln_last_error()).find("uint8"), std::string::npos);

  EXPECT_EQ(mln_matmul(ba, bb, 0, 0), nullptr);  // batch 2 vs 3
  EXPECT_EQ(mln_last_status(), MLN_ERR_SHAPE);
  EXPECT_NE(std::string(mln_last_error()).find("batch"), std::string::npos);

  EXPECT_EQ(mln_matmul(nullptr, b, 0, 0), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_ARGUMENT);
  for (auto* t : {a, b, v, d, i, ba, bb}) mln_release(t);
}

TEST(Matmul, SharedPrimitiveRunsConcurrentlyWithExactResults) {
  // Four threads multiply their own a by one shared b through one cached oneDNN primitive; each
  // result must equal, bit for bit, the product computed first on one thread. Long reductions make
  // oneDNN split K across threads and sum partial products in its scratchpad: with the library's
  // scratchpad shared by all threads, most results here were another thread's product.
  for (const auto& mkn : std::vector<std::vector<int64_t>>{{1, 8192, 16}, {1, 4096, 64}}) {
    const int64_t M = mkn[0], K = mkn[1], N = mkn[2];
    SCOPED_TRACE("M=" + std::to_string(M) + " K=" + std::to_string(K) + " N=" + std::to_string(N));
    const std::vector<int64_t> as{M, K}, bs{K, N};
    mln_tensor* b = mln_random_normal(MLN_F32, 2, bs.data(), 0, 1, 99, 0);
    ASSERT_NE(b, nullptr);
    constexpr int kThreads = 4;
    std::vector<mln_tensor*> a(kThreads);
    std::vector<std::vector<float>> expected(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      a[t] = mln_random_normal(MLN_F32, 2, as.data(), 0, 1, uint64_t(t), 0);
      mln_tensor* c = mln_matmul(a[t], b, 0, 0);
      ASSERT_NE(c, nullptr);
      const float* p = static_cast<const float*>(mln_data(c));
      expected[t].assign(p, p + M * N);
      mln_release(c);
    }
    std::vector<int> wrong(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 500; ++i) {
          mln_tensor* c = mln_matmul(a[t], b, 0, 0);
          if (c == nullptr ||
              std::memcmp(mln_data(c), expected[t].data(), expected[t].size() * sizeof(float)) != 0)
            ++wrong[t];
          mln_release(c);
        }
      });
    for (auto& th : threads) th.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(wrong[t], 0) << "thread " << t;
      mln_release(a[t]);
    }
    mln_release(b);
  }
}
