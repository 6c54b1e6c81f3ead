// mln_matmul: float32 through the oneDNN matmul primitive, other dtypes through a cache-blocked
// kernel of our own.
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <type_traits>

#include "core.hpp"
#include "plan.hpp"
#include "dnnl_engine.hpp"
#include "engine.hpp"

namespace mln {
namespace {

/** The problem after shape analysis: out[b] = op(a)[abatch(b)] @ op(b)[bbatch(b)]. */
struct MatmulPlan {
  int64_t M = 0, N = 0, K = 0;
  bool ta = false, tb = false;
  // Batch dims of the output and, per dim, a's and b's extent there (1 = broadcast). All three
  // have the same length nb.
  Shape out_batch, a_batch, b_batch;
  Shape out_shape;  // what the caller sees: batch dims + (M, N)
};

MatmulPlan plan_matmul(const mln_tensor* a, const mln_tensor* b, int trans_a, int trans_b) {
  if (a->ndim < 2 || b->ndim < 2)
    fail(MLN_ERR_SHAPE, "matmul: both operands need at least 2 dimensions, got a ",
         shape_str(shape_of(a)), " and b ", shape_str(shape_of(b)));
  if (a->dtype != b->dtype)
    fail(MLN_ERR_DTYPE, "matmul: operands have different dtypes: a is ", dtype_name(a->dtype),
         " and b is ", dtype_name(b->dtype));
  if (a->dtype != MLN_F32 && a->dtype != MLN_F64 && a->dtype != MLN_I32 && a->dtype != MLN_I64)
    fail(MLN_ERR_DTYPE, "matmul: expected float32, float64, int32 or int64 operands, got ",
         dtype_name(a->dtype));
  MatmulPlan p;
  p.ta = trans_a != 0;
  p.tb = trans_b != 0;
  const int64_t ar = a->shape[a->ndim - 2], ac = a->shape[a->ndim - 1];
  const int64_t br = b->shape[b->ndim - 2], bc = b->shape[b->ndim - 1];
  p.M = p.ta ? ac : ar;
  int64_t ka = p.ta ? ar : ac;
  int64_t kb = p.tb ? bc : br;
  p.N = p.tb ? br : bc;
  if (ka != kb)
    fail(MLN_ERR_SHAPE, "matmul: a is ", shape_str(shape_of(a)), (p.ta ? " (transposed)" : ""),
         " and b is ", shape_str(shape_of(b)), (p.tb ? " (transposed)" : ""),
         ": inner dimensions ", ka, " and ", kb, " differ");
  p.K = ka;
  Shape ab(a->shape, a->shape + a->ndim - 2), bb(b->shape, b->shape + b->ndim - 2);
  Shape ob;
  try {
    ob = broadcast_shapes(ab, bb, "matmul");
  } catch (const Error&) {
    fail(MLN_ERR_SHAPE, "matmul: batch dimensions of a ", shape_str(shape_of(a)), " and b ",
         shape_str(shape_of(b)), " cannot be broadcast together: ", shape_str(ab), " vs ",
         shape_str(bb));
  }
  p.out_shape = ob;
  p.out_shape.push_back(p.M);
  p.out_shape.push_back(p.N);
  const size_t nb = ob.size();
  p.out_batch = ob;
  p.a_batch.assign(nb, 1);
  p.b_batch.assign(nb, 1);
  for (size_t i = 0; i < ab.size(); ++i) p.a_batch[nb - ab.size() + i] = ab[i];
  for (size_t i = 0; i < bb.size(); ++i) p.b_batch[nb - bb.size() + i] = bb[i];

  // A shared (unbatched) b with a non-transposed, fully batched a is one tall GEMM: fold a's batch
  // into M. This is the Dense-layer case (x of shape (batch, seq, features) @ kernel) and gives
  // oneDNN / our kernel one big problem instead of many small ones.
  if (nb > 0 && !p.ta && shape_numel(p.b_batch) == 1 && p.a_batch == p.out_batch) {
    p.M *= shape_numel(p.out_batch);
    p.out_batch.clear();
    p.a_batch.clear();
    p.b_batch.clear();
  }
  return p;
}

/** Row-major strides of a shape. */
Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  int64_t acc = 1;
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

// ---- float32: oneDNN ----------------------------------------------------------------------------

void append_dims(std::ostringstream& os, const char* tag, const dnnl::memory::dims& d,
                 const dnnl::memory::dims& s) {
  os << tag << '[';
  for (size_t i = 0; i < d.size(); ++i) os << d[i] << ':' << s[i] << ',';
  os << ']';
}

void matmul_f32_dnnl(const MatmulPlan& p, const float* A, const float* B, float* C) {
  using dims = dnnl::memory::dims;
  const size_t nb = p.out_batch.size();
  // Batch strides follow each operand's own stored (contiguous) layout; a broadcast batch dim is
  // simply size 1, which oneDNN's matmul broadcasts against the destination.
  dims ad(nb + 2), as(nb + 2), bd(nb + 2), bs(nb + 2), cd(nb + 2), cs(nb + 2);
  {
    int64_t acc = p.M * p.K;
    for (size_t i = nb; i-- > 0;) {
      ad[i] = p.a_batch[i];
      as[i] = acc;
      acc *= p.a_batch[i];
    }
    ad[nb] = p.M;
    ad[nb + 1] = p.K;
    // Stored as (M, K) or, transposed, as (K, M): the transpose is only a stride swap.
    as[nb] = p.ta ? 1 : p.K;
    as[nb + 1] = p.ta ? p.M : 1;
  }
  {
    int64_t acc = p.K * p.N;
    for (size_t i = nb; i-- > 0;) {
      bd[i] = p.b_batch[i];
      bs[i] = acc;
      acc *= p.b_batch[i];
    }
    bd[nb] = p.K;
    bd[nb + 1] = p.N;
    bs[nb] = p.tb ? 1 : p.N;
    bs[nb + 1] = p.tb ? p.K : 1;
  }
  {
    int64_t acc = 1;
    cd[nb + 1] = p.N;
    cs[nb + 1] = 1;
    cd[nb] = p.M;
    cs[nb] = p.N;
    acc = p.M * p.N;
    for (size_t i = nb; i-- > 0;) {
      cd[i] = p.out_batch[i];
      cs[i] = acc;
      acc *= p.out_batch[i];
    }
  }
  sync_omp_threads();
  std::ostringstream key;
  key << "matmul:f32:";
  append_dims(key, "a", ad, as);
  append_dims(key, "b", bd, bs);
  append_dims(key, "c", cd, cs);

  using dt = dnnl::memory::data_type;
  dnnl_guard("matmul", [&] {
    dnnl::memory::desc amd(ad, dt::f32, as), bmd(bd, dt::f32, bs), cmd(cd, dt::f32, cs);
    SharedPrimitive prim = cached_primitive(key.str(), [&](const dnnl::primitive_attr& attr) {
      dnnl::matmul::primitive_desc pd(dnnl_cpu_engine(), amd, bmd, cmd, attr);
      return dnnl::primitive(dnnl::matmul(pd));
    });
    auto& eng = dnnl_cpu_engine();
    dnnl::memory am(amd, eng, const_cast<float*>(A));
    dnnl::memory bm(bmd, eng, const_cast<float*>(B));
    dnnl::memory cm(cmd, eng, C);
    prim.execute({{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
  });
}

// ---- other dtypes: blocked kernel ---------------------------------------------------------------

// Block sizes: a packed B panel of KC x NC elements (256 KiB for 8-byte types) stays in L2 while a
// block of MB rows of C streams over it.
template <typename T, bool = std::is_integral_v<T>>
struct Accum { using type = T; };
template <typename T>
struct Accum<T, true> { using type = std::make_unsigned_t<T>; };

constexpr int64_t kMB = 64, kKC = 128, kNC = 256;
/** float32 products up to this many multiply-adds skip oneDNN (see mln_matmul). */
constexpr double kSmallMatmulMacs = 16384;

template <typename T>
void matmul_blocked(const MatmulPlan& p, const T* A0, const T* B0, T* C0) {
  // Integers accumulate in the unsigned type of the same width: wrap-around instead of signed
  // overflow (undefined behaviour), and the same bits as two's-complement arithmetic.
  using U = typename Accum<T>::type;
  const U* A = reinterpret_cast<const U*>(A0);
  const U* B = reinterpret_cast<const U*>(B0);
  U* C = reinterpret_cast<U*>(C0);
  const int64_t M = p.M, N = p.N, K = p.K;
  const bool ta = p.ta, tb = p.tb;

  // Offsets (in matrices) of a and b for each output batch index, following broadcasting.
  const int64_t batch = shape_numel(p.out_batch);
  std::vector<int64_t> aidx(static_cast<size_t>(batch)), bidx(static_cast<size_t>(batch));
  {
    const size_t nb = p.out_batch.size();
    Shape ast = contiguous_strides(p.a_batch), bst = contiguous_strides(p.b_batch);
    for (int64_t o = 0; o < batch; ++o) {
      int64_t rem = o, ai = 0, bi = 0;
      for (size_t d = nb; d-- > 0;) {
        int64_t c = rem % p.out_batch[d];
        rem /= p.out_batch[d];
        if (p.a_batch[d] != 1) ai += c * ast[d];
        if (p.b_batch[d] != 1) bi += c * bst[d];
      }
      aidx[size_t(o)] = ai;
      bidx[size_t(o)] = bi;
    }
  }

  const int64_t mblocks = (M + kMB - 1) / kMB, nblocks = (N + kNC - 1) / kNC;
  const int64_t items = batch * mblocks * nblocks;
  const int nt = num_threads();
  const double flops = double(batch) * double(M) * double(N) * double(K);
  const bool par = nt > 1 && items > 1 && flops > double(kParallelGrain) * 16;
  // One packing buffer per thread, allocated here so that no allocation can throw inside the
  // OpenMP region (an exception escaping it would terminate the process). It is sized to the
  // problem and kept per calling thread: a fresh zero-filled 256 KiB vector per call cost a
  // malloc/mmap, a memset and page faults, more than a small product itself.
  const size_t pack_elems = tb ? size_t(std::min(K, kKC) * std::min(N, kNC)) : 0;
  thread_local std::vector<U> packs;
  const size_t pack_need = pack_elems * size_t(par ? nt : 1);
  if (packs.size() < pack_need) packs.resize(pack_need);
  U* const pack_base = packs.data();  // the calling thread's buffer, shared with the team

  parallel_for(items, par, [&](int64_t it) {
    const int64_t bt = it / (mblocks * nblocks);
    const int64_t rest = it % (mblocks * nblocks);
    const int64_t i0 = (rest / nblocks) * kMB, i1 = std::min(M, i0 + kMB);
    const int64_t j0 = (rest % nblocks) * kNC, j1 = std::min(N, j0 + kNC);
    const int64_t nc = j1 - j0;
    const U* a = A + aidx[size_t(bt)] * M * K;
    const U* b = B + bidx[size_t(bt)] * K * N;
    U* c = C + bt * M * N;
    for (int64_t i = i0; i < i1; ++i) std::fill(c + i * N + j0, c + i * N + j1, U(0));
    U* pack = tb ? pack_base + size_t(par ? omp_get_thread_num() : 0) * pack_elems : nullptr;
    for (int64_t k0 = 0; k0 < K; k0 += kKC) {
      const int64_t k1 = std::min(K, k0 + kKC);
      // The panel B[k0:k1, j0:j1] as rows with unit stride along j: direct for plain b, packed
      // from the (N, K) storage when b is transposed so the inner loop still streams.
      const U* panel;
      int64_t ld;
      if (!tb) {
        panel = b + k0 * N + j0;
        ld = N;
      } else {
        for (int64_t j = 0; j < nc; ++j) {
          const U* src = b + (j0 + j) * K;
          for (int64_t k = k0; k < k1; ++k) pack[(k - k0) * nc + j] = src[k];
        }
        panel = pack;
        ld = nc;
      }
      for (int64_t i = i0; i < i1; ++i) {
        U* crow = c + i * N + j0;
        for (int64_t k = k0; k < k1; ++k) {
          const U av = ta ? a[k * M + i] : a[i * K + k];
          const U* brow = panel + (k - k0) * ld;
#pragma omp simd
          for (int64_t j = 0; j < nc; ++j) crow[j] += av * brow[j];
        }
      }
    }
  });
}

}  // namespace
}  // namespace mln

using namespace mln;

extern "C" {

mln_tensor* mln_matmul(const mln_tensor* a, const mln_tensor* b, int trans_a, int trans_b) {
  MLN_TRY
  if (DeviceKernels* k = device_kernels(a, b, "matmul")) return k->matmul(a, b, trans_a, trans_b);
  check_tensor(a, "matmul", "a");
  check_tensor(b, "matmul", "b");
  MatmulPlan p = plan_matmul(a, b, trans_a, trans_b);
  TensorRef out(new_tensor(a->dtype, p.out_shape));
  const int64_t n = numel(out.get());
  if (n == 0) return out.release();
  if (p.K == 0) {
    // An empty sum: all zeros (all-zero bits is 0 for every supported dtype).
    std::memset(data_as<char>(out.get()), 0, size_t(n) * itemsize(a->dtype));
    return out.release();
  }
  switch (a->dtype) {
    case MLN_F32:
      // A tiny product (a Dense layer of a few units on a small batch) costs less than oneDNN's
      // per-call dispatch and memory-object set-up, so it runs in our own loop.
      if (double(shape_numel(p.out_batch)) * double(p.M) * double(p.N) * double(p.K) <=
          kSmallMatmulMacs) {
        matmul_blocked<float>(p, data_as<float>(a), data_as<float>(b), data_as<float>(out.get()));
      } else {
        matmul_f32_dnnl(p, data_as<float>(a), data_as<float>(b), data_as<float>(out.get()));
      }
      break;
    case MLN_F64:
      matmul_blocked<double>(p, data_as<double>(a), data_as<double>(b), data_as<double>(out.get()));
      break;
    case MLN_I32:
      matmul_blocked<int32_t>(p, data_as<int32_t>(a), data_as<int32_t>(b),
                              data_as<int32_t>(out.get()));
      break;
    case MLN_I64:
      matmul_blocked<int64_t>(p, data_as<int64_t>(a), data_as<int64_t>(b),
                              data_as<int64_t>(out.get()));
      break;
    default:
      fail(MLN_ERR_INTERNAL, "matmul: unhandled dtype ", dtype_name(a->dtype));
  }
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
