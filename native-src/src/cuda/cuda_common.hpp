// Shared by the CUDA engine's sources: error checks that throw the core's Error, the engine's
// per-device state, and tensors on a CUDA device.
#pragma once

#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core.hpp"
#include "engine.hpp"

namespace mln::cuda {

/** Throws Error(status) naming what failed and CUDA's own text when rc is not cudaSuccess. */
void check(cudaError_t rc, const char* what, int status = MLN_ERR_INTERNAL);
/** Throws Error naming what failed when a cuBLAS call did not succeed. */
void check_blas(cublasStatus_t rc, const char* what);

/** One device's state: its stream, cuBLAS handle, cached blocks and pinned staging buffer. */
struct DeviceState {
  int index = 0;
  cudaStream_t stream = nullptr;
  cublasHandle_t blas = nullptr;
  cublasLtHandle_t lt = nullptr;  // matmuls with a bias + activation epilogue
  std::mutex mutex;  // guards the cache, the counters and the staging buffer
  std::multimap<size_t, void*> free_blocks;  // cached blocks by rounded size
  std::unordered_map<void*, size_t> sizes;   // rounded size of each block handed out
  int64_t live = 0, peak = 0, allocs = 0, cache_hits = 0, cached = 0;
  void* staging = nullptr;  // pinned host memory for host<->device copies
  size_t staging_bytes = 0;
};

/** The engine's state of device `index` (made on first use; the index is checked by callers). */
DeviceState& device_state(int index);
/** Number of CUDA devices the engine serves. */
int engine_device_count();

/** A new uninitialised tensor of dtype and shape on CUDA device `index`. */
TensorRef device_tensor(int dtype, const Shape& shape, int index, const char* op);
/** The CUDA device index of t, throwing naming op/arg when t is null or not on a CUDA device. */
int device_of(const mln_tensor* t, const char* op, const char* arg);
/** Throws naming op unless t is float32 or float64. */
void check_float(const mln_tensor* t, const char* op, const char* arg);

/** Throws naming op unless a and b sit on one device. */
void same_device(const mln_tensor* a, const mln_tensor* b, const char* op);
/** Throws naming op unless a and b have one dtype. */
void same_dtype(const mln_tensor* a, const mln_tensor* b, const char* op);
/** Throws naming op unless a and b have one shape. */
void same_shape(const mln_tensor* a, const mln_tensor* b, const char* op);
/** The stream of t's device, made current for the launch that follows. */
cudaStream_t stream_of(const mln_tensor* t);
/** Throws naming op when the last launch on this thread failed. */
inline void launched(const char* op) { check(cudaGetLastError(), op); }

/** Runs fn with float or double as the tensor's dtype (checked float before). */
template <typename Fn>
void float_dispatch(int dtype, Fn&& fn) {
  if (dtype == MLN_F64) fn(double{});
  else fn(float{});
}

/** Grid size for n elements at kThreads per block (capped; kernels loop grid-stride). */
constexpr int kThreads = 256;
inline unsigned grid_for(int64_t n) {
  int64_t blocks = (n + kThreads - 1) / kThreads;
  return unsigned(blocks < 1 ? 1 : (blocks > 65535 * 8 ? 65535 * 8 : blocks));
}

}  // namespace mln::cuda
