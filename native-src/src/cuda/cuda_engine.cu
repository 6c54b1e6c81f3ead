// The CUDA engine: a caching allocator per device, one stream per device, host<->device copies
// through a pinned staging buffer, and mln_engine_open, which the core's loader calls
// (cuda_loader.cpp) and which says why it cannot serve when there is no driver or no device.
#include <dlfcn.h>

#include <cstdio>
#include <memory>
#include <string>

#include "cuda_common.hpp"
#include "cuda_kernels.hpp"

namespace mln::cuda {
namespace {

// Blocks are rounded up to 512 bytes so that tensors of nearby sizes share cached blocks.
constexpr size_t kRound = 512;
size_t rounded(size_t n) { return (n + kRound - 1) / kRound * kRound; }

int g_device_count = 0;
std::vector<std::unique_ptr<DeviceState>> g_devices;
std::once_flag g_devices_once;

/** "9.2.1" from cuDNN's cudnnGetVersion when libcudnn.so.9 can be loaded, else why not. */
std::string cudnn_version() {
  void* h = dlopen("libcudnn.so.9", RTLD_NOW | RTLD_LOCAL);
  if (!h) return "cuDNN not found (libcudnn.so.9 is not on the library path)";
  using VersionFn = size_t (*)();
  auto fn = reinterpret_cast<VersionFn>(dlsym(h, "cudnnGetVersion"));
  if (!fn) return "cuDNN without cudnnGetVersion";
  size_t v = fn();
  // cuDNN 9 encodes major * 10000 + minor * 100 + patch.
  return "cuDNN " + std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         std::to_string(v % 100);
}

std::string version_text(int v) {
  return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
}

class CudaEngine final : public Engine {
 public:
  int kind() const override { return MLN_DEVICE_CUDA; }
  int device_count() const override { return g_device_count; }

  std::string describe(int index) const override {
    cudaDeviceProp p{};
    check(cudaGetDeviceProperties(&p, index), "describe: cudaGetDeviceProperties");
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    char mem[64];
    std::snprintf(mem, sizeof mem, "%.1f GiB", double(p.totalGlobalMem) / (1024.0 * 1024 * 1024));
    return "cuda:" + std::to_string(index) + ": " + p.name + ", compute capability " +
           std::to_string(p.major) + "." + std::to_string(p.minor) + ", " + mem + ", driver " +
           version_text(driver) + ", runtime " + version_text(runtime) + ", " + cudnn_version();
  }

  void* alloc(int index, size_t nbytes) override {
    DeviceState& d = device_state(index);
    const size_t size = rounded(nbytes ? nbytes : 1);
    std::lock_guard<std::mutex> lock(d.mutex);
    ++d.allocs;
    void* p = nullptr;
    auto it = d.free_blocks.lower_bound(size);
    // A cached block up to twice the request is reused; a larger one stays for larger requests.
    if (it != d.free_blocks.end() && it->first <= 2 * size) {
      p = it->second;
      d.cached -= int64_t(it->first);
      d.live += int64_t(it->first);
      d.free_blocks.erase(it);
      ++d.cache_hits;
    } else {
      check(cudaSetDevice(index), "alloc: cudaSetDevice");
      cudaError_t rc = cudaMalloc(&p, size);
      if (rc == cudaErrorMemoryAllocation && !d.free_blocks.empty()) {
        // Out of memory with blocks cached: give them back and try once more.
        cudaGetLastError();
        release_cached(d);
        rc = cudaMalloc(&p, size);
      }
      if (rc != cudaSuccess) {
        cudaGetLastError();
        fail(MLN_ERR_MEMORY, "allocate: cudaMalloc of ", size, " bytes on cuda:", index,
             " failed: ", cudaGetErrorString(rc));
      }
      d.live += int64_t(size);
    }
    if (d.live > d.peak) d.peak = d.live;
    d.sizes[p] = size;
    return p;
  }

  void free(int index, void* p, size_t) override {
    DeviceState& d = device_state(index);
    std::lock_guard<std::mutex> lock(d.mutex);
    auto it = d.sizes.find(p);
    if (it == d.sizes.end()) return;
    const size_t size = it->second;
    d.sizes.erase(it);
    d.live -= int64_t(size);
    d.cached += int64_t(size);
    d.free_blocks.emplace(size, p);
  }

  AllocStats alloc_stats(int index) const override {
    DeviceState& d = device_state(index);
    std::lock_guard<std::mutex> lock(d.mutex);
    AllocStats s;
    s.live = d.live;
    s.peak = d.peak;
    s.allocs = d.allocs;
    s.cache_hits = d.cache_hits;
    s.cached = d.cached;
    return s;
  }

  void empty_cache(int index) override {
    DeviceState& d = device_state(index);
    std::lock_guard<std::mutex> lock(d.mutex);
    release_cached(d);
  }

  void copy_to_host(int index, void* host_dst, const void* src, size_t n) override {
    DeviceState& d = device_state(index);
    std::lock_guard<std::mutex> lock(d.mutex);
    // Pageable host memory is copied through the pinned staging buffer in chunks: the DMA then
    // runs at full speed and the copy is complete on return.
    const size_t chunk = staging(d, n);
    for (size_t off = 0; off < n; off += chunk) {
      size_t len = std::min(chunk, n - off);
      check(cudaMemcpyAsync(d.staging, static_cast<const char*>(src) + off, len,
                            cudaMemcpyDeviceToHost, d.stream), "copy_to_host");
      check(cudaStreamSynchronize(d.stream), "copy_to_host: synchronize");
      std::memcpy(static_cast<char*>(host_dst) + off, d.staging, len);
    }
  }

  void copy_from_host(int index, void* dst, const void* host_src, size_t n) override {
    DeviceState& d = device_state(index);
    std::lock_guard<std::mutex> lock(d.mutex);
    const size_t chunk = staging(d, n);
    for (size_t off = 0; off < n; off += chunk) {
      size_t len = std::min(chunk, n - off);
      std::memcpy(d.staging, static_cast<const char*>(host_src) + off, len);
      check(cudaMemcpyAsync(static_cast<char*>(dst) + off, d.staging, len,
                            cudaMemcpyHostToDevice, d.stream), "copy_from_host");
      check(cudaStreamSynchronize(d.stream), "copy_from_host: synchronize");
    }
  }

  void synchronize(int index) override {
    check(cudaStreamSynchronize(device_state(index).stream), "synchronize");
  }

  DeviceKernels* kernels() override { return &kernels_; }

 private:
  static void release_cached(DeviceState& d) {
    // Kernels queued on the stream may still use a block freed on the host side.
    cudaStreamSynchronize(d.stream);
    for (auto& [size, p] : d.free_blocks) cudaFree(p);
    d.free_blocks.clear();
    d.cached = 0;
  }

  /** Grows the staging buffer towards n (at most 64 MiB) and returns its size. */
  static size_t staging(DeviceState& d, size_t n) {
    constexpr size_t kMax = size_t(64) << 20;
    size_t want = std::min(std::max(n, size_t(1)), kMax);
    if (d.staging_bytes < want) {
      if (d.staging) cudaFreeHost(d.staging);
      d.staging = nullptr;
      d.staging_bytes = 0;
      check(cudaMallocHost(&d.staging, want), "copy: cudaMallocHost (pinned staging buffer)",
            MLN_ERR_MEMORY);
      d.staging_bytes = want;
    }
    return d.staging_bytes;
  }

  CudaKernels kernels_;
};

}  // namespace

void check(cudaError_t rc, const char* what, int status) {
  if (rc == cudaSuccess) return;
  cudaGetLastError();
  fail(status, what, ": ", cudaGetErrorName(rc), " (", int(rc), "): ", cudaGetErrorString(rc));
}

void check_blas(cublasStatus_t rc, const char* what) {
  if (rc == CUBLAS_STATUS_SUCCESS) return;
  fail(MLN_ERR_INTERNAL, what, ": cuBLAS status ", int(rc));
}

int engine_device_count() { return g_device_count; }

DeviceState& device_state(int index) {
  std::call_once(g_devices_once, [] {
    for (int i = 0; i < g_device_count; ++i) {
      auto d = std::make_unique<DeviceState>();
      d->index = i;
      g_devices.push_back(std::move(d));
    }
  });
  if (index < 0 || index >= int(g_devices.size()))
    fail(MLN_ERR_ARGUMENT, "cuda: argument 'index' expected a cuda device index in [0, ",
         g_devices.size(), ") but was ", index);
  DeviceState& d = *g_devices[size_t(index)];
  if (!d.stream) {
    std::lock_guard<std::mutex> lock(d.mutex);
    if (!d.stream) {
      check(cudaSetDevice(index), "cuda: cudaSetDevice");
      cudaStream_t s = nullptr;
      check(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "cuda: cudaStreamCreate");
      check_blas(cublasCreate(&d.blas), "cuda: cublasCreate");
      check_blas(cublasSetStream(d.blas, s), "cuda: cublasSetStream");
      check_blas(cublasLtCreate(&d.lt), "cuda: cublasLtCreate");
      d.stream = s;
    }
  }
  return d;
}

}  // namespace mln::cuda

using namespace mln;

/** Called by the core's loader: the engine, or a reason (the driver, the devices). */
extern "C" __attribute__((visibility("default"))) int mln_engine_open(int abi_version,
                                                                       Engine** out, char* reason,
                                                                       size_t cap) {
  auto say = [&](const std::string& text) {
    if (reason && cap) std::snprintf(reason, cap, "%s", text.c_str());
    return 1;
  };
  if (!out) return say("mln_engine_open: argument 'out' is null");
  *out = nullptr;
  if (abi_version != ENGINE_ABI_VERSION)
    return say("libmyelin_cuda.so was built for engine ABI " + std::to_string(ENGINE_ABI_VERSION) +
               " but the core has ABI " + std::to_string(abi_version) + " (rebuild both)");
  int count = 0;
  cudaError_t rc = cudaGetDeviceCount(&count);
  if (rc == cudaErrorInsufficientDriver)
    return say("no CUDA driver (cudaErrorInsufficientDriver 35: no NVIDIA driver, or one older "
               "than the CUDA runtime " + std::to_string(CUDART_VERSION / 1000) + "." +
               std::to_string(CUDART_VERSION % 1000 / 10) + " needs)");
  if (rc == cudaErrorNoDevice) return say("no CUDA device (cudaErrorNoDevice 100)");
  if (rc != cudaSuccess)
    return say(std::string("the CUDA runtime cannot start: ") + cudaGetErrorName(rc) + " (" +
               std::to_string(int(rc)) + "): " + cudaGetErrorString(rc));
  if (count <= 0) return say("no CUDA device (cudaGetDeviceCount found 0)");
  cuda::g_device_count = count;
  static cuda::CudaEngine engine;
  *out = &engine;
  return 0;
}
