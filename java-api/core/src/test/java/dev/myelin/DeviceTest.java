package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Devices as the native engines enumerate them, and tensors' devices. */
class DeviceTest {
  @Test
  void theCpuIsTheOnlyAvailableDevice() {
    assertEquals(List.of(Device.CPU), Device.available());
    String d = Device.CPU.description();
    assertTrue(d.startsWith("cpu:0: " + Myelin.numThreads() + " threads, " + Myelin.cpuIsa()), d);
    assertTrue(d.contains("native memory budget"), d);
  }

  @Test
  void tensorsReportTheDeviceTheirStorageRecords() {
    try (Tensor t = Tensor.ones(2, 2)) {
      assertSame(Device.CPU, t.device());
      assertSame(t, t.to(Device.CPU));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.to(null));
      assertEquals("to: argument 'device' expected a Device but was null", e.getMessage());
    }
  }

  @Test
  void cudaIsRefusedWithTheReasonWhileNoEngineIsBuilt() {
    String reason = Device.cudaUnavailableReason();
    assertFalse(reason.isEmpty(), "CI has no GPU: the loader must say why");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.cuda(0));
    assertEquals(
        "Device.cuda(0): no CUDA device/backend available ("
            + reason
            + "; Myelin runs on the CPU only)",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Device.cuda(-1));
  }

  @Test
  void theLoadersReasonNamesWhatIsMissing() {
    String reason = Device.cudaUnavailableReason();
    assertTrue(
        reason.startsWith("libmyelin_cuda.so not found (")
            || reason.startsWith("MYELIN_CUDA_LIBRARY names ")
            || reason.startsWith("cannot load ")
            || reason.startsWith("no CUDA driver (cudaErrorInsufficientDriver 35")
            || reason.startsWith("no CUDA device")
            || reason.startsWith("the CUDA runtime cannot start"),
        reason);
    assertEquals(List.of(Device.CPU), Device.available());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.of("cuda:1"));
    assertTrue(
        e.getMessage().startsWith("Device.cuda(1): no CUDA device/backend available ("),
        e.getMessage());
  }

  @Test
  void theCpusMemoryStatsAreTheCoresAllocatorCounters() {
    long before = Device.CPU.memoryStats().allocations();
    try (Tensor t = Tensor.ones(64, 64)) {
      MemoryStats s = Device.CPU.memoryStats();
      assertTrue(s.allocations() > before, s.toString());
      assertTrue(s.liveBytes() >= 64 * 64 * 4, s.toString());
      assertEquals(Myelin.memoryStats().budgetBytes(), s.budgetBytes());
    }
    Device.CPU.emptyCache();
  }

  @Test
  void devicesCompareByKindAndIndex() {
    assertEquals(Device.CPU, Device.of("CPU"));
    assertEquals(Device.CPU.hashCode(), Device.of("cpu").hashCode());
    assertNotEquals(Device.CPU, "cpu");
    assertEquals("cpu", Device.CPU.toString());
  }
}
