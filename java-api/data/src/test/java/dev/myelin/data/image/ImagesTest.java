package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
  static final Path BOOK = Path.of("../../../shared/data/book");

  @TempDir Path dir;

  static Path book(String name) {
    Path p = BOOK.resolve(name);
    assertTrue(Files.exists(p), "book data file missing: " + p.toAbsolutePath().normalize());
    return p;
  }

  @Test
  void issJpgLoadsAsPilDoes() throws Exception {
    Image iss = Images.read(book("iss.jpg"));
    assertArrayEquals(new int[] {435, 640, 3}, iss.shape());
    assertEquals(835200, iss.pixels().length);
    // PIL 12 (libjpeg-turbo) values; JPEG decoders may round the IDCT differently, so +-2.
    int[][] expected = {
      {0, 0, 139, 169, 207},
      {100, 200, 84, 117, 162},
      {217, 320, 178, 164, 153},
      {434, 639, 255, 255, 255},
      {300, 50, 111, 122, 154}
    };
    for (int[] e : expected) {
      for (int c = 0; c < 3; c++) {
        int got = iss.get(e[0], e[1], c);
        assertTrue(
            Math.abs(got - e[2 + c]) <= 2,
            "iss[" + e[0] + "," + e[1] + "," + c + "] = " + got + ", PIL " + e[2 + c]);
      }
    }
    float[] f = iss.toFloats(1 / 255.0);
    assertEquals(139 / 255f, f[0], 2 / 255f);
  }

  @Test
  void pngRoundTripsExactlyForGreyRgbAndRgba() throws Exception {
    for (int channels : new int[] {1, 3, 4}) {
      byte[] px = new byte[3 * 5 * channels];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) (i * 37 + 11);
      }
      Image img = new Image(3, 5, channels, px);
      Path p = dir.resolve("img" + channels + ".png");
      Images.write(img, p);
      Image back = Images.read(p);
      assertEquals(img, back, channels + " channels");
    }
  }

  @Test
  void readsJavaWrittenGreyAndAlphaPngsWithTheirChannels() throws Exception {
    BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 0, 0, 200);
    Path p = dir.resolve("grey.png");
    ImageIO.write(grey, "png", p.toFile());
    Image g = Images.read(p);
    assertArrayEquals(new int[] {2, 4, 1}, g.shape());
    assertEquals(200, g.get(0, 1, 0), "grey values are raw, not gamma-converted");
    BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(1, 1, 0x80102030);
    Path q = dir.resolve("argb.png");
    ImageIO.write(argb, "png", q.toFile());
    Image a = Images.read(q);
    assertArrayEquals(new int[] {2, 2, 4}, a.shape());
    assertArrayEquals(
        new int[] {0x10, 0x20, 0x30, 0x80},
        new int[] {a.get(1, 1, 0), a.get(1, 1, 1), a.get(1, 1, 2), a.get(1, 1, 3)});
  }

  @Test
  void jpegRoundTripIsClose() throws Exception {
    byte[] px = new byte[16 * 16 * 3];
    java.util.Arrays.fill(px, (byte) 120);
    Path p = dir.resolve("flat.jpg");
    Images.write(new Image(16, 16, 3, px), p);
    Image back = Images.read(p);
    assertArrayEquals(new int[] {16, 16, 3}, back.shape());
    assertTrue(
        Math.abs(back.get(8, 8, 1) - 120) <= 3, "flat colour survives JPEG: " + back.get(8, 8, 1));
  }

  private static Image grey2x2() {
    return new Image(2, 2, 1, new byte[] {0, 100, (byte) 200, (byte) 255});
  }

  private static int[] values(Image img) {
    int[] v = new int[img.pixels().length];
    for (int i = 0; i < v.length; i++) {
      v[i] = img.pixels()[i] & 0xff;
    }
    return v;
  }

  @Test
  void nearestResizeRepeatsAndPicksCentres() {
    Image up = Images.resize(grey2x2(), 4, 4, Interpolation.NEAREST);
    assertArrayEquals(
        new int[] {0, 0, 100, 100, 0, 0, 100, 100, 200, 200, 255, 255, 200, 200, 255, 255},
        values(up));
    // 4 -> 2 takes source pixels floor((i + 0.5) * 2) = 1 and 3.
    Image down = Images.resize(up, 2, 2, Interpolation.NEAREST);
    assertArrayEquals(new int[] {0, 100, 200, 255}, values(down));
    Image row = new Image(1, 4, 1, new byte[] {10, 20, 30, 40});
    assertArrayEquals(new int[] {20, 40}, values(Images.resize(row, 1, 2, Interpolation.NEAREST)));
  }

  @Test
  void bilinearResizeUsesHalfPixelCentres() {
    Image up = Images.resize(grey2x2(), 4, 4, Interpolation.BILINEAR);
    // Source coordinates (i + 0.5) / 2 - 0.5 = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (to 1).
    // Rows 1 and 2 mix rows 0 and 3 by 0.75/0.25 and 0.25/0.75, rounded half up.
    assertArrayEquals(
        new int[] {0, 25, 75, 100, 50, 72, 117, 139, 150, 167, 200, 216, 200, 214, 241, 255},
        values(up));
    Image row = new Image(1, 4, 1, new byte[] {10, 20, 30, 40});
    // 4 -> 2: source x = 0.5 and 2.5, the means of neighbours.
    assertArrayEquals(new int[] {15, 35}, values(Images.resize(row, 1, 2, Interpolation.BILINEAR)));
    Image rgb = new Image(1, 1, 3, new byte[] {1, 2, 3});
    assertArrayEquals(
        new int[] {1, 2, 3, 1, 2, 3}, values(Images.resize(rgb, 1, 2, Interpolation.BILINEAR)));
  }

  @Test
  void badInputNamesTheFileOrArgument() throws Exception {
    Path missing = dir.resolve("nope.jpg");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Images.read(missing));
    assertTrue(e.getMessage().contains("nope.jpg"), e.getMessage());
    Path text = dir.resolve("notes.png");
    Files.writeString(text, "not an image");
    java.io.IOException io = assertThrows(java.io.IOException.class, () -> Images.read(text));
    assertTrue(io.getMessage().contains("notes.png"), io.getMessage());
    IllegalArgumentException a =
        assertThrows(
            IllegalArgumentException.class, () -> Images.write(grey2x2(), dir.resolve("x.gif")));
    assertTrue(a.getMessage().startsWith("path"), a.getMessage());
    a =
        assertThrows(
            IllegalArgumentException.class,
            () -> Images.write(new Image(1, 1, 4, new byte[4]), dir.resolve("x.jpg")));
    assertTrue(a.getMessage().contains("JPEG"), a.getMessage());
    a = assertThrows(IllegalArgumentException.class, () -> new Image(2, 2, 3, new byte[5]));
    assertTrue(
        a.getMessage().startsWith("pixels") && a.getMessage().contains("12"), a.getMessage());
    a =
        assertThrows(
            IllegalArgumentException.class,
            () -> Images.resize(grey2x2(), 0, 2, Interpolation.NEAREST));
    assertTrue(a.getMessage().startsWith("height"), a.getMessage());
  }
}
