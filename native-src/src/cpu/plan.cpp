// Recording and replaying plans of C API calls (see plan.hpp for the recorder's contract).
#include "plan.hpp"

#include <algorithm>
#include <atomic>

using mln::Error;
using mln::fail;

namespace mln {
thread_local uint64_t t_plan_epoch = 0;
}

namespace mln::plan {

thread_local mln_plan* t_recording = nullptr;

namespace {
std::atomic<uint64_t> g_next_id{1};
// The plan that records on this thread, also while one of its calls executes (t_recording is
// null then): ends and marks act on it.
thread_local mln_plan* t_open = nullptr;
}  // namespace

void not_replayable(const std::string& why) {
  if (t_recording) t_recording->mark(why);
}

void release_owned(mln_plan& p) {
  for (size_t s = size_t(p.ninputs); s < p.vals.size(); ++s) {
    if (p.vals[s]) mln_release(p.vals[s]);
    p.vals[s] = nullptr;
  }
  for (int s = 0; s < p.ninputs && size_t(s) < p.vals.size(); ++s) p.vals[size_t(s)] = nullptr;
}

TArg capture_tensor(mln_plan& p, mln_plan::Op& op, const mln_tensor* t) {
  if (!t) return {-1, nullptr};
  auto it = p.slot_of.find(t);
  if (it != p.slot_of.end()) {
    op.reads.push_back(it->second);
    return {it->second, nullptr};
  }
  if (t->plan_epoch == p.id) {
    // Made on this thread since the recording began, yet not by a recorded call: an API
    // function without a recording prologue produced it, so its value would be frozen in a replay.
    p.mark(std::string(op.name) + ": an argument was made during recording by a call that is "
           "not recorded");
  }
  auto* m = const_cast<mln_tensor*>(t);
  mln_retain(m);
  p.externals.push_back(m);
  return {-1, m};
}

void give_slot(mln_plan& p, int slot, mln_tensor** dst) {
  mln_tensor* t = p.vals[size_t(slot)];
  if (t) {
    p.slot_of[t] = slot;
    mln_retain(t);
  }
  *dst = t;
}

void fail_last(const char* name) {
  int s = mln_last_status();
  throw Error(s == MLN_OK ? MLN_ERR_INTERNAL : s, mln_last_error()[0]
                                                      ? std::string(mln_last_error())
                                                      : std::string(name) + " failed");
}

void recording_failed(mln_plan& p, const char* name, int status, const char* what) {
  p.mark(std::string(name) + " failed while recording: " + what);
  set_error(status, what);
}

}  // namespace mln::plan

namespace {

using namespace mln;

/** Computes, for each op, the slots it is the last user of (outputs and inputs excluded). */
void plan_frees(mln_plan& p) {
  std::vector<int> last(p.vals.size(), -1);
  for (size_t i = 0; i < p.ops.size(); ++i) {
    for (int s : p.ops[i].writes) last[size_t(s)] = std::max(last[size_t(s)], int(i));
    for (int s : p.ops[i].reads) last[size_t(s)] = std::max(last[size_t(s)], int(i));
  }
  std::vector<char> keep(p.vals.size(), 0);
  for (int s : p.outputs)
    if (s >= 0) keep[size_t(s)] = 1;
  for (int s = 0; s < p.ninputs; ++s) keep[size_t(s)] = 1;
  for (auto& op : p.ops) op.frees.clear();
  for (size_t s = 0; s < last.size(); ++s)
    if (!keep[s] && last[s] >= 0) p.ops[size_t(last[s])].frees.push_back(int(s));
}

double read_scalar(const mln_tensor* t) {
  return dispatch(t->dtype, [&](auto tag) -> double {
    using T = decltype(tag);
    return static_cast<double>(*data_as<T>(t));
  });
}

}  // namespace

namespace mln::plan {

void capture_hparams(mln_plan& p, const double* h, int n) {
  std::vector<double> v;
  if (h) v.assign(h, h + n);
  if (!p.has_hparams) {
    p.has_hparams = true;
    p.rec_hparams = std::move(v);
    return;
  }
  bool same = v.size() == p.rec_hparams.size() &&
              (v.empty() ||
               std::memcmp(v.data(), p.rec_hparams.data(), v.size() * sizeof(double)) == 0);
  if (!same)
    p.mark("optimizer_update: the updates of one step use different hyperparameters "
           "(per-variable gradient clipping?)");
}

void capture_step(mln_plan& p, int64_t step) {
  if (p.rec_step == 0) {
    p.rec_step = step;
  } else if (p.rec_step != step) {
    p.mark("optimizer_update: the updates of one step use different step numbers");
  }
}

}  // namespace mln::plan

using namespace mln;

extern "C" {

mln_plan* mln_plan_begin(int ninputs, mln_tensor* const* inputs) {
  MLN_TRY
  if (plan::t_open) fail(MLN_ERR_ARGUMENT, "plan_begin: a plan is already recording on this thread");
  if (ninputs < 0) fail(MLN_ERR_ARGUMENT, "plan_begin: ninputs must be >= 0, got ", ninputs);
  if (ninputs > 0 && !inputs) fail(MLN_ERR_ARGUMENT, "plan_begin: inputs is null");
  auto* p = new mln_plan();
  p->id = plan::g_next_id.fetch_add(1);
  p->ninputs = ninputs;
  for (int i = 0; i < ninputs; ++i) {
    mln_tensor* t = inputs[i];
    if (!t) {
      delete p;
      fail(MLN_ERR_ARGUMENT, "plan_begin: input ", i, " is null");
    }
    p->new_slot();
    p->vals[size_t(i)] = t;
    p->input_dtypes.push_back(t->dtype);
    p->input_shapes.push_back(shape_of(t));
    if (p->slot_of.count(t)) p->mark("plan_begin: the same tensor is passed as two inputs");
    p->slot_of[t] = i;
  }
  plan::t_open = p;
  plan::t_recording = p;
  t_plan_epoch = p->id;
  return p;
  MLN_CATCH(nullptr)
}

int mln_plan_end(mln_plan* p, int noutputs, mln_tensor* const* outputs) {
  MLN_TRY
  if (!p) fail(MLN_ERR_ARGUMENT, "plan_end: plan is null");
  if (p->state != 0) fail(MLN_ERR_ARGUMENT, "plan_end: the plan is not recording");
  if (plan::t_open != p)
    fail(MLN_ERR_ARGUMENT, "plan_end: the plan is not recording on this thread");
  plan::t_open = nullptr;
  plan::t_recording = nullptr;
  t_plan_epoch = 0;
  p->state = 1;
  if (noutputs < 0 || (noutputs > 0 && !outputs))
    fail(MLN_ERR_ARGUMENT, "plan_end: expected noutputs >= 0 and an outputs array");
  for (int i = 0; i < noutputs; ++i) {
    auto it = outputs[i] ? p->slot_of.find(outputs[i]) : p->slot_of.end();
    if (it == p->slot_of.end() || it->second < p->ninputs) {
      p->mark("plan_end: output " + std::to_string(i) + " is not computed by the plan");
      p->outputs.push_back(-1);
      continue;
    }
    if (numel(outputs[i]) != 1)
      p->mark("plan_end: output " + std::to_string(i) + " has " + std::to_string(numel(outputs[i])) +
              " elements; outputs are single values");
    p->outputs.push_back(it->second);
  }
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

int mln_plan_finish(mln_plan* p) {
  MLN_TRY
  if (!p) fail(MLN_ERR_ARGUMENT, "plan_finish: plan is null");
  if (p->state != 1) fail(MLN_ERR_ARGUMENT, "plan_finish: the plan must be ended (and not finished)");
  // A slot tensor referenced from outside the plan (beyond the plan's own references) escaped
  // the step, e.g. kept in a variable: a replay would not update what holds it.
  std::unordered_map<const mln_tensor*, int64_t> held;
  for (size_t s = size_t(p->ninputs); s < p->vals.size(); ++s)
    if (p->vals[s]) held[p->vals[s]] += 1;
  for (mln_tensor* e : p->externals) held[e] += 1;
  for (int s = 0; s < p->ninputs; ++s) held.erase(p->vals[size_t(s)]);
  for (auto& [t, n] : held) {
    bool external = std::find(p->externals.begin(), p->externals.end(), t) != p->externals.end();
    if (!external && t->refs.load() > n) {
      p->mark("a tensor made during the step is still referenced after it (a value kept beyond "
              "the step, e.g. assigned to a variable)");
      break;
    }
  }
  plan::release_owned(*p);
  p->slot_of.clear();
  plan_frees(*p);
  p->state = 2;
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

int mln_plan_replayable(const mln_plan* p) { return p && p->replayable ? 1 : 0; }

const char* mln_plan_reason(const mln_plan* p) { return p ? p->reason.c_str() : "null plan"; }

int64_t mln_plan_ops(const mln_plan* p) { return p ? int64_t(p->ops.size()) : -1; }

int mln_plan_recording(void) { return plan::t_open ? 1 : 0; }

void mln_plan_mark(const char* why) {
  if (plan::t_open) plan::t_open->mark(why ? why : "marked not replayable");
}

int mln_plan_run(mln_plan* p, int ninputs, mln_tensor* const* inputs, const double* hparams,
                 int nhparams, int64_t step, double* outputs, int noutputs) {
  MLN_TRY
  if (!p) fail(MLN_ERR_ARGUMENT, "plan_run: plan is null");
  if (p->state != 2) fail(MLN_ERR_ARGUMENT, "plan_run: the plan is not finished (mln_plan_finish)");
  if (!p->replayable) fail(MLN_ERR_ARGUMENT, "plan_run: the plan is not replayable: ", p->reason);
  if (p->tensor_outputs)
    fail(MLN_ERR_ARGUMENT, "plan_run: the plan has tensor outputs (run it with mln_plan_run_rows)");
  if (plan::t_open) fail(MLN_ERR_ARGUMENT, "plan_run: cannot run a plan while one records");
  if (p->replaying) fail(MLN_ERR_ARGUMENT, "plan_run: the plan is already running");
  if (ninputs != p->ninputs)
    fail(MLN_ERR_ARGUMENT, "plan_run: expected ", p->ninputs, " inputs, got ", ninputs);
  if (noutputs != int(p->outputs.size()))
    fail(MLN_ERR_ARGUMENT, "plan_run: expected ", p->outputs.size(), " outputs, got ", noutputs);
  if (noutputs > 0 && !outputs) fail(MLN_ERR_ARGUMENT, "plan_run: outputs is null");
  if (p->has_hparams) {
    if (nhparams != int(p->rec_hparams.size()) || (nhparams > 0 && !hparams))
      fail(MLN_ERR_ARGUMENT, "plan_run: expected ", p->rec_hparams.size(),
           " optimizer hyperparameters, got ", nhparams);
  }
  for (int i = 0; i < ninputs; ++i) {
    const mln_tensor* t = inputs ? inputs[i] : nullptr;
    if (!t) fail(MLN_ERR_ARGUMENT, "plan_run: input ", i, " is null");
    if (t->dtype != p->input_dtypes[size_t(i)] || shape_of(t) != p->input_shapes[size_t(i)])
      fail(MLN_ERR_SHAPE, "plan_run: input ", i, " expected ",
           dtype_name(p->input_dtypes[size_t(i)]), " ", shape_str(p->input_shapes[size_t(i)]),
           " (as recorded) but got ", dtype_name(t->dtype), " ", shape_str(shape_of(t)));
  }
  for (int i = 0; i < ninputs; ++i) p->vals[size_t(i)] = inputs[i];
  p->run_hparams = hparams;
  p->run_step = step;
  p->replaying = true;
  try {
    for (auto& op : p->ops) {
      op.run(*p);
      for (int s : op.frees) {
        mln_release(p->vals[size_t(s)]);
        p->vals[size_t(s)] = nullptr;
      }
    }
    for (int k = 0; k < noutputs; ++k) outputs[k] = read_scalar(p->vals[size_t(p->outputs[size_t(k)])]);
  } catch (...) {
    p->replaying = false;
    p->run_hparams = nullptr;
    plan::release_owned(*p);
    throw;
  }
  p->replaying = false;
  p->run_hparams = nullptr;
  plan::release_owned(*p);
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

void mln_plan_free(mln_plan* p) {
  if (!p) return;
  if (plan::t_open == p) {
    plan::t_open = nullptr;
    plan::t_recording = nullptr;
    t_plan_epoch = 0;
  }
  plan::release_owned(*p);
  for (mln_tensor* e : p->externals) mln_release(e);
  delete p;
}

}  // extern "C"
