package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The close rules of the two per-thread scopes, which share their owner-thread check ({@code
 * ScopeThreads}): a close from another thread is refused in the house form naming both threads and
 * changes nothing; out of order, a {@link TensorScope} unlinks the inner scopes left open while a
 * {@link DeviceScope} refuses.
 */
class ScopeCloseTest {
  /** Runs {@code r} on a new thread named {@code name} and returns what it threw (or null). */
  private static Throwable onOtherThread(String name, Runnable r) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                r.run();
              } catch (Throwable x) {
                thrown.set(x);
              }
            },
            name);
    t.start();
    t.join();
    return thrown.get();
  }

  /** Asserts that {@code close}, run on another thread, is refused in the house form. */
  private static void assertRefusedOnAnotherThread(String op, Runnable close) throws Exception {
    Throwable x = onOtherThread("closer", close);
    assertTrue(x instanceof IllegalStateException, String.valueOf(x));
    assertEquals(
        op
            + ": expected on the thread that opened it ("
            + Thread.currentThread().getName()
            + ") but was on closer",
        x.getMessage());
  }

  @Test
  void aTensorScopeClosedFromAnotherThreadIsRefusedAndKeepsItsTensors() throws Exception {
    Tensor t;
    try (TensorScope s = new TensorScope()) {
      t = Tensor.ones(2);
      assertRefusedOnAnotherThread("TensorScope.close", s::close);
      assertFalse(t.isClosed());
      assertSame(s, TensorScope.current());
      assertEquals(1, s.size());
    }
    assertTrue(t.isClosed());
    assertNull(TensorScope.current());
  }

  @Test
  void aDeviceScopeClosedFromAnotherThreadIsRefusedInTheSameForm() throws Exception {
    try (DeviceScope s = Device.CPU.scope()) {
      assertRefusedOnAnotherThread("DeviceScope.close", s::close);
      assertEquals("DeviceScope(cpu)", s.toString());
    }
    assertSame(Device.CPU, Device.current());
  }

  @Test
  void closingAnOuterTensorScopeFirstUnlinksTheInnerOneAndClosesOnlyItsOwnTensors() {
    TensorScope outer = new TensorScope();
    Tensor a = Tensor.ones(2);
    TensorScope inner = new TensorScope();
    Tensor b = Tensor.ones(3);
    outer.close();
    assertTrue(a.isClosed());
    assertFalse(b.isClosed());
    assertNull(TensorScope.current());
    inner.close();
    assertTrue(b.isClosed());
    assertNull(TensorScope.current());
  }

  @Test
  void closingAnOuterDeviceScopeFirstIsRefusedAndLeavesBothOpen() {
    DeviceScope outer = Device.CPU.scope();
    DeviceScope inner = Device.CPU.scope();
    IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
    assertEquals(
        "DeviceScope.close: expected the innermost open scope (on cpu) to be closed first but was"
            + " the scope on cpu",
        e.getMessage());
    assertEquals("DeviceScope(cpu)", outer.toString());
    inner.close();
    outer.close();
    assertEquals("DeviceScope(cpu, closed)", outer.toString());
  }
}
