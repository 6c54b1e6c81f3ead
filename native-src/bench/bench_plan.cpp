// The book's first model's training step (2 -> Dense(4, tanh) -> Dense(1, sigmoid), binary
// cross-entropy, SGD, accuracy sums; batch 32) as the 16 C API calls the Java step makes: time per
// step eagerly, replayed as a plan (mln_plan_run), and per call. One JSON line per figure.
// Usage: bench_plan [--quick]
#include <myelin/myelin.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

namespace {

constexpr int kBatch = 32;
constexpr double kEps = 1e-7;

mln_tensor* filled(std::vector<int64_t> shape, float scale, unsigned seed) {
  mln_tensor* t = mln_empty(MLN_F32, int(shape.size()), shape.data());
  float* p = static_cast<float*>(mln_data(t));
  for (int64_t i = 0; i < mln_numel(t); ++i) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = scale * (float(seed >> 8) / float(1 << 24) - 0.5f);
  }
  return t;
}

struct Model {
  mln_tensor *w1, *b1, *w2, *b2;
};

/** One step; `timer(i)` is called after call i (for the per-call breakdown). */
void step(Model& m, mln_tensor* x, mln_tensor* y, double* out,
          const std::function<void(int)>& timer) {
  double h[6] = {0.5, 1.0, INFINITY, 0.0, 0.0, 0.0};
  int64_t col[2] = {kBatch, 1};
  mln_tensor* hid = mln_dense(x, m.w1, m.b1, MLN_TANH);
  timer(0);
  mln_tensor* p = mln_dense(hid, m.w2, m.b2, MLN_SIGMOID);
  timer(1);
  mln_tensor* y2 = mln_reshape(y, 2, col);
  timer(2);
  mln_tensor* e = mln_binary_crossentropy(y2, p, kEps, 0);
  timer(3);
  mln_tensor* loss = mln_reduce(MLN_MEAN, e, -1, nullptr, 0);
  timer(4);
  mln_tensor* seed = mln_full(MLN_F32, 0, nullptr, 1.0);
  timer(5);
  mln_tensor* ge = mln_reduce_backward(MLN_MEAN, e, loss, seed, -1, nullptr, 0);
  timer(6);
  mln_tensor* gp = nullptr;
  mln_binary_crossentropy_backward(y2, p, ge, kEps, 0, nullptr, &gp);
  timer(7);
  mln_tensor *gh = nullptr, *gw2 = nullptr, *gb2 = nullptr, *gw1 = nullptr, *gb1 = nullptr;
  mln_dense_backward(hid, m.w2, p, gp, MLN_SIGMOID, &gh, &gw2, &gb2);
  timer(8);
  mln_dense_backward(x, m.w1, hid, gh, MLN_TANH, nullptr, &gw1, &gb1);
  timer(9);
  mln_optimizer_update(MLN_OPT_SGD, m.w1, gw1, nullptr, 0, h, 6, 1);
  timer(10);
  mln_optimizer_update(MLN_OPT_SGD, m.b1, gb1, nullptr, 0, h, 6, 1);
  timer(11);
  mln_optimizer_update(MLN_OPT_SGD, m.w2, gw2, nullptr, 0, h, 6, 1);
  timer(12);
  mln_optimizer_update(MLN_OPT_SGD, m.b2, gb2, nullptr, 0, h, 6, 1);
  timer(13);
  mln_tensor* acc = mln_binary_accuracy(y2, p, 0.5);
  timer(14);
  mln_tensor* sum = mln_reduce(MLN_SUM, acc, -1, nullptr, 0);
  timer(15);
  if (out) {
    out[0] = *static_cast<float*>(mln_data(loss));
    out[1] = *static_cast<float*>(mln_data(sum));
  }
  for (mln_tensor* t : {hid, p, y2, e, loss, seed, ge, gp, gh, gw2, gb2, gw1, gb1, acc, sum})
    mln_release(t);
}

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/** Wall and calling-thread CPU seconds per call of fn (the machine may be shared). */
std::pair<double, double> seconds_per(int n, const std::function<void()>& fn) {
  double c0 = thread_cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) fn();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return {wall / n, (thread_cpu_seconds() - c0) / n};
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int n = quick ? 20000 : 200000;
  Model m{filled({2, 4}, 1.f, 1), filled({4}, 0.1f, 2), filled({4, 1}, 1.f, 3),
          filled({1}, 0.1f, 4)};
  mln_tensor* x = filled({kBatch, 2}, 2.f, 5);
  mln_tensor* y = filled({kBatch}, 1.f, 6);
  auto none = [](int) {};

  // Record once (the recording is a real step too), then time eager and replayed steps.
  mln_tensor* in[2] = {x, y};
  mln_plan* plan = mln_plan_begin(2, in);
  double h[6] = {0.5, 1.0, INFINITY, 0.0, 0.0, 0.0};
  {
    // Recording needs the step's results to stay referenced until mln_plan_end: run the calls
    // through a step that hands the loss and the accuracy sum to the plan.
    int64_t col[2] = {kBatch, 1};
    mln_tensor* hid = mln_dense(x, m.w1, m.b1, MLN_TANH);
    mln_tensor* p = mln_dense(hid, m.w2, m.b2, MLN_SIGMOID);
    mln_tensor* y2 = mln_reshape(y, 2, col);
    mln_tensor* e = mln_binary_crossentropy(y2, p, kEps, 0);
    mln_tensor* loss = mln_reduce(MLN_MEAN, e, -1, nullptr, 0);
    mln_tensor* seed = mln_full(MLN_F32, 0, nullptr, 1.0);
    mln_tensor* ge = mln_reduce_backward(MLN_MEAN, e, loss, seed, -1, nullptr, 0);
    mln_tensor* gp = nullptr;
    mln_binary_crossentropy_backward(y2, p, ge, kEps, 0, nullptr, &gp);
    mln_tensor *gh = nullptr, *gw2 = nullptr, *gb2 = nullptr, *gw1 = nullptr, *gb1 = nullptr;
    mln_dense_backward(hid, m.w2, p, gp, MLN_SIGMOID, &gh, &gw2, &gb2);
    mln_dense_backward(x, m.w1, hid, gh, MLN_TANH, nullptr, &gw1, &gb1);
    mln_optimizer_update(MLN_OPT_SGD, m.w1, gw1, nullptr, 0, h, 6, 1);
    mln_optimizer_update(MLN_OPT_SGD, m.b1, gb1, nullptr, 0, h, 6, 1);
    mln_optimizer_update(MLN_OPT_SGD, m.w2, gw2, nullptr, 0, h, 6, 1);
    mln_optimizer_update(MLN_OPT_SGD, m.b2, gb2, nullptr, 0, h, 6, 1);
    mln_tensor* acc = mln_binary_accuracy(y2, p, 0.5);
    mln_tensor* sum = mln_reduce(MLN_SUM, acc, -1, nullptr, 0);
    mln_tensor* outs[2] = {loss, sum};
    mln_plan_end(plan, 2, outs);
    for (mln_tensor* t : {hid, p, y2, e, loss, seed, ge, gp, gh, gw2, gb2, gw1, gb1, acc, sum})
      mln_release(t);
  }
  mln_plan_finish(plan);
  if (!mln_plan_replayable(plan)) {
    std::printf("{\"bench\":\"plan\",\"error\":\"%s\"}\n", mln_plan_reason(plan));
    return 1;
  }
  double outs[2];
  for (int rep = 0; rep < 3; ++rep) {
    auto eager = seconds_per(n, [&] { step(m, x, y, nullptr, none); });
    auto replay = seconds_per(n, [&] { mln_plan_run(plan, 2, in, h, 6, 1, outs, 2); });
    std::printf(
        "{\"bench\":\"plan_tiny_step\",\"calls\":%lld,\"eager_us\":%.3f,\"eager_cpu_us\":%.3f,"
        "\"replay_us\":%.3f,\"replay_cpu_us\":%.3f}\n",
        (long long)mln_plan_ops(plan), eager.first * 1e6, eager.second * 1e6, replay.first * 1e6,
        replay.second * 1e6);
  }
  // Per-call breakdown of the eager step.
  const char* names[16] = {"dense tanh", "dense sigmoid", "reshape", "binary_crossentropy",
                           "reduce mean", "full (seed)", "reduce_backward mean",
                           "binary_crossentropy_backward", "dense_backward sigmoid",
                           "dense_backward tanh", "sgd w1", "sgd b1", "sgd w2", "sgd b2",
                           "binary_accuracy", "reduce sum"};
  std::vector<double> per(16, 0.0);
  auto last = std::chrono::steady_clock::now();
  auto timer = [&](int i) {
    auto now = std::chrono::steady_clock::now();
    per[size_t(i)] += std::chrono::duration<double>(now - last).count();
    last = now;
  };
  for (int i = 0; i < n; ++i) {
    last = std::chrono::steady_clock::now();
    step(m, x, y, nullptr, timer);
  }
  for (int i = 0; i < 16; ++i)
    std::printf("{\"bench\":\"plan_tiny_call\",\"call\":\"%s\",\"us\":%.3f}\n", names[i],
                per[size_t(i)] / n * 1e6);
  mln_plan_free(plan);
  for (mln_tensor* t : {m.w1, m.b1, m.w2, m.b2, x, y}) mln_release(t);
  return 0;
}
