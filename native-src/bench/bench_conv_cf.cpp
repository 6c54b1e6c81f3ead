// A channels-first Conv2D training step (forward, backward-data and backward-weights) through the
// C API, two ways: natively (mln_conv_cf, mln_conv_cf_backward: oneDNN on nchw activations with
// its reorders inside the call) and the way Myelin ran channels_first before, the channels-last
// kernels between permutations (mln_permute of x, mln_conv, mln_permute of y back; mln_permute of
// gy, mln_conv_backward, mln_permute of gx back), and the same for a MaxPooling2D step (mln_pool_cf
// against mln_pool between permutations). One JSON line per case with the calling
// thread's CPU time per step (best of the repetitions) of both and their ratio. `--threads N`
// fixes the thread count (default 1, where the calling thread's CPU time is the step's whole cost).
#include <myelin/myelin.h>
#include <omp.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace {

/** CPU seconds of the calling thread. */
double thread_cpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

/** Best calling-thread CPU time of fn over reps runs after two warm-ups. */
double best_of(const std::function<void()>& fn, int reps) {
  fn();
  fn();
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = thread_cpu();
    fn();
    best = std::min(best, thread_cpu() - t0);
  }
  return best;
}

mln_tensor* tensor(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (auto d : shape) n *= d;
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[size_t(i)] = float((i * 37) % 101 - 50) / 50.f;
  return mln_from_data(MLN_F32, int(shape.size()), shape.data(), v.data(), n * 4);
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench_conv_cf: %s failed: %s\n", what, mln_last_error());
    std::exit(1);
  }
}

struct Case {
  const char* name;
  int64_t n, c, h, w, f, k;
};

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, reps = 10;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) reps = std::atoi(argv[++i]);
  }
  mln_set_num_threads(threads);
  omp_set_num_threads(threads);
  const Case cases[] = {
      {"mnist 1x28x28 -> 32, 3x3 (128)", 128, 1, 28, 28, 32, 3},
      {"cifar 32x32x32 -> 32, 3x3 same (32)", 32, 32, 32, 32, 32, 3},
      {"resnet conv3 128x28x28 -> 128, 3x3 same (8)", 8, 128, 28, 28, 128, 3},
  };
  const int to_last[4] = {0, 2, 3, 1}, to_first[4] = {0, 3, 1, 2};
  for (const Case& c : cases) {
    const bool same = c.c > 1;
    const int64_t pad = same ? (c.k - 1) / 2 : 0;
    const int64_t geom[8] = {1, 1, 1, 1, pad, pad, pad, pad};
    const int64_t oh = c.h + 2 * pad - c.k + 1, ow = c.w + 2 * pad - c.k + 1;
    mln_tensor* x = tensor({c.n, c.c, c.h, c.w});
    mln_tensor* w = tensor({c.k, c.k, c.c, c.f});
    mln_tensor* b = tensor({c.f});
    mln_tensor* gy = tensor({c.n, c.f, oh, ow});
    // What a training step asks for: the kernel's and the bias's gradients, and the input's for a
    // hidden layer (the first layer, one input channel here, needs none).
    const bool want_gx = c.c > 1;
    auto native = [&] {
      mln_tensor* y = mln_conv_cf(x, w, b, geom, 1, MLN_RELU);
      check(y != nullptr, "mln_conv_cf");
      mln_tensor *gx = nullptr, *gw = nullptr, *gb = nullptr;
      check(mln_conv_cf_backward(x, w, y, gy, geom, 1, MLN_RELU, want_gx ? &gx : nullptr, &gw,
                                 &gb) == MLN_OK,
            "mln_conv_cf_backward");
      for (mln_tensor* t : {y, gx, gw, gb})
        if (t) mln_release(t);
    };
    auto permuted = [&] {
      mln_tensor* xl = mln_permute(x, to_last);
      mln_tensor* yl = mln_conv(xl, w, b, geom, 1, MLN_RELU);
      check(yl != nullptr, "mln_conv");
      mln_tensor* y = mln_permute(yl, to_first);
      mln_tensor* gyl = mln_permute(gy, to_last);
      mln_tensor *gxl = nullptr, *gw = nullptr, *gb = nullptr;
      check(mln_conv_backward(xl, w, yl, gyl, geom, 1, MLN_RELU, want_gx ? &gxl : nullptr, &gw,
                              &gb) == MLN_OK,
            "mln_conv_backward");
      mln_tensor* gx = want_gx ? mln_permute(gxl, to_first) : nullptr;
      for (mln_tensor* t : {xl, yl, y, gyl, gxl, gw, gb, gx})
        if (t) mln_release(t);
    };
    const double t_native = best_of(native, reps), t_perm = best_of(permuted, reps);
    std::printf(
        "{\"case\": \"%s\", \"threads\": %d, \"native_ms\": %.3f, \"permute_ms\": %.3f, "
        "\"permute_over_native\": %.2f}\n",
        c.name, threads, 1e3 * t_native, 1e3 * t_perm, t_perm / t_native);
    std::fflush(stdout);
    for (mln_tensor* t : {x, w, b, gy}) mln_release(t);
  }
  // MaxPooling2D(2) forward and backward on the MNIST CNN's conv output, 32x26x26 (batch 128).
  {
    const int64_t win[2] = {2, 2}, st[2] = {2, 2}, pads[2] = {0, 0};
    mln_tensor* x = tensor({128, 32, 26, 26});
    mln_tensor* gy = tensor({128, 32, 13, 13});
    auto native = [&] {
      mln_tensor* y = mln_pool_cf(x, MLN_POOL_MAX, 2, win, st, pads, pads);
      check(y != nullptr, "mln_pool_cf");
      mln_tensor* gx = mln_pool_cf_backward(x, gy, MLN_POOL_MAX, 2, win, st, pads, pads);
      check(gx != nullptr, "mln_pool_cf_backward");
      for (mln_tensor* t : {y, gx}) mln_release(t);
    };
    auto permuted = [&] {
      mln_tensor* xl = mln_permute(x, to_last);
      mln_tensor* yl = mln_pool(xl, MLN_POOL_MAX, 2, win, st, pads, pads);
      check(yl != nullptr, "mln_pool");
      mln_tensor* y = mln_permute(yl, to_first);
      mln_tensor* gyl = mln_permute(gy, to_last);
      mln_tensor* gxl = mln_pool_backward(xl, gyl, MLN_POOL_MAX, 2, win, st, pads, pads);
      check(gxl != nullptr, "mln_pool_backward");
      mln_tensor* gx = mln_permute(gxl, to_first);
      for (mln_tensor* t : {xl, yl, y, gyl, gxl, gx}) mln_release(t);
    };
    const double t_native = best_of(native, reps), t_perm = best_of(permuted, reps);
    std::printf(
        "{\"case\": \"maxpool 2x2 on 32x26x26 (128)\", \"threads\": %d, \"native_ms\": %.3f, "
        "\"permute_ms\": %.3f, \"permute_over_native\": %.2f}\n",
        threads, 1e3 * t_native, 1e3 * t_perm, t_perm / t_native);
    for (mln_tensor* t : {x, gy}) mln_release(t);
  }
  return 0;
}
