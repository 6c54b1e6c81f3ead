package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.data;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.callbacks.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example figures of issue 17 read as a reader expects: their SVG twins (text kept as text)
 * carry titles, and tick labels that are short round numbers, never raw doubles such as {@code
 * 67.24932806127566} or half-pixel image ticks such as {@code -0.50}.
 */
class FigureTextTest {
  private static final Pattern TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");
  private static final Pattern NUMBER = Pattern.compile("[\u2212-]?\\d+(\\.\\d+)?");

  @TempDir Path out;

  static List<String> texts(Path png) throws Exception {
    Path svg = png.resolveSibling(png.getFileName().toString().replace(".png", ".svg"));
    assertTrue(Files.isRegularFile(svg), "no SVG beside " + png);
    List<String> texts = new ArrayList<>();
    Matcher m = TEXT.matcher(Files.readString(svg));
    while (m.find()) {
      texts.add(m.group(1).trim());
    }
    return texts;
  }

  /** Asserts the figure has a title and at least {@code minTicks} tick labels, all short. */
  static void assertReadable(Path png, String title, int minTicks) throws Exception {
    List<String> texts = texts(png);
    assertTrue(texts.contains(title), png.getFileName() + " title '" + title + "' in " + texts);
    int ticks = 0;
    for (String t : texts) {
      if (NUMBER.matcher(t).matches()) {
        ticks++;
        assertTrue(t.length() <= 7, png.getFileName() + ": long tick label " + t);
        assertFalse(t.matches("[\u2212-]?\\d+\\.50"), png.getFileName() + ": half-pixel tick " + t);
      }
    }
    assertTrue(ticks >= minTicks, png.getFileName() + ": " + ticks + " tick labels in " + texts);
  }

  @Test
  void dataExplorationFiguresHaveRoundTicksAndTitles() throws Exception {
    DataExploration.Result r = DataExploration.run(data(), out, false);
    assertReadable(out.resolve("hexbin.png"), "Hexbin", 8);
    assertReadable(out.resolve("hist2d.png"), "2-D histogram", 8);
    assertReadable(out.resolve("hist.png"), "Height distribution", 8);
    assertReadable(out.resolve("hist-cumulative.png"), "Cumulative density", 8);
    List<String> image = texts(out.resolve("imshow.png"));
    for (String t : image) {
      assertTrue(t.matches("\\d+"), "image ticks are pixel numbers: " + t);
    }
    assertTrue(image.size() >= 8, "image ticks " + image);
    assertTrue(r.plots().size() >= 12);
  }

  @Test
  void comparisonCurvesThatCoincideKeepDistinctStyles() throws Exception {
    // Momentum and Nesterov (and three initializers) can give the same curve: styles tell them
    // apart where colours overlap.
    Map<String, History> runs = new LinkedHashMap<>();
    for (String name : new String[] {"momentum", "nesterov", "plain"}) {
      History h = new History();
      for (int e = 0; e < 10; e++) {
        h.onEpochEnd(e, Map.of("loss", 1.0 / (e + 1), "accuracy", 1 - 0.5 / (e + 1)));
      }
      runs.put(name, h);
    }
    List<Path> files = BanknoteData.savePlots(runs, out, "optimizer");
    String svg = Files.readString(out.resolve("accuracy.svg"));
    assertTrue(svg.contains("stroke-dasharray"), "dashed runs");
    List<String> texts = texts(files.get(1));
    assertTrue(texts.containsAll(List.of("momentum", "nesterov", "plain")), "legend " + texts);
    assertTrue(texts.contains("Accuracy by optimizer") && texts.contains("Epochs"), "" + texts);
  }

  @Test
  void moonsBoundariesAreTitled() throws Exception {
    MoonsShallowDeep.Result r = MoonsShallowDeep.run(out, 20, 10, 0);
    for (var s : List.of(r.shallow(), r.relu(), r.tanh())) {
      List<String> texts = texts(s.plot());
      assertTrue(
          texts.stream().anyMatch(t -> t.contains("model: train accuracy")),
          s.plot().getFileName() + " has a title: " + texts);
      assertTrue(texts.contains("x1") && texts.contains("x2"), "axis labels " + texts);
    }
  }
}
