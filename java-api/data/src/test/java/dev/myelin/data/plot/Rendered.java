package dev.myelin.data.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** A figure saved as PNG and SVG, read back, with pixel queries for assertions. */
final class Rendered {
  final BufferedImage png;
  final Document svg;
  final String svgText;

  private Rendered(BufferedImage png, Document svg, String svgText) {
    this.png = png;
    this.svg = svg;
    this.svgText = svgText;
  }

  /**
   * Where a test saves its figures: {@code MYELIN_PLOT_OUT} when set (to keep them for a look by
   * eye), else the test's temporary folder.
   */
  static Path outputDir(Path temp) throws java.io.IOException {
    String keep = System.getenv("MYELIN_PLOT_OUT");
    return keep == null ? temp : java.nio.file.Files.createDirectories(Path.of(keep));
  }

  /**
   * Saves {@code fig} as NAME.png and NAME.svg under {@code dir}, checks size and XML, reads both.
   */
  static Rendered save(Figure fig, Path dir, String name) throws Exception {
    Path png = dir.resolve(name + ".png");
    Path svg = dir.resolve(name + ".svg");
    fig.savePng(png);
    fig.saveSvg(svg);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(fig.width(), img.getWidth(), name + ".png width");
    assertEquals(fig.height(), img.getHeight(), name + ".png height");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    // The SVG names the W3C DTD; parsing must not go to the network.
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getLocalName(), name + ".svg root element");
    return new Rendered(img, doc, java.nio.file.Files.readString(svg));
  }

  /** The element names used in the SVG. */
  Set<String> svgElements() {
    Set<String> names = new HashSet<>();
    NodeList all = svg.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      names.add(all.item(i).getLocalName());
    }
    return names;
  }

  /** Asserts the SVG uses each element kind. */
  void assertSvgHas(String... elements) {
    Set<String> names = svgElements();
    for (String e : elements) {
      assertTrue(names.contains(e), "SVG lacks <" + e + ">, has " + names);
    }
  }

  /** The text content of all SVG text elements, joined by '|'. */
  String svgTexts() {
    StringBuilder sb = new StringBuilder();
    NodeList texts = svg.getElementsByTagNameNS("*", "text");
    for (int i = 0; i < texts.getLength(); i++) {
      sb.append(texts.item(i).getTextContent()).append('|');
    }
    return sb.toString();
  }

  /**
   * Pixels within {@code tol} (per channel) of {@code color} inside the box [x0, x1) x [y0, y1).
   */
  int count(Color color, int tol, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < Math.min(png.getHeight(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(png.getWidth(), x1); x++) {
        if (near(png.getRGB(x, y), color, tol)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Pixels near {@code color} in the whole image. */
  int count(Color color, int tol) {
    return count(color, tol, 0, 0, png.getWidth(), png.getHeight());
  }

  /** The mean {x, y} of pixels near {@code color}, or null if there are none. */
  double[] centroid(Color color, int tol) {
    double sx = 0;
    double sy = 0;
    int n = 0;
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        if (near(png.getRGB(x, y), color, tol)) {
          sx += x;
          sy += y;
          n++;
        }
      }
    }
    return n == 0 ? null : new double[] {sx / n, sy / n};
  }

  /** In column {@code x}, the number of pixels near {@code color}. */
  int columnCount(int x, Color color, int tol) {
    return count(color, tol, x, 0, x + 1, png.getHeight());
  }

  static boolean near(int rgb, Color c, int tol) {
    return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tol
        && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tol
        && Math.abs((rgb & 0xff) - c.getBlue()) <= tol;
  }

  /** {@code color} at {@code alpha} over white, as a PNG pixel shows it. */
  static Color overWhite(Color color, double alpha) {
    return new Color(
        (int) Math.round(color.getRed() * alpha + 255 * (1 - alpha)),
        (int) Math.round(color.getGreen() * alpha + 255 * (1 - alpha)),
        (int) Math.round(color.getBlue() * alpha + 255 * (1 - alpha)));
  }
}
