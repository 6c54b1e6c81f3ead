package dev.myelin.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Device;
import dev.myelin.Myelin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LauncherTest {
  @Test
  void infoListsTheDevicesTheEnginesEnumerate() {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Launcher.info();
    } finally {
      System.setOut(out);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("device     cpu:0: " + Myelin.numThreads() + " threads, "), text);
    assertTrue(
        text.contains("device     cuda: none (" + Device.cudaUnavailableReason() + ")"), text);
  }
}
