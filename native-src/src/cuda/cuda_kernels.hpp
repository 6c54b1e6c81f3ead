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
};

}  // namespace mln::cuda
