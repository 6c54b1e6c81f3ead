// Fused batch normalization of float32 tensors through oneDNN's batch_normalization primitive:
// forward in training (batch statistics, returned for the moving averages) and inference (given
// statistics, use_global_stats), and the backward of both, with use_scale / use_shift following
// whether gamma and beta exist.
//
// Any feature axis works without a transpose: x of shape (d0, .., C, .., dk) is viewed as
// (outer, C, inner), outer the product of the axes before the feature axis and inner of those
// after. A feature axis last (Keras's channels_last, inner == 1) is oneDNN's 2-D `nc` layout; any
// other (channels_first: axis 1) is the plain `ncw` layout. Both are the tensor's own row-major
// bytes, so the primitive reads and writes Myelin's buffers directly.
//
// Primitives are cached per (shape view, flags, epsilon) through cached_primitive (user
// scratchpad per thread), so concurrent callers share a primitive safely (docs/reliability.md).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core.hpp"
#include "dnnl_engine.hpp"

namespace mln {
namespace {

using dnnl::memory;
using dnnl::normalization_flags;

/** x viewed as (outer, c, inner) around its feature axis. */
struct BnView {
  int64_t outer = 1, c = 0, inner = 1;
  Shape x_shape;
};

BnView view_of(const mln_tensor* x, int axis, const char* op) {
  check_tensor(x, op, "x");
  if (x->dtype != MLN_F32)
    fail(MLN_ERR_DTYPE, op, ": argument 'x' expected float32 but was ", dtype_name(x->dtype));
  if (x->ndim < 2)
    fail(MLN_ERR_SHAPE, op, ": argument 'x' expected rank >= 2 but was ", x->ndim);
  const int a = norm_axis(axis, x->ndim, op);
  if (a == 0)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'axis' expected a feature axis (not the batch axis 0) but was ",
         axis);
  BnView v;
  v.x_shape = shape_of(x);
  v.c = v.x_shape[size_t(a)];
  for (int i = 0; i < a; ++i) v.outer = checked_mul(v.outer, v.x_shape[size_t(i)], op, "x");
  for (int i = a + 1; i < x->ndim; ++i) v.inner = checked_mul(v.inner, v.x_shape[size_t(i)], op, "x");
  return v;
}

/** Checks an optional per-feature float32 vector of length c (null allowed when !required). */
void check_vector(const mln_tensor* t, int64_t c, bool required, const char* op, const char* arg) {
  if (t == nullptr) {
    if (required) fail(MLN_ERR_ARGUMENT, op, ": argument '", arg, "' is null");
    return;
  }
  if (t->dtype != MLN_F32)
    fail(MLN_ERR_DTYPE, op, ": argument '", arg, "' expected float32 but was ", dtype_name(t->dtype));
  if (t->ndim != 1 || t->shape[0] != c)
    fail(MLN_ERR_SHAPE, op, ": argument '", arg, "' expected shape ", shape_str(Shape{c}),
         " but was ", shape_str(shape_of(t)));
}

void check_epsilon(double epsilon, const char* op) {
  if (!(epsilon > 0) || !std::isfinite(epsilon))
    fail(MLN_ERR_ARGUMENT, op, ": argument 'epsilon' expected a positive number but was ", epsilon);
}

memory::desc data_md(const BnView& v) {
  if (v.inner == 1) return memory::desc({v.outer, v.c}, memory::data_type::f32, memory::format_tag::nc);
  return memory::desc({v.outer, v.c, v.inner}, memory::data_type::f32, memory::format_tag::ncw);
}

memory::desc vector_md(int64_t c) {
  return memory::desc({c}, memory::data_type::f32, memory::format_tag::a);
}

normalization_flags flags_of(bool scale, bool shift, bool global) {
  normalization_flags f = normalization_flags::none;
  if (scale) f = f | normalization_flags::use_scale;
  if (shift) f = f | normalization_flags::use_shift;
  if (global) f = f | normalization_flags::use_global_stats;
  return f;
}

std::string key_of(const char* what, const BnView& v, normalization_flags f, double epsilon) {
  return std::string(what) + "[" + std::to_string(v.outer) + "," + std::to_string(v.c) + "," +
         std::to_string(v.inner) + "]f" + std::to_string(int(f)) + "e" +
         std::to_string(float(epsilon));
}

dnnl::batch_normalization_forward::primitive_desc fwd_pd(const BnView& v, normalization_flags f,
                                                          double epsilon, bool training,
                                                          const dnnl::primitive_attr& attr = {}) {
  const memory::desc md = data_md(v);
  return dnnl::batch_normalization_forward::primitive_desc(
      dnnl_cpu_engine(),
      training ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference, md, md,
      float(epsilon), f, attr);
}

memory mem(const memory::desc& md, const mln_tensor* t) {
  return memory(md, dnnl_cpu_engine(), const_cast<float*>(data_as<float>(t)));
}

void fill(mln_tensor* t, float value) {
  std::fill(data_as<float>(t), data_as<float>(t) + numel(t), value);
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

int mln_batch_norm(const mln_tensor* x, const mln_tensor* gamma, const mln_tensor* beta,
                   const mln_tensor* mean, const mln_tensor* var, int axis, double epsilon,
                   int training, mln_tensor** outs) {
  MLN_TRY
  const char* op = "batch_norm";
  if (outs == nullptr) fail(MLN_ERR_ARGUMENT, op, ": argument 'outs' is null");
  const int nout = training ? 3 : 1;
  for (int i = 0; i < nout; ++i) outs[i] = nullptr;
  const BnView v = view_of(x, axis, op);
  check_epsilon(epsilon, op);
  check_vector(gamma, v.c, false, op, "gamma");
  check_vector(beta, v.c, false, op, "beta");
  check_vector(mean, v.c, !training, op, "mean");
  check_vector(var, v.c, !training, op, "var");
  TensorRef y(new_tensor(MLN_F32, v.x_shape, op));
  TensorRef bmean, bvar;
  if (training) {
    bmean = TensorRef(new_tensor(MLN_F32, Shape{v.c}, op));
    bvar = TensorRef(new_tensor(MLN_F32, Shape{v.c}, op));
  }
  if (numel(x) == 0) {
    // the statistics of an empty batch are 0 / 0, as numpy's and Keras's mean of nothing
    if (training) {
      fill(bmean.get(), std::numeric_limits<float>::quiet_NaN());
      fill(bvar.get(), std::numeric_limits<float>::quiet_NaN());
    }
  } else {
    const normalization_flags f = flags_of(gamma != nullptr, beta != nullptr, !training);
    dnnl_guard(op, [&] {
      auto prim = cached_primitive(
          key_of(training ? "bn_fwd_train" : "bn_fwd_infer", v, f, epsilon),
          [&](const dnnl::primitive_attr& attr) {
            return dnnl::primitive(
                dnnl::batch_normalization_forward(fwd_pd(v, f, epsilon, training != 0, attr)));
          });
      const memory::desc md = data_md(v), vm = vector_md(v.c);
      std::unordered_map<int, memory> args{{DNNL_ARG_SRC, mem(md, x)}, {DNNL_ARG_DST, mem(md, y.get())}};
      if (gamma) args.emplace(DNNL_ARG_SCALE, mem(vm, gamma));
      if (beta) args.emplace(DNNL_ARG_SHIFT, mem(vm, beta));
      args.emplace(DNNL_ARG_MEAN, mem(vm, training ? bmean.get() : mean));
      args.emplace(DNNL_ARG_VARIANCE, mem(vm, training ? bvar.get() : var));
      sync_omp_threads();
      prim.execute(std::move(args));
    });
  }
  outs[0] = y.release();
  if (training) {
    outs[1] = bmean.release();
    outs[2] = bvar.release();
  }
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

int mln_batch_norm_backward(const mln_tensor* x, const mln_tensor* gy, const mln_tensor* gamma,
                            const mln_tensor* mean, const mln_tensor* var, int axis,
                            double epsilon, int training, int has_beta, mln_tensor** outs) {
  MLN_TRY
  const char* op = "batch_norm_backward";
  if (outs == nullptr) fail(MLN_ERR_ARGUMENT, op, ": argument 'outs' is null");
  for (int i = 0; i < 3; ++i) outs[i] = nullptr;
  const BnView v = view_of(x, axis, op);
  check_epsilon(epsilon, op);
  check_tensor(gy, op, "gy");
  if (gy->dtype != MLN_F32 || shape_of(gy) != v.x_shape)
    fail(MLN_ERR_SHAPE, op, ": argument 'gy' expected float32 of shape ", shape_str(v.x_shape),
         " but was ", dtype_name(gy->dtype), " ", shape_str(shape_of(gy)));
  check_vector(gamma, v.c, false, op, "gamma");
  check_vector(mean, v.c, true, op, "mean");
  check_vector(var, v.c, true, op, "var");
  TensorRef gx(new_tensor(MLN_F32, v.x_shape, op));
  TensorRef gscale(new_tensor(MLN_F32, Shape{v.c}, op));
  TensorRef gshift(new_tensor(MLN_F32, Shape{v.c}, op));
  // a gradient oneDNN does not compute (no gamma or no beta) is returned as zeros; the caller
  // ignores it
  fill(gscale.get(), 0.f);
  fill(gshift.get(), 0.f);
  if (numel(x) != 0) {
    const bool scale = gamma != nullptr, shift = has_beta != 0;
    const normalization_flags f = flags_of(scale, shift, !training);
    const dnnl::prop_kind pk =
        scale || shift ? dnnl::prop_kind::backward : dnnl::prop_kind::backward_data;
    dnnl_guard(op, [&] {
      auto prim = cached_primitive(
          key_of(training ? "bn_bwd_train" : "bn_bwd_infer", v, f, epsilon) +
              (pk == dnnl::prop_kind::backward ? "b" : "d"),
          [&](const dnnl::primitive_attr& attr) {
            const memory::desc md = data_md(v);
            auto hint = fwd_pd(v, f, epsilon, true);
            return dnnl::primitive(dnnl::batch_normalization_backward(
                dnnl::batch_normalization_backward::primitive_desc(
                    dnnl_cpu_engine(), pk, md, md, md, float(epsilon), f, hint, attr)));
          });
      const memory::desc md = data_md(v), vm = vector_md(v.c);
      std::unordered_map<int, memory> args{{DNNL_ARG_SRC, mem(md, x)},
                                           {DNNL_ARG_DIFF_DST, mem(md, gy)},
                                           {DNNL_ARG_DIFF_SRC, mem(md, gx.get())},
                                           {DNNL_ARG_MEAN, mem(vm, mean)},
                                           {DNNL_ARG_VARIANCE, mem(vm, var)}};
      if (scale) {
        args.emplace(DNNL_ARG_SCALE, mem(vm, gamma));
        args.emplace(DNNL_ARG_DIFF_SCALE, mem(vm, gscale.get()));
      }
      if (shift) args.emplace(DNNL_ARG_DIFF_SHIFT, mem(vm, gshift.get()));
      sync_omp_threads();
      prim.execute(std::move(args));
    });
  } else {
    fill(gx.get(), 0.f);
  }
  outs[0] = gx.release();
  outs[1] = gscale.release();
  outs[2] = gshift.release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

}  // extern "C"
