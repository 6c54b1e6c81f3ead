// Inference plans: recorded forward passes whose outputs are whole tensors, replayed on views of
// rows of the caller's inputs and copied into rows of the caller's outputs (mln_plan_end_rows,
// mln_plan_run_rows; the recorder itself is plan.hpp / plan.cpp).
#include <cstring>

#include "plan.hpp"

using namespace mln;

namespace {

/** Bytes of one row (the product of the dimensions after the first) of shape s and dtype. */
size_t row_bytes(const Shape& s, int dtype) {
  size_t n = itemsize(dtype);
  for (size_t i = 1; i < s.size(); ++i) n *= size_t(s[i]);
  return n;
}

/** Whether t is in CPU memory, has the dtype and, after the first, the dimensions of (dtype, s),
 * and rows [row, row + s[0]). */
bool fits_rows(const mln_tensor* t, int dtype, const Shape& s, int64_t row) {
  // rows are addressed and copied in host memory
  if (!t || t->dtype != dtype || t->ndim != int(s.size()) || s.empty() ||
      t->storage->device_kind != MLN_DEVICE_CPU)
    return false;
  for (size_t i = 1; i < s.size(); ++i)
    if (t->shape[i] != s[i]) return false;
  return row >= 0 && row <= t->shape[0] && s[0] <= t->shape[0] - row;
}

std::string rows_str(const Shape& s) {
  std::string r = "(rows";
  for (size_t i = 1; i < s.size(); ++i) r += ", " + std::to_string(s[i]);
  return r + ")";
}

}  // namespace

extern "C" {

int mln_plan_end_rows(mln_plan* p, int noutputs, mln_tensor* const* outputs) {
  MLN_TRY
  if (!p) fail(MLN_ERR_ARGUMENT, "plan_end_rows: plan is null");
  if (noutputs < 0 || (noutputs > 0 && !outputs))
    fail(MLN_ERR_ARGUMENT, "plan_end_rows: expected noutputs >= 0 and an outputs array");
  // Find the slots while the recording's map still knows them; mln_plan_end stops the recording.
  std::vector<int> slots;
  for (int i = 0; i < noutputs; ++i) {
    auto it = outputs[i] ? p->slot_of.find(outputs[i]) : p->slot_of.end();
    slots.push_back(it == p->slot_of.end() ? -1 : it->second);
  }
  int status = mln_plan_end(p, 0, nullptr);
  if (status != MLN_OK) return status;
  p->tensor_outputs = true;
  for (int i = 0; i < noutputs; ++i) {
    int s = slots[size_t(i)];
    if (s < p->ninputs) {
      p->mark("plan_end_rows: output " + std::to_string(i) + " is not computed by the plan");
      s = -1;
    } else if (outputs[i]->ndim < 1) {
      p->mark("plan_end_rows: output " + std::to_string(i) + " has no batch dimension");
    }
    p->outputs.push_back(s);
    p->output_dtypes.push_back(outputs[i] ? outputs[i]->dtype : MLN_F32);
    p->output_shapes.push_back(outputs[i] ? shape_of(outputs[i]) : Shape{});
  }
  for (int i = 0; i < p->ninputs; ++i)
    if (p->input_shapes[size_t(i)].empty())
      p->mark("plan_end_rows: input " + std::to_string(i) + " has no batch dimension");
  p->row_views.reset(new mln_tensor[size_t(p->ninputs)]);
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

int mln_plan_run_rows(mln_plan* p, int ninputs, mln_tensor* const* inputs, int64_t in_row,
                      int noutputs, mln_tensor* const* dst, int64_t out_row) {
  MLN_TRY
  if (!p) fail(MLN_ERR_ARGUMENT, "plan_run_rows: plan is null");
  if (!p->tensor_outputs)
    fail(MLN_ERR_ARGUMENT, "plan_run_rows: the plan was not ended by mln_plan_end_rows");
  if (p->state != 2)
    fail(MLN_ERR_ARGUMENT, "plan_run_rows: the plan is not finished (mln_plan_finish)");
  if (!p->replayable)
    fail(MLN_ERR_ARGUMENT, "plan_run_rows: the plan is not replayable: ", p->reason);
  if (mln_plan_recording())
    fail(MLN_ERR_ARGUMENT, "plan_run_rows: cannot run a plan while one records");
  if (p->replaying) fail(MLN_ERR_ARGUMENT, "plan_run_rows: the plan is already running");
  if (ninputs != p->ninputs)
    fail(MLN_ERR_ARGUMENT, "plan_run_rows: expected ", p->ninputs, " inputs, got ", ninputs);
  if (noutputs != int(p->outputs.size()))
    fail(MLN_ERR_ARGUMENT, "plan_run_rows: expected ", p->outputs.size(), " outputs, got ",
         noutputs);
  if (ninputs > 0 && !inputs) fail(MLN_ERR_ARGUMENT, "plan_run_rows: inputs is null");
  if (noutputs > 0 && !dst) fail(MLN_ERR_ARGUMENT, "plan_run_rows: dst is null");
  for (int i = 0; i < ninputs; ++i) {
    const Shape& s = p->input_shapes[size_t(i)];
    if (!fits_rows(inputs[i], p->input_dtypes[size_t(i)], s, in_row))
      fail(MLN_ERR_SHAPE, "plan_run_rows: input ", i, " expected ",
           dtype_name(p->input_dtypes[size_t(i)]), " ", rows_str(s), " with ",
           s.empty() ? 0 : s[0], " rows from row ", in_row, " but got ",
           inputs[i] ? std::string(dtype_name(inputs[i]->dtype)) + " " +
                           shape_str(shape_of(inputs[i]))
                     : std::string("null"));
  }
  for (int k = 0; k < noutputs; ++k) {
    const Shape& s = p->output_shapes[size_t(k)];
    if (!fits_rows(dst[k], p->output_dtypes[size_t(k)], s, out_row))
      fail(MLN_ERR_SHAPE, "plan_run_rows: dst ", k, " expected ",
           dtype_name(p->output_dtypes[size_t(k)]), " ", rows_str(s), " with ",
           s.empty() ? 0 : s[0], " rows from row ", out_row, " but got ",
           dst[k] ? std::string(dtype_name(dst[k]->dtype)) + " " + shape_str(shape_of(dst[k]))
                  : std::string("null"));
    if (dst[k]->storage->readonly)
      fail(MLN_ERR_ARGUMENT, "plan_run_rows: dst ", k, " is read-only memory");
  }
  // The inputs become views of the requested rows; they share the caller's storage, which the
  // caller keeps alive for the call, so they hold no reference of their own.
  for (int i = 0; i < ninputs; ++i) {
    const Shape& s = p->input_shapes[size_t(i)];
    mln_tensor& v = p->row_views[size_t(i)];
    v.storage = inputs[i]->storage;
    v.dtype = inputs[i]->dtype;
    v.ndim = int(s.size());
    std::memcpy(v.shape, s.data(), s.size() * sizeof(int64_t));
    v.offset = inputs[i]->offset + size_t(in_row) * row_bytes(s, v.dtype);
    v.refs.store(1);
    v.plan_epoch = 0;
    p->vals[size_t(i)] = &v;
  }
  p->run_hparams = nullptr;
  p->run_step = 0;
  p->replaying = true;
  try {
    for (auto& op : p->ops) {
      op.run(*p);
      for (int s : op.frees) {
        mln_release(p->vals[size_t(s)]);
        p->vals[size_t(s)] = nullptr;
      }
    }
    for (int k = 0; k < noutputs; ++k) {
      const mln_tensor* src = p->vals[size_t(p->outputs[size_t(k)])];
      const Shape& s = p->output_shapes[size_t(k)];
      if (shape_of(src) != s)
        fail(MLN_ERR_INTERNAL, "plan_run_rows: output ", k, " has shape ",
             shape_str(shape_of(src)), " in the run but ", shape_str(s), " when recorded");
      size_t rb = row_bytes(s, src->dtype);
      std::memcpy(static_cast<char*>(dst[k]->storage->data) + dst[k]->offset + size_t(out_row) * rb,
                  data_as<char>(src), size_t(s[0]) * rb);
    }
  } catch (...) {
    p->replaying = false;
    plan::release_owned(*p);
    throw;
  }
  p->replaying = false;
  plan::release_owned(*p);
  for (int i = 0; i < ninputs; ++i)
    if (p->row_views[size_t(i)].refs.load() != 1)
      fail(MLN_ERR_INTERNAL, "plan_run_rows: a recorded call kept a reference to input ", i);
  return MLN_OK;
  MLN_CATCH(mln_last_status())
}

}  // extern "C"
