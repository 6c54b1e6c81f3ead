// The oneDNN CPU engine, per-thread streams and a primitive cache keyed by a string description.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include <functional>
#include <string>

#include "core.hpp"

namespace mln {

/** The process-wide oneDNN CPU engine. */
dnnl::engine& dnnl_cpu_engine();
/** A stream for the calling thread (oneDNN streams are not shared across threads). */
dnnl::stream& dnnl_cpu_stream();
/** The cached primitive for `key` at the current thread count, creating it with make() the first
 * time (thread-safe). oneDNN primitives are immutable once created, so one instance serves every
 * thread; callers still call sync_omp_threads() before executing. */
dnnl::primitive cached_primitive(const std::string& key, const std::function<dnnl::primitive()>& make);
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
