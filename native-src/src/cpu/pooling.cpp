// Max and average pooling over the spatial axes of a channels-last tensor (batch, spatial...,
// channels) or, by the *_cf entry points, a channels-first one (batch, channels, spatial...),
// forward and backward, and the in-place moving-average update of batch normalization.
// float32 runs oneDNN's pooling primitives (cached per shape and window, user scratchpad per
// thread); float64, which oneDNN does not pool on CPU, runs direct loops with the same semantics:
// average pooling divides by the number of real (unpadded) elements in the window, as Keras does
// (oneDNN pooling_avg_exclude_padding); max pooling ignores padding.
//
// Max pooling's backward needs the forward's argmax (oneDNN's workspace). Rather than return the
// workspace as a second tensor through the C API, the backward recomputes the forward on x with a
// per-call workspace: pooling is memory-bound and cheap next to the convolutions around it, the
// backward stays a pure function of (x, gy), and no mutable state is shared between threads.
#include <cmath>
#include <limits>
#include <vector>

#include "core.hpp"
#include "dnnl_engine.hpp"
#include "ops.hpp"
#include "plan.hpp"

namespace mln {
namespace {

/** A validated pooling problem: x is (N, S[0..k), C), y is (N, O[0..k), C), or (N, C, S...) and
 * (N, C, O...) when cf. */
struct PoolGeom {
  int k = 0;
  bool cf = false;
  int64_t n = 0, c = 0;
  Shape in, out, win, stride, pl, pr;
  Shape x_shape, y_shape;
};

PoolGeom geometry(const mln_tensor* x, int kind, int nspatial, const int64_t* pool,
                  const int64_t* strides, const int64_t* pad_before, const int64_t* pad_after,
                  bool cf, const char* op) {
  check_tensor(x, op, "x");
  if (kind != MLN_POOL_MAX && kind != MLN_POOL_AVG)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'kind' expected MLN_POOL_MAX (0) or MLN_POOL_AVG (1) but was ", kind);
  if (nspatial < 1 || nspatial > 3)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'nspatial' expected 1, 2 or 3 but was ", nspatial);
  if (!pool || !strides || !pad_before || !pad_after)
    fail(MLN_ERR_ARGUMENT, op, ": pool, strides, pad_before and pad_after must not be null");
  if (x->ndim != nspatial + 2)
    fail(MLN_ERR_SHAPE, op, ": argument 'x' expected rank ", nspatial + 2,
         cf ? " (batch, channels, " : " (batch, ", nspatial,
         cf ? " spatial axes)" : " spatial axes, channels)",
         " but was ", shape_str(shape_of(x)));
  PoolGeom g;
  g.k = nspatial;
  g.cf = cf;
  g.x_shape = shape_of(x);
  g.n = g.x_shape[0];
  g.c = g.x_shape[cf ? 1 : size_t(nspatial) + 1];
  g.y_shape = g.x_shape;
  const size_t sp0 = cf ? 2 : 1;  // the first spatial axis
  for (int i = 0; i < nspatial; ++i) {
    const int64_t s = g.x_shape[size_t(i) + sp0];
    if (s < 1)
      fail(MLN_ERR_SHAPE, op, ": argument 'x' expected a non-empty spatial axis ", i, " but was ",
           shape_str(g.x_shape));
    if (pool[i] < 1)
      fail(MLN_ERR_ARGUMENT, op, ": argument 'pool_size' expected >= 1 on spatial axis ", i, " but was ", pool[i]);
    if (strides[i] < 1)
      fail(MLN_ERR_ARGUMENT, op, ": argument 'strides' expected >= 1 on spatial axis ", i, " but was ", strides[i]);
    if (pad_before[i] < 0 || pad_after[i] < 0 || pad_before[i] >= pool[i] || pad_after[i] >= pool[i])
      fail(MLN_ERR_ARGUMENT, op, ": argument 'padding' expected each side in [0, pool_size) = [0, ",
           pool[i], ") on spatial axis ", i, " but was (", pad_before[i], ", ", pad_after[i], ")");
    const int64_t padded = checked_add(checked_add(s, pad_before[i], op, "a padded axis"),
                                       pad_after[i], op, "a padded axis");
    if (padded < pool[i])
      fail(MLN_ERR_SHAPE, op, ": argument 'pool_size' expected at most the padded input size ", padded,
           " on spatial axis ", i, " but was ", pool[i], " (input ", shape_str(g.x_shape), ")");
    const int64_t o = (padded - pool[i]) / strides[i] + 1;
    g.in.push_back(s);
    g.out.push_back(o);
    g.win.push_back(pool[i]);
    g.stride.push_back(strides[i]);
    g.pl.push_back(pad_before[i]);
    g.pr.push_back(pad_after[i]);
    g.y_shape[size_t(i) + sp0] = o;
  }
  shape_numel(g.y_shape, op);
  return g;
}

// ---- float32: oneDNN --------------------------------------------------------------------------

/** x's (or y's) layout as oneDNN's (N, C, spatial...) dims: channels last by explicit strides, or
 * channels first, which is oneDNN's own plain order (oneDNN pools it in place, with no reorder). */
dnnl::memory::desc md_of(const Shape& s, bool cf) {
  if (cf) {
    static const dnnl::memory::format_tag plain[] = {dnnl::memory::format_tag::abc,
                                                     dnnl::memory::format_tag::abcd,
                                                     dnnl::memory::format_tag::abcde};
    return dnnl::memory::desc(dnnl::memory::dims(s.begin(), s.end()),
                              dnnl::memory::data_type::f32, plain[s.size() - 3]);
  }
  const int k = int(s.size()) - 2;
  dnnl::memory::dims dims{s[0], s[size_t(k) + 1]}, strides(size_t(k) + 2);
  int64_t acc = s[size_t(k) + 1];
  strides[1] = 1;
  for (int i = k; i >= 1; --i) {
    strides[size_t(i) + 1] = acc;
    acc *= s[size_t(i)];
  }
  strides[0] = acc;
  for (int i = 1; i <= k; ++i) dims.push_back(s[size_t(i)]);
  return dnnl::memory::desc(dims, dnnl::memory::data_type::f32, strides);
}

dnnl::algorithm algo_of(int kind) {
  return kind == MLN_POOL_MAX ? dnnl::algorithm::pooling_max
                              : dnnl::algorithm::pooling_avg_exclude_padding;
}

std::string key_of(const char* what, const PoolGeom& g, int kind) {
  return std::string(what) + (g.cf ? "cf" : "") + shape_str(g.x_shape) + "k" + std::to_string(kind) + shape_str(g.win) +
         shape_str(g.stride) + shape_str(g.pl) + shape_str(g.pr);
}

dnnl::pooling_forward::primitive_desc fwd_pd(const PoolGeom& g, int kind, dnnl::prop_kind pk,
                                             const dnnl::primitive_attr& attr = {}) {
  dnnl::memory::dims st(g.stride.begin(), g.stride.end()), win(g.win.begin(), g.win.end()),
      pl(g.pl.begin(), g.pl.end()), pr(g.pr.begin(), g.pr.end()), dil(size_t(g.k), 0);
  return dnnl::pooling_forward::primitive_desc(dnnl_cpu_engine(), pk, algo_of(kind), md_of(g.x_shape, g.cf),
                                               md_of(g.y_shape, g.cf), st, win, dil, pl, pr, attr);
}

/** A copy of the primitive's workspace descriptor (zero when it has none). */
dnnl::memory::desc workspace_of(const SharedPrimitive& p) {
  const_dnnl_memory_desc_t md =
      dnnl_primitive_desc_query_md(p.prim.get_primitive_desc(), dnnl_query_workspace_md, 0);
  if (md == nullptr) return {};
  dnnl_memory_desc_t copy;
  dnnl::error::wrap_c_api(dnnl_memory_desc_clone(&copy, md), "could not copy a workspace descriptor");
  return dnnl::memory::desc(copy);
}

void pool_fwd_f32(const PoolGeom& g, int kind, const float* x, float* y) {
  auto prim = cached_primitive(key_of("pool_fwd", g, kind), [&](const dnnl::primitive_attr& attr) {
    return dnnl::primitive(
        dnnl::pooling_forward(fwd_pd(g, kind, dnnl::prop_kind::forward_inference, attr)));
  });
  auto& eng = dnnl_cpu_engine();
  dnnl::memory src(md_of(g.x_shape, g.cf), eng, const_cast<float*>(x));
  dnnl::memory dst(md_of(g.y_shape, g.cf), eng, y);
  sync_omp_threads();
  prim.execute({{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
}

void pool_bwd_f32(const PoolGeom& g, int kind, const float* x, const float* gy, float* gx) {
  auto& eng = dnnl_cpu_engine();
  dnnl::memory diff_dst(md_of(g.y_shape, g.cf), eng, const_cast<float*>(gy));
  dnnl::memory diff_src(md_of(g.x_shape, g.cf), eng, gx);
  std::unordered_map<int, dnnl::memory> args{{DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_SRC, diff_src}};
  // the workspace lives for this call only, so concurrent backward calls never share one
  std::vector<char> ws_bytes;
  if (kind == MLN_POOL_MAX) {
    auto train = cached_primitive(key_of("pool_fwd_train", g, kind), [&](const dnnl::primitive_attr& attr) {
      return dnnl::primitive(
          dnnl::pooling_forward(fwd_pd(g, kind, dnnl::prop_kind::forward_training, attr)));
    });
    dnnl::memory::desc wsd = workspace_of(train);
    std::vector<float> y(size_t(shape_numel(g.y_shape)));
    ws_bytes.resize(wsd.get_size() + 1);
    dnnl::memory ws(wsd, eng, ws_bytes.data());
    dnnl::memory src(md_of(g.x_shape, g.cf), eng, const_cast<float*>(x));
    dnnl::memory dst(md_of(g.y_shape, g.cf), eng, y.data());
    sync_omp_threads();
    train.execute({{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}, {DNNL_ARG_WORKSPACE, ws}});
    args.emplace(DNNL_ARG_WORKSPACE, ws);
  }
  auto prim = cached_primitive(key_of("pool_bwd", g, kind), [&](const dnnl::primitive_attr& attr) {
    auto hint = fwd_pd(g, kind, dnnl::prop_kind::forward_training);
    dnnl::memory::dims st(g.stride.begin(), g.stride.end()), win(g.win.begin(), g.win.end()),
        pl(g.pl.begin(), g.pl.end()), pr(g.pr.begin(), g.pr.end()), dil(size_t(g.k), 0);
    return dnnl::primitive(dnnl::pooling_backward(dnnl::pooling_backward::primitive_desc(
        dnnl_cpu_engine(), algo_of(kind), md_of(g.x_shape, g.cf), md_of(g.y_shape, g.cf), st, win, dil, pl, pr,
        hint, attr)));
  });
  sync_omp_threads();
  prim.execute(args);
}

// ---- float64 (and any dtype oneDNN lacks): direct loops ---------------------------------------

/** Element strides of the pixels and the channels of a tensor with `pix` pixels per channel. */
struct PoolStrides {
  int64_t pix, chan;
  PoolStrides(const PoolGeom& g, int64_t npix) : pix(g.cf ? 1 : g.c), chan(g.cf ? npix : 1) {}
};

/** Calls fn(output pixel index within the image, batch, window bounds, input sizes) per output
 * pixel. */
template <typename Fn>
void for_each_window(const PoolGeom& g, Fn&& fn) {
  const int k = g.k;
  int64_t spatial_out = 1;
  for (int i = 0; i < k; ++i) spatial_out *= g.out[size_t(i)];
  const int64_t total = g.n * spatial_out;
  parallel_for(total, total * g.c > kParallelGrain && num_threads() > 1, [&](int64_t t) {
    const int64_t b = t / spatial_out;
    int64_t rest = t % spatial_out;
    int64_t o[3] = {0, 0, 0}, lo[3] = {0, 0, 0}, hi[3] = {1, 1, 1}, in[3] = {1, 1, 1};
    for (int i = k - 1; i >= 0; --i) {
      o[i] = rest % g.out[size_t(i)];
      rest /= g.out[size_t(i)];
    }
    for (int i = 0; i < k; ++i) {
      const int64_t start = o[i] * g.stride[size_t(i)] - g.pl[size_t(i)];
      lo[i] = std::max<int64_t>(start, 0);
      hi[i] = std::min<int64_t>(start + g.win[size_t(i)], g.in[size_t(i)]);
      in[i] = g.in[size_t(i)];
    }
    fn(t % spatial_out, b, lo, hi, in);
  });
}

template <typename T>
void loop_forward(const PoolGeom& g, int kind, const T* x, T* y) {
  const int64_t C = g.c;
  int64_t spatial_in = 1, spatial_out = 1;
  for (int i = 0; i < g.k; ++i) spatial_in *= g.in[size_t(i)], spatial_out *= g.out[size_t(i)];
  const PoolStrides xs(g, spatial_in), ys(g, spatial_out);
  for_each_window(g, [&](int64_t so, int64_t b, const int64_t* lo, const int64_t* hi, const int64_t* in) {
    const T* xb = x + b * spatial_in * C;
    T* yb = y + b * spatial_out * C + so * ys.pix;
    for (int64_t ch = 0; ch < C; ++ch) {
      T acc = kind == MLN_POOL_MAX ? -std::numeric_limits<T>::infinity() : T(0);
      int64_t count = 0;
      for (int64_t a = lo[0]; a < hi[0]; ++a)
        for (int64_t bb = lo[1]; bb < hi[1]; ++bb)
          for (int64_t cc = lo[2]; cc < hi[2]; ++cc) {
            const T v = xb[((a * in[1] + bb) * in[2] + cc) * xs.pix + ch * xs.chan];
            if (kind == MLN_POOL_MAX) {
              if (v > acc || std::isnan(v)) acc = v;
            } else {
              acc += v;
            }
            ++count;
          }
      yb[ch * ys.chan] = kind == MLN_POOL_MAX ? acc : acc / T(count);
    }
  });
}

template <typename T>
void loop_backward(const PoolGeom& g, int kind, const T* x, const T* gy, T* gx) {
  const int64_t C = g.c;
  std::fill(gx, gx + shape_numel(g.x_shape), T(0));
  // windows of one image overlap, so images run in parallel but each image's windows in order
  int64_t spatial_in = 1, spatial_out = 1;
  for (int i = 0; i < g.k; ++i) spatial_in *= g.in[size_t(i)], spatial_out *= g.out[size_t(i)];
  const PoolStrides xs(g, spatial_in), ys(g, spatial_out);
  parallel_for(g.n, g.n * spatial_in * C > kParallelGrain && num_threads() > 1, [&](int64_t b) {
    const T* xb = x + b * spatial_in * C;
    const T* gyb = gy + b * spatial_out * C;
    T* gxb = gx + b * spatial_in * C;
    int64_t spatial = 1;
    for (int i = 0; i < g.k; ++i) spatial *= g.out[size_t(i)];
    for (int64_t t = 0; t < spatial; ++t) {
      int64_t rest = t, o[3] = {0, 0, 0}, lo[3] = {0, 0, 0}, hi[3] = {1, 1, 1}, in[3] = {1, 1, 1};
      for (int i = g.k - 1; i >= 0; --i) {
        o[i] = rest % g.out[size_t(i)];
        rest /= g.out[size_t(i)];
      }
      for (int i = 0; i < g.k; ++i) {
        const int64_t start = o[i] * g.stride[size_t(i)] - g.pl[size_t(i)];
        lo[i] = std::max<int64_t>(start, 0);
        hi[i] = std::min<int64_t>(start + g.win[size_t(i)], g.in[size_t(i)]);
        in[i] = g.in[size_t(i)];
      }
      for (int64_t ch = 0; ch < C; ++ch) {
        const T d = gyb[t * ys.pix + ch * ys.chan];
        int64_t count = 0, best = -1;
        T m = -std::numeric_limits<T>::infinity();
        for (int64_t a = lo[0]; a < hi[0]; ++a)
          for (int64_t bb = lo[1]; bb < hi[1]; ++bb)
            for (int64_t cc = lo[2]; cc < hi[2]; ++cc) {
              const int64_t idx = ((a * in[1] + bb) * in[2] + cc) * xs.pix + ch * xs.chan;
              if (best < 0 || xb[idx] > m) m = xb[idx], best = idx;
              ++count;
            }
        if (kind == MLN_POOL_MAX) {
          gxb[best] += d;
        } else {
          const T share = d / T(count);
          for (int64_t a = lo[0]; a < hi[0]; ++a)
            for (int64_t bb = lo[1]; bb < hi[1]; ++bb)
              for (int64_t cc = lo[2]; cc < hi[2]; ++cc)
                gxb[((a * in[1] + bb) * in[2] + cc) * xs.pix + ch * xs.chan] += share;
        }
      }
    }
  });
}

mln_tensor* pool_entry(const mln_tensor* x, int kind, int nspatial, const int64_t* pool,
                       const int64_t* strides, const int64_t* pad_before, const int64_t* pad_after,
                       bool cf) {
  MLN_TRY
  const char* op = cf ? "pool_cf" : "pool";
  PoolGeom g = geometry(x, kind, nspatial, pool, strides, pad_before, pad_after, cf, op);
  TensorRef out;
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(x->dtype, g.y_shape, op));
    if (numel(out.get()) == 0) return;
    if constexpr (std::is_same_v<T, float>) {
      dnnl_guard(op, [&] { pool_fwd_f32(g, kind, data_as<float>(x), data_as<float>(out.get())); });
    } else {
      loop_forward<T>(g, kind, data_as<T>(x), data_as<T>(out.get()));
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* pool_backward_entry(const mln_tensor* x, const mln_tensor* gy, int kind,
                                int nspatial, const int64_t* pool, const int64_t* strides,
                                const int64_t* pad_before, const int64_t* pad_after, bool cf) {
  MLN_TRY
  const char* op = cf ? "pool_cf_backward" : "pool_backward";
  PoolGeom g = geometry(x, kind, nspatial, pool, strides, pad_before, pad_after, cf, op);
  check_tensor(gy, op, "gy");
  if (shape_of(gy) != g.y_shape)
    fail(MLN_ERR_SHAPE, op, ": argument 'gy' expected the output shape ", shape_str(g.y_shape),
         " but was ", shape_str(shape_of(gy)));
  if (gy->dtype != x->dtype)
    fail(MLN_ERR_DTYPE, op, ": argument 'gy' expected x's dtype ", dtype_name(x->dtype), " but was ",
         dtype_name(gy->dtype));
  TensorRef out;
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(x->dtype, g.x_shape, op));
    if (numel(out.get()) == 0) return;
    if (numel(gy) == 0) {
      std::fill(data_as<T>(out.get()), data_as<T>(out.get()) + numel(out.get()), T(0));
      return;
    }
    if constexpr (std::is_same_v<T, float>) {
      dnnl_guard(op, [&] {
        pool_bwd_f32(g, kind, data_as<float>(x), data_as<float>(gy), data_as<float>(out.get()));
      });
    } else {
      loop_backward<T>(g, kind, data_as<T>(x), data_as<T>(gy), data_as<T>(out.get()));
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_pool(const mln_tensor* x, int kind, int nspatial, const int64_t* pool,
                     const int64_t* strides, const int64_t* pad_before, const int64_t* pad_after) {
  return pool_entry(x, kind, nspatial, pool, strides, pad_before, pad_after, false);
}

mln_tensor* mln_pool_backward(const mln_tensor* x, const mln_tensor* gy, int kind, int nspatial,
                              const int64_t* pool, const int64_t* strides,
                              const int64_t* pad_before, const int64_t* pad_after) {
  return pool_backward_entry(x, gy, kind, nspatial, pool, strides, pad_before, pad_after, false);
}

mln_tensor* mln_pool_cf(const mln_tensor* x, int kind, int nspatial, const int64_t* pool,
                        const int64_t* strides, const int64_t* pad_before,
                        const int64_t* pad_after) {
  return pool_entry(x, kind, nspatial, pool, strides, pad_before, pad_after, true);
}

mln_tensor* mln_pool_cf_backward(const mln_tensor* x, const mln_tensor* gy, int kind,
                                 int nspatial, const int64_t* pool, const int64_t* strides,
                                 const int64_t* pad_before, const int64_t* pad_after) {
  return pool_backward_entry(x, gy, kind, nspatial, pool, strides, pad_before, pad_after, true);
}

int mln_moving_average(mln_tensor* var, const mln_tensor* value, double momentum) {
  MLN_TRY
  const char* op = "moving_average";
  check_tensor(var, op, "var");
  check_tensor(value, op, "value");
  check_writable(var, op, "var");
  if (!(momentum >= 0 && momentum <= 1))
    fail(MLN_ERR_ARGUMENT, op, ": argument 'momentum' expected a number in [0, 1] but was ", momentum);
  if (shape_of(value) != shape_of(var))
    fail(MLN_ERR_SHAPE, op, ": argument 'value' expected var's shape ", shape_str(shape_of(var)),
         " but was ", shape_str(shape_of(value)));
  if (value->dtype != var->dtype)
    fail(MLN_ERR_DTYPE, op, ": argument 'value' expected var's dtype ", dtype_name(var->dtype),
         " but was ", dtype_name(value->dtype));
  dispatch_float(var->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    T* v = data_as<T>(var);
    const T* x = data_as<T>(value);
    const T m = T(momentum), r = T(1.0 - momentum);
    const int64_t n = numel(var);
    // Keras's `moving * momentum + value * (1 - momentum)`; eager and traced steps both run
    // this loop, so they agree bit for bit
    for (int64_t i = 0; i < n; ++i) {
      const T a = v[i] * m;
      const T b = x[i] * r;
      v[i] = a + b;
    }
  });
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

}  // extern "C"
