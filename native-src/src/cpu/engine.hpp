// The device seam: one Engine per device kind (the CPU today; CUDA is one more implementation)
// owning that kind's allocator, per device, and the copies between host and device memory.
//
// Kernels are not routed through the interface: a CPU op stays a direct function on host memory
// (no virtual call per kernel). The C API dispatches by the device recorded in a tensor's storage
// at its boundary: allocation of storage, its release, and mln_to_device.
#pragma once

#include <string>

#include "core.hpp"

namespace mln {

/** Allocator counters of one device, laid out as mln_alloc_stats fills them. */
struct AllocStats {
  int64_t live = 0, peak = 0, allocs = 0, cache_hits = 0, cached = 0;
};

/** A device kind's implementation. Indices passed in are checked against device_count(). */
class Engine {
 public:
  virtual ~Engine() = default;
  /** The device kind it serves (MLN_DEVICE_CPU, MLN_DEVICE_CUDA). */
  virtual int kind() const = 0;
  /** Devices of this kind present in this process. */
  virtual int device_count() const = 0;
  /** One line for humans, e.g. "cpu:0: 16 threads, avx512_core, oneDNN 3.11.0". */
  virtual std::string describe(int index) const = 0;

  /** nbytes of device memory (never null: throws Error(MLN_ERR_MEMORY) instead). */
  virtual void* alloc(int index, size_t nbytes) = 0;
  /** Gives back a block from alloc(index, nbytes). */
  virtual void free(int index, void* p, size_t nbytes) = 0;
  virtual AllocStats alloc_stats(int index) const = 0;
  /** Returns the allocator's cached free blocks of device `index` to the system. */
  virtual void empty_cache(int index) = 0;

  /** Copies n bytes of device memory to host memory, complete on return. */
  virtual void copy_to_host(int index, void* host_dst, const void* src, size_t n) = 0;
  /** Copies n bytes of host memory to device memory, complete on return. */
  virtual void copy_from_host(int index, void* dst, const void* host_src, size_t n) = 0;
  /** Waits until the work queued on device `index` is done. */
  virtual void synchronize(int index) = 0;
  /** The engine's own kernels, or nullptr when its tensors only hold memory (the CPU's kernels
   * are direct functions). */
  virtual class DeviceKernels* kernels() { return nullptr; }
};

/** Kernels of an accelerator, entered from the C API when an op's inputs live on its device
 * (device_kernels). Each returns a new tensor on that device or throws Error. */
class DeviceKernels {
 public:
  virtual ~DeviceKernels() = default;
  /** As mln_matmul (2-D operands). */
  virtual mln_tensor* matmul(const mln_tensor* a, const mln_tensor* b, int trans_a,
                             int trans_b) = 0;
  /** As mln_unary. */
  virtual mln_tensor* unary(int op, const mln_tensor* x, double alpha, double beta) = 0;
  /** As mln_binary. */
  virtual mln_tensor* binary(int op, const mln_tensor* a, const mln_tensor* b) = 0;
  /** As mln_unary_backward. */
  virtual mln_tensor* unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                                     const mln_tensor* gy, double alpha, double beta) = 0;
  /** As mln_binary_backward (*ga and *gb set, or left null when not asked for). */
  virtual void binary_backward(int op, const mln_tensor* a, const mln_tensor* b,
                               const mln_tensor* gy, mln_tensor** ga, mln_tensor** gb) = 0;
  /** As mln_reduce. */
  virtual mln_tensor* reduce(int op, const mln_tensor* x, int naxes, const int* axes,
                             int keepdims) = 0;
  /** As mln_softmax. */
  virtual mln_tensor* softmax(const mln_tensor* x, int axis, int log) = 0;
  /** As mln_dense: act(x @ w + b). */
  virtual mln_tensor* dense(const mln_tensor* x, const mln_tensor* w, const mln_tensor* b,
                            int act) = 0;
  /** As mln_optimizer_update. */
  virtual void optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad,
                                mln_tensor* const* slots, int nslots, const double* hparams,
                                int nhparams, int64_t step) = 0;
  /** As mln_dense_backward (the outputs asked for are set, the others left alone). */
  virtual void dense_backward(const mln_tensor* x, const mln_tensor* w, const mln_tensor* y,
                              const mln_tensor* gy, int act, mln_tensor** gx, mln_tensor** gw,
                              mln_tensor** gb) = 0;
  /** As mln_categorical_crossentropy (every MLN_CCE_* mode). */
  virtual mln_tensor* categorical_crossentropy(const mln_tensor* t, const mln_tensor* x,
                                               double eps, int mode) = 0;
  /** As mln_categorical_crossentropy_backward (the outputs asked for are set). */
  virtual void categorical_crossentropy_backward(const mln_tensor* t, const mln_tensor* x,
                                                 const mln_tensor* gy, double eps, int mode,
                                                 mln_tensor** gt, mln_tensor** gx) = 0;
  /** As mln_one_hot for int32/int64 indices on the device. */
  virtual mln_tensor* one_hot(const mln_tensor* idx, int64_t depth, int dtype, double on,
                              double off) = 0;
  /** Copies esz-byte elements of device `index`: for every index vector i < n (ndim entries),
   * dst[sum i*ds] = src[sum i*ss] (strides in elements). The shape ops (permute, slice, concat)
   * compute the strides on the host and call this, whatever the dtype. */
  virtual void strided_copy(int index, void* dst, const void* src, size_t esz, int ndim,
                            const int64_t* n, const int64_t* ds, const int64_t* ss) = 0;
  /** Sets nbytes of device memory at dst to zero (queued on the device's stream). */
  virtual void zero(int index, void* dst, size_t nbytes) = 0;
};

/** device_kernels once an input is off the CPU: the device checks and the engine lookup. */
DeviceKernels* device_kernels_slow(const mln_tensor* a, const mln_tensor* b, const char* op);
/** The kernels serving an op whose inputs are a and b (b may be null): nullptr when a is null or
 * on the CPU (the caller runs its CPU kernel, which checks the arguments); throws naming op when
 * the inputs sit on different devices or the device's engine brings no kernels. The CPU case is
 * inline: every kernel asks, on every replayed call. */
inline DeviceKernels* device_kernels(const mln_tensor* a, const mln_tensor* b, const char* op) {
  if (!a || (a->storage->device_kind == MLN_DEVICE_CPU &&
             (!b || (b->storage->device_kind == MLN_DEVICE_CPU &&
                     b->storage->device_index == a->storage->device_index))))
    return nullptr;
  return device_kernels_slow(a, b, op);
}

/** Version of the Engine/DeviceKernels layout; a GPU engine library built against another one is
 * refused instead of called. */
constexpr int ENGINE_ABI_VERSION = 4;
/** The entry point a GPU engine library exports as "mln_engine_open": fills *out with its engine
 * and returns 0, or writes why it cannot serve (no driver, no device) into reason and returns
 * nonzero. */
using EngineOpenFn = int (*)(int abi_version, Engine** out, char* reason, size_t reason_cap);
/** Loads the CUDA engine library once (cuda_loader.cpp) and registers its engine; afterwards
 * cuda_unavailable_reason() says why it did not, "" when it did. */
void load_cuda_engine();
/** Why the CUDA engine is not serving ("" when it is). */
const std::string& cuda_unavailable_reason();

/** "cpu", "cuda"; "unknown" for other codes. */
const char* device_kind_name(int kind);
/** The engine of `kind`, or nullptr when this library was built without one. */
Engine* engine_for(int kind);
/** The engine owning device (kind, index), or throws naming op and why there is none. */
Engine& require_device(int kind, int index, const char* op);
/** Installs `engine` for `kind` (a GPU engine does this once when its library loads); nullptr
 * removes it. The CPU engine is built in and cannot be replaced. */
void register_engine(int kind, Engine* engine);
/** Storage of nbytes on device (kind, index), recording the device. */
Storage* storage_new_on(int kind, int index, size_t nbytes);
/** A new uninitialised tensor of dtype and shape on the device of `like` (op names it in
 * errors). */
mln_tensor* new_tensor_beside(const mln_tensor* like, int dtype, const Shape& shape,
                              const char* op);
/** The CPU engine (cpu_engine.cpp). */
Engine& cpu_engine();

}  // namespace mln
