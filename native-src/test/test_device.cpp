// The device seam: enumeration, the device recorded in storage, and copies through an engine.
#include <gtest/gtest.h>
#include <myelin/myelin.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "engine.hpp"
#include "test_util.hpp"

namespace {

/** A stand-in accelerator whose "device memory" is host memory, counting what the seam asks. */
class CountingEngine final : public mln::Engine {
 public:
  int allocs = 0, frees = 0, to_host = 0, from_host = 0;
  int64_t live = 0;
  int kind() const override { return MLN_DEVICE_CUDA; }
  int device_count() const override { return 1; }
  std::string describe(int index) const override { return "counting:" + std::to_string(index); }
  void* alloc(int, size_t n) override {
    ++allocs;
    live += int64_t(n);
    return std::malloc(n ? n : 1);
  }
  void free(int, void* p, size_t n) override {
    ++frees;
    live -= int64_t(n);
    std::free(p);
  }
  mln::AllocStats alloc_stats(int) const override {
    mln::AllocStats s;
    s.live = live;
    s.allocs = allocs;
    return s;
  }
  void empty_cache(int) override {}
  void copy_to_host(int, void* dst, const void* src, size_t n) override {
    ++to_host;
    std::memcpy(dst, src, n);
  }
  void copy_from_host(int, void* dst, const void* src, size_t n) override {
    ++from_host;
    std::memcpy(dst, src, n);
  }
  void synchronize(int) override {}
};

}  // namespace

TEST(Device, TheCpuIsTheOnlyDeviceBuiltIn) {
  EXPECT_EQ(mln_device_count(MLN_DEVICE_CPU), 1);
  EXPECT_EQ(mln_device_count(MLN_DEVICE_CUDA), 0);
  EXPECT_STREQ(mln_device_kind_name(MLN_DEVICE_CPU), "cpu");
  EXPECT_STREQ(mln_device_kind_name(MLN_DEVICE_CUDA), "cuda");
  EXPECT_EQ(mln_device_kind_name(9), nullptr);
  EXPECT_EQ(mln_device_count(9), -1);
  EXPECT_EQ(mln_last_status(), MLN_ERR_ARGUMENT);
  std::string cpu = mln_device_description(MLN_DEVICE_CPU, 0);
  EXPECT_EQ(cpu.rfind("cpu:0: ", 0), 0u) << cpu;
  EXPECT_NE(cpu.find(mln_cpu_isa()), std::string::npos) << cpu;
  EXPECT_EQ(mln_device_description(MLN_DEVICE_CPU, 1), nullptr);
  EXPECT_NE(std::string(mln_last_error()).find("expected a cpu device index in [0, 1) but was 1"),
            std::string::npos)
      << mln_last_error();
}

TEST(Device, TensorsRecordTheCpuAndMovingThereReturnsThemselves) {
  mln_tensor* t = tu::make<float>({2}, {1, 2});
  EXPECT_EQ(mln_tensor_device_kind(t), MLN_DEVICE_CPU);
  EXPECT_EQ(mln_tensor_device_index(t), 0);
  EXPECT_EQ(mln_tensor_device_kind(nullptr), -1);
  mln_tensor* same = mln_to_device(t, MLN_DEVICE_CPU, 0);
  EXPECT_EQ(same, t);
  mln_release(same);
  EXPECT_EQ(mln_to_device(t, MLN_DEVICE_CUDA, 0), nullptr);
  EXPECT_EQ(mln_last_status(), MLN_ERR_ARGUMENT);
  // The loader's reason (no library beside libmyelin.so, or no driver where it is built).
  const std::string reason = mln_device_unavailable_reason(MLN_DEVICE_CUDA);
  EXPECT_FALSE(reason.empty());
  EXPECT_NE(std::string(mln_last_error()).find("to_device: no cuda engine is available (" + reason),
            std::string::npos)
      << mln_last_error();
  int64_t stats[5];
  EXPECT_EQ(mln_device_alloc_stats(MLN_DEVICE_CUDA, 0, stats), -1);
  EXPECT_EQ(mln_device_alloc_stats(MLN_DEVICE_CPU, 0, stats), 0);
  EXPECT_GE(stats[0], 8);
  mln_release(t);
}

TEST(Device, ARegisteredEngineServesAllocationCopiesAndRelease) {
  CountingEngine engine;
  mln::register_engine(MLN_DEVICE_CUDA, &engine);
  EXPECT_EQ(mln_device_count(MLN_DEVICE_CUDA), 1);
  EXPECT_STREQ(mln_device_description(MLN_DEVICE_CUDA, 0), "counting:0");
  mln_tensor* x = tu::make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  int64_t col[] = {6};
  mln_tensor* flat = mln_reshape(x, 1, col);
  mln_tensor* on_dev = mln_to_device(flat, MLN_DEVICE_CUDA, 0);
  ASSERT_NE(on_dev, nullptr) << mln_last_error();
  EXPECT_EQ(mln_tensor_device_kind(on_dev), MLN_DEVICE_CUDA);
  EXPECT_EQ(tu::shape(on_dev), (std::vector<int64_t>{6}));
  EXPECT_EQ(engine.allocs, 1);
  EXPECT_EQ(engine.from_host, 1);
  int64_t stats[5];
  ASSERT_EQ(mln_device_alloc_stats(MLN_DEVICE_CUDA, 0, stats), 0);
  EXPECT_EQ(stats[0], 24);
  mln_tensor* back = mln_to_device(on_dev, MLN_DEVICE_CPU, 0);
  EXPECT_EQ(engine.to_host, 1);
  EXPECT_EQ(mln_tensor_device_kind(back), MLN_DEVICE_CPU);
  EXPECT_EQ(tu::values<float>(back), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  mln_release(on_dev);
  EXPECT_EQ(engine.frees, 1);
  EXPECT_EQ(engine.live, 0);
  mln_release(back);
  mln_release(flat);
  mln_release(x);
  mln::register_engine(MLN_DEVICE_CUDA, nullptr);
  EXPECT_EQ(mln_device_count(MLN_DEVICE_CUDA), 0);
}

TEST(Device, CpuKernelsRefuseDeviceTensorsAndGiveNoHostPointer) {
  CountingEngine engine;
  mln::register_engine(MLN_DEVICE_CUDA, &engine);
  mln_tensor* x = tu::make<float>({2, 2}, {1, 2, 3, 4});
  mln_tensor* d = mln_to_device(x, MLN_DEVICE_CUDA, 0);
  ASSERT_NE(d, nullptr) << mln_last_error();
  EXPECT_EQ(mln_data(d), nullptr);
  // An engine without kernels: the dispatch names the op and the way out.
  tu::expect_error(mln_matmul(d, d, 0, 0), MLN_ERR_ARGUMENT,
                   "matmul: the cuda engine has no kernels (move the tensors with to(Device.CPU))");
  // A CPU input with a device input: the devices differ.
  tu::expect_error(mln_binary(MLN_ADD, d, x), MLN_ERR_ARGUMENT,
                   "binary: arguments expected on one device but 'a' is on cuda:0 and 'b' on cpu:0");
  // An op without dispatch: the CPU kernel refuses to read device memory.
  tu::expect_error(mln_copy(d), MLN_ERR_ARGUMENT,
                   "copy: argument 'x' expected on the cpu but was on cuda:0 (this op has no kernel "
                   "there; move it with to(Device.CPU))");
  // Either order names both devices (TensorFlow and PyTorch do the same).
  tu::expect_error(mln_binary(MLN_ADD, x, d), MLN_ERR_ARGUMENT,
                   "binary: arguments expected on one device but 'a' is on cpu:0 and 'b' on cuda:0");
  mln_release(d);
  mln_release(x);
  mln::register_engine(MLN_DEVICE_CUDA, nullptr);
}

TEST(Device, TheShapeLossAndDenseOpsRouteDeviceTensorsToTheirEngine) {
  CountingEngine engine;
  mln::register_engine(MLN_DEVICE_CUDA, &engine);
  mln_tensor* x = tu::make<float>({2, 3}, {1, 2, 3, 4, 5, 6});
  mln_tensor* d = mln_to_device(x, MLN_DEVICE_CUDA, 0);
  ASSERT_NE(d, nullptr) << mln_last_error();
  // reshape is a view: it serves any device without a kernel, sharing the storage.
  const int64_t flat[1] = {6};
  mln_tensor* r = mln_reshape(d, 1, flat);
  ASSERT_NE(r, nullptr) << mln_last_error();
  EXPECT_EQ(mln_tensor_device_kind(r), MLN_DEVICE_CUDA);
  EXPECT_EQ(mln_storage_refs(d), 2);
  EXPECT_EQ(engine.allocs, 1);
  // The ops the core routes reach the device's engine (this one has no kernels) instead of the
  // CPU kernels' refusal.
  const std::string none = ": the cuda engine has no kernels (move the tensors with to(Device.CPU))";
  const int perm[2] = {1, 0};
  tu::expect_error(mln_permute(d, perm), MLN_ERR_ARGUMENT, "permute" + none);
  const int64_t starts[2] = {0, 0}, stops[2] = {1, 3}, steps[2] = {1, 1};
  tu::expect_error(mln_slice(d, starts, stops, steps), MLN_ERR_ARGUMENT, "slice" + none);
  mln_tensor* two[2] = {d, d};
  tu::expect_error(mln_concat(2, two, 0), MLN_ERR_ARGUMENT, "concat" + none);
  tu::expect_error(mln_categorical_crossentropy(d, d, 1e-7, MLN_CCE_LOGITS), MLN_ERR_ARGUMENT,
                   "categorical_crossentropy" + none);
  mln_tensor* gx = nullptr;
  EXPECT_EQ(mln_dense_backward(d, d, nullptr, d, 0, &gx, nullptr, nullptr), MLN_ERR_ARGUMENT);
  EXPECT_NE(std::string(mln_last_error()).find("dense_backward" + none), std::string::npos)
      << mln_last_error();
  EXPECT_EQ(gx, nullptr);
  // Inputs on two devices are refused naming both, whichever comes first.
  mln_tensor* mixed[2] = {x, d};
  tu::expect_error(mln_concat(2, mixed, 0), MLN_ERR_ARGUMENT,
                   "concat: arguments expected on one device but 'a' is on cpu:0 and 'b' on cuda:0");
  tu::expect_error(mln_categorical_crossentropy(x, d, 1e-7, MLN_CCE_LOGITS), MLN_ERR_ARGUMENT,
                   "categorical_crossentropy: arguments expected on one device but 'a' is on "
                   "cuda:0 and 'b' on cpu:0");
  mln_release(r);
  mln_release(d);
  mln_release(x);
  mln::register_engine(MLN_DEVICE_CUDA, nullptr);
}
