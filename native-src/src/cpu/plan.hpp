// Traced steps: a thread-local recorder that captures C API calls as a flat plan of closures
// (mln_plan_begin ... mln_plan_end), and their replay with new inputs (mln_plan_run, plan.cpp).
//
// Every C API function that makes or changes a tensor is recorded by a prologue generated from
// myelin.h (BindingGenerator --native writes recording.gen.cpp: the exported mln_x records, then
// calls the kernel's definition, compiled as mln_x__impl); the header's tags say how an array
// argument is copied (@in(shape, ndim) and the wrappers below) or why a call cannot be replayed
// (@untraceable(reason)). No kernel writes a prologue of its own (the generator reports one).
// While a plan records on the calling thread, a prologue captures the call (tensors made inside
// the plan become slots, tensors from outside are captured by pointer and retained, arrays are
// copied), executes it once through the same closure a replay runs, and hands the caller its
// results. Arrays whose length is another argument are passed wrapped: in(axes, naxes),
// tensors(xs, n), outs(outs, n), bytes(data, nbytes); the optimizer update's hyperparameters and
// step are passed as hparams(h, n) and step(s): a replay reads them from the run's arguments.
#pragma once

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core.hpp"

/** A recorded plan (the C API's opaque mln_plan). */
struct mln_plan {
  struct Op {
    const char* name = "";
    std::function<void(mln_plan&)> run;
    std::vector<int> reads;   // slots read
    std::vector<int> writes;  // slots produced
    std::vector<int> frees;   // slots released after this op in a replay (their last use)
  };
  uint64_t id = 0;
  int ninputs = 0;
  std::vector<int> input_dtypes;
  std::vector<mln::Shape> input_shapes;
  std::vector<mln_tensor*> vals;         // slot values: inputs (borrowed) then op results (owned)
  std::vector<Op> ops;
  std::vector<mln_tensor*> externals;    // captured by pointer, one reference each
  std::unordered_map<const mln_tensor*, int> slot_of;  // while recording
  std::vector<int> outputs;              // slots read back as doubles after a run
  int state = 0;                         // 0 recording, 1 ended, 2 finished
  bool replayable = true;
  std::string reason;
  bool has_hparams = false;              // an optimizer update was recorded
  std::vector<double> rec_hparams;
  int64_t rec_step = 0;
  const double* run_hparams = nullptr;   // set during a replay
  int64_t run_step = 0;
  bool replaying = false;
  // Inference plans (plan_rows.cpp): outputs are whole tensors copied into rows of the caller's,
  // and each run rebinds the inputs to views of rows of the caller's tensors.
  bool tensor_outputs = false;
  std::vector<int> output_dtypes;
  std::vector<mln::Shape> output_shapes;
  std::unique_ptr<mln_tensor[]> row_views;

  int new_slot() {
    vals.push_back(nullptr);
    return int(vals.size()) - 1;
  }
  void mark(const std::string& why) {
    if (replayable) {
      replayable = false;
      reason = why;
    }
  }
};

namespace mln::plan {

/** The plan recording on this thread (null when none, and while a recorded call executes). */
extern thread_local mln_plan* t_recording;
inline bool recording() { return t_recording != nullptr; }

/** Marks the plan recording on this thread as not replayable, naming the cause. */
void not_replayable(const std::string& why);

/** Releases the tensors a run or the recording left in the plan's slots (inputs are borrowed). */
void release_owned(mln_plan& p);

// ---- argument wrappers (what the caller passes) ------------------------------------------------

template <typename T>
struct In {
  const T* p;
  int64_t n;
};
struct Tensors {
  mln_tensor* const* p;
  int n;
};
struct Outs {
  mln_tensor** p;
  int n;
};
struct Bytes {
  const void* p;
  int64_t n;
};
struct Hparams {
  const double* p;
  int n;
};
struct Step {
  int64_t v;
};

template <typename T>
In<T> in(const T* p, int64_t n) {
  return {p, n < 0 ? 0 : n};
}
inline Tensors tensors(mln_tensor* const* p, int n) { return {p, n < 0 ? 0 : n}; }
inline Outs outs(mln_tensor** p, int n) { return {p, n < 0 ? 0 : n}; }
inline Bytes bytes(const void* p, int64_t n) { return {p, n < 0 ? 0 : n}; }
inline Hparams hparams(const double* p, int n) { return {p, n < 0 ? 0 : n}; }
inline Step step(int64_t v) { return {v}; }
inline int64_t rank_of(const mln_tensor* t) { return t ? t->ndim : 0; }

// ---- captured forms ----------------------------------------------------------------------------

struct TArg {
  int slot;          // >= 0: a slot of the plan
  mln_tensor* ext;   // otherwise this (null, or an external tensor the plan retains)
};
struct OArg {
  int slot;  // -1: the caller passed NULL
};
template <typename T>
struct InCap {
  std::vector<T> v;
  bool null;
};
struct TensorsCap {
  std::vector<TArg> ts;
  std::vector<mln_tensor*> scratch;
  bool null;
};
struct OutsCap {
  int first;
  int n;
  bool null;
};
struct BytesCap {
  std::vector<char> v;
  bool null;
};
struct HparamsCap {
  std::vector<double> v;
};
struct StepCap {
  int64_t v;
};

/** Maps a tensor argument: a slot when the plan made it or it is an input, else an external. */
TArg capture_tensor(mln_plan& p, mln_plan::Op& op, const mln_tensor* t);
/** Keeps the first optimizer update's hyperparameters; later ones in the step must match. */
void capture_hparams(mln_plan& p, const double* h, int n);
/** Keeps the first optimizer update's step; later ones in the step must match. */
void capture_step(mln_plan& p, int64_t step);

inline TArg cap(mln_plan& p, mln_plan::Op& op, const mln_tensor* t) {
  return capture_tensor(p, op, t);
}
inline OArg cap(mln_plan& p, mln_plan::Op& op, mln_tensor** o) {
  if (!o) return {-1};
  int s = p.new_slot();
  op.writes.push_back(s);
  return {s};
}
template <typename T>
InCap<T> cap(mln_plan&, mln_plan::Op&, In<T> a) {
  InCap<T> c{{}, a.p == nullptr};
  if (a.p) c.v.assign(a.p, a.p + a.n);
  c.v.reserve(1);  // data() is never null for a non-null array
  return c;
}
inline TensorsCap cap(mln_plan& p, mln_plan::Op& op, Tensors a) {
  TensorsCap c{{}, std::vector<mln_tensor*>(size_t(a.n) + 1, nullptr), a.p == nullptr};
  if (a.p)
    for (int i = 0; i < a.n; ++i) c.ts.push_back(capture_tensor(p, op, a.p[i]));
  return c;
}
inline OutsCap cap(mln_plan& p, mln_plan::Op& op, Outs a) {
  OutsCap c{int(p.vals.size()), a.n, a.p == nullptr};
  if (!a.p) return c;
  for (int i = 0; i < a.n; ++i) op.writes.push_back(p.new_slot());
  p.new_slot();  // keeps &vals[first] valid for n == 0
  return c;
}
inline BytesCap cap(mln_plan&, mln_plan::Op&, Bytes b) {
  BytesCap c{{}, b.p == nullptr};
  if (b.p) c.v.assign(static_cast<const char*>(b.p), static_cast<const char*>(b.p) + b.n);
  c.v.reserve(1);
  return c;
}
inline HparamsCap cap(mln_plan& p, mln_plan::Op&, Hparams h) {
  capture_hparams(p, h.p, h.n);
  return HparamsCap{h.p ? std::vector<double>(h.p, h.p + h.n) : std::vector<double>()};
}
inline StepCap cap(mln_plan& p, mln_plan::Op&, Step s) {
  capture_step(p, s.v);
  return {s.v};
}
template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
T cap(mln_plan&, mln_plan::Op&, T v) {
  return v;
}

// ---- resolution at execution -------------------------------------------------------------------

inline mln_tensor* res(mln_plan& p, const TArg& a) { return a.slot >= 0 ? p.vals[a.slot] : a.ext; }
inline mln_tensor** res(mln_plan& p, const OArg& a) {
  return a.slot >= 0 ? &p.vals[a.slot] : nullptr;
}
template <typename T>
const T* res(mln_plan&, const InCap<T>& a) {
  return a.null ? nullptr : a.v.data();
}
inline mln_tensor* const* res(mln_plan& p, TensorsCap& a) {
  if (a.null) return nullptr;
  for (size_t i = 0; i < a.ts.size(); ++i) a.scratch[i] = res(p, a.ts[i]);
  return a.scratch.data();
}
inline mln_tensor** res(mln_plan& p, const OutsCap& a) {
  return a.null ? nullptr : &p.vals[a.first];
}
inline const void* res(mln_plan&, const BytesCap& b) { return b.null ? nullptr : b.v.data(); }
inline const double* res(mln_plan& p, const HparamsCap& h) {
  return p.replaying && p.run_hparams ? p.run_hparams : h.v.data();
}
inline int64_t res(mln_plan& p, const StepCap& s) { return p.replaying ? p.run_step : s.v; }
template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
T res(mln_plan&, T v) {
  return v;
}

// ---- handing results to the recording caller ---------------------------------------------------

void give_slot(mln_plan& p, int slot, mln_tensor** dst);

template <typename X, typename C>
void give(mln_plan&, const X&, const C&) {}
inline void give(mln_plan& p, mln_tensor** o, const OArg& c) {
  if (o && c.slot >= 0) give_slot(p, c.slot, o);
}
inline void give(mln_plan& p, const Outs& o, const OutsCap& c) {
  if (o.p && !c.null)
    for (int i = 0; i < c.n; ++i) give_slot(p, c.first + i, &o.p[i]);
}

/** Turns the calling thread's last error into an exception (after a C API call failed). */
[[noreturn]] void fail_last(const char* name);
/** Records that `name` failed while recording; sets the thread's error from e. */
void recording_failed(mln_plan& p, const char* name, int status, const char* what);

/** Suspends recording on this thread while a recorded call executes. */
struct Suspend {
  mln_plan* saved;
  Suspend() : saved(t_recording) { t_recording = nullptr; }
  ~Suspend() { t_recording = saved; }
  Suspend(const Suspend&) = delete;
  Suspend& operator=(const Suspend&) = delete;
};

template <typename R, typename Tuple, typename ATuple, size_t... I>
void give_all(mln_plan& p, const ATuple& args, const Tuple& caps, std::index_sequence<I...>) {
  (give(p, std::get<I>(args), std::get<I>(caps)), ...);
}

/** Records fn(args...) into the plan recording on this thread and executes it once. */
template <typename R, typename... P, typename... A>
R record(const char* name, R (*fn)(P...), A... args) {
  static_assert(sizeof...(P) == sizeof...(A), "plan::record: wrong argument count");
  static_assert(std::is_same_v<R, mln_tensor*> || std::is_same_v<R, int>,
                "plan::record: functions return a tensor or a status");
  mln_plan& p = *t_recording;
  Suspend suspend;
  try {
    p.ops.emplace_back();
    mln_plan::Op& op = p.ops.back();
    op.name = name;
    // Braced initialisation evaluates the captures left to right.
    std::tuple<decltype(cap(p, op, args))...> caps{cap(p, op, args)...};
    int out = -1;
    if constexpr (std::is_same_v<R, mln_tensor*>) {
      out = p.new_slot();
      op.writes.push_back(out);
    }
    op.run = [fn, caps, out, name](mln_plan& q) mutable {
      R r = std::apply([&](auto&... c) { return fn(res(q, c)...); }, caps);
      if constexpr (std::is_same_v<R, mln_tensor*>) {
        if (!r) fail_last(name);
        q.vals[size_t(out)] = r;
      } else {
        if (r != MLN_OK) fail_last(name);
      }
    };
    op.run(p);
    give_all<R>(p, std::forward_as_tuple(args...), caps, std::index_sequence_for<A...>{});
    if constexpr (std::is_same_v<R, mln_tensor*>) {
      mln_tensor* r = nullptr;
      give_slot(p, out, &r);
      return r;
    } else {
      return MLN_OK;
    }
  } catch (const Error& e) {
    recording_failed(p, name, e.status, e.what());
  } catch (const std::bad_alloc&) {
    recording_failed(p, name, MLN_ERR_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    recording_failed(p, name, MLN_ERR_INTERNAL, e.what());
  }
  if constexpr (std::is_same_v<R, mln_tensor*>) {
    return nullptr;
  } else {
    return mln_last_status() == MLN_OK ? MLN_ERR_INTERNAL : mln_last_status();
  }
}

}  // namespace mln::plan
