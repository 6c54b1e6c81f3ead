// Bandwidth of add, mul, exp, a full sum and the fused Adam update (float32) against memcpy moving
// the same bytes, one JSON line per case. Usage: bench_eltwise [--quick] [--sizes BYTES,...]
#include <myelin/myelin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace {

double best_seconds(int reps, const std::function<void()>& fn) {
  fn();  // warm-up: first touch of the pages, allocator cache filled
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::vector<int64_t> given;  // --sizes: operand bytes to measure instead of the sweep
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) {
      for (char* p = argv[++i]; *p;) {
        char* end = nullptr;
        long long b = std::strtoll(p, &end, 10);
        if (end == p || b < 4) {
          std::fprintf(stderr, "bench_eltwise: --sizes expects byte counts >= 4, e.g. 2140160,4096\n");
          return 2;
        }
        given.push_back(b);
        p = *end == ',' ? end + 1 : end;
      }
    } else {
      std::fprintf(stderr, "usage: bench_eltwise [--quick] [--sizes BYTES,...]\n");
      return 2;
    }
  }
  const int all = mln_get_num_threads();
  std::printf("{\"bench\":\"eltwise_env\",\"threads\":%d,\"isa\":\"%s\",\"dnnl\":\"%s\",\"quick\":%s}\n",
              all, mln_cpu_isa(), mln_dnnl_version(), quick ? "true" : "false");
  std::vector<int64_t> sizes;  // bytes per float32 operand
  for (int64_t b = 4 << 10; b <= (quick ? (int64_t(1) << 20) : (int64_t(256) << 20)); b *= 4) sizes.push_back(b);
  if (!given.empty()) sizes = given;
  std::vector<int> threads = {1};
  if (all > 1) threads.push_back(all);
  for (int nt : threads) {
    mln_set_num_threads(nt);
    for (int64_t bytes : sizes) {
      int64_t n = bytes / 4;
      int64_t shape[] = {n};
      mln_tensor* a = mln_full(MLN_F32, 1, shape, 1.25);
      mln_tensor* b = mln_full(MLN_F32, 1, shape, 0.5);
      int reps = quick ? 3 : std::max<int>(5, int(std::min<int64_t>(200, (int64_t(1) << 30) / bytes)));
      // Adam's state (the fused update reads w, g, m, v and writes w, m, v: 7 operands' bytes).
      mln_tensor* m = mln_full(MLN_F32, 1, shape, 0.01);
      mln_tensor* v = mln_full(MLN_F32, 1, shape, 0.02);
      mln_tensor* w = mln_full(MLN_F32, 1, shape, 0.3);
      mln_tensor* slots[] = {m, v};
      const double adam[] = {1e-3, 1.0, 1.0 / 0.0, 0.0, 0.9, 0.999, 1e-7, 0.0};
      int64_t step = 0;
      // reads + 1 output operands move; a full sum writes one element (moved = bytes read).
      struct Case { const char* name; int reads; std::function<mln_tensor*()> run; };
      Case cases[] = {
          {"add", 2, [&] { return mln_binary(MLN_ADD, a, b); }},
          {"mul", 2, [&] { return mln_binary(MLN_MUL, a, b); }},
          {"exp", 1, [&] { return mln_unary(MLN_EXP, a, 0, 0); }},
          {"sum", 0, [&] { return mln_reduce(MLN_SUM, a, -1, nullptr, 0); }},
          {"adam", 6, [&] {
             mln_optimizer_update(MLN_OPT_ADAM, w, b, slots, 2, adam, 8, ++step);
             return static_cast<mln_tensor*>(nullptr);
           }},
      };
      // memcpy reference moving the same bytes: copy (reads + 1 writes) * bytes / 2 bytes (at most
      // 7 / 2 operands' bytes, for adam).
      std::vector<char> src(size_t(bytes) * 7 / 2 + 64, 1), dst(size_t(bytes) * 7 / 2 + 64, 2);
      for (const Case& c : cases) {
        double moved = double(bytes) * std::max(1, c.reads + 1);
        size_t copy_bytes = size_t(moved / 2);
        // Split over the same thread count as the kernels, so the ratio compares like with like.
        double tm = best_seconds(reps, [&] {
          size_t chunk = (copy_bytes + nt - 1) / nt;
#pragma omp parallel for num_threads(nt) if (nt > 1 && copy_bytes > (size_t(1) << 17))
          for (int t = 0; t < nt; ++t) {
            size_t b0 = std::min(copy_bytes, chunk * t), b1 = std::min(copy_bytes, b0 + chunk);
            std::memcpy(dst.data() + b0, src.data() + b0, b1 - b0);
          }
        });
        double te = best_seconds(reps, [&] {
          mln_tensor* y = c.run();
          if (y) mln_release(y);  // the caching allocator hands the same block back next time
        });
        double gbs = moved / te / 1e9, mgbs = moved / tm / 1e9;
        std::printf("{\"bench\":\"eltwise\",\"op\":\"%s\",\"bytes\":%lld,\"threads\":%d,\"gbps\":%.2f,"
                    "\"memcpy_gbps\":%.2f,\"ratio\":%.3f,\"best_s\":%.6g}\n",
                    c.name, (long long)bytes, nt, gbs, mgbs, gbs / mgbs, te);
        std::fflush(stdout);
      }
      mln_release(a);
      mln_release(b);
      mln_release(m);
      mln_release(v);
      mln_release(w);
    }
  }
  mln_set_num_threads(0);
  return 0;
}
