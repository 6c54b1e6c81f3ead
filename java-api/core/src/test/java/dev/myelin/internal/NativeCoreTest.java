package dev.myelin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeCoreTest {
  @Test
  void loadsAndReportsVersions() {
    Native.ensureLoaded();
    assertEquals("0.1.0", NativeCore.mln_version());
    assertTrue(NativeCore.mln_dnnl_version().startsWith("3.11"), NativeCore.mln_dnnl_version());
    long t = NativeCore.mln_full(NativeCore.MLN_F32, 2, new long[] {2, 3}, 2.5);
    assertTrue(t != 0);
    assertEquals(6, NativeCore.mln_numel(t));
    NativeCore.mln_release(t);
    assertEquals(0, NativeCore.mln_full(NativeCore.MLN_F32, 1, new long[] {-1}, 0));
    assertEquals(NativeCore.MLN_ERR_SHAPE, NativeCore.mln_last_status());
  }
}
