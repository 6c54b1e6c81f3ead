// Shape ops: permute, slice (+ backward), concat, stack, split, pad, tile, repeat.
//
// Every one of them is a copy between two strided layouts over the same index space, so they all
// go through strided_copy(): it merges dimensions that are contiguous in both layouts, drops size-1
// dims, and then copies memcpy runs, blocked 2-D transposes or single elements (by element size,
// not by dtype).
#include <omp.h>

#include <algorithm>
#include <cstring>

#include "core.hpp"
#include "engine.hpp"
#include "ops.hpp"
#include "plan.hpp"

namespace mln {
namespace {

/** Index space and strides (in elements; may be negative or 0) of a copy dst[i] = src[i]. */
struct CopySpec {
  Shape n, ds, ss;
};

Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  int64_t acc = 1;
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

/** Drops size-1 dims and merges neighbours that are contiguous in both layouts. */
CopySpec simplify(const CopySpec& in) {
  CopySpec out;
  for (size_t i = 0; i < in.n.size(); ++i) {
    if (in.n[i] == 1) continue;
    if (!out.n.empty() && out.ds.back() == in.ds[i] * in.n[i] &&
        out.ss.back() == in.ss[i] * in.n[i]) {
      out.n.back() *= in.n[i];
      out.ds.back() = in.ds[i];
      out.ss.back() = in.ss[i];
    } else {
      out.n.push_back(in.n[i]);
      out.ds.push_back(in.ds[i]);
      out.ss.push_back(in.ss[i]);
    }
  }
  if (out.n.empty()) {  // a single element
    out.n.push_back(1);
    out.ds.push_back(1);
    out.ss.push_back(1);
  }
  return out;
}

/** Offsets of outer index `o` over dims [0, nd). */
inline void outer_offsets(const CopySpec& c, int nd, int64_t o, int64_t& doff, int64_t& soff) {
  doff = 0;
  soff = 0;
  for (int d = nd - 1; d >= 0; --d) {
    int64_t i = o % c.n[size_t(d)];
    o /= c.n[size_t(d)];
    doff += i * c.ds[size_t(d)];
    soff += i * c.ss[size_t(d)];
  }
}

constexpr int64_t kTile = 32;

/** How strided_copy splits the work: `units` = outer index x chunk of the inner part (rows of
 * tiles for a transpose, runs of `chunk` elements otherwise), so that even a single large matrix
 * or memcpy run is shared between threads. */
struct CopyPlan {
  CopySpec c;
  bool transpose = false;
  int outer_nd = 0;
  int64_t chunk = 0, chunks = 1, units = 0;
};

template <typename E>
void copy_units(E* dst, const E* src, const CopyPlan& p, int64_t begin, int64_t end) {
  const CopySpec& c = p.c;
  const int nd = int(c.n.size());
  for (int64_t u = begin; u < end; ++u) {
    const int64_t o = u / p.chunks, ch = u % p.chunks;
    int64_t doff, soff;
    outer_offsets(c, p.outer_nd, o, doff, soff);
    E* d = dst + doff;
    const E* s = src + soff;
    if (p.transpose) {
      // The last two dims form a 2-D transpose: dst is unit-stride along the last dim and src
      // along the second last. Square tiles keep both sides' cache lines in use.
      const int64_t R = c.n[size_t(nd - 2)], C = c.n[size_t(nd - 1)];
      const int64_t dr = c.ds[size_t(nd - 2)], sc = c.ss[size_t(nd - 1)];
      const int64_t r0 = ch * p.chunk, r1 = std::min(R, r0 + p.chunk);
      for (int64_t rb = r0; rb < r1; rb += kTile) {
        const int64_t re = std::min(r1, rb + kTile);
        for (int64_t cb = 0; cb < C; cb += kTile) {
          const int64_t ce = std::min(C, cb + kTile);
          for (int64_t r = rb; r < re; ++r)
            for (int64_t k = cb; k < ce; ++k) d[r * dr + k] = s[r + k * sc];
        }
      }
      continue;
    }
    const int64_t inner = c.n[size_t(nd - 1)];
    const int64_t di = c.ds[size_t(nd - 1)], si = c.ss[size_t(nd - 1)];
    const int64_t k0 = ch * p.chunk, k1 = std::min(inner, k0 + p.chunk);
    if (di == 1 && si == 1) {
      std::memcpy(d + k0, s + k0, size_t(k1 - k0) * sizeof(E));
    } else {
      for (int64_t k = k0; k < k1; ++k) d[k * di] = s[k * si];
    }
  }
}

/** dst[i] = src[i] for every index i of spec.n, with element strides spec.ds / spec.ss. */
void strided_copy(void* dst, const void* src, size_t esz, const CopySpec& spec) {
  if (shape_numel(spec.n) == 0) return;
  CopyPlan p;
  p.c = simplify(spec);
  const CopySpec& c = p.c;
  const int nd = int(c.n.size());
  p.transpose = nd >= 2 && c.ds[size_t(nd - 1)] == 1 && c.ss[size_t(nd - 1)] != 1 &&
                c.ss[size_t(nd - 2)] == 1 && c.ds[size_t(nd - 2)] != 1;
  p.outer_nd = p.transpose ? nd - 2 : nd - 1;
  int64_t outer = 1;
  for (int d = 0; d < p.outer_nd; ++d) outer *= c.n[size_t(d)];
  const int64_t total = shape_numel(c.n);
  int nt = total < kParallelGrain ? 1 : num_threads();
  // Split the inner part only when the outer dims alone cannot keep the threads busy.
  const int64_t split_len = p.transpose ? c.n[size_t(nd - 2)] : c.n[size_t(nd - 1)];
  const int64_t min_chunk = p.transpose ? kTile : 4096;
  if (nt > 1 && outer < 4 * nt) {
    int64_t want = (4 * nt + outer - 1) / outer;
    int64_t ch = std::max<int64_t>(min_chunk, (split_len + want - 1) / want);
    if (p.transpose) ch = (ch + kTile - 1) / kTile * kTile;
    p.chunk = std::min(ch, split_len);
  } else {
    p.chunk = split_len;
  }
  p.chunks = (split_len + p.chunk - 1) / p.chunk;
  p.units = outer * p.chunks;
  nt = int(std::min<int64_t>(nt, p.units));
  auto run = [&](int64_t b, int64_t e) {
    switch (esz) {
      case 1:
        copy_units(static_cast<uint8_t*>(dst), static_cast<const uint8_t*>(src), p, b, e);
        break;
      case 4:
        copy_units(static_cast<uint32_t*>(dst), static_cast<const uint32_t*>(src), p, b, e);
        break;
      default:
        copy_units(static_cast<uint64_t*>(dst), static_cast<const uint64_t*>(src), p, b, e);
        break;
    }
  };
  if (nt <= 1) {
    run(0, p.units);
    return;
  }
#pragma omp parallel num_threads(nt)
  {
    const int t = omp_get_thread_num(), T = omp_get_num_threads();
    run(p.units * t / T, p.units * (t + 1) / T);
  }
}

/** Fills n elements of dtype at p with value (converted by from_double, numpy's conversion). */
void fill_value(void* p, int dtype, int64_t n, double value) {
  if (n == 0) return;
  if (value == 0.0) {  // all-zero bits is zero for every dtype
    std::memset(p, 0, size_t(n) * itemsize(dtype));
    return;
  }
  dispatch(dtype, [&](auto tag) {
    using T = decltype(tag);
    T v = from_double<T>(value);
    T* q = static_cast<T*>(p);
    parallel_for(n, (n > kParallelGrain) && num_threads() > 1, [&](int64_t i) { q[i] = v; });
  });
}

int64_t slice_count(int64_t start, int64_t stop, int64_t step) {
  // Distances are at most dim + 1 (bounds are checked first), but a step may be any int64, so
  // divide without forming start + step or -step (INT64_MIN has no negation).
  if (step > 0) return stop > start ? (stop - start - 1) / step + 1 : 0;
  return start > stop ? int64_t(uint64_t(start - stop - 1) / (uint64_t(-(step + 1)) + 1)) + 1 : 0;
}

/** Validates a slice of `shape` and returns its output shape. */
Shape slice_shape(const char* op, const Shape& shape, const int64_t* starts, const int64_t* stops,
                  const int64_t* steps) {
  const int nd = int(shape.size());
  if (nd > 0 && (!starts || !stops || !steps))
    fail(MLN_ERR_ARGUMENT, op, ": starts, stops and steps must not be null");
  Shape out(static_cast<size_t>(nd));
  for (int i = 0; i < nd; ++i) {
    const int64_t dim = shape[size_t(i)], st = starts[i], sp = stops[i], step = steps[i];
    if (step == 0) fail(MLN_ERR_ARGUMENT, op, ": step of axis ", i, " is 0");
    if (st < -1 || st > dim || sp < -1 || sp > dim)
      fail(MLN_ERR_INDEX, op, ": axis ", i, " of size ", dim, " has start ", st, " and stop ", sp,
           ": both must be in [-1, ", dim, "]");
    const int64_t cnt = slice_count(st, sp, step);
    if (cnt > 0) {
      const int64_t last = st + (cnt - 1) * step;
      if (st < 0 || st >= dim || last < 0 || last >= dim)
        fail(MLN_ERR_INDEX, op, ": axis ", i, " of size ", dim, ": range(", st, ", ", sp, ", ",
             step, ") reaches outside [0, ", dim, ")");
    }
    out[size_t(i)] = cnt;
  }
  return out;
}

/** The copy spec between a contiguous tensor of `shape` and its slice (as contiguous). `slice_base`
 * receives the element offset of the slice's first element. */
CopySpec slice_spec(const Shape& shape, const Shape& out, const int64_t* starts,
                    const int64_t* steps, bool scatter, int64_t& slice_base) {
  Shape st = contiguous_strides(shape);
  CopySpec c;
  c.n = out;
  Shape strided(shape.size()), dense = contiguous_strides(out);
  slice_base = 0;
  for (size_t i = 0; i < shape.size(); ++i) {
    // An axis of 0 or 1 output elements never moves along its stride (simplify() drops it), and
    // its step may be huge, so its stride is 0 rather than an overflowing product.
    strided[i] = out[i] > 1 ? steps[i] * st[i] : 0;
    if (out[i] > 0) slice_base += starts[i] * st[i];
  }
  c.ds = scatter ? strided : dense;
  c.ss = scatter ? dense : strided;
  return c;
}

std::string shape_with_star(const Shape& s, int axis) {
  std::string r = "(";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i) r += ", ";
    r += int(i) == axis ? std::string("*") : std::to_string(s[i]);
  }
  if (s.size() == 1) r += ",";
  return r + ")";
}

/** The kernels of x's device, nullptr for the CPU (x checked there). Shape ops run on any device
 * with a strided copy: the strides are computed here, the engine only moves bytes. */
DeviceKernels* shape_kernels(const mln_tensor* x, const char* op, const char* arg) {
  if (!x) fail(MLN_ERR_ARGUMENT, op, ": argument '", arg, "' is null");
  DeviceKernels* k = device_kernels(x, nullptr, op);
  if (!k) check_tensor(x, op, arg);
  return k;
}

/** strided_copy on the CPU (k null) or on anchor's device. */
void copy_on(DeviceKernels* k, const mln_tensor* anchor, void* dst, const void* src, size_t esz,
             const CopySpec& c) {
  if (!k) {
    strided_copy(dst, src, esz, c);
  } else if (shape_numel(c.n) > 0) {
    // Merged dimensions: fewer divisions per element in the device's index arithmetic.
    const CopySpec m = simplify(c);
    k->strided_copy(anchor->storage->device_index, dst, src, esz, int(m.n.size()), m.n.data(),
                    m.ds.data(), m.ss.data());
  }
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_permute(const mln_tensor* x, const int* perm) {
  MLN_TRY
  DeviceKernels* k = shape_kernels(x, "permute", "x");
  const int nd = x->ndim;
  if (nd > 0 && !perm) fail(MLN_ERR_ARGUMENT, "permute: perm is null");
  std::vector<int> p(static_cast<size_t>(nd));
  std::vector<bool> seen(size_t(nd), false);
  for (int i = 0; i < nd; ++i) {
    int a = perm[i] < 0 ? perm[i] + nd : perm[i];
    if (a < 0 || a >= nd)
      fail(MLN_ERR_ARGUMENT, "permute: perm[", i, "] = ", perm[i],
           " is out of range for a tensor of rank ", nd);
    if (seen[size_t(a)])
      fail(MLN_ERR_ARGUMENT, "permute: perm[", i, "] = ", perm[i],
           " repeats an axis: perm must be a permutation of 0..", nd - 1);
    seen[size_t(a)] = true;
    p[size_t(i)] = a;
  }
  Shape xs = shape_of(x), xst = contiguous_strides(xs);
  CopySpec c;
  c.n.resize(size_t(nd));
  c.ss.resize(size_t(nd));
  for (int i = 0; i < nd; ++i) {
    c.n[size_t(i)] = xs[size_t(p[size_t(i)])];
    c.ss[size_t(i)] = xst[size_t(p[size_t(i)])];
  }
  c.ds = contiguous_strides(c.n);
  TensorRef out(new_tensor_beside(x, x->dtype, c.n, "permute"));
  copy_on(k, x, data_as<char>(out.get()), data_as<char>(x), itemsize(x->dtype), c);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_slice(const mln_tensor* x, const int64_t* starts, const int64_t* stops,
                      const int64_t* steps) {
  MLN_TRY
  DeviceKernels* k = shape_kernels(x, "slice", "x");
  Shape xs = shape_of(x);
  Shape os = slice_shape("slice", xs, starts, stops, steps);
  TensorRef out(new_tensor_beside(x, x->dtype, os, "slice"));
  int64_t base = 0;
  CopySpec c = slice_spec(xs, os, starts, steps, false, base);
  const size_t esz = itemsize(x->dtype);
  copy_on(k, x, data_as<char>(out.get()), data_as<char>(x) + base * int64_t(esz), esz, c);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_slice_backward(const mln_tensor* gy, int ndim, const int64_t* in_shape,
                               const int64_t* starts, const int64_t* stops,
                               const int64_t* steps) {
  MLN_TRY
  DeviceKernels* k = shape_kernels(gy, "slice_backward", "gy");
  if (ndim != gy->ndim)
    fail(MLN_ERR_SHAPE, "slice_backward: in_shape has ", ndim, " dims but gy ",
         shape_str(shape_of(gy)), " has ", gy->ndim);
  if (ndim > 0 && !in_shape) fail(MLN_ERR_ARGUMENT, "slice_backward: in_shape is null");
  Shape xs(in_shape, in_shape + ndim);
  for (int i = 0; i < ndim; ++i)
    if (xs[size_t(i)] < 0)
      fail(MLN_ERR_SHAPE, "slice_backward: in_shape dimension ", i, " must be >= 0, got ",
           xs[size_t(i)]);
  Shape os = slice_shape("slice_backward", xs, starts, stops, steps);
  if (os != shape_of(gy))
    fail(MLN_ERR_SHAPE, "slice_backward: gy has shape ", shape_str(shape_of(gy)),
         " but the slice of ", shape_str(xs), " has shape ", shape_str(os));
  TensorRef out(new_tensor_beside(gy, gy->dtype, xs, "slice_backward"));
  const size_t esz = itemsize(gy->dtype);
  if (k)
    k->zero(gy->storage->device_index, data_as<char>(out.get()),
            size_t(shape_numel(xs)) * esz);
  else
    fill_value(data_as<char>(out.get()), gy->dtype, shape_numel(xs), 0.0);
  int64_t base = 0;
  CopySpec c = slice_spec(xs, os, starts, steps, true, base);
  copy_on(k, gy, data_as<char>(out.get()) + base * int64_t(esz), data_as<char>(gy), esz, c);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_concat(int n, mln_tensor* const* xs, int axis) {
  MLN_TRY
  if (n <= 0) fail(MLN_ERR_ARGUMENT, "concat: needs at least one tensor, got n = ", n);
  if (!xs) fail(MLN_ERR_ARGUMENT, "concat: xs is null");
  for (int i = 0; i < n; ++i)
    if (!xs[i]) fail(MLN_ERR_ARGUMENT, "concat: input ", i, " is null");
  const mln_tensor* x0 = xs[0];
  DeviceKernels* k = shape_kernels(x0, "concat", "xs[0]");
  for (int i = 1; i < n; ++i) device_kernels(x0, xs[i], "concat");  // one device for all
  if (x0->ndim == 0) fail(MLN_ERR_SHAPE, "concat: cannot concatenate 0-d tensors (input 0 is a scalar)");
  const int ax = norm_axis(axis, x0->ndim, "concat");
  Shape s0 = shape_of(x0);
  Shape os = s0;
  os[size_t(ax)] = 0;
  for (int i = 0; i < n; ++i) {
    const mln_tensor* x = xs[i];
    if (x->dtype != x0->dtype)
      fail(MLN_ERR_DTYPE, "concat: input ", i, " is ", dtype_name(x->dtype), " but input 0 is ",
           dtype_name(x0->dtype));
    Shape s = shape_of(x);
    bool ok = x->ndim == x0->ndim;
    for (int d = 0; ok && d < x->ndim; ++d)
      if (d != ax && s[size_t(d)] != s0[size_t(d)]) ok = false;
    if (!ok)
      fail(MLN_ERR_SHAPE, "concat: input ", i, " has shape ", shape_str(s), ", expected ",
           shape_with_star(s0, ax), " (all dims but axis ", ax, " equal to input 0's ",
           shape_str(s0), ")");
    os[size_t(ax)] = checked_add(os[size_t(ax)], s[size_t(ax)], "concat", "the concatenated axis");
  }
  TensorRef out(new_tensor_beside(x0, x0->dtype, os, "concat"));
  const size_t esz = itemsize(x0->dtype);
  Shape ost = contiguous_strides(os);
  int64_t at = 0;
  for (int i = 0; i < n; ++i) {
    CopySpec c;
    c.n = shape_of(xs[i]);
    c.ss = contiguous_strides(c.n);
    c.ds = ost;
    copy_on(k, x0, data_as<char>(out.get()) + at * ost[size_t(ax)] * int64_t(esz),
            data_as<char>(xs[i]), esz, c);
    at += c.n[size_t(ax)];
  }
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_stack(int n, mln_tensor* const* xs, int axis) {
  MLN_TRY
  if (n <= 0) fail(MLN_ERR_ARGUMENT, "stack: needs at least one tensor, got n = ", n);
  if (!xs) fail(MLN_ERR_ARGUMENT, "stack: xs is null");
  for (int i = 0; i < n; ++i)
    if (!xs[i]) fail(MLN_ERR_ARGUMENT, "stack: input ", i, " is null");
  const mln_tensor* x0 = xs[0];
  if (x0->ndim + 1 > MLN_MAX_DIMS)
    fail(MLN_ERR_SHAPE, "stack: inputs of rank ", x0->ndim, " would give rank ", x0->ndim + 1,
         ", more than the maximum ", MLN_MAX_DIMS);
  const int ax = norm_axis(axis, x0->ndim + 1, "stack");
  Shape s0 = shape_of(x0);
  for (int i = 1; i < n; ++i) {
    if (xs[i]->dtype != x0->dtype)
      fail(MLN_ERR_DTYPE, "stack: input ", i, " is ", dtype_name(xs[i]->dtype), " but input 0 is ",
           dtype_name(x0->dtype));
    if (shape_of(xs[i]) != s0)
      fail(MLN_ERR_SHAPE, "stack: input ", i, " has shape ", shape_str(shape_of(xs[i])),
           ", expected input 0's shape ", shape_str(s0));
  }
  Shape os = s0;
  os.insert(os.begin() + ax, int64_t(n));
  TensorRef out(new_tensor(x0->dtype, os, "stack"));
  const size_t esz = itemsize(x0->dtype);
  Shape ost = contiguous_strides(os);
  for (int i = 0; i < n; ++i) {
    CopySpec c;
    c.n = s0;
    c.n.insert(c.n.begin() + ax, int64_t(1));
    c.ss = contiguous_strides(c.n);
    c.ds = ost;
    strided_copy(data_as<char>(out.get()) + int64_t(i) * ost[size_t(ax)] * int64_t(esz),
                 data_as<char>(xs[i]), esz, c);
  }
  return out.release();
  MLN_CATCH(nullptr)
}

int mln_split(const mln_tensor* x, int n, const int64_t* sizes, int axis, mln_tensor** outs) {
  // Outputs are only written once every piece exists; any failure leaves outs[0..n) NULL and the
  // pieces already made are released by their TensorRefs.
  if (outs && n > 0)
    for (int i = 0; i < n; ++i) outs[i] = nullptr;
  MLN_TRY
  check_tensor(x, "split", "x");
  if (n <= 0) fail(MLN_ERR_ARGUMENT, "split: needs at least one piece, got n = ", n);
  if (!sizes) fail(MLN_ERR_ARGUMENT, "split: sizes is null");
  if (!outs) fail(MLN_ERR_ARGUMENT, "split: outs is null");
  const int ax = norm_axis(axis, x->ndim, "split");
  Shape xs = shape_of(x);
  int64_t total = 0;
  for (int i = 0; i < n; ++i) {
    if (sizes[i] < 0) fail(MLN_ERR_ARGUMENT, "split: sizes[", i, "] = ", sizes[i], " is negative");
    total = checked_add(total, sizes[i], "split", "the sum of sizes");
  }
  if (total != xs[size_t(ax)])
    fail(MLN_ERR_SHAPE, "split: sizes sum to ", total, " but axis ", ax, " of ", shape_str(xs),
         " has size ", xs[size_t(ax)]);
  std::vector<TensorRef> pieces;
  pieces.reserve(size_t(n));
  const size_t esz = itemsize(x->dtype);
  Shape xst = contiguous_strides(xs);
  int64_t at = 0;
  for (int i = 0; i < n; ++i) {
    Shape ps = xs;
    ps[size_t(ax)] = sizes[i];
    pieces.emplace_back(new_tensor(x->dtype, ps));
    CopySpec c;
    c.n = ps;
    c.ds = contiguous_strides(ps);
    c.ss = xst;
    strided_copy(data_as<char>(pieces.back().get()),
                 data_as<char>(x) + at * xst[size_t(ax)] * int64_t(esz), esz, c);
    at += sizes[i];
  }
  for (int i = 0; i < n; ++i) outs[i] = pieces[size_t(i)].release();
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

mln_tensor* mln_pad(const mln_tensor* x, const int64_t* before, const int64_t* after,
                    double value) {
  MLN_TRY
  check_tensor(x, "pad", "x");
  const int nd = x->ndim;
  if (nd > 0 && (!before || !after)) fail(MLN_ERR_ARGUMENT, "pad: before and after must not be null");
  Shape xs = shape_of(x), os = xs;
  int64_t base = 0;
  for (int i = 0; i < nd; ++i) {
    if (before[i] < 0 || after[i] < 0)
      fail(MLN_ERR_ARGUMENT, "pad: axis ", i, " has padding (", before[i], ", ", after[i],
           "): both must be >= 0");
    os[size_t(i)] = checked_add(checked_add(xs[size_t(i)], before[i], "pad", "a padded axis"),
                                after[i], "pad", "a padded axis");
  }
  TensorRef out(new_tensor(x->dtype, os, "pad"));
  Shape ost = contiguous_strides(os);
  for (int i = 0; i < nd; ++i) base += before[i] * ost[size_t(i)];
  fill_value(data_as<char>(out.get()), x->dtype, shape_numel(os), value);
  const size_t esz = itemsize(x->dtype);
  CopySpec c;
  c.n = xs;
  c.ss = contiguous_strides(xs);
  c.ds = ost;
  strided_copy(data_as<char>(out.get()) + base * int64_t(esz), data_as<char>(x), esz, c);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_tile(const mln_tensor* x, const int64_t* reps) {
  MLN_TRY
  check_tensor(x, "tile", "x");
  const int nd = x->ndim;
  if (nd > 0 && !reps) fail(MLN_ERR_ARGUMENT, "tile: reps is null");
  Shape xs = shape_of(x), os(static_cast<size_t>(nd));
  for (int i = 0; i < nd; ++i) {
    if (reps[i] < 0)
      fail(MLN_ERR_ARGUMENT, "tile: reps[", i, "] = ", reps[i], " is negative");
    os[size_t(i)] = checked_mul(xs[size_t(i)], reps[i], "tile", "a tiled axis");
  }
  TensorRef out(new_tensor(x->dtype, os, "tile"));
  // An empty result needs no copy; a non-empty one has every rep and dim >= 1, so the copy's
  // index space below has exactly the output's (checked) element count and no stride overflows.
  if (numel(out.get()) == 0) return out.release();
  // Output index space (r0, d0, r1, d1, ...): the repeat index has source stride 0.
  Shape xst = contiguous_strides(xs);
  CopySpec c;
  for (int i = 0; i < nd; ++i) {
    c.n.push_back(reps[i]);
    c.n.push_back(xs[size_t(i)]);
    c.ss.push_back(0);
    c.ss.push_back(xst[size_t(i)]);
  }
  c.ds = contiguous_strides(c.n);
  strided_copy(data_as<char>(out.get()), data_as<char>(x), itemsize(x->dtype), c);
  return out.release();
  MLN_CATCH(nullptr)
}

mln_tensor* mln_repeat(const mln_tensor* x, int64_t repeats, int axis) {
  MLN_TRY
  check_tensor(x, "repeat", "x");
  if (repeats < 0) fail(MLN_ERR_ARGUMENT, "repeat: repeats = ", repeats, " is negative");
  const int ax = norm_axis(axis, x->ndim, "repeat");
  Shape xs = shape_of(x), os = xs;
  os[size_t(ax)] = checked_mul(os[size_t(ax)], repeats, "repeat", "the repeated axis");
  TensorRef out(new_tensor(x->dtype, os, "repeat"));
  // As in tile: only a non-empty result is copied, and its index space is the output's.
  if (numel(out.get()) == 0) return out.release();
  int64_t outer = 1, inner = 1;
  for (int i = 0; i < ax; ++i) outer *= xs[size_t(i)];
  for (int i = ax + 1; i < x->ndim; ++i) inner *= xs[size_t(i)];
  const int64_t d = xs[size_t(ax)];
  // Index space (outer, d, repeats, inner); the repeat index has source stride 0.
  CopySpec c;
  c.n = {outer, d, repeats, inner};
  c.ss = {d * inner, inner, 0, 1};
  c.ds = contiguous_strides(c.n);
  strided_copy(data_as<char>(out.get()), data_as<char>(x), itemsize(x->dtype), c);
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
