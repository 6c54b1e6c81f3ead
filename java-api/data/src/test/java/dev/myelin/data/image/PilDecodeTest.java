package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Decodes and {@code load_img} results against Pillow 13 (libjpeg-turbo), from the fixture that
 * tests/fixtures/generate_image_fixtures.py wrote. JPEG decoders may round the inverse DCT and the
 * chroma upsampling differently, so the test allows {@value #TOLERANCE} levels per value and a mean
 * of {@value #MEAN_TOLERANCE}; measured on JDK 17's ImageIO, every compared value of these 24
 * images equals PIL's (difference 0). Nearest resizing and the grey conversion are also checked
 * exactly against our own decode in ImageFoldersTest.
 */
class PilDecodeTest {
  static final int TOLERANCE = 2;
  static final double MEAN_TOLERANCE = 0.1;
  static final Map<String, Object> PIL = Fixtures.load("images.json");

  /**
   * Compares every {@code step}-th row and column of {@code img} with PIL's bytes; returns stats.
   */
  private static double[] compare(String what, Image img, Map<String, Object> ref) {
    @SuppressWarnings("unchecked")
    List<Object> shape = (List<Object>) ref.get("shape");
    int step = ref.containsKey("step") ? ((Number) ref.get("step")).intValue() : 1;
    assertEquals(((Number) shape.get(0)).intValue(), img.height(), what + " height");
    assertEquals(((Number) shape.get(1)).intValue(), img.width(), what + " width");
    byte[] want = Base64.getDecoder().decode((String) ref.get("bytes"));
    int c = img.channels();
    int k = 0;
    int worst = 0;
    double sum = 0;
    for (int y = 0; y < img.height(); y += step) {
      for (int x = 0; x < img.width(); x += step) {
        for (int ch = 0; ch < c; ch++) {
          int d = Math.abs(img.get(y, x, ch) - (want[k++] & 0xff));
          worst = Math.max(worst, d);
          sum += d;
        }
      }
    }
    assertEquals(want.length, k, what + ": compared values");
    double mean = sum / k;
    assertTrue(worst <= TOLERANCE, what + ": largest difference from PIL " + worst);
    assertTrue(mean <= MEAN_TOLERANCE, what + ": mean difference from PIL " + mean);
    System.out.printf("PilDecodeTest %s: max %d, mean %.3f levels%n", what, worst, mean);
    return new double[] {worst, mean};
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ref(String key) {
    return (Map<String, Object>) PIL.get(key);
  }

  @Test
  void bookImagesDecodeAndLoadLikeKeras22() throws Exception {
    Path iss = ImagesTest.book("iss.jpg");
    compare("iss.jpg", Images.read(iss), ref("iss"));
    compare(
        "load_img(iss.jpg, (299, 299))",
        Images.loadImg(iss, new int[] {299, 299}),
        ref("iss_299_nearest"));
    compare(
        "load_img(iss.jpg, grayscale)",
        Images.loadImg(iss, null, ColorMode.GRAYSCALE, Interpolation.NEAREST),
        ref("iss_grayscale"));
    compare(
        "load_img(squirrel.jpeg, (128, 128))",
        Images.loadImg(
            ImageDataGeneratorTest.GENERATOR.resolve("class_0/squirrel.jpeg"),
            new int[] {128, 128}),
        ref("squirrel_128_nearest"));
  }

  @Test
  void cifarJpegsDecodeLikePil() throws Exception {
    Map<String, Object> cifar = ref("cifar");
    assertEquals(20, cifar.size());
    try (ZipFile zip = new ZipFile(ImageFoldersTest.CIFAR_ZIP.toFile())) {
      for (Map.Entry<String, Object> e : cifar.entrySet()) {
        try (InputStream in = zip.getInputStream(zip.getEntry(e.getKey()))) {
          Image img = Images.read(in, e.getKey());
          assertArrayEquals(new int[] {32, 32, 3}, img.shape());
          compare(e.getKey(), img, Map.of("shape", List.of(32L, 32L, 3L), "bytes", e.getValue()));
        }
      }
    }
  }
}
