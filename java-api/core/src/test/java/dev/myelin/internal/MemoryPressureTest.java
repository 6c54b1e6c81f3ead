package dev.myelin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryPressureTest {
  @AfterEach
  void restoreDefaults() {
    System.clearProperty(MemoryPressure.BUDGET_PROPERTY);
    System.clearProperty(MemoryPressure.CACHE_PROPERTY);
    NativeCore.mln_alloc_set_budget(0);
    NativeCore.mln_alloc_set_cache_limit(-1);
  }

  @Test
  void systemPropertiesSetTheBudgetAndCacheBound() {
    Native.ensureLoaded();
    System.setProperty(MemoryPressure.BUDGET_PROPERTY, "96m");
    System.setProperty(MemoryPressure.CACHE_PROPERTY, "5m");
    MemoryPressure.install();
    assertEquals(96L << 20, NativeCore.mln_alloc_budget());
    assertEquals(5L << 20, NativeCore.mln_alloc_cache_limit());
  }

  @Test
  void aMalformedPropertyNamesItself() {
    Native.ensureLoaded();
    System.setProperty(MemoryPressure.BUDGET_PROPERTY, "-3g");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, MemoryPressure::install);
    assertEquals(
        "myelin.memory.budget: argument 'size' expected a positive size such as 8g, 512m, 64k or"
            + " a byte count but was \"-3g\"",
        e.getMessage());
  }

  @Test
  void sizesParseWithBinaryUnits() {
    assertEquals(8L << 30, MemoryPressure.parseSize("myelin.memory.budget", "8g"));
    assertEquals(512L << 20, MemoryPressure.parseSize("myelin.memory.budget", " 512M "));
    assertEquals(64L << 10, MemoryPressure.parseSize("myelin.memory.budget", "64k"));
    assertEquals(1000L, MemoryPressure.parseSize("myelin.memory.budget", "1000"));
    assertThrows(
        IllegalArgumentException.class,
        () -> MemoryPressure.parseSize("myelin.memory.budget", "lots"));
    assertThrows(
        IllegalArgumentException.class,
        () -> MemoryPressure.parseSize("myelin.memory.budget", "9999999999t"));
  }
}
