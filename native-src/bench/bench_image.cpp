// The image kernels at the sizes of the book's image chapters: a batch of 32 RGB images resized
// 224 -> 180 (bilinear and nearest) and its gradient, and rotated in place (bilinear and nearest,
// reflect fill). Best of the repetitions, one JSON line per figure: milliseconds per call and
// output megapixels per second.
// Usage: bench_image [--quick]
#include <myelin/myelin.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <vector>

namespace {

mln_tensor* filled(std::vector<int64_t> shape) {
  mln_tensor* t = mln_empty(MLN_F32, int(shape.size()), shape.data());
  float* p = static_cast<float*>(mln_data(t));
  unsigned seed = 7;
  for (int64_t i = 0; i < mln_numel(t); ++i) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = float(seed >> 8) / float(1 << 24);
  }
  return t;
}

/** Best milliseconds of `reps` runs of `fn` (each returns a tensor to release). */
double best_ms(int reps, const std::function<mln_tensor*()>& fn) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    mln_tensor* y = fn();
    auto t1 = std::chrono::steady_clock::now();
    if (!y) {
      std::printf("{\"bench\":\"image\",\"error\":\"%s\"}\n", mln_last_error());
      return NAN;
    }
    mln_release(y);
    best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  return best;
}

void report(const char* name, double ms, double out_pixels) {
  std::printf("{\"bench\":\"image_%s\",\"ms\":%.3f,\"mpix_per_s\":%.1f,\"threads\":%d}\n", name, ms,
              out_pixels / (ms * 1e3), mln_get_num_threads());
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int reps = quick ? 3 : 20;
  const int64_t n = 32, c = 3;
  mln_tensor* big = filled({n, 224, 224, c});
  mln_tensor* small = filled({n, 180, 180, c});
  const double out = double(n) * 180 * 180;
  report("resize_bilinear_224_to_180",
         best_ms(reps, [&] { return mln_image_resize(big, 180, 180, MLN_IMAGE_BILINEAR); }), out);
  report("resize_nearest_224_to_180",
         best_ms(reps, [&] { return mln_image_resize(big, 180, 180, MLN_IMAGE_NEAREST); }), out);
  report("resize_bilinear_backward_180_to_224",
         best_ms(reps,
                 [&] { return mln_image_resize_backward(small, 224, 224, MLN_IMAGE_BILINEAR); }),
         double(n) * 224 * 224);
  // a 20-degree rotation about the centre, as RandomRotation builds it
  const double a = 20.0 * 3.141592653589793 / 180.0, cx = 89.5, cy = 89.5;
  std::vector<float> t;
  for (int64_t i = 0; i < n; ++i) {
    const float row[8] = {float(std::cos(a)), float(-std::sin(a)),
                          float(cx - cx * std::cos(a) + cy * std::sin(a)), float(std::sin(a)),
                          float(std::cos(a)), float(cy - cx * std::sin(a) - cy * std::cos(a)), 0, 0};
    t.insert(t.end(), row, row + 8);
  }
  const int64_t ts[2] = {n, 8};
  mln_tensor* tr = mln_from_data(MLN_F32, 2, ts, t.data(), int64_t(t.size() * sizeof(float)));
  report("affine_bilinear_reflect_180",
         best_ms(reps, [&] {
           return mln_image_affine(small, tr, MLN_IMAGE_BILINEAR, MLN_FILL_REFLECT, 0);
         }),
         out);
  report("affine_nearest_reflect_180",
         best_ms(reps, [&] {
           return mln_image_affine(small, tr, MLN_IMAGE_NEAREST, MLN_FILL_REFLECT, 0);
         }),
         out);
  mln_release(tr);
  mln_release(small);
  mln_release(big);
  return 0;
}
