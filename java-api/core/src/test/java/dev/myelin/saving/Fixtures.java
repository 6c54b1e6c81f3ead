package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fixture files written by tests/fixtures/generate_keras_fixtures.py and their h5py dumps. */
final class Fixtures {
  private Fixtures() {}

  /** One dataset line of a dump: {@code path|shape|dtype|values}. */
  record Line(String path, long[] shape, String dtype, double[] values) {}

  /** Asserts that the weights file {@code weights} holds a group for each of {@code layerPaths}. */
  static void assertHoldsLayers(Path weights, String... layerPaths) {
    var layers = WeightsFile.read(weights).layers().keySet();
    assertTrue(layers.containsAll(List.of(layerPaths)), layers.toString());
  }

  static Path resource(String name) {
    URL url = Fixtures.class.getResource("/dev/myelin/saving/" + name);
    assertNotNull(url, "fixture " + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Line> dump(List<String> text) {
    List<Line> out = new ArrayList<>();
    for (String s : text) {
      if (s.isEmpty() || s.startsWith("@")) {
        continue;
      }
      String[] p = s.split("\\|", -1);
      String dims = p[1].substring(1, p[1].length() - 1).trim();
      long[] shape =
          dims.isEmpty()
              ? new long[0]
              : java.util.Arrays.stream(dims.split(","))
                  .mapToLong(d -> Long.parseLong(d.trim()))
                  .toArray();
      double[] values =
          p[3].isEmpty()
              ? new double[0]
              : java.util.Arrays.stream(p[3].split(" ")).mapToDouble(Double::parseDouble).toArray();
      out.add(new Line(p[0], shape, p[2], values));
    }
    return out;
  }

  static List<Line> dumpOf(String fixture) throws IOException {
    return dump(Files.readAllLines(resource(fixture + ".dump")));
  }

  /** Asserts {@code w} holds exactly the dump line's shape and values. */
  static void assertSame(Line expected, WeightArray w) {
    assertArrayEquals(expected.shape(), w.shape(), expected.path());
    double[] got = w.doubles();
    assertEquals(expected.values().length, got.length, expected.path());
    for (int i = 0; i < got.length; i++) {
      assertEquals(expected.values()[i], got[i], 0.0, expected.path() + "[" + i + "]");
    }
  }
}
