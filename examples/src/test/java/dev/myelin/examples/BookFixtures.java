package dev.myelin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Shared by the book acceptance tests: the data folder and checks of written plots. */
final class BookFixtures {
  private BookFixtures() {}

  /** The book's data, resolved from the examples module directory. */
  static Path data() {
    Path dir = Path.of("../../shared/data/book");
    assertTrue(
        Files.isDirectory(dir),
        "the book's data folder is missing: expected "
            + dir.toAbsolutePath().normalize()
            + " (the shared data checkout next to the repository)");
    return dir;
  }

  /** Asserts {@code png} is a real picture: decodable, at least 200x200, many colours. */
  static void assertPlot(Path png, int minColours) {
    assertTrue(Files.isRegularFile(png), "no plot written at " + png);
    BufferedImage img;
    try {
      img = ImageIO.read(png.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read " + png, e);
    }
    assertTrue(img != null, png + " is not a PNG");
    assertTrue(
        img.getWidth() >= 200 && img.getHeight() >= 200,
        png + " is only " + img.getWidth() + "x" + img.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertTrue(
        colours.size() >= minColours,
        png + " has only " + colours.size() + " distinct colours (expected >= " + minColours + ")");
  }

  /** Relative comparison for the book's floating-point figures (numpy sums pairwise). */
  static void assertClose(double expected, double actual, double relTol, String what) {
    assertEquals(expected, actual, Math.abs(expected) * relTol, what);
  }

  /** {@code value} printed with {@code decimals} decimals, as the book prints it. */
  static String round(double value, int decimals) {
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
  }
}
