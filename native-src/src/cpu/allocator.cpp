// Caching allocator: 64-byte-aligned blocks kept in per-size free lists so a training step reuses
// the pages the previous step touched (fresh pages cost 0.5-1.7 GB/s of faults on these VMs).
//
// Memory pressure. The JVM's collector cannot see native bytes, so unreachable tensors would pile
// up until the machine runs out. Live bytes therefore count against a budget: an allocation that
// would pass it asks the pressure callback (the Java binding: System.gc() and a wait for the
// Cleaner) to free memory, retries, and fails with MLN_ERR_MEMORY once the callback gives up. The
// cache holds at most its own bound, and is emptied back to the system (malloc_trim included)
// when live plus cached bytes would pass the budget.
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
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

constexpr int64_t kMiB = int64_t(1) << 20;

/** Physical memory, or the cgroup (v2) memory limit of this container when that is lower. */
int64_t physical_bytes() {
  int64_t phys = int64_t(sysconf(_SC_PHYS_PAGES)) * int64_t(sysconf(_SC_PAGESIZE));
  if (FILE* f = std::fopen("/sys/fs/cgroup/memory.max", "r")) {
    long long limit = 0;
    if (std::fscanf(f, "%lld", &limit) == 1 && limit > 0 && limit < phys) phys = limit;
    std::fclose(f);
  }
  return phys > 0 ? phys : int64_t(8) << 30;
}

/** A positive size in MiB from an environment variable, or `fallback`. */
int64_t env_mib(const char* name, int64_t fallback) {
  const char* env = std::getenv(name);
  if (!env || !*env) return fallback;
  char* end = nullptr;
  long long mb = std::strtoll(env, &end, 10);
  return (*end == '\0' && mb >= 0 && mb < (int64_t(1) << 43)) ? mb * kMiB : fallback;
}

// Half the RAM leaves the other half to the JVM heap (a quarter by default) and the system.
int64_t default_budget() {
  static const int64_t b = env_mib("MYELIN_MEMORY_BUDGET_MB", physical_bytes() / 2);
  return b;
}
std::atomic<int64_t>& budget() {
  static std::atomic<int64_t> b{default_budget()};
  return b;
}

// The cache bound: set at run time, else MYELIN_ALLOCATOR_CACHE_MB, else an eighth of the budget,
// which keeps a training step's blocks (tens of MiB for the benchmarks) cached while bounding what
// freed tensors pin: the rest goes back to the system.
std::atomic<int64_t> g_cache_setting{-1};
int64_t compute_cache_limit() {
  int64_t set = g_cache_setting.load(std::memory_order_relaxed);
  if (set >= 0) return set;
  static const int64_t env = env_mib("MYELIN_ALLOCATOR_CACHE_MB", -1);
  return env >= 0 ? env : budget().load(std::memory_order_relaxed) / 8;
}
// compute_cache_limit() as of the last budget or cache setting (-1: not yet computed), so that
// every free reads one atomic instead of a setting, two function-local statics and the budget.
std::atomic<int64_t> g_cache_bound{-1};
int64_t cache_limit() {
  int64_t bound = g_cache_bound.load(std::memory_order_relaxed);
  if (bound >= 0) return bound;
  bound = compute_cache_limit();
  int64_t unset = -1;  // a setter that ran meanwhile stored the newer bound: keep it
  return g_cache_bound.compare_exchange_strong(unset, bound) ? bound : unset;
}
/** Recomputes the bound after the budget or the cache setting changed. */
int64_t refresh_cache_limit() {
  const int64_t bound = compute_cache_limit();
  g_cache_bound.store(bound);
  return bound;
}
std::atomic<mln_pressure_fn> g_pressure{nullptr};
// Live bytes at which the next allocation asks the pressure callback, once and without waiting,
// for a collection (mln_alloc_set_collect_mark); 0: disarmed.
std::atomic<int64_t> g_collect_mark{0};
// Bytes handed back with free() since the last malloc_trim: glibc keeps small freed chunks in its
// arenas, so the resident size only falls once they are trimmed.
std::atomic<int64_t> g_untrimmed{0};
constexpr int64_t kTrimEvery = 64 * kMiB;
// A callback that never gives up cannot hang an allocation.
constexpr int kMaxPressureAttempts = 64;

void note_peak(int64_t now) {
  int64_t peak = g_stats.peak.load();
  while (now > peak && !g_stats.peak.compare_exchange_weak(peak, now)) {
  }
}

/** Frees cached blocks until at most `keep` bytes stay cached, then trims the heap. */
void trim_cache(int64_t keep) {
  {
    std::lock_guard<std::mutex> lock(g_mu);
    for (auto& kv : free_lists()) {
      while (!kv.second.empty() && g_stats.cached.load() > keep) {
        std::free(kv.second.back());
        kv.second.pop_back();
        g_stats.cached.fetch_sub(int64_t(kv.first));
      }
    }
  }
  g_untrimmed.store(0);
  malloc_trim(0);
}

std::string mib(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", double(bytes) / double(kMiB));
  return buf;
}

[[noreturn]] void fail_budget(size_t nbytes, int64_t live, int64_t limit, bool collected) {
  fail(MLN_ERR_MEMORY, "out of native memory: allocating ", nbytes, " bytes (", mib(int64_t(nbytes)),
       ") with ", live, " bytes (", mib(live), ") live would exceed the native memory budget of ",
       limit, " bytes (", mib(limit), ")",
       collected ? " even after garbage collection" : "",
       "; close tensors (or use a TensorScope), or raise the budget with -Dmyelin.memory.budget=SIZE"
       " (e.g. 16g), the environment variable MYELIN_MEMORY_BUDGET_MB or Myelin.setMemoryBudget");
}

/** Once live bytes pass the collection mark, disarms it and asks the callback (attempt -1) for a
 * collection: tensors the program dropped without closing are then freed long before the budget. */
void ask_collection(int64_t now, int64_t want) {
  int64_t mark = g_collect_mark.load(std::memory_order_relaxed);
  if (mark <= 0 || now < mark || !g_collect_mark.compare_exchange_strong(mark, 0)) return;
  if (mln_pressure_fn cb = g_pressure.load()) cb(want, -1);
}

/** Adds `cls` live bytes within the budget, asking the pressure callback to free memory first. */
void reserve(size_t cls, size_t nbytes) {
  const int64_t want = int64_t(cls);
  for (int attempt = 0;; ++attempt) {
    const int64_t limit = budget().load();
    const int64_t now = g_stats.live.fetch_add(want) + want;
    if (now <= limit) {
      note_peak(now);
      ask_collection(now, want);
      return;
    }
    g_stats.live.fetch_sub(want);
    if (want > limit) fail_budget(nbytes, now - want, limit, false);  // no collection can help
    if (g_stats.cached.load() > 0) trim_cache(0);
    mln_pressure_fn cb = g_pressure.load();
    if (!cb || attempt >= kMaxPressureAttempts || cb(want, attempt) == 0)
      fail_budget(nbytes, g_stats.live.load(), limit, cb != nullptr);
  }
}

void unreserve(size_t cls) { g_stats.live.fetch_sub(int64_t(cls)); }

}  // namespace

void* cached_alloc(size_t nbytes) {
  size_t cls = size_class(nbytes);
  reserve(cls, nbytes);
  g_stats.allocs.fetch_add(1);
  {
    std::lock_guard<std::mutex> lock(g_mu);
    auto it = free_lists().find(cls);
    if (it != free_lists().end() && !it->second.empty()) {
      void* p = it->second.back();
      it->second.pop_back();
      g_stats.cached.fetch_sub(int64_t(cls));
      g_stats.cache_hits.fetch_add(1);
      return p;
    }
  }
  // A miss takes fresh pages: keep live plus cached bytes (about the resident size) in budget.
  const int64_t room = budget().load() - g_stats.live.load();
  if (g_stats.cached.load() > room) trim_cache(room > 0 ? room : 0);
  void* p = std::aligned_alloc(64, cls);
  if (!p) {
    trim_cache(0);
    p = std::aligned_alloc(64, cls);
    if (!p) {
      unreserve(cls);
      fail(MLN_ERR_MEMORY, "allocation of ", nbytes, " bytes failed (the system is out of memory)");
    }
  }
  return p;
}

void cached_free(void* p, size_t nbytes) {
  if (!p) return;
  size_t cls = size_class(nbytes);
  unreserve(cls);
  if (g_stats.cached.load() + int64_t(cls) <= cache_limit()) {
    std::lock_guard<std::mutex> lock(g_mu);
    free_lists()[cls].push_back(p);
    g_stats.cached.fetch_add(int64_t(cls));
    return;
  }
  std::free(p);
  if (g_untrimmed.fetch_add(int64_t(cls)) + int64_t(cls) >= kTrimEvery) {
    g_untrimmed.store(0);
    malloc_trim(0);
  }
}

void alloc_stats(int64_t* out) {
  out[0] = g_stats.live.load();
  out[1] = g_stats.peak.load();
  out[2] = g_stats.allocs.load();
  out[3] = g_stats.cache_hits.load();
  out[4] = g_stats.cached.load();
}

}  // namespace mln

extern "C" {

void mln_alloc_stats(int64_t* out) {
  if (out) mln::alloc_stats(out);
}

void mln_alloc_reset_peak(void) { mln::g_stats.peak.store(mln::g_stats.live.load()); }

void mln_alloc_empty_cache(void) { mln::trim_cache(0); }

int64_t mln_alloc_budget(void) { return mln::budget().load(); }

void mln_alloc_set_budget(int64_t bytes) {
  mln::budget().store(bytes > 0 ? bytes : mln::default_budget());
  const int64_t limit = mln::refresh_cache_limit();
  if (mln::g_stats.cached.load() > limit) mln::trim_cache(limit);
}

int64_t mln_alloc_cache_limit(void) { return mln::cache_limit(); }

void mln_alloc_set_cache_limit(int64_t bytes) {
  mln::g_cache_setting.store(bytes >= 0 ? bytes : -1);
  const int64_t limit = mln::refresh_cache_limit();
  if (mln::g_stats.cached.load() > limit) mln::trim_cache(limit);
}

void mln_alloc_set_pressure_callback(mln_pressure_fn fn) { mln::g_pressure.store(fn); }

void mln_alloc_set_collect_mark(int64_t bytes) {
  mln::g_collect_mark.store(bytes > 0 ? bytes : 0);
}

int64_t mln_alloc_collect_mark(void) { return mln::g_collect_mark.load(); }

}  // extern "C"
