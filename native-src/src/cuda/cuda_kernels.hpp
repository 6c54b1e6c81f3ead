// The CUDA engine's kernels behind the core's DeviceKernels interface (engine.hpp): the C API
// enters them when an op's inputs live on a CUDA device.
#pragma once

#include "cuda_common.hpp"

namespace mln::cuda {

/** Two operands broadcast to one output shape: per output dimension its size and each operand's
 * element stride (0 along a dimension it is broadcast over). Passed to kernels by value. */
struct Broadcast {
  int nd = 0;
  int64_t shape[MLN_MAX_DIMS] = {0};
  int64_t sa[MLN_MAX_DIMS] = {0};
  int64_t sb[MLN_MAX_DIMS] = {0};
};

/** numpy's broadcast of two shapes, or throws naming op and both shapes. */
Shape broadcast_shape(const Shape& a, const Shape& b, const char* op);
/** The strides of a and b read at every index of out (which both broadcast to). */
Broadcast broadcast_of(const Shape& out, const Shape& a, const Shape& b);
/** x summed down to `shape` (which x's shape broadcasts from), on x's device: the gradient of a
 * broadcast operand. */
TensorRef sum_to_shape(const mln_tensor* x, const Shape& shape, const char* op);

/** The block-wide sum of v (blockDim.x == kThreads). */
__device__ inline double block_sum(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int s = kThreads / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  double r = shared[0];
  __syncthreads();
  return r;
}

__device__ inline double block_max(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int s = kThreads / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] = fmax(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  double r = shared[0];
  __syncthreads();
  return r;
}

/** Element offsets into a and b of output element i. */
__device__ inline void broadcast_offsets(const Broadcast& b, int64_t i, int64_t& oa,
                                         int64_t& ob) {
  oa = 0;
  ob = 0;
  for (int d = b.nd - 1; d >= 0; --d) {
    const int64_t q = i % b.shape[d];
    i /= b.shape[d];
    oa += q * b.sa[d];
    ob += q * b.sb[d];
  }
}

/** Kernels for float32/float64 tensors on one CUDA device (the shape ops for every dtype); other
 * cases throw naming the op. */
class CudaKernels final : public DeviceKernels {
 public:
  mln_tensor* matmul(const mln_tensor* a, const mln_tensor* b, int trans_a, int trans_b) override;
  mln_tensor* unary(int op, const mln_tensor* x, double alpha, double beta) override;
  mln_tensor* binary(int op, const mln_tensor* a, const mln_tensor* b) override;
  mln_tensor* unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                             const mln_tensor* gy, double alpha, double beta) override;
  void binary_backward(int op, const mln_tensor* a, const mln_tensor* b, const mln_tensor* gy,
                       mln_tensor** ga, mln_tensor** gb) override;
  mln_tensor* reduce(int op, const mln_tensor* x, int naxes, const int* axes,
                     int keepdims) override;
  mln_tensor* softmax(const mln_tensor* x, int axis, int log) override;
  mln_tensor* dense(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                    int act) override;
  void optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad,
                        mln_tensor* const* slots, int nslots, const double* hparams, int nhparams,
                        int64_t step) override;
  void dense_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                      const mln_tensor* gy, int act, mln_tensor** gx, mln_tensor** gw,
                      mln_tensor** gb) override;
  mln_tensor* categorical_crossentropy(const mln_tensor* t, const mln_tensor* x, double eps,
                                       int mode) override;
  void categorical_crossentropy_backward(const mln_tensor* t, const mln_tensor* x,
                                         const mln_tensor* gy, double eps, int mode,
                                         mln_tensor** gt, mln_tensor** gx) override;
  mln_tensor* one_hot(const mln_tensor* idx, int64_t depth, int dtype, double on,
                      double off) override;
  void strided_copy(int index, void* dst, const void* src, size_t esz, int ndim,
                    const int64_t* n, const int64_t* ds, const int64_t* ss) override;
  void zero(int index, void* dst, size_t nbytes) override;
};

}  // namespace mln::cuda
