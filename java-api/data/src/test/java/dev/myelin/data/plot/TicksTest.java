package dev.myelin.data.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tick values, labels and offsets checked against matplotlib itself for a few hundred views. */
class TicksTest {
  @TempDir Path temp;

  private static double[] doubles(JsonNode n) {
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).asDouble();
    }
    return out;
  }

  private static String[] strings(JsonNode n) {
    String[] out = new String[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).asText();
    }
    return out;
  }

  private static void assertClose(double[] expected, double[] actual, String kind, String what) {
    assertEquals(expected.length, actual.length, what + " count");
    for (int i = 0; i < expected.length; i++) {
      double tol = kind.equals("log") ? Math.abs(expected[i]) * 1e-15 : 0.0;
      assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
    }
  }

  @Test
  void ticksLabelsAndOffsetsMatchMatplotlib() throws Exception {
    JsonNode doc = PythonScripts.json("matplotlib_ticks.py", Map.of(), temp.resolve("ticks.json"));
    JsonNode cases = doc.get("cases");
    assertTrue(cases.size() > 250, "cases " + cases.size());
    int logs = 0;
    int offsets = 0;
    for (JsonNode c : cases) {
      String kind = c.get("kind").asText();
      boolean horizontal = c.get("axis").asText().equals("x");
      double vmin = c.get("vmin").asDouble();
      double vmax = c.get("vmax").asDouble();
      String what = kind + " view [" + vmin + ", " + vmax + "]";
      int space = c.get("tickSpace").asInt();
      assertEquals(
          Math.max(1, Math.min(9, space)),
          Ticks.nbins(c.get("lengthPx").asDouble(), horizontal),
          what + " nbins");
      Ticks.Scale s =
          kind.equals("log")
              ? Ticks.log(vmin, vmax, space)
              : Ticks.linear(vmin, vmax, Math.max(1, Math.min(9, space)), kind.equals("integer"));
      // numpy's vectorised 10.0 ** -5 may be an ulp off the decade (9.999999999999999e-06).
      assertClose(doubles(c.get("locations")), s.locations(), kind, what + " locations");
      assertClose(doubles(c.get("visible")), s.visible(), kind, what + " drawn ticks");
      assertArrayEquals(strings(c.get("labels")), s.labels(), what + " labels");
      assertEquals(c.get("offset").asText(), s.offset(), what + " offset text");
      logs += kind.equals("log") ? 1 : 0;
      offsets += s.offset().isEmpty() ? 0 : 1;
    }
    assertTrue(logs >= 30, "log cases " + logs);
    assertTrue(offsets >= 10, "cases with an offset or power of ten " + offsets);
  }

  @Test
  void issueExamplesGetRoundTicks() {
    // The histogram axis that showed a single raw double now has round, short labels.
    Ticks.Scale s = Ticks.linear(54.2631333250971, 67.24932806127566, 9, false);
    assertArrayEquals(new String[] {"56", "58", "60", "62", "64", "66"}, s.labels());
    // An image 435 pixels wide: integer ticks, never -0.50/434.50.
    Ticks.Scale img = Ticks.linear(-0.5, 434.5, 9, true);
    assertArrayEquals(
        new String[] {"0", "50", "100", "150", "200", "250", "300", "350", "400"}, img.labels());
    assertArrayEquals(
        new String[] {"\u22121.0", "\u22120.5", "0.0"}, Ticks.linear(-1, 0, 2, false).labels());
  }

  @Test
  void pythonFloatHelpersRoundLikePython() {
    assertArrayEquals(new double[] {-1, 0.5}, Ticks.divmod(-0.5, 1), 0.0);
    assertEquals("0.12", Ticks.fixed(0.125, 2));
    assertEquals("-0.0", Ticks.fixed(-0.001, 1));
    assertEquals("10\u207b\u00b2", Ticks.decade(0.01));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ticks.log(0, 10, 5));
    assertTrue(e.getMessage().contains("vmin"), e.getMessage());
  }
}
