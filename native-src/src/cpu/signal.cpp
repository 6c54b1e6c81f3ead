// Direct 1-D/2-D correlation for numpy's correlate/convolve and scipy's correlate2d/convolve2d
// (the book's appendix). One kernel serves all of them: the Java side picks the output size, the
// offset of the first window and the flip for each mode, so the centring rules stay in one place.
//
// Each output is summed in the array's own dtype as a partial sum per kernel row (its taps left to
// right, each product rounded before it is added), then the row sums top to bottom: the order
// that reproduces scipy 1.17's float results bit for bit in valid mode for kernel rows of up to 13
// taps (its order for longer rows and boundary terms is not known; tests compare floats within a
// rounding bound). FMA
// contraction is off in this file so each product is rounded as in that order (x86-64-v3 has FMA
// and GCC contracts by default in GNU mode).
#pragma GCC optimize("fp-contract=off")

#include <cstdlib>
#include <type_traits>

#include "core.hpp"
#include "plan.hpp"

namespace mln {
namespace {

// The source index for `i` on an axis of length `len`, or -1 when the term reads the fill value,
// or -2 when it is left out.
inline int64_t map_index(int64_t i, int64_t len, int boundary) {
  if (i >= 0 && i < len) return i;
  switch (boundary) {
    case MLN_BOUNDARY_WRAP: {
      int64_t r = i % len;
      return r < 0 ? r + len : r;
    }
    case MLN_BOUNDARY_SYMM: {
      // Reflection with the edge repeated: ... 1 0 | 0 1 2 ... n-1 | n-1 n-2 ...
      const int64_t period = 2 * len;
      int64_t r = i >= 0 ? i % period : (-(i + 1)) % period;
      return r >= len ? period - r - 1 : r;
    }
    case MLN_BOUNDARY_FILL:
      return -1;
    default:
      return -2;
  }
}

template <typename T>
void correlate_kernel(const T* x, int64_t H, int64_t W, const T* k, int64_t KH, int64_t KW,
                      T* out, int64_t OH, int64_t OW, int64_t off_h, int64_t off_w, int64_t s,
                      int boundary, T fill) {
  const int64_t total = OH * OW;
  // Work per output is KH*KW multiply-adds; thread when the whole op is big enough to pay.
  const bool parallel = double(total) * double(KH * KW) >= double(kParallelGrain);
  parallel_for(total, parallel, [&](int64_t idx) {
    const int64_t m = idx / OW;
    const int64_t n = idx % OW;
    const int64_t c_first = off_w + n;
    const int64_t c_last = off_w + n + s * (KW - 1);
    const bool cols_inside = KW == 0 || (std::min(c_first, c_last) >= 0 &&
                                         std::max(c_first, c_last) < W);
    T sum = T(0);
    for (int64_t j = 0; j < KH; ++j) {
      const int64_t r = map_index(off_h + m + s * j, H, boundary);
      if (r == -2) continue;
      const T* krow = k + j * KW;
      T row = T(0);
      if (r == -1) {
        for (int64_t q = 0; q < KW; ++q) row = T(row + T(krow[q] * fill));
      } else if (cols_inside) {
        const T* xp = x + r * W + c_first;
        for (int64_t q = 0; q < KW; ++q) row = T(row + T(krow[q] * xp[s * q]));
      } else {
        const T* xrow = x + r * W;
        for (int64_t q = 0; q < KW; ++q) {
          const int64_t c = map_index(c_first + s * q, W, boundary);
          if (c == -2) continue;
          row = T(row + T(krow[q] * (c == -1 ? fill : xrow[c])));
        }
      }
      sum = T(sum + row);
    }
    out[idx] = sum;
  });
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_correlate2d(const mln_tensor* x, const mln_tensor* k, int64_t out_h,
                            int64_t out_w, int64_t off_h, int64_t off_w, int flip, int boundary,
                            double fill) {
  MLN_TRY
  const char* op = "correlate2d";
  check_tensor(x, op, "x");
  check_tensor(k, op, "k");
  if (x->ndim != 2) fail(MLN_ERR_SHAPE, op, ": argument 'x' expected rank 2 but was ", x->ndim);
  if (k->ndim != 2) fail(MLN_ERR_SHAPE, op, ": argument 'k' expected rank 2 but was ", k->ndim);
  if (x->dtype != k->dtype) {
    fail(MLN_ERR_DTYPE, op, ": argument 'k' expected dtype ", dtype_name(x->dtype), " but was ",
         dtype_name(k->dtype));
  }
  if (x->dtype == MLN_BOOL) {
    fail(MLN_ERR_DTYPE, op, ": argument 'x' expected a numeric dtype but was bool");
  }
  if (out_h < 0 || out_w < 0) {
    fail(MLN_ERR_ARGUMENT, op, ": argument 'out' expected sizes >= 0 but was (", out_h, ", ",
         out_w, ")");
  }
  // Bounded offsets keep every index sum below 2^62, far from overflow.
  if (std::llabs(off_h) > kMaxTensorBytes || std::llabs(off_w) > kMaxTensorBytes) {
    fail(MLN_ERR_ARGUMENT, op, ": argument 'offset' expected |offset| <= 2^56 but was (", off_h,
         ", ", off_w, ")");
  }
  if (flip != 0 && flip != 1) {
    fail(MLN_ERR_ARGUMENT, op, ": argument 'flip' expected 0 or 1 but was ", flip);
  }
  if (boundary < MLN_BOUNDARY_SKIP || boundary > MLN_BOUNDARY_SYMM) {
    fail(MLN_ERR_ARGUMENT, op, ": argument 'boundary' expected 0..3 but was ", boundary);
  }
  const int64_t H = x->shape[0], W = x->shape[1], KH = k->shape[0], KW = k->shape[1];
  if ((boundary == MLN_BOUNDARY_WRAP || boundary == MLN_BOUNDARY_SYMM) && (H == 0 || W == 0)) {
    fail(MLN_ERR_SHAPE, op, ": argument 'x' expected a non-empty array for boundary ",
         boundary == MLN_BOUNDARY_WRAP ? "wrap" : "symm", " but was ", shape_str(shape_of(x)));
  }
  TensorRef out(new_tensor(x->dtype, Shape{out_h, out_w}, op));
  dispatch(x->dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (!std::is_same_v<T, bool>) {
      correlate_kernel<T>(data_as<T>(x), H, W, data_as<T>(k), KH, KW, data_as<T>(out.get()),
                          out_h, out_w, off_h, off_w, flip ? -1 : 1, boundary,
                          std::is_integral_v<T> ? T(int64_t(fill)) : T(fill));
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
