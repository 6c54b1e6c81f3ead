// The CPU engine: the caching allocator (allocator.cpp) and the oneDNN CPU engine and streams
// (dnnl_engine.cpp) behind the Engine interface. Device memory is host memory, so copies are
// memcpy.
#include <cstring>

#include "dnnl_engine.hpp"
#include "engine.hpp"

namespace mln {
namespace {

class CpuEngine final : public Engine {
 public:
  int kind() const override { return MLN_DEVICE_CPU; }
  int device_count() const override { return 1; }
  std::string describe(int index) const override {
    return std::string("cpu:") + std::to_string(index) + ": " + std::to_string(num_threads()) +
           " threads, " + mln_cpu_isa() + ", oneDNN " + mln_dnnl_version() +
           ", native memory budget " + std::to_string(mln_alloc_budget() >> 20) + " MiB";
  }
  void* alloc(int, size_t nbytes) override { return cached_alloc(nbytes); }
  void free(int, void* p, size_t nbytes) override { cached_free(p, nbytes); }
  AllocStats alloc_stats(int) const override {
    int64_t s[5];
    mln_alloc_stats(s);
    return AllocStats{s[0], s[1], s[2], s[3], s[4]};
  }
  void empty_cache(int) override { mln_alloc_empty_cache(); }
  void copy_to_host(int, void* host_dst, const void* src, size_t n) override {
    if (n) std::memcpy(host_dst, src, n);
  }
  void copy_from_host(int, void* dst, const void* host_src, size_t n) override {
    if (n) std::memcpy(dst, host_src, n);
  }
  void synchronize(int) override { dnnl_cpu_stream().wait(); }
};

}  // namespace

Engine& cpu_engine() {
  static CpuEngine* engine = new CpuEngine();  // never destroyed, like the allocator's lists
  return *engine;
}

}  // namespace mln
