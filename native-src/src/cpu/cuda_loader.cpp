// Loads the CUDA engine at run time: libmyelin_cuda.so is a separate library (the core never
// links CUDA), looked for once, beside libmyelin.so or at $MYELIN_CUDA_LIBRARY. Every way this can
// fail is kept as a reason that Device.cuda() and `bin/myelin info` report.
#include <dlfcn.h>
#include <sys/stat.h>

#include <mutex>
#include <string>

#include "engine.hpp"

namespace mln {
namespace {

std::once_flag g_once;
std::string g_reason = "the CUDA engine was not looked for yet";

std::string directory_of_core() {
  Dl_info info{};
  if (!dladdr(reinterpret_cast<void*>(&load_cuda_engine), &info) || !info.dli_fname) return ".";
  std::string path = info.dli_fname;
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool exists(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0;
}

void load_once() {
  const char* env = std::getenv("MYELIN_CUDA_LIBRARY");
  std::string path = env && *env ? env : directory_of_core() + "/libmyelin_cuda.so";
  if (!exists(path)) {
    g_reason = env && *env ? "MYELIN_CUDA_LIBRARY names " + path + ", which does not exist"
                           : "libmyelin_cuda.so not found (not built, or not beside libmyelin.so: "
                             "no " + path + "; MYELIN_CUDA_LIBRARY may name it)";
    return;
  }
  // RTLD_LOCAL: the CUDA runtime and cuBLAS stay out of the global namespace. The handle is never
  // closed: device storage may outlive any point where unloading would be safe.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    g_reason = "cannot load " + path + ": " + (why ? why : "unknown dlopen error");
    return;
  }
  auto open = reinterpret_cast<EngineOpenFn>(dlsym(handle, "mln_engine_open"));
  if (!open) {
    g_reason = path + " does not export mln_engine_open (not a Myelin engine library)";
    return;
  }
  char reason[512] = {0};
  Engine* engine = nullptr;
  int rc = 1;
  try {
    rc = open(ENGINE_ABI_VERSION, &engine, reason, sizeof reason - 1);
  } catch (const std::exception& e) {
    g_reason = std::string("the CUDA engine failed to start: ") + e.what();
    return;
  }
  reason[sizeof reason - 1] = '\0';
  if (rc != 0 || !engine) {
    g_reason = reason[0] ? reason : "the CUDA engine refused to start without a reason";
    return;
  }
  register_engine(MLN_DEVICE_CUDA, engine);
  g_reason.clear();
}

}  // namespace

void load_cuda_engine() { std::call_once(g_once, load_once); }

const std::string& cuda_unavailable_reason() {
  load_cuda_engine();
  return g_reason;
}

}  // namespace mln
