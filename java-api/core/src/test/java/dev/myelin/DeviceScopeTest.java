package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.layers.Dense;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Placement: the default device, device scopes (nesting, per thread) and where creation functions
 * and weights go. Without a GPU the CUDA side is observed through its refusal: a scope on a CUDA
 * device that does not serve (made inside the package, past the public checks) makes every creation
 * fail with the loader's reason, which proves the creation consulted the scope.
 */
class DeviceScopeTest {
  /** cuda:0 as a Device object even where none serves (Device.cuda(0) would refuse it). */
  private static Device absentCuda() {
    return Device.fromNative(1, 0);
  }

  @Test
  void theDefaultDeviceIsTheCpuAndNewTensorsGoThere() {
    assertSame(Device.CPU, Myelin.defaultDevice());
    assertSame(Device.CPU, Device.current());
    try (Tensor t = Tensor.of(1f, 2f);
        Tensor r = Tensor.randomNormal(new long[] {3}, 0, 1, DType.FLOAT32, 7)) {
      assertSame(Device.CPU, t.device());
      assertSame(Device.CPU, r.device());
    }
    Myelin.setDefaultDevice(Device.CPU);
    assertSame(Device.CPU, Myelin.defaultDevice());
    assertThrows(IllegalArgumentException.class, () -> Myelin.setDefaultDevice(null));
  }

  @Test
  void cpuScopesNestAndCloseInOrder() {
    try (DeviceScope outer = Device.CPU.scope()) {
      assertSame(Device.CPU, outer.device());
      try (DeviceScope inner = Device.CPU.scope();
          Tensor t = Tensor.zeros(2, 2)) {
        assertSame(Device.CPU, Device.current());
        assertSame(Device.CPU, t.device());
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertEquals(
            "DeviceScope.close: expected the innermost open scope (on cpu) to be closed first but"
                + " was the scope on cpu",
            e.getMessage());
      }
      try (DeviceScope inner = new DeviceScope(absentCuda())) {
        assertEquals("cuda:0", Device.current().toString());
      }
      assertSame(Device.CPU, Device.current());
    }
  }

  @Test
  void cudaIsRefusedWithTheReasonWhenTheScopeOrDefaultIsMade() {
    String reason = Device.cudaUnavailableReason();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> absentCuda().scope());
    assertEquals("Device.scope: device cuda:0 is not available (" + reason + ")", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> Myelin.setDefaultDevice(absentCuda()));
    assertEquals(
        "Myelin.setDefaultDevice: device cuda:0 is not available (" + reason + ")", e.getMessage());
    assertSame(Device.CPU, Myelin.defaultDevice());
    e = assertThrows(IllegalStateException.class, () -> Device.of("cuda").scope());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void creationFunctionsAndWeightsFollowTheScopeButZerosLikeFollowsItsTensor() {
    String reason = Device.cudaUnavailableReason();
    try (Tensor host = Tensor.ones(2, 3);
        DeviceScope s = new DeviceScope(absentCuda())) {
      for (Runnable make :
          new Runnable[] {
            () -> Tensor.of(1f, 2f),
            () -> Tensor.zeros(4),
            () -> Tensor.arange(5),
            () -> Tensor.randomUniform(new long[] {3}, 0, 1, DType.FLOAT32, 1),
            () -> new Dense(2).apply(host)
          }) {
        RuntimeException e = assertThrows(RuntimeException.class, make::run);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
      }
      try (Tensor z = host.zerosLike()) {
        assertSame(Device.CPU, z.device());
      }
    }
    assertSame(Device.CPU, Device.current());
  }

  @Test
  void aScopeBelongsToItsThread() throws Exception {
    AtomicReference<Device> seenInside = new AtomicReference<>();
    AtomicReference<Device> seenByOther = new AtomicReference<>();
    try (DeviceScope s = new DeviceScope(absentCuda())) {
      seenInside.set(Device.current());
      Thread other = new Thread(() -> seenByOther.set(Device.current()));
      other.start();
      other.join();
      Thread closer = new Thread(s::close);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      closer.setUncaughtExceptionHandler((t, x) -> failure.set(x));
      closer.start();
      closer.join();
      assertTrue(failure.get() instanceof IllegalStateException, String.valueOf(failure.get()));
    }
    assertEquals("cuda:0", seenInside.get().toString());
    assertSame(Device.CPU, seenByOther.get());
    assertSame(Device.CPU, Device.current());
  }
}
