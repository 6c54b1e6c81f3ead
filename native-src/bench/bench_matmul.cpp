// fp32 matmul throughput of mln_matmul, one JSON line per case, plus oneDNN's own dnnl_sgemm on
// 1024^3 in the same process as a "peak" reference. `--quick` runs a short smoke subset for CI.
#include <myelin/myelin.h>
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Case {
  const char* kind;
  int64_t M, K, N;
};

struct Timing {
  double best_s;
  int reps;
};

/** Best wall time of fn over up to max_reps runs after one warm-up, stopping early once
 * time_budget_s is spent (at least 2 timed runs). */
Timing best_of(const std::function<void()>& fn, int max_reps, double time_budget_s) {
  fn();  // warm-up: primitive creation, allocator cache, page faults
  double best = 1e30, spent = 0;
  int reps = 0;
  while (reps < max_reps && (reps < 2 || spent < time_budget_s)) {
    auto t0 = Clock::now();
    fn();
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::min(best, s);
    spent += s;
    ++reps;
  }
  return {best, reps};
}

std::vector<float> filled(int64_t n, float scale) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[size_t(i)] = scale * float((i * 37) % 101 - 50) / 50.f;
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else {
      std::fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
      return 2;
    }
  }
  mln_set_num_threads(0);
  const int all_threads = mln_get_num_threads();
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  std::printf(
      "{\"bench\":\"matmul\",\"env\":true,\"myelin\":\"%s\",\"threads\":%d,\"cpu_isa\":\"%s\","
      "\"dnnl\":\"%s\",\"openblas_coretype_set\":%s,\"openblas_coretype\":\"%s\",\"quick\":%s}\n",
      mln_version(), all_threads, mln_cpu_isa(), mln_dnnl_version(), coretype ? "true" : "false",
      coretype ? coretype : "", quick ? "true" : "false");
  std::fflush(stdout);

  std::vector<Case> cases;
  if (quick) {
    cases = {{"square", 256, 256, 256}, {"square", 1024, 1024, 1024}, {"skinny", 32, 784, 512}};
  } else {
    for (int64_t s : {256, 512, 1024, 2048, 4096}) cases.push_back({"square", s, s, s});
    cases.push_back({"skinny", 32, 784, 512});
    cases.push_back({"skinny", 128, 784, 512});
    cases.push_back({"skinny", 4096, 4096, 64});
    cases.push_back({"skinny", 64, 4096, 4096});
  }
  const int max_reps = quick ? 3 : 10;
  const double budget = quick ? 0.3 : 2.0;

  std::vector<int> thread_counts{1};
  if (all_threads > 1) thread_counts.push_back(all_threads);

  for (int threads : thread_counts) {
    mln_set_num_threads(threads);
    omp_set_num_threads(threads);  // dnnl_sgemm runs on the calling thread's OpenMP default

    // Reference: oneDNN's sgemm, 1024^3 (row-major, no transposes).
    const int64_t R = 1024;
    std::vector<float> ra = filled(R * R, 1.f), rb = filled(R * R, 0.5f), rc(size_t(R * R));
    dnnl_status_t st = dnnl_success;
    Timing ref = best_of(
        [&] {
          st = dnnl_sgemm('N', 'N', R, R, R, 1.f, ra.data(), R, rb.data(), R, 0.f, rc.data(), R);
        },
        max_reps, budget);
    const double ref_gflops = 2.0 * R * R * R / ref.best_s * 1e-9;
    std::printf(
        "{\"bench\":\"matmul\",\"case\":\"dnnl_sgemm_reference\",\"M\":%lld,\"K\":%lld,\"N\":%lld,"
        "\"threads\":%d,\"reps\":%d,\"best_ms\":%.3f,\"gflops\":%.2f,\"ok\":%s}\n",
        (long long)R, (long long)R, (long long)R, threads, ref.reps, ref.best_s * 1e3, ref_gflops,
        st == dnnl_success ? "true" : "false");
    std::fflush(stdout);

    for (const Case& c : cases) {
      int64_t as[] = {c.M, c.K}, bs[] = {c.K, c.N};
      std::vector<float> av = filled(c.M * c.K, 1.f), bv = filled(c.K * c.N, 0.5f);
      mln_tensor* a = mln_from_data(MLN_F32, 2, as, av.data(), int64_t(av.size() * 4));
      mln_tensor* b = mln_from_data(MLN_F32, 2, bs, bv.data(), int64_t(bv.size() * 4));
      if (!a || !b) {
        std::fprintf(stderr, "bench_matmul: input allocation failed: %s\n", mln_last_error());
        return 1;
      }
      bool ok = true;
      // Each iteration releases its output, so the caching allocator hands the same block back
      // and the timing excludes fresh page faults, as in a training loop.
      Timing t = best_of(
          [&] {
            mln_tensor* out = mln_matmul(a, b, 0, 0);
            if (!out) ok = false;
            mln_release(out);
          },
          max_reps, budget);
      const double gflops = 2.0 * double(c.M) * double(c.K) * double(c.N) / t.best_s * 1e-9;
      std::string ratio;
      if (c.M == R && c.K == R && c.N == R) {
        char buf[64];
        std::snprintf(buf, sizeof buf, ",\"ratio_to_sgemm\":%.3f", gflops / ref_gflops);
        ratio = buf;
      }
      std::printf(
          "{\"bench\":\"matmul\",\"case\":\"%s\",\"M\":%lld,\"K\":%lld,\"N\":%lld,\"threads\":%d,"
          "\"reps\":%d,\"best_ms\":%.3f,\"gflops\":%.2f%s,\"ok\":%s}\n",
          c.kind, (long long)c.M, (long long)c.K, (long long)c.N, threads, t.reps,
          t.best_s * 1e3, gflops, ratio.c_str(), ok ? "true" : "false");
      std::fflush(stdout);
      mln_release(a);
      mln_release(b);
      if (!ok) {
        std::fprintf(stderr, "bench_matmul: mln_matmul failed: %s\n", mln_last_error());
        return 1;
      }
    }
  }
  mln_set_num_threads(0);
  return 0;
}
