#include "dnnl_engine.hpp"

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>

namespace mln {

dnnl::engine& dnnl_cpu_engine() {
  static dnnl::engine* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

dnnl::stream& dnnl_cpu_stream() {
  thread_local dnnl::stream stream(dnnl_cpu_engine());
  return stream;
}

namespace {
std::mutex g_cache_mu;
std::atomic<int64_t> g_created{0};
std::unordered_map<std::string, SharedPrimitive>& cache() {
  static auto* c = new std::unordered_map<std::string, SharedPrimitive>();
  return *c;
}

/** The calling thread's scratchpad: grown to the largest request, 64-byte aligned as oneDNN
 * prefers, freed when the thread ends. One execution at a time per thread uses it, since
 * SharedPrimitive::execute waits for the stream before returning. */
class ThreadScratchpad {
 public:
  ~ThreadScratchpad() { std::free(ptr_); }
  void* reserve(size_t bytes) {
    if (bytes > cap_) {
      const size_t rounded = (bytes + 63) / 64 * 64;
      void* p = std::aligned_alloc(64, rounded);
      if (p == nullptr) throw std::bad_alloc();
      std::free(ptr_);
      ptr_ = p;
      cap_ = rounded;
    }
    return ptr_;
  }

 private:
  void* ptr_ = nullptr;
  size_t cap_ = 0;
};
}  // namespace

void SharedPrimitive::execute(std::unordered_map<int, dnnl::memory> args) const {
  auto& eng = dnnl_cpu_engine();
  const size_t bytes = scratchpad.get_size();
  if (bytes > 0) {
    thread_local ThreadScratchpad buffer;
    args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(scratchpad, eng, buffer.reserve(bytes)));
  }
  auto& strm = dnnl_cpu_stream();
  prim.execute(strm, args);
  strm.wait();
}

SharedPrimitive cached_primitive(const std::string& op_key, const PrimitiveMaker& make) {
  // oneDNN fixes a primitive's thread split when it is created, so the thread count is part of
  // the key and is applied to the calling thread before creation.
  sync_omp_threads();
  const std::string key = "t" + std::to_string(num_threads()) + "|" + op_key;
  {
    std::lock_guard<std::mutex> lock(g_cache_mu);
    auto it = cache().find(key);
    if (it != cache().end()) return it->second;
  }
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  SharedPrimitive p{make(attr), {}};
  const_dnnl_memory_desc_t md =
      dnnl_primitive_desc_query_md(p.prim.get_primitive_desc(), dnnl_query_scratchpad_md, 0);
  if (md != nullptr) {
    dnnl_memory_desc_t copy;
    dnnl::error::wrap_c_api(dnnl_memory_desc_clone(&copy, md),
                            "could not copy a scratchpad descriptor");
    p.scratchpad = dnnl::memory::desc(copy);
  }
  std::lock_guard<std::mutex> lock(g_cache_mu);
  auto [it, inserted] = cache().emplace(key, p);
  if (inserted) g_created.fetch_add(1);
  return it->second;
}

int64_t dnnl_primitives_created() { return g_created.load(); }

}  // namespace mln

extern "C" {

const char* mln_dnnl_version(void) {
  static std::string v = [] {
    const dnnl_version_t* ver = dnnl_version();
    return std::to_string(ver->major) + "." + std::to_string(ver->minor) + "." +
           std::to_string(ver->patch);
  }();
  return v.c_str();
}

const char* mln_cpu_isa(void) {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx2_vnni_2: return "avx2_vnni_2";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx10_1_512: return "avx10_1_512";
    case dnnl::cpu_isa::avx10_1_512_amx: return "avx10_1_512_amx";
    case dnnl::cpu_isa::avx10_1_512_amx_fp16: return "avx10_1_512_amx_fp16";
    case dnnl::cpu_isa::avx10_2_512: return "avx10_2_512";
    case dnnl::cpu_isa::avx10_2_512_amx_2: return "avx10_2_512_amx_2";
    default: return "other";
  }
}

}  // extern "C"
