// fp32 convolution throughput through the C API (mln_conv, mln_conv_backward), one JSON line per
// case and direction, on the book's MNIST CNN shape and ResNet50's stage shapes. Compute-bound
// cases are reported against the same run's fp32 matmul peak (the better of oneDNN's dnnl_sgemm
// and mln_matmul on 1024^3; mln_matmul is measured again at the end),
// memory-bound ones (one input channel) against the same run's memcpy bandwidth. `--quick` runs
// a short subset; `--threads N` fixes the thread count (default: all).
#include <myelin/myelin.h>
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>
#include <sys/resource.h>

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

/** Best wall time of fn over up to max_reps runs after one warm-up, stopping once budget_s is
 * spent (at least 2 timed runs). */
double best_of(const std::function<void()>& fn, int max_reps, double budget_s) {
  fn();
  double best = 1e30, spent = 0;
  for (int reps = 0; reps < max_reps && (reps < 2 || spent < budget_s); ++reps) {
    auto t0 = Clock::now();
    fn();
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::min(best, s);
    spent += s;
  }
  return best;
}

std::vector<float> filled(int64_t n, float scale) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[size_t(i)] = scale * float((i * 37) % 101 - 50) / 50.f;
  return v;
}

mln_tensor* tensor(std::vector<int64_t> shape, float scale) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<float> v = filled(n, scale);
  return mln_from_data(MLN_F32, int(shape.size()), shape.data(), v.data(), n * 4);
}

struct Case {
  const char* name;
  int64_t n, h, w, c, f, k, stride;
  bool same;
};

int64_t out_size(const Case& c, int64_t in) {
  return c.same ? (in + c.stride - 1) / c.stride : (in - c.k) / c.stride + 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int want_threads = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      quick = true;
    } else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      want_threads = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--threads N]\n", argv[0]);
      return 2;
    }
  }
  mln_set_num_threads(want_threads);
  const int threads = mln_get_num_threads();
  omp_set_num_threads(threads);
  std::printf("{\"bench\":\"conv\",\"env\":true,\"myelin\":\"%s\",\"threads\":%d,\"cpu_isa\":\"%s\","
              "\"dnnl\":\"%s\",\"quick\":%s}\n",
              mln_version(), threads, mln_cpu_isa(), mln_dnnl_version(), quick ? "true" : "false");
  const int reps = quick ? 3 : 10;
  const double budget = quick ? 0.3 : 2.0;

  // The references of this run: the fp32 matmul peak and memcpy bandwidth.
  const int64_t R = 1024;
  std::vector<float> ra = filled(R * R, 1.f), rb = filled(R * R, 0.5f), rc(size_t(R * R));
  const double gemm_s = best_of(
      [&] { dnnl_sgemm('N', 'N', R, R, R, 1.f, ra.data(), R, rb.data(), R, 0.f, rc.data(), R); },
      reps, budget);
  // mln_matmul (oneDNN's matmul primitive, brgemm kernels) is often faster than dnnl_sgemm: the
  // peak is the better of the two, measured again after the cases so a busy moment at the start
  // does not lower it.
  const int64_t rs[] = {R, R};
  mln_tensor* ma = mln_from_data(MLN_F32, 2, rs, ra.data(), R * R * 4);
  mln_tensor* mb = mln_from_data(MLN_F32, 2, rs, rb.data(), R * R * 4);
  auto matmul_gflops = [&] {
    const double s = best_of([&] { mln_release(mln_matmul(ma, mb, 0, 0)); }, reps, budget);
    return 2.0 * R * R * R / s * 1e-9;
  };
  const double sgemm = 2.0 * R * R * R / gemm_s * 1e-9;
  const double peak = std::max(sgemm, matmul_gflops());
  const size_t copy_bytes = size_t(64) << 20;
  std::vector<char> src(copy_bytes, 1), dst(copy_bytes);
  const double copy_s = best_of([&] { std::memcpy(dst.data(), src.data(), copy_bytes); }, reps,
                                budget);
  const double bandwidth = 2.0 * double(copy_bytes) / copy_s * 1e-9;  // read + write
  std::printf("{\"bench\":\"conv\",\"case\":\"reference\",\"sgemm_gflops\":%.2f,"
              "\"matmul_peak_gflops\":%.2f,\"memcpy_gbps\":%.2f}\n", sgemm, peak, bandwidth);
  std::fflush(stdout);

  std::vector<Case> cases = {
      {"mnist_conv_3x3_1to32", 128, 28, 28, 1, 32, 3, 1, false},
      {"resnet50_conv2_3x3_64", 8, 56, 56, 64, 64, 3, 1, true},
      {"resnet50_conv3_3x3_128", 8, 28, 28, 128, 128, 3, 1, true},
      {"resnet50_conv4_3x3_256", 8, 14, 14, 256, 256, 3, 1, true},
      {"resnet50_conv5_3x3_512", 8, 7, 7, 512, 512, 3, 1, true},
      {"resnet50_conv2_1x1_64to256", 8, 56, 56, 64, 256, 1, 1, false},
  };
  if (quick) cases.resize(2);
  for (const Case& c : cases) {
    const int64_t oh = out_size(c, c.h), ow = out_size(c, c.w);
    const int64_t pad_total_h = c.same ? std::max<int64_t>((oh - 1) * c.stride + c.k - c.h, 0) : 0;
    const int64_t pad_total_w = c.same ? std::max<int64_t>((ow - 1) * c.stride + c.k - c.w, 0) : 0;
    const int64_t geom[8] = {c.stride, c.stride, 1, 1, pad_total_h / 2, pad_total_w / 2,
                             pad_total_h - pad_total_h / 2, pad_total_w - pad_total_w / 2};
    mln_tensor* x = tensor({c.n, c.h, c.w, c.c}, 1.f);
    mln_tensor* w = tensor({c.k, c.k, c.c, c.f}, 0.1f);
    mln_tensor* b = tensor({c.f}, 0.1f);
    mln_tensor* gy = tensor({c.n, oh, ow, c.f}, 0.01f);
    const double flops = 2.0 * double(c.n) * oh * ow * c.f * c.c * c.k * c.k;
    // Bytes a direction must move at least: its inputs once and its output once.
    const double xb = 4.0 * c.n * c.h * c.w * c.c, yb = 4.0 * c.n * oh * ow * c.f,
                 wb = 4.0 * c.k * c.k * c.c * c.f;
    struct Dir {
      const char* name;
      std::function<void()> run;
      double bytes;
    };
    std::vector<Dir> dirs = {
        {"forward",
         [&] { mln_release(mln_conv(x, w, b, geom, 1, MLN_RELU)); }, xb + wb + yb},
        {"backward_data",
         [&] {
           mln_tensor* gx = nullptr;
           mln_conv_backward(x, w, nullptr, gy, geom, 1, 0, &gx, nullptr, nullptr);
           mln_release(gx);
         },
         yb + wb + xb},
        {"backward_weights",
         [&] {
           mln_tensor *gw = nullptr, *gb = nullptr;
           mln_conv_backward(x, w, nullptr, gy, geom, 1, 0, nullptr, &gw, &gb);
           mln_release(gw);
           mln_release(gb);
         },
         xb + yb + wb},
    };
    for (const Dir& d : dirs) {
      const double s = best_of(d.run, reps, budget);
      if (mln_last_status() != MLN_OK) {
        std::fprintf(stderr, "bench_conv: %s %s failed: %s\n", c.name, d.name, mln_last_error());
        return 1;
      }
      const double gflops = flops / s * 1e-9, gbps = d.bytes / s * 1e-9;
      std::printf("{\"bench\":\"conv\",\"case\":\"%s\",\"direction\":\"%s\",\"batch\":%lld,"
                  "\"best_ms\":%.3f,\"gflops\":%.2f,\"of_matmul_peak\":%.3f,\"gbps\":%.2f,"
                  "\"of_memcpy\":%.3f}\n",
                  c.name, d.name, (long long)c.n, s * 1e3, gflops, gflops / peak, gbps,
                  gbps / bandwidth);
      std::fflush(stdout);
    }
    for (mln_tensor* t : {x, w, b, gy}) mln_release(t);
  }
  std::printf("{\"bench\":\"conv\",\"case\":\"reference_after\",\"matmul_gflops\":%.2f}\n",
              matmul_gflops());
  mln_release(ma);
  mln_release(mb);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::printf("{\"bench\":\"conv\",\"case\":\"peak_rss\",\"mib\":%.1f}\n", ru.ru_maxrss / 1024.0);
  return 0;
}
