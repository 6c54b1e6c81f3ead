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
};

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
/** The CPU engine (cpu_engine.cpp). */
Engine& cpu_engine();

}  // namespace mln
