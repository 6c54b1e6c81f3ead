package dev.myelin.data.plot;

import static dev.myelin.data.PythonScripts.doubles;
import static dev.myelin.data.PythonScripts.strings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pies painted by Myelin against matplotlib 3.11's own geometry ({@code
 * tests/fixtures/matplotlib_pie.py}): wedge angles, label and percentage positions, alignments and
 * texts, the (-1.25, 1.25) equal-aspect view, empty ticks; and the rendered pixels and SVG text.
 */
class PieTest {
  private static final double TOL = 1e-12;

  @TempDir Path temp;

  @Test
  void wedgesLabelsAndPercentagesMatchMatplotlib() throws Exception {
    Path json = Files.createTempFile("matplotlib_pie", ".json");
    JsonNode cases;
    try {
      cases = PythonScripts.json("matplotlib_pie.py", Map.of(), json).get("cases");
    } finally {
      Files.deleteIfExists(json);
    }
    assertTrue(cases.size() >= 6, "cases " + cases.size());
    Path dir = Rendered.outputDir(temp);
    int k = 0;
    for (JsonNode c : cases) {
      double[] values = doubles(c.get("values"));
      String[] labels = strings(c.get("labels"));
      String autopct = c.get("autopct").isNull() ? null : c.get("autopct").asText();
      double start = c.get("startangle").asDouble();
      Figure fig = Plot.figure(600, 600);
      Axes ax = fig.axes().pie(values, labels, autopct, start).setTitle("pie " + k);
      Rendered r = Rendered.save(fig, dir, "pie-matplotlib-" + k++);
      String what = "pie " + java.util.Arrays.toString(values) + " start " + start;
      List<PiePainter.Wedge> w = ax.pieWedges();
      assertEquals(values.length, w.size(), what);
      double[] t1 = doubles(c.get("theta1"));
      double[] t2 = doubles(c.get("theta2"));
      String texts = r.svgTexts();
      for (int i = 0; i < w.size(); i++) {
        String wi = what + " wedge " + i;
        assertEquals(t1[i], w.get(i).theta1(), TOL, wi + " theta1");
        assertEquals(t2[i], w.get(i).theta2(), TOL, wi + " theta2");
        JsonNode lp = c.get("labelPos").get(i);
        assertEquals(lp.get(0).asDouble(), w.get(i).labelX(), TOL, wi + " label x");
        assertEquals(lp.get(1).asDouble(), w.get(i).labelY(), TOL, wi + " label y");
        assertEquals(
            c.get("labelHa").get(i).asText().equals("left"),
            w.get(i).labelLeftAligned(),
            wi + " label alignment " + c.get("labelHa").get(i));
        assertTrue(
            ("|" + texts).contains("|" + labels[i] + "|"), wi + " label in the SVG: " + texts);
        if (autopct == null) {
          assertEquals(null, w.get(i).pct(), wi);
        } else {
          String pct = c.get("pctText").get(i).asText();
          assertEquals(pct, w.get(i).pct(), wi + " autopct text");
          JsonNode pp = c.get("pctPos").get(i);
          assertEquals(pp.get(0).asDouble(), w.get(i).pctX(), TOL, wi + " autopct x");
          assertEquals(pp.get(1).asDouble(), w.get(i).pctY(), TOL, wi + " autopct y");
          assertTrue(("|" + texts).contains("|" + pct + "|"), wi + " autopct in the SVG: " + texts);
        }
        // The pixel at 0.85 radius on the wedge's middle angle has the wedge's cycle colour.
        if (t2[i] - t1[i] > 8) {
          double mid = Math.toRadians((t1[i] + t2[i]) / 2);
          Frame f = ax.frame();
          int px = (int) Math.round(f.x(0.85 * Math.cos(mid)));
          int py = (int) Math.round(f.y(0.85 * Math.sin(mid)));
          assertTrue(
              Rendered.near(r.png.getRGB(px, py), Palette.color(i), 2),
              wi
                  + " colour at "
                  + px
                  + ","
                  + py
                  + ": "
                  + Integer.toHexString(r.png.getRGB(px, py)));
        }
      }
      // Equal aspect over (-1.25, 1.25): a square box, one pixel scale for x and y.
      Rectangle2D box = ax.frame().box();
      assertEquals(box.getWidth(), box.getHeight(), 1e-9, what + " square box");
      assertArrayEquals(doubles(c.get("xlim")), new double[] {-1.25, 1.25}, 0.0);
      assertEquals(1.0, c.get("aspect").asDouble(), 0.0);
      assertEquals(ax.frame().x(1.25) - ax.frame().x(-1.25), box.getWidth(), 1e-9);
      assertEquals(ax.frame().y(-1.25) - ax.frame().y(1.25), box.getHeight(), 1e-9);
      // pie() turns the axes off: no ticks, no frame.
      assertEquals(0, doubles(c.get("xticks")).length);
      assertEquals(0, ax.xTicks().length, what + " x ticks");
      assertEquals(0, ax.yTicks().length, what + " y ticks");
      assertEquals(0, ax.xTickLabels().length + ax.yTickLabels().length, what + " tick labels");
      assertEquals(
          0,
          r.count(
              Color.BLACK,
              60,
              (int) box.getX() - 3,
              (int) box.getMaxY() - 2,
              (int) box.getMaxX() + 3,
              (int) box.getMaxY() + 3),
          what + " no frame line under the pie");
    }
  }

  @Test
  void defaultsAreTheBooksCallAndBadFormatsAreNamed() {
    Figure fig = Plot.figure(400, 400);
    Axes ax = fig.axes().pie(new double[] {1, 1}, new String[] {"a", "b"});
    fig.toImage();
    // plt.pie(values, labels, autopct='%1.1f%%', startangle=90).
    assertEquals(90.0, ax.pieWedges().get(0).theta1(), 0.0);
    assertEquals("50.0%", ax.pieWedges().get(0).pct());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Plot.figure(400, 400).axes().pie(new double[] {1}, new String[] {"a"}, "%d", 0));
    assertTrue(e.getMessage().contains("pie: argument 'autopct'"), e.getMessage());
    assertTrue(e.getMessage().contains("'%d'"), e.getMessage());
  }
}
