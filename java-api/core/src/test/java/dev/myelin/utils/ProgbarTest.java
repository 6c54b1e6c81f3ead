package dev.myelin.utils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarTest {
  @Test
  void formatsLikeKeras() {
    assertEquals(" 59us/step", Progbar.formatPerStep(59e-6));
    assertEquals(" 1ms/step", Progbar.formatPerStep(1.2e-3));
    assertEquals(" 3s/step", Progbar.formatPerStep(3.4));
    assertEquals(" 0.6749", Progbar.formatValue(0.67491));
    assertEquals(" 1.0000", Progbar.formatValue(1.0));
    assertEquals(" 5.0000e-04", Progbar.formatValue(5e-4));
    assertEquals(" nan", Progbar.formatValue(Double.NaN));
  }

  @Test
  void terminalBarRedrawsInPlaceAndAveragesBySamples() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Progbar bar = new Progbar(100, 1, out, true);
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("loss", 1.0);
    bar.update(40, v);
    v.put("loss", 0.5);
    bar.update(100, v);
    String s = buf.toString(StandardCharsets.UTF_8);
    String[] parts = s.split("\r", -1);
    assertEquals(3, parts.length, s);
    assertTrue(parts[1].startsWith(" 40/100 [===========>..................] - ETA: "), parts[1]);
    assertTrue(parts[1].endsWith(" - loss: 1.0000"), parts[1]);
    // (40 * 1.0 + 60 * 0.5) / 100 = 0.7
    assertTrue(
        parts[2].matches("100/100 \\[={30}\\] - \\d+s \\d+(us|ms)/step - loss: 0\\.7000\\n"),
        parts[2]);
  }

  @Test
  void pipeOutputPrintsOnlyTheFinalLineAndVerbose2IsShort() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Progbar bar = new Progbar(10, 1, out, false);
    bar.update(5, Map.of("loss", 2.0));
    assertEquals("", buf.toString(StandardCharsets.UTF_8));
    bar.update(10, Map.of("loss", 2.0));
    assertTrue(
        buf.toString(StandardCharsets.UTF_8)
            .matches("10/10 \\[={30}\\] - \\d+s \\d+(us|ms)/step - loss: 2\\.0000\\n"));
    ByteArrayOutputStream buf2 = new ByteArrayOutputStream();
    Progbar two = new Progbar(10, 2, new PrintStream(buf2, true, StandardCharsets.UTF_8), false);
    two.update(10, Map.of("loss", 0.25));
    assertTrue(
        buf2.toString(StandardCharsets.UTF_8).matches(" - \\d+s - loss: 0\\.2500\\n"),
        buf2.toString());
  }
}
