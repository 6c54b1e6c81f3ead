// The CUDA engine's kernels behind the core's DeviceKernels interface (engine.hpp): the C API
// enters them when an op's inputs live on a CUDA device.
#pragma once

#include "cuda_common.hpp"

namespace mln::cuda {

/** Kernels for float32/float64 tensors on one CUDA device; other cases throw naming the op. */
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
};

}  // namespace mln::cuda
