package dev.myelin.data.plot;

import static dev.myelin.data.PythonScripts.doubles;
import static dev.myelin.data.PythonScripts.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import java.awt.FontMetrics;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tick values, labels and offsets checked against matplotlib itself for a few hundred views. */
class TicksTest {
  private static JsonNode matplotlib;

  @TempDir Path temp;

  /** matplotlib's answers for every view, generated once for the tests of this class. */
  private static synchronized JsonNode matplotlibCases() throws Exception {
    if (matplotlib == null) {
      Path out = Files.createTempFile("matplotlib_ticks", ".json");
      try {
        matplotlib = PythonScripts.json("matplotlib_ticks.py", Map.of(), out).get("cases");
      } finally {
        Files.deleteIfExists(out);
      }
    }
    return matplotlib;
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
    JsonNode cases = matplotlibCases();
    assertTrue(cases.size() > 250, "cases " + cases.size());
    int logs = 0;
    int offsets = 0;
    int minors = 0;
    int labelledMinors = 0;
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
      assertClose(doubles(c.get("minor")), s.minor(), kind, what + " minor ticks");
      assertArrayEquals(strings(c.get("minorLabels")), s.minorLabels(), what + " minor labels");
      minors += s.minor().length > 0 ? 1 : 0;
      labelledMinors += String.join("", s.minorLabels()).isEmpty() ? 0 : 1;
      logs += kind.equals("log") ? 1 : 0;
      offsets += s.offset().isEmpty() ? 0 : 1;
    }
    assertTrue(logs >= 30, "log cases " + logs);
    assertTrue(offsets >= 10, "cases with an offset or power of ten " + offsets);
    assertTrue(minors >= 20, "log cases with minor ticks " + minors);
    assertTrue(labelledMinors >= 3, "log cases with labelled minor ticks " + labelledMinors);
  }

  /**
   * The public minor tick introspection ({@code ax.get_xticks(minor=True)} and the minor labels):
   * every log view of the matplotlib fixture, drawn on a rendered figure with that view, gives
   * matplotlib's minor values and label strings wherever the figure's axis draws matplotlib's major
   * ticks (the minor locator depends on the major stride, which depends on the axis length).
   */
  @Test
  void renderedMinorTicksAndLabelsMatchMatplotlib() throws Exception {
    int compared = 0;
    int withMinors = 0;
    int labelled = 0;
    for (JsonNode c : matplotlibCases()) {
      if (!c.get("kind").asText().equals("log")) {
        continue;
      }
      boolean horizontal = c.get("axis").asText().equals("x");
      double vmin = c.get("vmin").asDouble();
      double vmax = c.get("vmax").asDouble();
      Figure fig = Plot.figure(horizontal ? 900 : 500, horizontal ? 400 : 700);
      Axes ax = fig.axes().plot(new double[] {vmin, vmax}, new double[] {vmin, vmax});
      if (horizontal) {
        ax.setXScale("log").setXLim(vmin, vmax);
      } else {
        ax.setYScale("log").setYLim(vmin, vmax);
      }
      fig.toImage();
      double[] majors = horizontal ? ax.xTicks() : ax.yTicks();
      double[] expected = doubles(c.get("visible"));
      boolean sameMajors = expected.length == majors.length;
      for (int i = 0; sameMajors && i < majors.length; i++) {
        sameMajors = Math.abs(expected[i] - majors[i]) <= Math.abs(expected[i]) * 1e-15;
      }
      if (!sameMajors) {
        continue;
      }
      String what = "log " + c.get("axis").asText() + " view [" + vmin + ", " + vmax + "]";
      double[] minor = horizontal ? ax.xMinorTicks() : ax.yMinorTicks();
      String[] labels = horizontal ? ax.xMinorTickLabels() : ax.yMinorTickLabels();
      assertClose(doubles(c.get("minor")), minor, "log", what + " minor ticks");
      assertArrayEquals(strings(c.get("minorLabels")), labels, what + " minor labels");
      compared++;
      withMinors += minor.length > 0 ? 1 : 0;
      labelled += String.join("", labels).isEmpty() ? 0 : 1;
    }
    assertTrue(compared >= 40, "log views compared " + compared);
    assertTrue(withMinors >= 15, "views with minor ticks " + withMinors);
    assertTrue(labelled >= 3, "views with labelled minor ticks " + labelled);
  }

  @Test
  void minorTicksAreEmptyOnLinearAxesAndNeedARender() {
    Figure fig = Plot.figure(400, 300);
    Axes ax = fig.axes().plot(new double[] {0, 1}, new double[] {0, 1});
    assertThrows(IllegalStateException.class, ax::xMinorTicks);
    fig.toImage();
    assertEquals(0, ax.xMinorTicks().length);
    assertEquals(0, ax.yMinorTickLabels().length);
  }

  /**
   * Adjacent tick labels, measured in Myelin's tick font where {@code XyPainter} puts them, never
   * overlap on an axis where matplotlib's own labels (DejaVu Sans 10 pt, measured on its canvas) do
   * not; the number of ticks comes from the axis length in points as in matplotlib.
   */
  @Test
  void tickLabelsNeverCollideWhereMatplotlibsDoNot() throws Exception {
    FontMetrics fm =
        new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB)
            .createGraphics()
            .getFontMetrics(XyPainter.TICK_FONT);
    int checked = 0;
    for (JsonNode c : matplotlibCases()) {
      String kind = c.get("kind").asText();
      boolean horizontal = c.get("axis").asText().equals("x");
      double vmin = c.get("vmin").asDouble();
      double vmax = c.get("vmax").asDouble();
      double length = c.get("lengthPx").asDouble();
      int nbins = Ticks.nbins(length, horizontal);
      Ticks.Scale s =
          kind.equals("log")
              ? Ticks.log(vmin, vmax, nbins)
              : Ticks.linear(vmin, vmax, nbins, kind.equals("integer"));
      if (c.get("labelsOverlap").asBoolean()) {
        continue;
      }
      checked++;
      Rectangle2D previous = null;
      for (int i = 0; i < s.visible().length; i++) {
        double v = s.visible()[i];
        double t =
            kind.equals("log")
                ? (Math.log10(v) - Math.log10(vmin)) / (Math.log10(vmax) - Math.log10(vmin))
                : (v - vmin) / (vmax - vmin);
        // Pixels along the axis: x grows rightwards, y upwards (so the row is length - t*length).
        double at = horizontal ? t * length : (1 - t) * length;
        Rectangle2D box = XyPainter.labelBox(s.labels()[i], at, horizontal, 0, fm);
        if (previous != null) {
          double gap =
              horizontal ? box.getMinX() - previous.getMaxX() : previous.getMinY() - box.getMaxY();
          assertTrue(
              gap >= 0,
              kind
                  + " "
                  + c.get("axis").asText()
                  + " axis of "
                  + length
                  + " px, view ["
                  + vmin
                  + ", "
                  + vmax
                  + "]: labels '"
                  + s.labels()[i - 1]
                  + "' and '"
                  + s.labels()[i]
                  + "' overlap by "
                  + -gap
                  + " px");
        }
        previous = box;
      }
    }
    assertTrue(checked > 250, "views checked " + checked);
  }

  /**
   * Narrow and flat figures with long labels (offsets, powers of ten, six-digit numbers): on the
   * rendered axes, adjacent labels on both axes keep apart, with fewer bins where the axis' own
   * would make them collide.
   */
  @Test
  void renderedNarrowFiguresKeepLabelsApart() {
    FontMetrics fm =
        new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB)
            .createGraphics()
            .getFontMetrics(XyPainter.TICK_FONT);
    double[][] ranges = {
      {123456.7, 123457.9}, {-0.000025, 0.000031}, {100000, 900000}, {-1.5, 1234.5}, {0.001, 0.0013}
    };
    // 480 x 160 (six-digit labels) and 400 x 300 (0.00105...) collide at the axis' own nbins:
    // fewer bins keep them apart. (Where even two ticks collide, as six digits on a 160-pixel
    // axis, MaxNLocator's min_n_ticks=2 keeps them, in matplotlib too.)
    int[][] sizes = {{300, 480}, {480, 160}, {400, 300}};
    int pairs = 0;
    for (double[] r : ranges) {
      for (int[] size : sizes) {
        Figure fig = Plot.figure(size[0], size[1]);
        Axes ax = fig.axes().plot(new double[] {r[0], r[1]}, new double[] {r[1], r[0]});
        fig.toImage();
        Frame f = ax.frame();
        for (boolean horizontal : new boolean[] {true, false}) {
          double[] ticks = horizontal ? ax.xTicks() : ax.yTicks();
          String[] labels = horizontal ? ax.xTickLabels() : ax.yTickLabels();
          for (int i = 1; i < ticks.length; i++) {
            double a = horizontal ? f.x(ticks[i - 1]) : f.y(ticks[i - 1]);
            double b = horizontal ? f.x(ticks[i]) : f.y(ticks[i]);
            Rectangle2D p = XyPainter.labelBox(labels[i - 1], a, horizontal, 0, fm);
            Rectangle2D q = XyPainter.labelBox(labels[i], b, horizontal, 0, fm);
            assertTrue(
                !p.intersects(q),
                size[0]
                    + "x"
                    + size[1]
                    + " view "
                    + r[0]
                    + ".."
                    + r[1]
                    + ": '"
                    + labels[i - 1]
                    + "' "
                    + p
                    + " and '"
                    + labels[i]
                    + "' "
                    + q
                    + " overlap");
            pairs++;
          }
        }
      }
    }
    assertTrue(pairs > 40, "label pairs checked " + pairs);
  }

  /**
   * A log axis over 2..17 crosses one decade boundary: matplotlib draws minor ticks at 2..9 and 20,
   * labels 2, 3, 4, 6 times each decade (spans over 0.4 decades) and the decade 10¹.
   */
  @Test
  void logAxisOfOneDecadeLabelsItsMinorTicks() throws Exception {
    Path dir = Rendered.outputDir(temp);
    Figure fig = Plot.figure(640, 480);
    Axes ax =
        fig.axes()
            .plot(new double[] {2, 5, 17}, new double[] {1, 3, 2})
            .setXScale("log")
            .setTitle("One decade");
    Rendered r = Rendered.save(fig, dir, "ticks-log-minor");
    assertArrayEquals(new String[] {"10\u00b9"}, ax.xTickLabels());
    String texts = r.svgTexts();
    for (String minor : new String[] {"2\u00d710\u2070", "3\u00d710\u2070", "6\u00d710\u2070"}) {
      assertTrue(texts.contains("|" + minor + "|"), minor + " drawn: " + texts);
    }
    assertTrue(!texts.contains("5\u00d710\u2070"), "5 is not among matplotlib's labelled subs");
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
