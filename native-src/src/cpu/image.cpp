// Image preprocessing kernels: resizing and projective (affine) sampling of channels-last batches
// [N, H, W, C]. The numerics follow Keras 3 on jax so that Myelin's Resizing and Random* layers
// give Keras's numbers: jax.image.resize (antialias off) for mln_image_resize and
// jax.scipy.ndimage.map_coordinates (order 0/1, the four Keras fill modes) for mln_image_affine.
#include <cfloat>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core.hpp"
#include "ops.hpp"
#include "plan.hpp"

using namespace mln;

namespace {

/** The two input taps of one output position along one axis, with their weights (0 for a tap
 * outside the input, whose index is then clamped so reads stay in bounds). */
struct Taps {
  int64_t i0 = 0, i1 = 0;
  double w0 = 1, w1 = 0;
};

/** Taps of every output position of an axis resized from `in` to `out` pixels. jax evaluates the
 * triangle kernel at sample_f = (i + 0.5) * in / out - 0.5 in float32 against every input pixel,
 * normalises the weights by their sum and leaves an axis of equal sizes untouched; only the two
 * pixels around sample_f can be non-zero, so two taps reproduce it. */
std::vector<Taps> axis_taps(int64_t in, int64_t out, int interpolation) {
  std::vector<Taps> taps(static_cast<size_t>(out));
  for (int64_t i = 0; i < out; ++i) {
    Taps& t = taps[size_t(i)];
    if (in == out) {
      t.i0 = t.i1 = i;
      continue;
    }
    if (interpolation == MLN_IMAGE_NEAREST) {
      float pos = (float(i) + 0.5f) * float(in) / float(out);
      int64_t j = int64_t(std::floor(pos));
      t.i0 = t.i1 = std::min(std::max<int64_t>(j, 0), in - 1);
      continue;
    }
    const float inv = float(1.0 / (double(out) / double(in)));
    const float sf = (float(i) + 0.5f) * inv - 0.5f;
    const float j0 = std::floor(sf);
    float w[2];
    int64_t idx[2];
    float sum = 0;
    for (int k = 0; k < 2; ++k) {
      const float j = j0 + float(k);
      idx[k] = int64_t(j);
      const bool inside = idx[k] >= 0 && idx[k] < in;
      w[k] = inside ? std::max(0.0f, 1.0f - std::fabs(sf - j)) : 0.0f;
      sum += w[k];
    }
    const bool covered = sf >= -0.5f && sf <= float(in) - 0.5f;
    for (int k = 0; k < 2; ++k) {
      w[k] = covered && std::fabs(sum) > 1000.0f * FLT_EPSILON ? w[k] / sum : 0.0f;
      idx[k] = std::min(std::max<int64_t>(idx[k], 0), in - 1);
    }
    t.i0 = idx[0];
    t.i1 = idx[1];
    t.w0 = w[0];
    t.w1 = w[1];
  }
  return taps;
}

void check_interpolation(int interpolation, const char* op) {
  if (interpolation != MLN_IMAGE_NEAREST && interpolation != MLN_IMAGE_BILINEAR)
    fail(MLN_ERR_ARGUMENT, op, ": interpolation must be MLN_IMAGE_NEAREST (0) or "
         "MLN_IMAGE_BILINEAR (1), got ", interpolation);
}

/** The [N, H, W, C] shape of an image batch, or a failure naming `op` and `arg`. */
Shape image_shape(const mln_tensor* x, const char* op, const char* arg) {
  check_tensor(x, op, arg);
  if (x->ndim != 4)
    fail(MLN_ERR_SHAPE, op, ": ", arg, " must be a batch of images [N, H, W, C] (rank 4), got ",
         shape_str(shape_of(x)));
  return shape_of(x);
}

void check_size(int64_t v, const char* op, const char* what) {
  if (v < 1) fail(MLN_ERR_ARGUMENT, op, ": ", what, " must be >= 1, got ", v);
}

/** The checks of a resize (or its gradient) from images of channels-last shape `s` [N, H, W, C]
 * to height x width. */
void check_resize_shape(const Shape& s, const char* arg, int64_t height, int64_t width,
                        const char* height_name, const char* width_name, int interpolation,
                        const char* op) {
  check_interpolation(interpolation, op);
  check_size(height, op, height_name);
  check_size(width, op, width_name);
  check_size(s[1], op, (std::string("the height of ") + arg).c_str());
  check_size(s[2], op, (std::string("the width of ") + arg).c_str());
}

/** Python's floor modulo for a positive divisor. */
inline int64_t floor_mod(int64_t a, int64_t m) {
  int64_t r = a % m;
  return r < 0 ? r + m : r;
}

/** A coordinate (finite) as an integer index; magnitudes past 2^52 are clamped, far outside any
 * image, so the conversion is defined and the fill-mode arithmetic cannot overflow. */
inline int64_t to_index(double v) {
  constexpr double kFar = 4503599627370496.0;  // 2^52
  return int64_t(std::min(std::max(v, -kFar), kFar));
}

/** Index `i` of an axis of `size` after the fill mode (map_coordinates' index fixers); false when
 * MLN_FILL_CONSTANT puts it outside. */
inline bool fix_index(int64_t& i, int64_t size, int mode) {
  if (i >= 0 && i < size) return true;  // every mode keeps an inside index (no division)
  switch (mode) {
    case MLN_FILL_CONSTANT:
      return false;
    case MLN_FILL_NEAREST:
      i = std::min(std::max<int64_t>(i, 0), size - 1);
      return true;
    case MLN_FILL_WRAP:
      i = floor_mod(i, size);
      return true;
    default: {  // MLN_FILL_REFLECT: a triangle wave over 2 * size + 1 half-samples
      const int64_t s = 2 * size;
      const int64_t m = std::llabs(floor_mod(2 * i + 1 + s, 2 * s) - s);
      i = (m - 1) / 2;  // m is odd and >= 1, so this is floor division
      return true;
    }
  }
}

template <typename T>
void resize_forward(const T* x, T* y, const Shape& xs, int64_t oh, int64_t ow,
                    const std::vector<Taps>& ty, const std::vector<Taps>& tx, bool nearest) {
  const int64_t n = xs[0], h = xs[1], w = xs[2], c = xs[3];
  if (c == 1 && !nearest) {  // one plane per image (every channels-first plane is one)
    // each input row's horizontal taps once, reused by the output rows that read that row (two
    // per output row, so an upsampling reads each about 2 * factor times); the same expressions
    // per element as the general loop below, so the same bits
    parallel_for(n, n > 1 && n * oh * ow > kParallelGrain && num_threads() > 1, [&](int64_t b) {
      std::vector<T> across(size_t(h * ow));
      const T* img = x + b * h * w;
      for (int64_t iy = 0; iy < h; ++iy) {
        const T* row = img + iy * w;
        T* dst = across.data() + iy * ow;
        for (int64_t ox = 0; ox < ow; ++ox) {
          const Taps& t = tx[size_t(ox)];
          dst[ox] = T(t.w0) * row[t.i0] + T(t.w1) * row[t.i1];
        }
      }
      for (int64_t oy = 0; oy < oh; ++oy) {
        const Taps& a = ty[size_t(oy)];
        const T* top = across.data() + a.i0 * ow;
        const T* bottom = across.data() + a.i1 * ow;
        T* out = y + (b * oh + oy) * ow;
        for (int64_t ox = 0; ox < ow; ++ox) out[ox] = T(a.w0) * top[ox] + T(a.w1) * bottom[ox];
      }
    });
    return;
  }
  const int64_t rows = n * oh;
  parallel_for(rows, rows * ow * c > kParallelGrain && num_threads() > 1, [&](int64_t r) {
    const int64_t b = r / oh, oy = r % oh;
    const Taps& a = ty[size_t(oy)];
    const T* r0 = x + (b * h + a.i0) * w * c;
    const T* r1 = x + (b * h + a.i1) * w * c;
    T* out = y + r * ow * c;
    if (nearest) {  // one tap of weight 1 per axis: a copy
      for (int64_t ox = 0; ox < ow; ++ox)
        std::copy(r0 + tx[size_t(ox)].i0 * c, r0 + (tx[size_t(ox)].i0 + 1) * c, out + ox * c);
      return;
    }
    for (int64_t ox = 0; ox < ow; ++ox) {
      const Taps& t = tx[size_t(ox)];
      for (int64_t k = 0; k < c; ++k) {
        const T top = T(t.w0) * r0[t.i0 * c + k] + T(t.w1) * r0[t.i1 * c + k];
        const T bottom = T(t.w0) * r1[t.i0 * c + k] + T(t.w1) * r1[t.i1 * c + k];
        out[ox * c + k] = T(a.w0) * top + T(a.w1) * bottom;
      }
    }
  });
}

template <typename T>
void resize_backward(const T* gy, T* gx, const Shape& gs, int64_t h, int64_t w,
                     const std::vector<Taps>& ty, const std::vector<Taps>& tx) {
  const int64_t n = gs[0], oh = gs[1], ow = gs[2], c = gs[3];
  if (c == 1) {  // one plane per image (every channels-first plane is one)
    // rows of gx in (oy, tap row) order: an input row takes at most one tap row of an output row
    // (two taps share a row only when one weighs 0), so each element of gx sums the same terms
    // in the same (oy, ox) order as the general loop below, and gets the same bits
    parallel_for(n, n > 1 && n * oh * ow > kParallelGrain && num_threads() > 1, [&](int64_t b) {
      T* g = gx + b * h * w;
      for (int64_t oy = 0; oy < oh; ++oy) {
        const Taps& a = ty[size_t(oy)];
        const int64_t ys[2] = {a.i0, a.i1};
        const double wy[2] = {a.w0, a.w1};
        const T* src = gy + (b * oh + oy) * ow;
        for (int p = 0; p < 2; ++p) {
          if (wy[p] == 0) continue;
          T* row = g + ys[p] * w;
          for (int64_t ox = 0; ox < ow; ++ox) {
            const Taps& t = tx[size_t(ox)];
            const T w0 = T(wy[p] * t.w0), w1 = T(wy[p] * t.w1);
            if (w0 != T(0)) row[t.i0] += w0 * src[ox];
            if (w1 != T(0)) row[t.i1] += w1 * src[ox];
          }
        }
      }
    });
    return;
  }
  // One image per task: each writes only its own slice of gx, so the sums are deterministic.
  parallel_for(n, n > 1 && n * oh * ow * c > kParallelGrain && num_threads() > 1, [&](int64_t b) {
    T* g = gx + b * h * w * c;
    for (int64_t oy = 0; oy < oh; ++oy) {
      const Taps& a = ty[size_t(oy)];
      for (int64_t ox = 0; ox < ow; ++ox) {
        const Taps& t = tx[size_t(ox)];
        const T* src = gy + ((b * oh + oy) * ow + ox) * c;
        const int64_t ys[2] = {a.i0, a.i1};
        const double wy[2] = {a.w0, a.w1};
        const int64_t xs[2] = {t.i0, t.i1};
        const double wx[2] = {t.w0, t.w1};
        for (int p = 0; p < 2; ++p) {
          for (int q = 0; q < 2; ++q) {
            const T wt = T(wy[p] * wx[q]);
            if (wt == T(0)) continue;
            T* dst = g + (ys[p] * w + xs[q]) * c;
            for (int64_t k = 0; k < c; ++k) dst[k] += wt * src[k];
          }
        }
      }
    }
  });
}

template <typename T>
void affine(const T* x, const std::vector<double>& tr, bool per_image, T* y, const Shape& xs,
            int interpolation, int mode, T fill) {
  const int64_t n = xs[0], h = xs[1], w = xs[2], c = xs[3];
  const int64_t rows = n * h;
  parallel_for(rows, rows * w * c > kParallelGrain && num_threads() > 1, [&](int64_t r) {
    const int64_t b = r / h, oy = r % h;
    const double* p = tr.data() + (per_image ? b * 8 : 0);
    // jax computes the sampling coordinates in the images' float type (float32 for Keras)
    const T a0 = T(p[0]), a1 = T(p[1]), a2 = T(p[2]), b0 = T(p[3]), b1 = T(p[4]), b2 = T(p[5]),
            c0 = T(p[6]), c1 = T(p[7]);
    const bool projective = c0 != T(0) || c1 != T(0);
    const T* img = x + b * h * w * c;
    T* out = y + r * w * c;
    for (int64_t ox = 0; ox < w; ++ox) {
      const T fy = T(oy), fx = T(ox);
      T xin = fy * a1 + fx * a0 + a2;
      T yin = fy * b1 + fx * b0 + b2;
      if (projective) {
        const T k = c0 * fx + c1 * fy + T(1);
        xin /= k;
        yin /= k;
      }
      T* o = out + ox * c;
      if (!std::isfinite(xin) || !std::isfinite(yin)) {
        for (int64_t k = 0; k < c; ++k) o[k] = fill;
        continue;
      }
      if (interpolation == MLN_IMAGE_NEAREST) {
        int64_t iy = to_index(std::round(double(yin))), ix = to_index(std::round(double(xin)));
        const bool valid = fix_index(iy, h, mode) & fix_index(ix, w, mode);
        const T* src = img + (iy * w + ix) * c;
        for (int64_t k = 0; k < c; ++k) o[k] = valid ? src[k] : fill;
        continue;
      }
      const T y0 = std::floor(yin), x0 = std::floor(xin);
      const T wy[2] = {T(1) - (yin - y0), yin - y0};
      const T wx[2] = {T(1) - (xin - x0), xin - x0};
      int64_t iy[2] = {to_index(double(y0)), to_index(double(y0)) + 1};
      int64_t ix[2] = {to_index(double(x0)), to_index(double(x0)) + 1};
      bool vy[2], vx[2];
      for (int q = 0; q < 2; ++q) {
        vy[q] = fix_index(iy[q], h, mode);
        vx[q] = fix_index(ix[q], w, mode);
      }
      // the four corners in jax's order, each weight wy * wx; an invalid one reads fill
      T wt[4];
      const T* src[4];
      for (int p = 0; p < 2; ++p) {
        for (int q = 0; q < 2; ++q) {
          wt[2 * p + q] = wy[p] * wx[q];
          src[2 * p + q] = vy[p] && vx[q] ? img + (iy[p] * w + ix[q]) * c : nullptr;
        }
      }
      for (int64_t k = 0; k < c; ++k) {
        T acc = T(0);
        for (int j = 0; j < 4; ++j) acc += wt[j] * (src[j] ? src[j][k] : fill);
        o[k] = acc;
      }
    }
  });
}

/** A channels-first batch [N, C, H, W] seen as the channels-last batch [N * C, H, W, 1] of its
 * planes (the same bytes), so the channels-last resize kernels serve both layouts without a
 * permutation; a channels-last shape is returned as it is. */
Shape planes(const mln_tensor* t, bool channels_first, const char* op, const char* arg) {
  if (!channels_first) return image_shape(t, op, arg);
  check_tensor(t, op, arg);
  if (t->ndim != 4)
    fail(MLN_ERR_SHAPE, op, ": ", arg, " must be a batch of images [N, C, H, W] (rank 4), got ",
         shape_str(shape_of(t)));
  return Shape{t->shape[0] * t->shape[1], t->shape[2], t->shape[3], 1};
}

/** The output shape [N, height, width, C] or, channels-first, [N, C, height, width]. */
Shape resized(const mln_tensor* t, int64_t height, int64_t width, bool channels_first) {
  return channels_first ? Shape{t->shape[0], t->shape[1], height, width}
                        : Shape{t->shape[0], height, width, t->shape[3]};
}

mln_tensor* resize_images(const mln_tensor* x, int64_t height, int64_t width, int interpolation,
                          bool channels_first, const char* op) {
  Shape xs = planes(x, channels_first, op, "x");
  check_resize_shape(xs, "x", height, width, "height", "width", interpolation, op);
  TensorRef out;
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(x->dtype, resized(x, height, width, channels_first), op));
    if (numel(out.get()) == 0) return;  // no taps to build (height may be huge with N = 0)
    resize_forward<T>(data_as<T>(x), data_as<T>(out.get()), xs, height, width,
                      axis_taps(xs[1], height, interpolation),
                      axis_taps(xs[2], width, interpolation),
                      interpolation == MLN_IMAGE_NEAREST);
  });
  return out.release();
}

mln_tensor* resize_images_backward(const mln_tensor* gy, int64_t in_height, int64_t in_width,
                                   int interpolation, bool channels_first, const char* op) {
  Shape gs = planes(gy, channels_first, op, "gy");
  check_resize_shape(gs, "gy", in_height, in_width, "in_height", "in_width", interpolation, op);
  TensorRef out;
  dispatch_float(gy->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(gy->dtype, resized(gy, in_height, in_width, channels_first), op));
    T* g = data_as<T>(out.get());
    std::fill(g, g + numel(out.get()), T(0));
    if (numel(gy) == 0) return;
    resize_backward<T>(data_as<T>(gy), g, gs, in_height, in_width,
                       axis_taps(in_height, gs[1], interpolation),
                       axis_taps(in_width, gs[2], interpolation));
  });
  return out.release();
}

}  // namespace

extern "C" {

mln_tensor* mln_image_resize(const mln_tensor* x, int64_t height, int64_t width,
                             int interpolation) {
  MLN_TRY
  return resize_images(x, height, width, interpolation, false, "image_resize");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_image_resize_backward(const mln_tensor* gy, int64_t in_height, int64_t in_width,
                                      int interpolation) {
  MLN_TRY
  return resize_images_backward(gy, in_height, in_width, interpolation, false,
                                "image_resize_backward");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_image_resize_cf(const mln_tensor* x, int64_t height, int64_t width,
                                int interpolation) {
  MLN_TRY
  return resize_images(x, height, width, interpolation, true, "image_resize_cf");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_image_resize_cf_backward(const mln_tensor* gy, int64_t in_height,
                                         int64_t in_width, int interpolation) {
  MLN_TRY
  return resize_images_backward(gy, in_height, in_width, interpolation, true,
                                "image_resize_cf_backward");
  MLN_CATCH(nullptr)
}

mln_tensor* mln_image_affine(const mln_tensor* x, const mln_tensor* transforms, int interpolation,
                             int fill_mode, double fill_value) {
  MLN_TRY
  const char* op = "image_affine";
  Shape xs = image_shape(x, op, "x");
  check_tensor(transforms, op, "transforms");
  check_interpolation(interpolation, op);
  if (fill_mode < MLN_FILL_REFLECT || fill_mode > MLN_FILL_NEAREST)
    fail(MLN_ERR_ARGUMENT, op, ": fill_mode must be one of MLN_FILL_REFLECT (0), MLN_FILL_WRAP "
         "(1), MLN_FILL_CONSTANT (2), MLN_FILL_NEAREST (3), got ", fill_mode);
  Shape ts = shape_of(transforms);
  if (ts.size() != 2 || ts[1] != 8 || (ts[0] != xs[0] && ts[0] != 1))
    fail(MLN_ERR_SHAPE, op, ": transforms must be [", xs[0], ", 8] or [1, 8] for images ",
         shape_str(xs), ", got ", shape_str(ts));
  std::vector<double> tr(size_t(ts[0] * 8));
  dispatch_float(transforms->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    const T* p = data_as<T>(transforms);
    for (size_t i = 0; i < tr.size(); ++i) tr[i] = double(p[i]);
  });
  TensorRef out;
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(x->dtype, xs, op));
    if (numel(out.get()) == 0) return;  // an empty image may still have a huge height
    affine<T>(data_as<T>(x), tr, ts[0] != 1, data_as<T>(out.get()), xs, interpolation, fill_mode,
              T(fill_value));
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
