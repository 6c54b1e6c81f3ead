// Softmax and log-softmax over any axis. float32 runs oneDNN's softmax primitives (cached per
// shape, axis and kind); float64, which oneDNN does not support on CPU, runs a max-shifted kernel.
#include <omp.h>

#include <cmath>

#include "core.hpp"
#include "engine.hpp"
#include "plan.hpp"
#include "dnnl_engine.hpp"
#include "ops.hpp"

namespace mln {
namespace {

dnnl::memory::desc md_of(const Shape& s) {
  dnnl::memory::dims dims(s.begin(), s.end()), strides(s.size());
  int64_t acc = 1;
  for (int d = int(s.size()) - 1; d >= 0; --d) {
    strides[d] = acc;
    acc *= s[d];
  }
  return dnnl::memory::desc(dims, dnnl::memory::data_type::f32, strides);
}

std::string key_of(const char* kind, const Shape& s, int axis, int log) {
  return std::string(kind) + shape_str(s) + ":" + std::to_string(axis) + ":" + std::to_string(log);
}

dnnl::algorithm algo(int log) {
  return log ? dnnl::algorithm::softmax_log : dnnl::algorithm::softmax_accurate;
}

dnnl::softmax_forward::primitive_desc fwd_pd(const Shape& s, int axis, int log,
                                             dnnl::prop_kind pk,
                                             const dnnl::primitive_attr& attr = {}) {
  auto md = md_of(s);
  return dnnl::softmax_forward::primitive_desc(dnnl_cpu_engine(), pk, algo(log), md, md, axis, attr);
}

/** Visits every (outer, inner) lane of x viewed as [O, A, I]: base offset and stride I. */
template <typename Fn>
void for_each_lane(int64_t O, int64_t A, int64_t I, Fn&& fn) {
  const int nt = num_threads();
  parallel_for(O * I, O * A * I > kParallelGrain && nt > 1, [&](int64_t t) { fn((t / I) * A * I + t % I); });
}

void split(const Shape& s, int a, int64_t& O, int64_t& A, int64_t& I) {
  O = 1, A = s[a], I = 1;
  for (int k = 0; k < a; ++k) O *= s[k];
  for (int k = a + 1; k < int(s.size()); ++k) I *= s[k];
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_softmax(const mln_tensor* x, int axis, int log) {
  MLN_TRY
  const char* op = log ? "log_softmax" : "softmax";
  if (DeviceKernels* k = device_kernels(x, nullptr, op)) return k->softmax(x, axis, log);
  check_tensor(x, op, "x");
  if (x->ndim == 0) fail(MLN_ERR_ARGUMENT, op, ": expected a tensor of rank >= 1, got a scalar");
  const int a = norm_axis(axis, x->ndim, op);
  const Shape s = shape_of(x);
  TensorRef out;
  dispatch_float(x->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(x->dtype, s));
    if (numel(x) == 0) return;
    if constexpr (std::is_same_v<T, float>) {
      dnnl_guard(op, [&] {
        auto prim = cached_primitive(key_of("softmax_fwd", s, a, log),
                                     [&](const dnnl::primitive_attr& attr) {
          return dnnl::primitive(
              dnnl::softmax_forward(fwd_pd(s, a, log, dnnl::prop_kind::forward_inference, attr)));
        });
        auto md = md_of(s);
        dnnl::memory src(md, dnnl_cpu_engine(), data_as<void>(x));
        dnnl::memory dst(md, dnnl_cpu_engine(), data_as<void>(out.get()));
        sync_omp_threads();
        prim.execute({{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
      });
    } else {
      int64_t O, A, I;
      split(s, a, O, A, I);
      const T* px = data_as<T>(x);
      T* py = data_as<T>(out.get());
      for_each_lane(O, A, I, [&](int64_t b) {
        T m = -std::numeric_limits<T>::infinity();
        for (int64_t k = 0; k < A; ++k) m = std::max(m, px[b + k * I]);
        if (!std::isfinite(m)) m = std::isnan(m) ? m : T(0);
        T sum = 0;
        for (int64_t k = 0; k < A; ++k) sum += std::exp(px[b + k * I] - m);
        if (log) {
          T l = std::log(sum) + m;
          for (int64_t k = 0; k < A; ++k) py[b + k * I] = px[b + k * I] - l;
        } else {
          for (int64_t k = 0; k < A; ++k) py[b + k * I] = std::exp(px[b + k * I] - m) / sum;
        }
      });
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_softmax_backward(const mln_tensor* y, const mln_tensor* gy, int axis, int log) {
  MLN_TRY
  const char* op = log ? "log_softmax_backward" : "softmax_backward";
  check_tensor(y, op, "y");
  check_tensor(gy, op, "gy");
  if (y->ndim == 0) fail(MLN_ERR_ARGUMENT, op, ": expected a tensor of rank >= 1, got a scalar");
  const int a = norm_axis(axis, y->ndim, op);
  const Shape s = shape_of(y);
  if (shape_of(gy) != s)
    fail(MLN_ERR_SHAPE, op, ": gy has shape ", shape_str(shape_of(gy)), ", expected y's shape ", shape_str(s));
  if (gy->dtype != y->dtype)
    fail(MLN_ERR_DTYPE, op, ": gy is ", dtype_name(gy->dtype), ", expected y's dtype ", dtype_name(y->dtype));
  TensorRef out;
  dispatch_float(y->dtype, op, [&](auto tag) {
    using T = decltype(tag);
    out = TensorRef(new_tensor(y->dtype, s));
    if (numel(y) == 0) return;
    if constexpr (std::is_same_v<T, float>) {
      dnnl_guard(op, [&] {
        auto prim = cached_primitive(key_of("softmax_bwd", s, a, log),
                                     [&](const dnnl::primitive_attr& attr) {
          auto hint = fwd_pd(s, a, log, dnnl::prop_kind::forward_training);
          auto md = md_of(s);
          return dnnl::primitive(dnnl::softmax_backward(dnnl::softmax_backward::primitive_desc(
              dnnl_cpu_engine(), algo(log), md, md, md, a, hint, attr)));
        });
        auto md = md_of(s);
        auto& eng = dnnl_cpu_engine();
        dnnl::memory dst(md, eng, data_as<void>(y));
        dnnl::memory ddst(md, eng, data_as<void>(gy));
        dnnl::memory dsrc(md, eng, data_as<void>(out.get()));
        sync_omp_threads();
        prim.execute({{DNNL_ARG_DST, dst}, {DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_DIFF_SRC, dsrc}});
      });
    } else {
      int64_t O, A, I;
      split(s, a, O, A, I);
      const T* py = data_as<T>(y);
      const T* pg = data_as<T>(gy);
      T* po = data_as<T>(out.get());
      for_each_lane(O, A, I, [&](int64_t b) {
        T acc = 0;
        if (log) {
          // y = x - lse: dx = gy - softmax * sum(gy), softmax = exp(y).
          for (int64_t k = 0; k < A; ++k) acc += pg[b + k * I];
          for (int64_t k = 0; k < A; ++k)
            po[b + k * I] = pg[b + k * I] - std::exp(py[b + k * I]) * acc;
        } else {
          // dx = y * (gy - sum(gy * y)).
          for (int64_t k = 0; k < A; ++k) acc += pg[b + k * I] * py[b + k * I];
          for (int64_t k = 0; k < A; ++k) po[b + k * I] = py[b + k * I] * (pg[b + k * I] - acc);
        }
      });
    }
  });
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
