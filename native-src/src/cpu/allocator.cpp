// Caching allocator: 64-byte-aligned blocks kept in per-size free lists so a training step reuses
// the pages the previous step touched (fresh pages cost 0.5-1.7 GB/s of faults on these VMs).
#include <cstdlib>
#include <mutex>
#include <unordered_map>

#include "core.hpp"

namespace mln {
namespace {

struct Stats {
  std::atomic<int64_t> live{0}, peak{0}, allocs{0}, cache_hits{0}, cached{0};
};
Stats g_stats;

std::mutex g_mu;
std::unordered_map<size_t, std::vector<void*>>& free_lists() {
  static auto* lists = new std::unordered_map<size_t, std::vector<void*>>();  // never destroyed:
  return *lists;  // tensors released by the GC after static destruction must still find it
}

/** Size classes: multiples of 64 bytes up to 4 KiB, then four classes per power of two. */
size_t size_class(size_t n) {
  if (n == 0) n = 1;
  if (n <= 4096) return (n + 63) & ~size_t(63);
  // Above half the address range the doubling below would wrap to 0 and never end; no machine can
  // serve such a request, so it fails at once (tensors are capped far lower, at kMaxTensorBytes).
  if (n > (SIZE_MAX >> 2))
    fail(MLN_ERR_MEMORY, "allocation of ", n, " bytes is more than any machine can address");
  size_t p = 4096;
  while (p < n) p <<= 1;  // n in (p/2, p]
  size_t quarter = p / 8;  // classes p/2 + k*p/8
  return ((n + quarter - 1) / quarter) * quarter;
}

int64_t cache_limit() {
  static const int64_t limit = [] {
    const char* env = std::getenv("MYELIN_ALLOCATOR_CACHE_MB");
    return env ? std::atoll(env) * (int64_t(1) << 20) : (int64_t(16) << 30);
  }();
  return limit;
}

void note_live(int64_t delta) {
  int64_t now = g_stats.live.fetch_add(delta) + delta;
  int64_t peak = g_stats.peak.load();
  while (now > peak && !g_stats.peak.compare_exchange_weak(peak, now)) {
  }
}

}  // namespace

void* cached_alloc(size_t nbytes) {
  size_t cls = size_class(nbytes);
  g_stats.allocs.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(g_mu);
    auto it = free_lists().find(cls);
    if (it != free_lists().end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      g_stats.cached.fetch_sub(int64_t(cls));
      g_stats.cache_hits.fetch_add(1);
      note_live(int64_t(cls));
      return p;
    }
  }
  void* p = std::aligned_alloc(64, cls);
  if (!p) {
    mln_alloc_empty_cache();
    p = std::aligned_alloc(64, cls);
    if (!p) fail(MLN_ERR_MEMORY, "allocation of ", nbytes, " bytes failed");
  }
  note_live(int64_t(cls));
  return p;
}

void cached_free(void* p, size_t nbytes) {
  if (!p) return;
  size_t cls = size_class(nbytes);
  note_live(-int64_t(cls));
  if (g_stats.cached.load() + int64_t(cls) <= cache_limit()) {
    std::lock_guard<std::mutex> lock(g_mu);
    free_lists()[cls].push_back(p);
    g_stats.cached.fetch_add(int64_t(cls));
    return;
  }
  std::free(p);
}

}  // namespace mln

extern "C" {

void mln_alloc_stats(int64_t* out) {
  if (!out) return;
  out[0] = mln::g_stats.live.load();
  out[1] = mln::g_stats.peak.load();
  out[2] = mln::g_stats.allocs.load();
  out[3] = mln::g_stats.cache_hits.load();
  out[4] = mln::g_stats.cached.load();
}

void mln_alloc_reset_peak(void) { mln::g_stats.peak.store(mln::g_stats.live.load()); }

void mln_alloc_empty_cache(void) {
  std::lock_guard<std::mutex> lock(mln::g_mu);
  for (auto& kv : mln::free_lists()) {
    for (void* p : kv.second) std::free(p);
    mln::g_stats.cached.fetch_sub(int64_t(kv.first * kv.second.size()));
    kv.second.clear();
  }
}

}  // extern "C"
