// Convolutions, channels last as Keras: mln_conv (forward with bias and activation fused),
// mln_conv_backward (data, weights, bias), and the transposed convolution built from the same two
// directions with their roles swapped; the *_cf entry points run the same code on channels-first
// activations (N, C, spatial...). float32 runs on oneDNN's convolution primitives; float64
// (gradient checks, and the only other float dtype) runs in direct loops here.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include "core.hpp"
#include "dnnl_engine.hpp"
#include "plan.hpp"

namespace mln {
namespace {

constexpr int kMaxSpatial = 3;

/**
 * One convolution after its arguments were checked: src (N, in..., C) is convolved with weights
 * (k..., C/G, F) into dst (N, out..., F), or (N, C, in...) into (N, F, out...) when `cf` (channels
 * first). Unused spatial dims (nd < 3) hold 1 / stride 1 / no pad, so the direct loops below are
 * written once for three dims.
 */
struct ConvGeom {
  int nd = 0;
  bool cf = false;
  int64_t n = 0, c = 0, f = 0, g = 1;
  int64_t in[kMaxSpatial] = {1, 1, 1}, k[kMaxSpatial] = {1, 1, 1}, out[kMaxSpatial] = {1, 1, 1};
  int64_t s[kMaxSpatial] = {1, 1, 1}, d[kMaxSpatial] = {1, 1, 1};
  int64_t pl[kMaxSpatial] = {0, 0, 0}, pr[kMaxSpatial] = {0, 0, 0};

  Shape src_shape() const { return with_spatial(in, c); }
  Shape dst_shape() const { return with_spatial(out, f); }
  Shape weight_shape() const {
    Shape w(k, k + nd);
    w.push_back(c / g);
    w.push_back(f);
    return w;
  }
  int64_t in_pix() const { return in[0] * in[1] * in[2]; }
  int64_t out_pix() const { return out[0] * out[1] * out[2]; }
  int64_t k_pix() const { return k[0] * k[1] * k[2]; }
  /** Element strides between neighbouring pixels and neighbouring channels of a tensor with `ch`
   * channels and `pix` pixels per image in this layout. */
  int64_t pix_stride(int64_t ch) const { return cf ? 1 : ch; }
  int64_t chan_stride(int64_t pix) const { return cf ? pix : 1; }

 private:
  Shape with_spatial(const int64_t* sp, int64_t ch) const {
    Shape r{n};
    if (cf) r.push_back(ch);
    r.insert(r.end(), sp, sp + nd);
    if (!cf) r.push_back(ch);
    return r;
  }
};

bool conv_act_ok(int act) {
#define MLN_CONV_ACT_IS(op) || act == op
  return act == 0 MLN_DENSE_ACTIVATIONS(MLN_CONV_ACT_IS);
#undef MLN_CONV_ACT_IS
}

void check_float_like(const mln_tensor* t, int dtype, const char* op, const char* arg) {
  if (t->dtype != MLN_F32 && t->dtype != MLN_F64)
    fail(MLN_ERR_DTYPE, op, ": argument '", arg, "' expected float32 or float64 but was ",
         dtype_name(t->dtype));
  if (t->dtype != dtype)
    fail(MLN_ERR_DTYPE, op, ": argument '", arg, "' expected dtype ", dtype_name(dtype),
         " (the input's) but was ", dtype_name(t->dtype));
}

/** The rank error's description of the layout. */
const char* layout_words(bool cf) {
  return cf ? "(batch, channels, 1 to 3 spatial dims)" : "(batch, 1 to 3 spatial dims, channels)";
}

/**
 * Checks a convolution of src shape (N, in..., C) (or (N, C, in...) when cf) by weights (k...,
 * C/G, F) and geom (strides, dilation rates, left pads, right pads: nd values each) and fills g;
 * the output size follows.
 */
ConvGeom plan_conv(const char* op, const Shape& src, const Shape& w, const int64_t* geom,
                   int groups, bool cf) {
  const int r = int(src.size());
  if (r < 3 || r > 5)
    fail(MLN_ERR_SHAPE, op, ": argument 'x' expected rank 3, 4 or 5 ", layout_words(cf),
         " but was rank ", r, " ", shape_str(src));
  if (int(w.size()) != r)
    fail(MLN_ERR_SHAPE, op, ": argument 'kernel' expected rank ", r, " (the input's) but was rank ",
         w.size(), " ", shape_str(w));
  if (geom == nullptr) fail(MLN_ERR_ARGUMENT, op, ": argument 'geometry' expected ", 4 * (r - 2),
                            " values but was NULL");
  ConvGeom g;
  g.nd = r - 2;
  g.cf = cf;
  g.n = src[0];
  g.c = src[cf ? 1 : size_t(r - 1)];
  const size_t sp0 = cf ? 2 : 1;  // src's first spatial axis
  g.f = w[size_t(r - 1)];
  if (groups < 1)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'groups' expected >= 1 but was ", groups);
  g.g = groups;
  if (g.c % g.g != 0)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'groups' expected to divide the input channels ", g.c,
         " but was ", groups);
  if (g.f % g.g != 0)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'groups' expected to divide the filters ", g.f,
         " but was ", groups);
  if (w[size_t(r - 2)] != g.c / g.g)
    fail(MLN_ERR_SHAPE, op, ": argument 'kernel' expected ", g.c / g.g,
         " input channels (input channels ", g.c, " / groups ", groups, ") but was ",
         w[size_t(r - 2)], " (kernel ", shape_str(w), ", input ", shape_str(src), ")");
  for (int i = 0; i < g.nd; ++i) {
    const int64_t s = geom[i], d = geom[g.nd + i], pl = geom[2 * g.nd + i],
                  pr = geom[3 * g.nd + i];
    if (s < 1) fail(MLN_ERR_ARGUMENT, op, ": argument 'strides' expected >= 1 but was ", s);
    if (d < 1) fail(MLN_ERR_ARGUMENT, op, ": argument 'dilation_rate' expected >= 1 but was ", d);
    if (pl < 0 || pr < 0)
      fail(MLN_ERR_ARGUMENT, op, ": argument 'padding' expected >= 0 but was (", pl, ", ", pr,
           ") in spatial dim ", i);
    const int64_t k = w[size_t(i)];
    if (k < 1) fail(MLN_ERR_SHAPE, op, ": argument 'kernel' expected sizes >= 1 but was ",
                    shape_str(w));
    const int64_t keff = checked_add(checked_mul(k - 1, d, op, "dilated kernel size"), 1, op,
                                     "dilated kernel size");
    const int64_t padded = checked_add(checked_add(src[sp0 + size_t(i)], pl, op, "padded input"),
                                       pr, op, "padded input");
    if (keff > padded)
      fail(MLN_ERR_SHAPE, op, ": argument 'kernel' expected a (dilated) size <= the padded input ",
           padded, " in spatial dim ", i, " but was ", keff, " (input ", shape_str(src),
           ", kernel ", shape_str(w), ")");
    g.in[i] = src[sp0 + size_t(i)];
    g.k[i] = k;
    g.s[i] = s;
    g.d[i] = d;
    g.pl[i] = pl;
    g.pr[i] = pr;
    g.out[i] = (padded - keff) / s + 1;
  }
  // Every tensor of the problem must be representable (overflow-checked products).
  shape_numel(g.src_shape(), op);
  shape_numel(g.dst_shape(), op);
  shape_numel(w, op);
  return g;
}

// ---- activations (the ones mln_dense fuses) ----------------------------------------------------

template <typename T>
inline T act_apply(T v, int act) {
  switch (act) {
    case MLN_RELU: return v > T(0) ? v : T(0);
    case MLN_TANH: return std::tanh(v);
    case MLN_SIGMOID: return v >= T(0) ? T(1) / (T(1) + std::exp(-v))
                                       : std::exp(v) / (T(1) + std::exp(v));
    default: return v;
  }
}

/** g = gy * act'(y) from the activation's output y. */
template <typename T>
void act_backward(const T* y, const T* gy, T* g, int64_t n, int act) {
  const bool par = n > kParallelGrain && num_threads() > 1;
  switch (act) {
    case MLN_RELU:
      parallel_simd_for(n, par, [&](int64_t i) { g[i] = y[i] > T(0) ? gy[i] : T(0); });
      break;
    case MLN_TANH:
      parallel_simd_for(n, par, [&](int64_t i) { g[i] = gy[i] * (T(1) - y[i] * y[i]); });
      break;
    case MLN_SIGMOID:
      parallel_simd_for(n, par, [&](int64_t i) { g[i] = gy[i] * y[i] * (T(1) - y[i]); });
      break;
    default:
      std::memcpy(g, gy, size_t(n) * sizeof(T));
  }
}

/** y[r, j] = act(y[r, j] + b[j]) over rows of f channels (b may be null). */
template <typename T>
void bias_act_rows(T* y, const T* b, int64_t rows, int64_t f, int act) {
  const bool par = rows * f > kParallelGrain && num_threads() > 1;
  parallel_for(rows, par, [&](int64_t r) {
    T* row = y + r * f;
    if (b) {
#pragma omp simd
      for (int64_t j = 0; j < f; ++j) row[j] += b[j];
    }
    if (act != 0)
      for (int64_t j = 0; j < f; ++j) row[j] = act_apply(row[j], act);
  });
}

/** y[b, j, p] = act(y[b, j, p] + b[j]) over n images of f channel planes of pix values each
 * (channels first; b may be null). */
template <typename T>
void bias_act_planes(T* y, const T* b, int64_t n, int64_t f, int64_t pix, int act) {
  const bool par = n * f * pix > kParallelGrain && num_threads() > 1;
  parallel_for(n * f, par, [&](int64_t plane) {
    T* row = y + plane * pix;
    if (b) {
      const T bv = b[plane % f];
#pragma omp simd
      for (int64_t p = 0; p < pix; ++p) row[p] += bv;
    }
    if (act != 0)
      for (int64_t p = 0; p < pix; ++p) row[p] = act_apply(row[p], act);
  });
}

/** Adds the bias and applies the activation to y of n images, f channels, pix pixels each, in
 * either layout. */
template <typename T>
void bias_act(T* y, const T* b, int64_t n, int64_t f, int64_t pix, bool cf, int act) {
  if (cf)
    bias_act_planes(y, b, n, f, pix, act);
  else
    bias_act_rows(y, b, n * pix, f, act);
}

/** b[j] = sum over rows of g[r, j], serially in row order (the same bits for every thread count). */
template <typename T>
void column_sums(const T* g, T* b, int64_t rows, int64_t f) {
  std::fill(b, b + f, T(0));
  for (int64_t r = 0; r < rows; ++r) {
    const T* row = g + r * f;
#pragma omp simd
    for (int64_t j = 0; j < f; ++j) b[j] += row[j];
  }
}

/** b[j] = sum over images and pixels of g[b, j, p] (channels first), serially in memory order. */
template <typename T>
void plane_sums(const T* g, T* b, int64_t n, int64_t f, int64_t pix) {
  std::fill(b, b + f, T(0));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < f; ++j) {
      const T* row = g + (i * f + j) * pix;
      T acc = T(0);
      for (int64_t p = 0; p < pix; ++p) acc += row[p];
      b[j] += acc;
    }
}

// ---- direct loops (float64) ----------------------------------------------------------------------

/** Calls fn(src pixel index or -1 when in the padding, kernel tap index) for every tap feeding
 * output pixel (o0, o1, o2). */
template <typename Fn>
inline void for_taps(const ConvGeom& g, int64_t o0, int64_t o1, int64_t o2, Fn&& fn) {
  for (int64_t k0 = 0; k0 < g.k[0]; ++k0) {
    const int64_t i0 = o0 * g.s[0] - g.pl[0] + k0 * g.d[0];
    if (i0 < 0 || i0 >= g.in[0]) continue;
    for (int64_t k1 = 0; k1 < g.k[1]; ++k1) {
      const int64_t i1 = o1 * g.s[1] - g.pl[1] + k1 * g.d[1];
      if (i1 < 0 || i1 >= g.in[1]) continue;
      for (int64_t k2 = 0; k2 < g.k[2]; ++k2) {
        const int64_t i2 = o2 * g.s[2] - g.pl[2] + k2 * g.d[2];
        if (i2 < 0 || i2 >= g.in[2]) continue;
        fn((i0 * g.in[1] + i1) * g.in[2] + i2, (k0 * g.k[1] + k1) * g.k[2] + k2);
      }
    }
  }
}

/** Calls fn(batch, output pixel index, o0, o1, o2) for every output pixel, batches in parallel. */
template <typename Fn>
void for_out_pixels(const ConvGeom& g, bool par, Fn&& fn) {
  parallel_for(g.n, par, [&](int64_t b) {
    int64_t p = 0;
    for (int64_t o0 = 0; o0 < g.out[0]; ++o0)
      for (int64_t o1 = 0; o1 < g.out[1]; ++o1)
        for (int64_t o2 = 0; o2 < g.out[2]; ++o2) fn(b, p++, o0, o1, o2);
  });
}

/** Where pixel p of image b starts in src (x) and dst (y), and the strides between channels, in
 * g's layout. */
struct DirectIndex {
  int64_t xps, xcs, yps, ycs, xim, yim;
  explicit DirectIndex(const ConvGeom& g)
      : xps(g.pix_stride(g.c)), xcs(g.chan_stride(g.in_pix())), yps(g.pix_stride(g.f)),
        ycs(g.chan_stride(g.out_pix())), xim(g.in_pix() * g.c), yim(g.out_pix() * g.f) {}
  int64_t x(int64_t b, int64_t ip) const { return b * xim + ip * xps; }
  int64_t y(int64_t b, int64_t p) const { return b * yim + p * yps; }
};

template <typename T>
void direct_forward(const ConvGeom& g, const T* x, const T* w, T* y) {
  const int64_t cg = g.c / g.g, fg = g.f / g.g;
  const DirectIndex ix(g);
  std::fill(y, y + g.n * ix.yim, T(0));
  const bool par = g.n > 1 && num_threads() > 1;
  for_out_pixels(g, par, [&](int64_t b, int64_t p, int64_t o0, int64_t o1, int64_t o2) {
    T* yr = y + ix.y(b, p);
    for_taps(g, o0, o1, o2, [&](int64_t ip, int64_t kp) {
      const T* xr = x + ix.x(b, ip);
      const T* wk = w + kp * cg * g.f;
      for (int64_t gi = 0; gi < g.g; ++gi)
        for (int64_t ci = 0; ci < cg; ++ci) {
          const T xv = xr[(gi * cg + ci) * ix.xcs];
          const T* wr = wk + ci * g.f + gi * fg;
          T* yo = yr + gi * fg * ix.ycs;
          for (int64_t fi = 0; fi < fg; ++fi) yo[fi * ix.ycs] += xv * wr[fi];
        }
    });
  });
}

template <typename T>
void direct_backward_data(const ConvGeom& g, const T* gy, const T* w, T* gx) {
  const int64_t cg = g.c / g.g, fg = g.f / g.g;
  const DirectIndex ix(g);
  std::fill(gx, gx + g.n * ix.xim, T(0));
  // Each batch element scatters only into its own rows of gx, so batches run in parallel.
  const bool par = g.n > 1 && num_threads() > 1;
  for_out_pixels(g, par, [&](int64_t b, int64_t p, int64_t o0, int64_t o1, int64_t o2) {
    const T* gr = gy + ix.y(b, p);
    for_taps(g, o0, o1, o2, [&](int64_t ip, int64_t kp) {
      T* xr = gx + ix.x(b, ip);
      const T* wk = w + kp * cg * g.f;
      for (int64_t gi = 0; gi < g.g; ++gi)
        for (int64_t ci = 0; ci < cg; ++ci) {
          const T* wr = wk + ci * g.f + gi * fg;
          const T* go = gr + gi * fg * ix.ycs;
          T acc = T(0);
          for (int64_t fi = 0; fi < fg; ++fi) acc += go[fi * ix.ycs] * wr[fi];
          xr[(gi * cg + ci) * ix.xcs] += acc;
        }
    });
  });
}

template <typename T>
void direct_backward_weights(const ConvGeom& g, const T* x, const T* gy, T* gw) {
  const int64_t cg = g.c / g.g, fg = g.f / g.g;
  const DirectIndex ix(g);
  std::fill(gw, gw + g.k_pix() * cg * g.f, T(0));
  // Every batch element adds into all of gw: serial, so the sum order is fixed.
  for_out_pixels(g, false, [&](int64_t b, int64_t p, int64_t o0, int64_t o1, int64_t o2) {
    const T* gr = gy + ix.y(b, p);
    for_taps(g, o0, o1, o2, [&](int64_t ip, int64_t kp) {
      const T* xr = x + ix.x(b, ip);
      T* wk = gw + kp * cg * g.f;
      for (int64_t gi = 0; gi < g.g; ++gi)
        for (int64_t ci = 0; ci < cg; ++ci) {
          const T xv = xr[(gi * cg + ci) * ix.xcs];
          T* wr = wk + ci * g.f + gi * fg;
          const T* go = gr + gi * fg * ix.ycs;
          for (int64_t fi = 0; fi < fg; ++fi) wr[fi] += xv * go[fi * ix.ycs];
        }
    });
  });
}

// ---- oneDNN (float32) ----------------------------------------------------------------------------

using dims = dnnl::memory::dims;
using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

/** The oneDNN description of a ConvGeom: the activations in the caller's layout (channels last
 * as Keras stores them, or channels first); the weights' Keras layout (k..., C/G, F) described by
 * strides over oneDNN's logical (G, F/G, C/G, k...) order. */
struct DnnlConv {
  dims src, dst, wdims, wstrides, strides, dilates, pl, pr;
  tag act_tag;
  bool cf;
  std::string key;

  explicit DnnlConv(const ConvGeom& g) : cf(g.cf) {
    const int nd = g.nd;
    src = {g.n, g.c};
    dst = {g.n, g.f};
    for (int i = 0; i < nd; ++i) {
      src.push_back(g.in[i]);
      dst.push_back(g.out[i]);
      strides.push_back(g.s[i]);
      dilates.push_back(g.d[i] - 1);  // oneDNN counts the holes, Keras the step
      pl.push_back(g.pl[i]);
      pr.push_back(g.pr[i]);
    }
    if (cf)
      act_tag = nd == 1 ? tag::ncw : nd == 2 ? tag::nchw : tag::ncdhw;
    else
      act_tag = nd == 1 ? tag::nwc : nd == 2 ? tag::nhwc : tag::ndhwc;
    const int64_t cg = g.c / g.g, fg = g.f / g.g;
    // Stride of each spatial kernel dim in the Keras layout.
    dims kst(static_cast<size_t>(nd), 0);
    int64_t acc = cg * g.f;
    for (int i = nd; i-- > 0;) {
      kst[size_t(i)] = acc;
      acc *= g.k[i];
    }
    if (g.g > 1) {
      wdims = {g.g, fg, cg};
      wstrides = {fg, 1, g.f};
    } else {
      wdims = {g.f, g.c};
      wstrides = {1, g.f};
    }
    for (int i = 0; i < nd; ++i) {
      wdims.push_back(g.k[i]);
      wstrides.push_back(kst[size_t(i)]);
    }
    std::ostringstream os;
    os << (cf ? "cf" : "") << "g" << g.g;
    for (auto* v : {&src, &dst, &wdims, &strides, &dilates, &pl, &pr}) {
      os << '[';
      for (auto e : *v) os << e << ',';
      os << ']';
    }
    key = os.str();
  }
  dnnl::memory::desc src_md() const { return {src, dt::f32, act_tag}; }
  dnnl::memory::desc dst_md() const { return {dst, dt::f32, act_tag}; }
  dnnl::memory::desc user_w_md() const { return {wdims, dt::f32, wstrides}; }
  dnnl::memory::desc any_w_md() const { return {wdims, dt::f32, tag::any}; }
  // What the primitives are created with. Channels-last activations are given as they are (the
  // brgemm kernels run on them directly, see docs/convolutions.md); for channels-first ones
  // oneDNN picks its layout (`any`: on AVX-512 its blocked nChw16c, except a single input
  // channel, which it reads as plain nchw), and the cached reorders below move the activations
  // in and out within the call (docs/convolutions.md, "channels_first", has the measurements).
  dnnl::memory::desc prim_src_md() const {
    return cf ? dnnl::memory::desc(src, dt::f32, tag::any) : src_md();
  }
  dnnl::memory::desc prim_dst_md() const {
    return cf ? dnnl::memory::desc(dst, dt::f32, tag::any) : dst_md();
  }

  dnnl::convolution_forward::primitive_desc fwd_pd(bool bias,
                                                   const dnnl::primitive_attr& attr) const {
    auto& eng = dnnl_cpu_engine();
    dnnl::memory::desc bmd = bias ? dnnl::memory::desc({dst[1]}, dt::f32, tag::a)
                                  : dnnl::memory::desc();
    return dnnl::convolution_forward::primitive_desc(
        eng, dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, prim_src_md(),
        any_w_md(), bmd, prim_dst_md(), strides, dilates, pl, pr, attr);
  }
};

/** A primitive's own memory descriptor for `what` (weights, diff weights). */
dnnl::memory::desc query_md(const SharedPrimitive& p, dnnl_query_t what) {
  const_dnnl_memory_desc_t md = dnnl_primitive_desc_query_md(p.prim.get_primitive_desc(), what, 0);
  dnnl_memory_desc_t copy;
  dnnl::error::wrap_c_api(dnnl_memory_desc_clone(&copy, md), "could not copy a descriptor");
  return dnnl::memory::desc(copy);
}

dnnl::algorithm dnnl_act(int act) {
  switch (act) {
    case MLN_RELU: return dnnl::algorithm::eltwise_relu;
    case MLN_TANH: return dnnl::algorithm::eltwise_tanh;
    default: return dnnl::algorithm::eltwise_logistic;
  }
}

/** Copies between the user's layout and the primitive's chosen one by a cached reorder primitive
 * (created once per key, executed on the calling thread's stream); returns the destination. */
dnnl::memory reorder_cached(const std::string& key, const dnnl::memory::desc& from_md, void* from,
                             const dnnl::memory::desc& to_md, void* to) {
  auto& eng = dnnl_cpu_engine();
  SharedPrimitive r = cached_primitive(key, [&](const dnnl::primitive_attr& attr) {
    return dnnl::primitive(dnnl::reorder(dnnl::reorder::primitive_desc(eng, from_md, eng, to_md,
                                                                       attr)));
  });
  dnnl::memory src(from_md, eng, from), dst(to_md, eng, to);
  r.execute({{DNNL_ARG_FROM, src}, {DNNL_ARG_TO, dst}});
  return dst;
}

/** The calling thread's buffers for operands in the primitive's own layout: weights (slots 0 and
 * 1) and, for channels-first calls, activations (slots 2 to 4). Per thread, so concurrent calls of
 * one cached primitive never share one; each keeps the largest size it was asked for. */
enum BufferSlot { kWeightsIn = 0, kWeightsOut = 1, kActIn = 2, kActIn2 = 3, kActOut = 4 };
void* thread_buffer(size_t bytes, int which) {
  thread_local std::vector<float> buf[5];
  auto& b = buf[which];
  if (b.size() * sizeof(float) < bytes) b.resize((bytes + sizeof(float) - 1) / sizeof(float));
  return b.data();
}

/** The memory a primitive reads an activation from: the user's buffer when the primitive reads
 * the user's layout, else the calling thread's buffer `slot` with the values reordered into it. */
dnnl::memory act_in(const SharedPrimitive& prim, dnnl_query_t what, const std::string& key,
                    const dnnl::memory::desc& user, const float* data, int slot) {
  const dnnl::memory::desc md = query_md(prim, what);
  if (md == user) return dnnl::memory(user, dnnl_cpu_engine(), const_cast<float*>(data));
  return reorder_cached(key, user, const_cast<float*>(data), md,
                        thread_buffer(md.get_size(), slot));
}

/** The memory a primitive writes an activation into (the user's buffer, or the calling thread's
 * output buffer when the primitive writes another layout; act_out_done moves it back). */
dnnl::memory act_out(const SharedPrimitive& prim, dnnl_query_t what,
                     const dnnl::memory::desc& user, float* data) {
  const dnnl::memory::desc md = query_md(prim, what);
  if (md == user) return dnnl::memory(user, dnnl_cpu_engine(), data);
  return dnnl::memory(md, dnnl_cpu_engine(), thread_buffer(md.get_size(), kActOut));
}

void act_out_done(const dnnl::memory& m, const std::string& key, const dnnl::memory::desc& user,
                  float* data) {
  if (m.get_data_handle() != static_cast<void*>(data))
    reorder_cached(key, m.get_desc(), m.get_data_handle(), user, data);
}

void dnnl_forward(const ConvGeom& g, const float* x, const float* w, const float* b, int act,
                  float* y) {
  DnnlConv c(g);
  const std::string key = "conv_fwd:" + c.key + (b ? ":b" : "") + ":a" + std::to_string(act);
  SharedPrimitive prim = cached_primitive(key, [&](const dnnl::primitive_attr&) {
    // A fresh attr with the same user scratchpad mode, plus the activation as a post-op (the
    // attr passed in is shared and const).
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    if (act != 0) {
      dnnl::post_ops po;
      po.append_eltwise(dnnl_act(act), 0.f, 0.f);
      attr.set_post_ops(po);
    }
    return dnnl::primitive(dnnl::convolution_forward(c.fwd_pd(b != nullptr, attr)));
  });
  auto& eng = dnnl_cpu_engine();
  const dnnl::memory::desc wmd = query_md(prim, dnnl_query_weights_md);
  const dnnl::memory::desc user = c.user_w_md();
  dnnl::memory wm = wmd == user
                        ? dnnl::memory(user, eng, const_cast<float*>(w))
                        : reorder_cached(key + ":w", user, const_cast<float*>(w), wmd,
                                          thread_buffer(wmd.get_size(), kWeightsIn));
  dnnl::memory ym = act_out(prim, dnnl_query_dst_md, c.dst_md(), y);
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, act_in(prim, dnnl_query_src_md, key + ":x", c.src_md(), x, kActIn)},
      {DNNL_ARG_WEIGHTS, wm},
      {DNNL_ARG_DST, ym}};
  if (b) args.emplace(DNNL_ARG_BIAS, dnnl::memory({{g.f}, dt::f32, tag::a}, eng,
                                                  const_cast<float*>(b)));
  prim.execute(std::move(args));
  act_out_done(ym, key + ":y", c.dst_md(), y);
}

/** gy as one backward primitive read it (in the calling thread's kActIn2 buffer when reordered),
 * so that the other backward of the same call skips a second reorder of the same values. */
struct SharedGy {
  const float* user = nullptr;
  dnnl::memory mem;
};

void dnnl_backward_data(const ConvGeom& g, const float* gy, const float* w, float* gx,
                        SharedGy* shared) {
  DnnlConv c(g);
  const std::string key = "conv_bwd_data:" + c.key;
  SharedPrimitive prim = cached_primitive(key, [&](const dnnl::primitive_attr& attr) {
    dnnl::primitive_attr hint_attr;
    auto hint = c.fwd_pd(false, hint_attr);
    return dnnl::primitive(dnnl::convolution_backward_data(
        dnnl::convolution_backward_data::primitive_desc(
            dnnl_cpu_engine(), dnnl::algorithm::convolution_direct, c.prim_src_md(),
            c.any_w_md(), c.prim_dst_md(), c.strides, c.dilates, c.pl, c.pr, hint, attr)));
  });
  auto& eng = dnnl_cpu_engine();
  const dnnl::memory::desc wmd = query_md(prim, dnnl_query_weights_md);
  const dnnl::memory::desc user = c.user_w_md();
  dnnl::memory wm = wmd == user
                        ? dnnl::memory(user, eng, const_cast<float*>(w))
                        : reorder_cached(key + ":w", user, const_cast<float*>(w), wmd,
                                          thread_buffer(wmd.get_size(), kWeightsIn));
  dnnl::memory gxm = act_out(prim, dnnl_query_diff_src_md, c.src_md(), gx);
  dnnl::memory gym = act_in(prim, dnnl_query_diff_dst_md, key + ":gy", c.dst_md(), gy, kActIn2);
  prim.execute({{DNNL_ARG_DIFF_DST, gym}, {DNNL_ARG_WEIGHTS, wm}, {DNNL_ARG_DIFF_SRC, gxm}});
  if (shared) *shared = SharedGy{gy, gym};
  act_out_done(gxm, key + ":gx", c.src_md(), gx);
}

void dnnl_backward_weights(const ConvGeom& g, const float* x, const float* gy, float* gw,
                           const SharedGy* shared) {
  DnnlConv c(g);
  const std::string key = "conv_bwd_w:" + c.key;
  SharedPrimitive prim = cached_primitive(key, [&](const dnnl::primitive_attr& attr) {
    dnnl::primitive_attr hint_attr;
    auto hint = c.fwd_pd(false, hint_attr);
    return dnnl::primitive(dnnl::convolution_backward_weights(
        dnnl::convolution_backward_weights::primitive_desc(
            dnnl_cpu_engine(), dnnl::algorithm::convolution_direct, c.prim_src_md(),
            c.any_w_md(), c.prim_dst_md(), c.strides, c.dilates, c.pl, c.pr, hint, attr)));
  });
  auto& eng = dnnl_cpu_engine();
  const dnnl::memory::desc wmd = query_md(prim, dnnl_query_diff_weights_md);
  const dnnl::memory::desc user = c.user_w_md();
  const bool same = wmd == user;
  dnnl::memory wm(wmd, eng,
                  same ? static_cast<void*>(gw) : thread_buffer(wmd.get_size(), kWeightsOut));
  const bool reuse = shared && shared->user == gy &&
                     shared->mem.get_desc() == query_md(prim, dnnl_query_diff_dst_md);
  prim.execute(
      {{DNNL_ARG_SRC, act_in(prim, dnnl_query_src_md, key + ":x", c.src_md(), x, kActIn)},
       {DNNL_ARG_DIFF_DST,
        reuse ? shared->mem
              : act_in(prim, dnnl_query_diff_dst_md, key + ":gy", c.dst_md(), gy, kActIn2)},
       {DNNL_ARG_DIFF_WEIGHTS, wm}});
  if (!same) reorder_cached(key + ":w_back", wmd, wm.get_data_handle(), user, gw);
}

// ---- the three directions over both dtypes -------------------------------------------------------

void conv_forward(const ConvGeom& g, const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                  int act, mln_tensor* y, const char* op) {
  if (numel(y) == 0) return;
  if (x->dtype == MLN_F32) {
    dnnl_guard(op, [&] {
      dnnl_forward(g, data_as<float>(x), data_as<float>(w), b ? data_as<float>(b) : nullptr, act,
                   data_as<float>(y));
    });
    return;
  }
  direct_forward<double>(g, data_as<double>(x), data_as<double>(w), data_as<double>(y));
  bias_act<double>(data_as<double>(y), b ? data_as<double>(b) : nullptr, g.n, g.f, g.out_pix(),
                   g.cf, act);
}

/** gx (src's shape) from gy (dst's shape); zeros when the weights or gy are empty. */
void conv_backward_data(const ConvGeom& g, const mln_tensor* gy, const mln_tensor* w,
                        mln_tensor* gx, const char* op, SharedGy* shared = nullptr) {
  if (numel(gx) == 0) return;
  if (numel(gy) == 0) {
    std::memset(data_as<char>(gx), 0, size_t(numel(gx)) * itemsize(gx->dtype));
    return;
  }
  if (gx->dtype == MLN_F32) {
    dnnl_guard(op, [&] {
      dnnl_backward_data(g, data_as<float>(gy), data_as<float>(w), data_as<float>(gx), shared);
    });
    return;
  }
  direct_backward_data<double>(g, data_as<double>(gy), data_as<double>(w), data_as<double>(gx));
}

void conv_backward_weights(const ConvGeom& g, const mln_tensor* x, const mln_tensor* gy,
                           mln_tensor* gw, const char* op, const SharedGy* shared = nullptr) {
  if (numel(gw) == 0) return;
  if (numel(gy) == 0 || numel(x) == 0) {
    std::memset(data_as<char>(gw), 0, size_t(numel(gw)) * itemsize(gw->dtype));
    return;
  }
  if (gw->dtype == MLN_F32) {
    dnnl_guard(op, [&] {
      dnnl_backward_weights(g, data_as<float>(x), data_as<float>(gy), data_as<float>(gw), shared);
    });
    return;
  }
  direct_backward_weights<double>(g, data_as<double>(x), data_as<double>(gy),
                                  data_as<double>(gw));
}

void check_bias_act(const mln_tensor* b, int act, int64_t f, int dtype, const char* op) {
  if (!conv_act_ok(act))
    fail(MLN_ERR_ARGUMENT, op, ": argument 'activation' expected 0 or one of the fused "
         "activation codes (relu, tanh, sigmoid) but was ", act);
  if (b) {
    check_float_like(b, dtype, op, "bias");
    if (b->ndim != 1 || b->shape[0] != f)
      fail(MLN_ERR_SHAPE, op, ": argument 'bias' expected shape (", f, ") but was ",
           shape_str(shape_of(b)));
  }
}

void check_same(const mln_tensor* t, const Shape& s, int dtype, const char* op, const char* arg) {
  check_tensor(t, op, arg);
  check_float_like(t, dtype, op, arg);
  if (shape_of(t) != s)
    fail(MLN_ERR_SHAPE, op, ": argument '", arg, "' expected shape ", shape_str(s), " but was ",
         shape_str(shape_of(t)));
}

/** g = gy * act'(y) (a new tensor, or gy itself with one more reference when act is 0). */
mln_tensor* activation_grad(const mln_tensor* y, const mln_tensor* gy, int act) {
  if (act == 0) return mln_retain(const_cast<mln_tensor*>(gy));
  TensorRef g(new_tensor(gy->dtype, shape_of(gy)));
  dispatch_float(gy->dtype, "conv_backward", [&](auto tag_) {
    using T = decltype(tag_);
    act_backward<T>(data_as<T>(y), data_as<T>(gy), data_as<T>(g.get()), numel(gy), act);
  });
  return g.release();
}

/** The bias gradient: g's sum over everything but its channel axis (f channels, layout cf). */
mln_tensor* bias_grad(const mln_tensor* g, int64_t f, bool cf) {
  TensorRef gb(new_tensor(g->dtype, Shape{f}));
  const int64_t rows = f == 0 ? 0 : numel(g) / f;
  const int64_t n = g->shape[0], pix = n == 0 ? 0 : rows / n;
  dispatch_float(g->dtype, "conv_backward", [&](auto tag_) {
    using T = decltype(tag_);
    if (cf)
      plane_sums<T>(data_as<T>(g), data_as<T>(gb.get()), n, f, pix);
    else
      column_sums<T>(data_as<T>(g), data_as<T>(gb.get()), rows, f);
  });
  return gb.release();
}

/**
 * The ReLU gradient g = gy * (y > 0) of a channels-last output (rows of f channels) and the bias
 * gradient, g's column sums, in one pass: bias_grad would read all of g again. The sums run
 * serially in row order from zero, column_sums' order, so gb is bit for bit the same; the pass is
 * serial because of that order (docs/convolutions.md, "Training step", has the per-call times).
 */
mln_tensor* relu_and_bias_grad(const mln_tensor* y, const mln_tensor* gy, int64_t f,
                               TensorRef& gb) {
  TensorRef g(new_tensor(gy->dtype, shape_of(gy)));
  gb = TensorRef(new_tensor(gy->dtype, Shape{f}));
  const int64_t rows = f == 0 ? 0 : numel(gy) / f;
  dispatch_float(gy->dtype, "conv_backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* yv = data_as<T>(y);
    const T* gv = data_as<T>(gy);
    T* out = data_as<T>(g.get());
    T* b = data_as<T>(gb.get());
    std::fill(b, b + f, T(0));
    for (int64_t r = 0; r < rows; ++r) {
      const T* yr = yv + r * f;
      const T* gr = gv + r * f;
      T* o = out + r * f;
#pragma omp simd
      for (int64_t j = 0; j < f; ++j) {
        o[j] = yr[j] > T(0) ? gr[j] : T(0);
        b[j] += o[j];
      }
    }
  });
  return g.release();
}

/** The convolution whose backward-data is the transposed convolution of x (N, in..., C) by
 * w (k..., F, C) into (N, out..., F) (or (N, C, in...) into (N, F, out...) when cf); checks that
 * its output size is x's. */
ConvGeom plan_transpose(const char* op, const mln_tensor* x, const mln_tensor* w,
                        const int64_t* out_spatial, const int64_t* geom, bool cf) {
  const int r = x->ndim;
  if (r < 3 || r > 5)
    fail(MLN_ERR_SHAPE, op, ": argument 'x' expected rank 3, 4 or 5 ", layout_words(cf),
         " but was rank ", r, " ", shape_str(shape_of(x)));
  if (w->ndim != r)
    fail(MLN_ERR_SHAPE, op, ": argument 'kernel' expected rank ", r, " (the input's) but was rank ",
         w->ndim, " ", shape_str(shape_of(w)));
  if (out_spatial == nullptr)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'output_size' expected ", r - 2, " values but was NULL");
  const int64_t xc = x->shape[cf ? 1 : r - 1];
  const int sp0 = cf ? 2 : 1;
  if (w->shape[r - 1] != xc)
    fail(MLN_ERR_SHAPE, op, ": argument 'kernel' expected ", xc,
         " input channels in its last dim but was ", w->shape[r - 1], " (kernel ",
         shape_str(shape_of(w)), ", input ", shape_str(shape_of(x)), ")");
  Shape src{x->shape[0]};
  if (cf) src.push_back(w->shape[r - 2]);
  for (int i = 0; i < r - 2; ++i) {
    if (out_spatial[i] < 0)
      fail(MLN_ERR_ARGUMENT, op, ": argument 'output_size' expected sizes >= 0 but was ",
           out_spatial[i]);
    src.push_back(out_spatial[i]);
  }
  if (!cf) src.push_back(w->shape[r - 2]);
  ConvGeom g = plan_conv(op, src, shape_of(w), geom, 1, cf);
  for (int i = 0; i < g.nd; ++i)
    if (g.out[i] != x->shape[i + sp0])
      fail(MLN_ERR_SHAPE, op, ": argument 'output_size' expected a size whose convolution gives ",
           "the input's ", x->shape[i + sp0], " in spatial dim ", i, " but ", out_spatial[i],
           " gives ", g.out[i]);
  return g;
}

/** The checks every convolution entry point starts with: x and the kernel are live float tensors
 * of one dtype. */
void check_conv_args(const mln_tensor* x, const mln_tensor* w, const char* op) {
  check_tensor(x, op, "x");
  check_tensor(w, op, "kernel");
  check_float_like(x, x->dtype, op, "x");
  check_float_like(w, x->dtype, op, "kernel");
}

/** Clears a backward's gradient out-pointers first, so that a failure leaves them null. */
void clear_grads(mln_tensor** gx, mln_tensor** gw, mln_tensor** gb) {
  if (gx) *gx = nullptr;
  if (gw) *gw = nullptr;
  if (gb) *gb = nullptr;
}

/** Hands the computed gradients to the requested out-pointers, only once all succeeded. */
void hand_out_grads(mln_tensor** gx, mln_tensor** gw, mln_tensor** gb, TensorRef& rx,
                    TensorRef& rw, TensorRef& rb) {
  if (gx) *gx = rx.release();
  if (gw) *gw = rw.release();
  if (gb) *gb = rb.release();
}

mln_tensor* conv_entry(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                       const int64_t* geom, int groups, int act, bool cf) {
  MLN_TRY
  const char* op = cf ? "conv_cf" : "conv";
  check_conv_args(x, w, op);
  ConvGeom g = plan_conv(op, shape_of(x), shape_of(w), geom, groups, cf);
  check_bias_act(b, act, g.f, x->dtype, op);
  TensorRef y(new_tensor(x->dtype, g.dst_shape(), op));
  if (numel(y.get()) > 0 && numel(x) == 0) {
    // No input channels (or an empty kernel): every output is act(bias).
    std::memset(data_as<char>(y.get()), 0, size_t(numel(y.get())) * itemsize(x->dtype));
    dispatch_float(x->dtype, op, [&](auto tag_) {
      using T = decltype(tag_);
      bias_act<T>(data_as<T>(y.get()), b ? data_as<T>(b) : nullptr, g.n, g.f, g.out_pix(), cf,
                  act);
    });
    return y.release();
  }
  conv_forward(g, x, w, b, act, y.get(), op);
  return y.release();
  MLN_CATCH(nullptr)
}

int conv_backward_entry(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                        const mln_tensor* gy, const int64_t* geom, int groups, int act,
                        mln_tensor** gx, mln_tensor** gw, mln_tensor** gb, bool cf) {
  MLN_TRY
  const char* op = cf ? "conv_cf_backward" : "conv_backward";
  clear_grads(gx, gw, gb);
  check_conv_args(x, w, op);
  ConvGeom g = plan_conv(op, shape_of(x), shape_of(w), geom, groups, cf);
  check_bias_act(nullptr, act, g.f, x->dtype, op);
  check_same(gy, g.dst_shape(), x->dtype, op, "gy");
  if (act != 0) check_same(y, g.dst_shape(), x->dtype, op, "y");
  TensorRef rx, rw, rb;
  // ReLU (the book's Conv2D) with its bias gradient wanted: one pass makes both
  const bool relu_bias = gb && act == MLN_RELU && !cf;
  TensorRef grad(relu_bias ? relu_and_bias_grad(y, gy, g.f, rb) : activation_grad(y, gy, act));
  SharedGy gy_read;  // the backward-weights reuses the backward-data's reorder of grad
  if (gx) {
    rx = TensorRef(new_tensor(x->dtype, g.src_shape(), op));
    conv_backward_data(g, grad.get(), w, rx.get(), op, &gy_read);
  }
  if (gw) {
    rw = TensorRef(new_tensor(x->dtype, g.weight_shape(), op));
    conv_backward_weights(g, x, grad.get(), rw.get(), op, &gy_read);
  }
  if (gb && !relu_bias) rb = TensorRef(bias_grad(grad.get(), g.f, cf));
  hand_out_grads(gx, gw, gb, rx, rw, rb);
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

mln_tensor* conv_transpose_entry(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                                 const int64_t* out_spatial, const int64_t* geom, int act,
                                 bool cf) {
  MLN_TRY
  const char* op = cf ? "conv_transpose_cf" : "conv_transpose";
  check_conv_args(x, w, op);
  ConvGeom g = plan_transpose(op, x, w, out_spatial, geom, cf);
  check_bias_act(b, act, g.c, x->dtype, op);
  TensorRef y(new_tensor(x->dtype, g.src_shape(), op));
  conv_backward_data(g, x, w, y.get(), op);
  if (b || act != 0) {
    dispatch_float(x->dtype, op, [&](auto tag_) {
      using T = decltype(tag_);
      bias_act<T>(data_as<T>(y.get()), b ? data_as<T>(b) : nullptr, g.n, g.c, g.in_pix(), cf,
                  act);
    });
  }
  return y.release();
  MLN_CATCH(nullptr)
}

int conv_transpose_backward_entry(const mln_tensor* x, const mln_tensor* w,
                                  const mln_tensor* y, const mln_tensor* gy, const int64_t* geom,
                                  int act, mln_tensor** gx, mln_tensor** gw, mln_tensor** gb,
                                  bool cf) {
  MLN_TRY
  const char* op = cf ? "conv_transpose_cf_backward" : "conv_transpose_backward";
  clear_grads(gx, gw, gb);
  check_conv_args(x, w, op);
  check_tensor(gy, op, "gy");
  if (gy->ndim != x->ndim)
    fail(MLN_ERR_SHAPE, op, ": argument 'gy' expected rank ", x->ndim, " but was rank ", gy->ndim);
  ConvGeom g = plan_transpose(op, x, w, gy->shape + (cf ? 2 : 1), geom, cf);
  check_bias_act(nullptr, act, g.c, x->dtype, op);
  check_same(gy, g.src_shape(), x->dtype, op, "gy");
  if (act != 0) check_same(y, g.src_shape(), x->dtype, op, "y");
  TensorRef grad(activation_grad(y, gy, act));
  TensorRef rx, rw, rb;
  if (gx) {  // the transpose of backward-data is the forward convolution
    rx = TensorRef(new_tensor(x->dtype, g.dst_shape(), op));
    conv_forward(g, grad.get(), w, nullptr, 0, rx.get(), op);
  }
  if (gw) {  // the same weights gradient with the roles of input and output swapped
    rw = TensorRef(new_tensor(x->dtype, g.weight_shape(), op));
    conv_backward_weights(g, grad.get(), x, rw.get(), op);
  }
  if (gb) rb = TensorRef(bias_grad(grad.get(), g.c, cf));
  hand_out_grads(gx, gw, gb, rx, rw, rb);
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_conv(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                     const int64_t* geom, int groups, int act) {
  return conv_entry(x, w, b, geom, groups, act, false);
}

int mln_conv_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                      const mln_tensor* gy, const int64_t* geom, int groups, int act,
                      mln_tensor** gx, mln_tensor** gw, mln_tensor** gb) {
  return conv_backward_entry(x, w, y, gy, geom, groups, act, gx, gw, gb, false);
}

mln_tensor* mln_conv_transpose(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                               const int64_t* out_spatial, const int64_t* geom, int act) {
  return conv_transpose_entry(x, w, b, out_spatial, geom, act, false);
}

int mln_conv_transpose_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                                const mln_tensor* gy, const int64_t* geom, int act,
                                mln_tensor** gx, mln_tensor** gw, mln_tensor** gb) {
  return conv_transpose_backward_entry(x, w, y, gy, geom, act, gx, gw, gb, false);
}

mln_tensor* mln_conv_cf(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                        const int64_t* geom, int groups, int act) {
  return conv_entry(x, w, b, geom, groups, act, true);
}

int mln_conv_cf_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                         const mln_tensor* gy, const int64_t* geom, int groups, int act,
                         mln_tensor** gx, mln_tensor** gw, mln_tensor** gb) {
  return conv_backward_entry(x, w, y, gy, geom, groups, act, gx, gw, gb, true);
}

mln_tensor* mln_conv_transpose_cf(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                                  const int64_t* out_spatial, const int64_t* geom, int act) {
  return conv_transpose_entry(x, w, b, out_spatial, geom, act, true);
}

int mln_conv_transpose_cf_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                                   const mln_tensor* gy, const int64_t* geom, int act,
                                   mln_tensor** gx, mln_tensor** gw, mln_tensor** gb) {
  return conv_transpose_backward_entry(x, w, y, gy, geom, act, gx, gw, gb, true);
}

}  // extern "C"
