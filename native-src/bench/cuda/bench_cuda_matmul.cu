// Matmul on the GPU: Myelin's mln_matmul on CUDA tensors (cuBLAS behind the C API, output from the
// caching allocator) against cuBLAS called directly on the same sizes, as one JSON line per case.
// Without a device it prints one line saying why and exits 0.
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <myelin/myelin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "myelin_cuda.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/** Best of `reps` timings of fn (each followed by a device synchronisation). */
template <typename Fn, typename Sync>
double best_of(int reps, Fn&& fn, Sync&& sync) {
  fn();
  sync();
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    fn();
    sync();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (mln_device_count(MLN_DEVICE_CUDA) <= 0) {
    std::printf("{\"case\":\"bench_cuda_matmul\",\"skipped\":\"%s\"}\n",
                mln_device_unavailable_reason(MLN_DEVICE_CUDA));
    return 0;
  }
  std::printf("{\"case\":\"device\",\"description\":\"%s\"}\n",
              mln_device_description(MLN_DEVICE_CUDA, 0));
  const int reps = argc > 1 ? std::atoi(argv[1]) : 20;
  cublasHandle_t handle;
  if (cublasCreate(&handle) != CUBLAS_STATUS_SUCCESS) {
    std::printf("{\"case\":\"bench_cuda_matmul\",\"error\":\"cublasCreate failed\"}\n");
    return 1;
  }
  for (int64_t n : {512, 1024, 2048, 4096, 8192}) {
    const int64_t shape[2] = {n, n};
    mln_tensor* a = mln_cuda_random_uniform(0, MLN_F32, 2, shape, -1, 1, 1, 0);
    mln_tensor* b = mln_cuda_random_uniform(0, MLN_F32, 2, shape, -1, 1, 2, 0);
    if (!a || !b) {
      std::printf("{\"case\":\"matmul_f32_%lld\",\"error\":\"%s\"}\n", (long long)n, mln_last_error());
      return 1;
    }
    double t_myelin = best_of(
        reps, [&] { mln_release(mln_matmul(a, b, 0, 0)); }, [] { mln_cuda_synchronize(0); });
    float *da = nullptr, *db = nullptr, *dc = nullptr;
    const size_t bytes = size_t(n * n) * sizeof(float);
    cudaMalloc(&da, bytes);
    cudaMalloc(&db, bytes);
    cudaMalloc(&dc, bytes);
    cudaMemset(da, 0, bytes);
    cudaMemset(db, 0, bytes);
    const float one = 1.f, zero = 0.f;
    const int ni = int(n);
    double t_cublas = best_of(
        reps,
        [&] { cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, ni, ni, ni, &one, db, ni, da, ni, &zero, dc, ni); },
        [] { cudaDeviceSynchronize(); });
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    mln_release(a);
    mln_release(b);
    const double flop = 2.0 * double(n) * double(n) * double(n);
    std::printf("{\"case\":\"matmul_f32_%lld\",\"myelin_tflops\":%.2f,\"cublas_tflops\":%.2f,"
                "\"ratio\":%.3f,\"reps\":%d}\n",
                (long long)n, flop / t_myelin * 1e-12, flop / t_cublas * 1e-12, t_cublas / t_myelin,
                reps);
  }
  cublasDestroy(handle);
  return 0;
}
