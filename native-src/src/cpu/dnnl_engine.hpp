// The oneDNN CPU engine, per-thread streams and a primitive cache keyed by a string description.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <functional>
#include <string>
#include <unordered_map>

#include "core.hpp"

namespace mln {

/** The process-wide oneDNN CPU engine. */
dnnl::engine& dnnl_cpu_engine();
/** A stream for the calling thread (oneDNN streams are not shared across threads). */
dnnl::stream& dnnl_cpu_stream();
/**
 * A oneDNN primitive shared by every thread. It is created with a user-managed scratchpad: with
 * the library-managed default, oneDNN (built without DNNL_ENABLE_CONCURRENT_EXEC, as the bytedeco
 * build is) keeps one scratchpad for all primitives and a primitive may only run on the thread that
 * created it, so two threads running one cached matmul wrote each other's partial products. With
 * the user mode a primitive is safe to execute concurrently as long as each execution has its own
 * scratchpad, which execute() takes from a per-thread buffer.
 */
struct SharedPrimitive {
  dnnl::primitive prim;
  /** The scratchpad this primitive needs (a zero descriptor when it needs none). */
  dnnl::memory::desc scratchpad;

  /** Executes on the calling thread's stream with that thread's scratchpad and waits. */
  void execute(std::unordered_map<int, dnnl::memory> args) const;
};
/** Creates a primitive whose descriptor was given the attr it is passed. */
using PrimitiveMaker = std::function<dnnl::primitive(const dnnl::primitive_attr&)>;
/** The cached primitive for `key` at the current thread count, creating it the first time with
 * make(attr), where attr selects the user-managed scratchpad and must be passed to the primitive
 * descriptor (thread-safe). Callers still call sync_omp_threads() before executing. */
SharedPrimitive cached_primitive(const std::string& key, const PrimitiveMaker& make);
/** Number of primitives created so far (tests check that repeated calls do not create more). */
int64_t dnnl_primitives_created();
/** Runs fn, turning dnnl::error into an Error(MLN_ERR_BACKEND) that names op. */
template <typename Fn>
void dnnl_guard(const char* op, Fn&& fn) {
  try {
    fn();
  } catch (const dnnl::error& e) {
    fail(MLN_ERR_BACKEND, op, ": oneDNN error ", int(e.status), ": ", e.what());
  }
}

}  // namespace mln
