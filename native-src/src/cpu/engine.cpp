// The engine registry and the C API's device functions: enumeration, the device a tensor lives
// on, per-device allocator statistics and copies between devices.
#include "engine.hpp"

#include <array>

#include "plan.hpp"

namespace mln {
namespace {

std::array<std::atomic<Engine*>, MLN_DEVICE_KIND_COUNT> g_engines{};

bool known_kind(int kind) { return kind >= 0 && kind < MLN_DEVICE_KIND_COUNT; }

}  // namespace

const char* device_kind_name(int kind) {
  switch (kind) {
    case MLN_DEVICE_CPU: return "cpu";
    case MLN_DEVICE_CUDA: return "cuda";
    default: return "unknown";
  }
}

Engine* engine_for(int kind) {
  if (kind == MLN_DEVICE_CPU) return &cpu_engine();
  if (kind == MLN_DEVICE_CUDA) load_cuda_engine();
  return known_kind(kind) ? g_engines[size_t(kind)].load() : nullptr;
}

void register_engine(int kind, Engine* engine) {
  if (!known_kind(kind) || kind == MLN_DEVICE_CPU) return;
  if (engine && engine->kind() != kind) return;
  g_engines[size_t(kind)].store(engine);
}

Engine& require_device(int kind, int index, const char* op) {
  if (!known_kind(kind))
    fail(MLN_ERR_ARGUMENT, op, ": argument 'kind' expected a device kind in [0, ",
         MLN_DEVICE_KIND_COUNT, ") but was ", kind);
  Engine* e = engine_for(kind);
  if (!e && kind == MLN_DEVICE_CUDA)
    fail(MLN_ERR_ARGUMENT, op, ": no cuda engine is available (", cuda_unavailable_reason(),
         "; Myelin runs on the CPU only)");
  if (!e)
    fail(MLN_ERR_ARGUMENT, op, ": no ", device_kind_name(kind),
         " engine is built into this library (Myelin runs on the CPU only)");
  int count = e->device_count();
  if (index < 0 || index >= count)
    fail(MLN_ERR_ARGUMENT, op, ": argument 'index' expected a ", device_kind_name(kind),
         " device index in [0, ", count, ") but was ", index);
  return *e;
}

Storage* storage_new_on(int kind, int index, size_t nbytes) {
  if (kind == MLN_DEVICE_CPU) return storage_new(nbytes);
  Engine& e = require_device(kind, index, "allocate");
  auto* s = new Storage();
  try {
    s->data = e.alloc(index, nbytes);
  } catch (...) {
    delete s;
    throw;
  }
  s->nbytes = nbytes;
  s->device_kind = kind;
  s->device_index = index;
  return s;
}

DeviceKernels* device_kernels_slow(const mln_tensor* a, const mln_tensor* b, const char* op) {
  if (!a) return nullptr;
  const Storage* sa = a->storage;
  // Like TensorFlow and PyTorch: inputs on two devices name both, whichever is first.
  if (b && (b->storage->device_kind != sa->device_kind ||
            b->storage->device_index != sa->device_index))
    fail(MLN_ERR_ARGUMENT, op, ": arguments expected on one device but 'a' is on ",
         device_kind_name(sa->device_kind), ":", sa->device_index, " and 'b' on ",
         device_kind_name(b->storage->device_kind), ":", b->storage->device_index);
  if (sa->device_kind == MLN_DEVICE_CPU) return nullptr;
  Engine* e = engine_for(sa->device_kind);
  DeviceKernels* k = e ? e->kernels() : nullptr;
  if (!k)
    fail(MLN_ERR_ARGUMENT, op, ": the ", device_kind_name(sa->device_kind),
         " engine has no kernels (move the tensors with to(Device.CPU))");
  return k;
}

mln_tensor* new_tensor_beside(const mln_tensor* like, int dtype, const Shape& shape,
                              const char* op) {
  const Storage* sl = like->storage;
  if (sl->device_kind == MLN_DEVICE_CPU) return new_tensor(dtype, shape, op);
  check_dtype(dtype, op);
  if (shape.size() > size_t(MLN_MAX_DIMS))
    fail(MLN_ERR_SHAPE, op, ": ndim must be in [0, ", MLN_MAX_DIMS, "], got ", shape.size());
  const size_t bytes = shape_nbytes(shape, dtype, op);  // refuses negative dimensions
  auto* t = new mln_tensor();
  try {
    t->storage = storage_new_on(sl->device_kind, sl->device_index, bytes);
  } catch (...) {
    delete t;
    throw;
  }
  t->dtype = dtype;
  t->ndim = int(shape.size());
  for (int i = 0; i < t->ndim; ++i) t->shape[i] = shape[i];
  return t;
}

void device_free(Storage* s) {
  // The engine was present when the storage was made, and engines are never unloaded while
  // tensors of theirs live.
  if (Engine* e = engine_for(s->device_kind)) e->free(s->device_index, s->data, s->nbytes);
}

}  // namespace mln

using namespace mln;

extern "C" {

int mln_device_count(int kind) {
  MLN_TRY
  if (!known_kind(kind))
    fail(MLN_ERR_ARGUMENT, "device_count: argument 'kind' expected a device kind in [0, ",
         MLN_DEVICE_KIND_COUNT, ") but was ", kind);
  Engine* e = engine_for(kind);
  return e ? e->device_count() : 0;
  MLN_CATCH(-1)
}

const char* mln_device_unavailable_reason(int kind) {
  thread_local std::string text;
  MLN_TRY
  if (!known_kind(kind))
    fail(MLN_ERR_ARGUMENT, "device_unavailable_reason: argument 'kind' expected a device kind in [0, ",
         MLN_DEVICE_KIND_COUNT, ") but was ", kind);
  if (kind == MLN_DEVICE_CPU) return "";
  Engine* e = engine_for(kind);
  if (e && e->device_count() > 0) return "";
  text = kind == MLN_DEVICE_CUDA ? cuda_unavailable_reason()
                                 : std::string("no ") + device_kind_name(kind) + " engine is built";
  return text.c_str();
  MLN_CATCH(nullptr)
}

const char* mln_device_kind_name(int kind) {
  return known_kind(kind) ? device_kind_name(kind) : nullptr;
}

const char* mln_device_description(int kind, int index) {
  thread_local std::string text;
  MLN_TRY
  text = require_device(kind, index, "device_description").describe(index);
  return text.c_str();
  MLN_CATCH(nullptr)
}

int mln_tensor_device_kind(const mln_tensor* t) { return t ? t->storage->device_kind : -1; }
int mln_tensor_device_index(const mln_tensor* t) { return t ? t->storage->device_index : -1; }

int mln_device_alloc_stats(int kind, int index, int64_t* out) {
  MLN_TRY
  if (!out) fail(MLN_ERR_ARGUMENT, "device_alloc_stats: argument 'out' is null");
  AllocStats s = require_device(kind, index, "device_alloc_stats").alloc_stats(index);
  out[0] = s.live;
  out[1] = s.peak;
  out[2] = s.allocs;
  out[3] = s.cache_hits;
  out[4] = s.cached;
  return MLN_OK;
  MLN_CATCH(-1)
}

int mln_device_empty_cache(int kind, int index) {
  MLN_TRY
  require_device(kind, index, "device_empty_cache").empty_cache(index);
  return MLN_OK;
  MLN_CATCH(-1)
}

mln_tensor* mln_to_device(const mln_tensor* x, int kind, int index) {
  MLN_TRY
  if (!x) fail(MLN_ERR_ARGUMENT, "to_device: argument 'x' is null");
  Engine& dst = require_device(kind, index, "to_device");
  const Storage* from = x->storage;
  if (from->device_kind == kind && from->device_index == index)
    return mln_retain(const_cast<mln_tensor*>(x));
  const size_t bytes = size_t(numel(x)) * itemsize(x->dtype);
  auto* t = new mln_tensor();
  try {
    t->storage = storage_new_on(kind, index, bytes);
  } catch (...) {
    delete t;
    throw;
  }
  TensorRef out(t);
  t->dtype = x->dtype;
  t->ndim = x->ndim;
  for (int i = 0; i < x->ndim; ++i) t->shape[i] = x->shape[i];
  const char* src = static_cast<const char*>(from->data) + x->offset;
  if (from->device_kind == MLN_DEVICE_CPU) {
    dst.copy_from_host(index, t->storage->data, src, bytes);
  } else if (kind == MLN_DEVICE_CPU) {
    engine_for(from->device_kind)->copy_to_host(from->device_index, t->storage->data, src, bytes);
  } else {
    // Between two accelerators: through host memory (an engine with peer copies can add a hook).
    std::vector<char> host(bytes);
    engine_for(from->device_kind)->copy_to_host(from->device_index, host.data(), src, bytes);
    dst.copy_from_host(index, t->storage->data, host.data(), bytes);
  }
  return out.release();
  MLN_CATCH(nullptr)
}

}  // extern "C"
