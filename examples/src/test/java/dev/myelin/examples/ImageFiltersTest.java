package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertPlot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appendix (ch.14) image filters: scipy's convolve2d of a digit with the book's 3x3 filters. */
class ImageFiltersTest {
  @TempDir Path out;

  /**
   * scipy's convolve2d(img, f, 'valid') at (i, j), written out: sum f[p][q] * img[i+2-p][j+2-q].
   */
  private static long convolved(long[][] img, long[][] f, int i, int j) {
    long s = 0;
    for (int p = 0; p < 3; p++) {
      for (int q = 0; q < 3; q++) {
        s += f[p][q] * img[i + 2 - p][j + 2 - q];
      }
    }
    return s;
  }

  private static void checkFiltered(ImageFilters.Result r) {
    assertEquals(4, r.filtered().length);
    for (int k = 0; k < 4; k++) {
      long[][] c = r.filtered()[k];
      assertEquals(26, c.length);
      assertEquals(26, c[0].length);
      for (int i = 0; i < 26; i++) {
        for (int j = 0; j < 26; j++) {
          assertEquals(
              convolved(r.image(), ImageFilters.FILTERS[k], i, j),
              c[i][j],
              "f" + (k + 1) + " at " + i + "," + j);
        }
      }
    }
  }

  @Test
  void drawnDigitFilteredAsScipyDoes() {
    ImageFilters.Result r = ImageFilters.run(null, out);
    assertTrue(r.source().startsWith("a drawn 7"), r.source());
    checkFiltered(r);
    // The horizontal-edge filter f3 (convolution flips it: row below minus row above) answers
    // the top edge of the bar (rows 6-7, columns 6-21) with -3 * 255 inside the bar's span.
    assertEquals(-3 * 255, r.filtered()[2][4][10]);
    assertEquals(0, r.filtered()[2][0][0]);
    assertPlot(r.plot(), 10);
  }

  @Test
  void mnistIdxFileIsRead() throws Exception {
    // an idx3 file with one 28x28 image whose pixel (r, c) is (r * 28 + c) % 256
    ByteBuffer b = ByteBuffer.allocate(16 + 784);
    b.putInt(0x803).putInt(1).putInt(28).putInt(28);
    for (int i = 0; i < 784; i++) {
      b.put((byte) (i % 256));
    }
    Path dir = Files.createDirectories(out.resolve("mnist"));
    Files.write(dir.resolve("train-images-idx3-ubyte"), b.array());
    assertEquals(dir, ImageFilters.mnistDir(dir.toString()));
    ImageFilters.Result r = ImageFilters.run(dir, out);
    assertEquals(255, r.image()[9][3]);
    assertTrue(r.source().startsWith("MNIST x_train[0]"), r.source());
    checkFiltered(r);
    assertThrows(
        IllegalArgumentException.class,
        () -> ImageFilters.mnistDir(out.resolve("none").toString()));
  }
}
