package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.data.random.RandomState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDataGeneratorTest {
  static final Path GENERATOR = Path.of("../../../shared/data/book/generator");

  @TempDir Path dir;

  /** Runs {@code body} and returns what it printed. */
  static String printed(ThrowingRunnable body) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** A folder of class subfolders with small PNGs whose top-left pixel encodes class and index. */
  static Path folder(Path root, int[] counts) throws Exception {
    for (int k = 0; k < counts.length; k++) {
      Path c = Files.createDirectories(root.resolve("class_" + (char) ('a' + k)));
      for (int i = 0; i < counts[k]; i++) {
        byte[] px = new byte[6 * 5 * 3];
        px[0] = (byte) (k * 50);
        px[1] = (byte) i;
        for (int j = 3; j < px.length; j++) {
          px[j] = (byte) (j * 7 + k);
        }
        Images.write(new Image(6, 5, 3, px), c.resolve(String.format("img%02d.png", i)));
      }
    }
    Files.writeString(root.resolve("class_a").resolve("notes.txt"), "not an image");
    return root;
  }

  /** The book's chapter 10 augmentation demo (section 10.8). */
  static ImageDataGenerator chapter10Augmentation() {
    return new ImageDataGenerator()
        .rescale(1. / 255)
        .widthShiftRange(0.1)
        .heightShiftRange(0.1)
        .rotationRange(20)
        .shearRange(0.3)
        .zoomRange(0.3)
        .horizontalFlip(true);
  }

  private static Tensor digits(int n) {
    float[] x = new float[n * 8 * 8];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 13) % 17;
    }
    return Tensor.fromArray(x, n, 8, 8, 1);
  }

  @Test
  void bookDigitGeneratorGivesBatchesOf32AndNeverEnds() {
    try (TensorScope s = new TensorScope()) {
      ImageDataGenerator idg =
          new ImageDataGenerator()
              .widthShiftRange(0.1)
              .heightShiftRange(0.1)
              .rotationRange(10)
              .shearRange(0.1)
              .zoomRange(0.1)
              .fillMode("constant");
      Tensor y = Tensor.fromArray(new long[70], 70);
      ArrayIterator it = idg.flow(digits(70), y);
      int[] sizes = new int[7];
      for (int b = 0; b < 7; b++) {
        ImageBatch batch = it.next();
        sizes[b] = (int) batch.x().dim(0);
        assertEquals(batch.x().dim(0), batch.y().dim(0));
      }
      // 70 = 32 + 32 + 6, then the next pass starts again.
      assertArrayEquals(new int[] {32, 32, 6, 32, 32, 6, 32}, sizes);
      assertArrayEquals(new long[] {32, 8, 8, 1}, it.next().x().shape());
      assertTrue(it.hasNext());
      assertEquals(3, it.length());
      it.close();
    }
  }

  @Test
  void seededStreamIsTheSameWithAndWithoutPrefetchAndAcrossPauses() {
    try (TensorScope s = new TensorScope()) {
      ImageDataGenerator idg =
          new ImageDataGenerator().rotationRange(30).zoomRange(0.2).horizontalFlip(true);
      Tensor x = digits(20);
      Tensor y = Tensor.fromArray(new float[20], 20);
      ArrayIterator sync = idg.flow(x, y, 6, true, 3L);
      sync.maxQueueSize(0);
      List<float[]> want = new ArrayList<>();
      for (int b = 0; b < 9; b++) {
        want.add(sync.next().x().toFloatArray());
      }
      ArrayIterator pre = idg.flow(x, y, 6, true, 3L);
      pre.workers(2).maxQueueSize(4);
      for (int b = 0; b < 4; b++) {
        assertArrayEquals(want.get(b), pre.next().x().toFloatArray(), "batch " + b);
      }
      // Stop half-way: the queue is kept across close(), nothing scheduled is lost.
      pre.close();
      for (int b = 4; b < 9; b++) {
        assertArrayEquals(want.get(b), pre.next().x().toFloatArray(), "batch " + b);
      }
      pre.close();
      // Batch 0's first sample is permutation(20)[0] of RandomState(3), transformed with the draws
      // that follow the permutation on the same generator (Keras 2.2's seeding).
      RandomState rs = new RandomState(3);
      int first = rs.permutation(20)[0];
      float[] img = java.util.Arrays.copyOfRange(x.toFloatArray(), first * 64, first * 64 + 64);
      float[] expected = idg.randomTransform(img, 8, 8, 1, rs);
      assertArrayEquals(expected, java.util.Arrays.copyOfRange(want.get(0), 0, 64));
    }
  }

  @Test
  void flipsRescaleAndPreprocessingFunctionAreExact() {
    try (TensorScope s = new TensorScope()) {
      float[] img = {1, 2, 3, 4, 5, 6};
      ImageDataGenerator g = new ImageDataGenerator();
      TransformParameters h = new TransformParameters(0, 0, 0, 0, 1, 1, true, false, null, null);
      assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4}, g.applyTransform(img, 2, 3, 1, h));
      TransformParameters v = new TransformParameters(0, 0, 0, 0, 1, 1, false, true, null, null);
      assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, g.applyTransform(img, 2, 3, 1, v));
      ImageDataGenerator pre =
          new ImageDataGenerator().preprocessingFunction(t -> t.div(127.5).sub(1)).rescale(2);
      float[] out = pre.standardize(new float[] {0, 127.5f, 255}, 1, 3, 1);
      assertArrayEquals(new float[] {-2, 0, 2}, out, 1e-6f);
      assertArrayEquals(
          new float[] {0, 1, 2},
          new ImageDataGenerator()
              .rescale(1 / 255.0)
              .standardize(new float[] {0, 255, 510}, 1, 3, 1),
          1e-6f);
      // Brightness works on the image scaled to 0..255 and truncated, as PIL does.
      TransformParameters b = new TransformParameters(0, 0, 0, 0, 1, 1, false, false, null, 0.5);
      assertArrayEquals(
          new float[] {0, 63, 127}, g.applyTransform(new float[] {0, 0.5f, 1}, 1, 3, 1, b));
    }
  }

  @Test
  void validationSplitTakesTheFirstRowsOfAnArray() {
    try (TensorScope s = new TensorScope()) {
      ImageDataGenerator g = new ImageDataGenerator().validationSplit(0.25);
      Tensor y = Tensor.fromArray(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 8);
      ArrayIterator val =
          g.flow(digits(8), y, new FlowOptions().subset("validation").shuffle(false));
      assertArrayEquals(new float[] {0, 1}, val.next().y().toFloatArray());
      ArrayIterator train =
          g.flow(digits(8), y, new FlowOptions().subset("training").shuffle(false).batchSize(10));
      assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, train.next().y().toFloatArray());
    }
  }

  @Test
  void bookGeneratorFolderPrintsFoundAndYieldsBinaryBatches() throws Exception {
    ImageDataGenerator idg = chapter10Augmentation();
    DirectoryIterator[] it = new DirectoryIterator[1];
    String out =
        printed(
            () ->
                it[0] =
                    idg.flowFromDirectory(
                        GENERATOR, new FlowOptions().targetSize(128, 128).classMode("binary")));
    assertEquals("Found 1 images belonging to 1 classes.\n", out);
    assertEquals(Map.of("class_0", 0), it[0].classIndices());
    assertEquals(List.of("class_0/squirrel.jpeg"), it[0].filenames());
    try (TensorScope s = new TensorScope()) {
      for (int i = 0; i < 3; i++) {
        ImageBatch b = it[0].next();
        assertArrayEquals(new long[] {1, 128, 128, 3}, b.x().shape());
        assertArrayEquals(new float[] {0}, b.y().toFloatArray());
        float[] v = b.x().toFloatArray();
        float max = 0;
        for (float f : v) {
          assertTrue(f >= 0 && f <= 1, "rescaled value " + f);
          max = Math.max(max, f);
        }
        assertTrue(max > 0.5, "an image, not a blank: max " + max);
      }
    }
    it[0].close();
  }

  @Test
  void directoryIndexMatchesKeras() throws Exception {
    Path root = folder(dir.resolve("data"), new int[] {3, 2, 4});
    DirectoryIterator it =
        new ImageDataGenerator()
            .flowFromDirectory(
                root,
                new FlowOptions().targetSize(6, 5).shuffle(false).batchSize(4).classMode("sparse"));
    assertEquals(List.of("class_a", "class_b", "class_c"), List.copyOf(it.classIndices().keySet()));
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2}, it.classes());
    assertEquals("class_a/img00.png", it.filenames().get(0));
    assertEquals("class_c/img03.png", it.filenames().get(8));
    try (TensorScope s = new TensorScope()) {
      ImageBatch b = it.next();
      assertEquals(DType.INT32, b.y().dtype());
      assertArrayEquals(new int[] {0, 0, 0, 1}, b.y().toIntArray());
      float[] x = b.x().toFloatArray();
      // Unshuffled, unaugmented: sample 3 is class_b/img00.png, red 50, green 0.
      assertEquals(50f, x[3 * 90]);
      assertEquals(0f, x[3 * 90 + 1]);
      it.next();
      ImageBatch last = it.next();
      assertArrayEquals(new long[] {1, 6, 5, 3}, last.x().shape());
      DirectoryIterator cat =
          new ImageDataGenerator()
              .flowFromDirectory(
                  root, new FlowOptions().targetSize(3, 3).shuffle(false).colorMode("grayscale"));
      ImageBatch c = cat.next();
      assertArrayEquals(new long[] {9, 3, 3, 1}, c.x().shape());
      assertArrayEquals(new long[] {9, 3}, c.y().shape());
      assertArrayEquals(
          new float[] {0, 1, 0}, java.util.Arrays.copyOfRange(c.y().toFloatArray(), 9, 12));
      DirectoryIterator none =
          new ImageDataGenerator().flowFromDirectory(root, new FlowOptions().classMode(null));
      assertNull(none.next().y());
    }
  }

  @Test
  void directoryValidationSplitIsPerClass() throws Exception {
    Path root = folder(dir.resolve("data"), new int[] {4, 10});
    ImageDataGenerator g = new ImageDataGenerator().validationSplit(0.3);
    String[] out = new String[1];
    DirectoryIterator[] v = new DirectoryIterator[1];
    out[0] =
        printed(
            () ->
                v[0] =
                    g.flowFromDirectory(
                        root, new FlowOptions().subset("validation").shuffle(false)));
    // int(0.3 * 4) = 1 and int(0.3 * 10) = 3 files, the first of each class.
    assertEquals("Found 4 images belonging to 2 classes.\n", out[0]);
    assertEquals(
        List.of("class_a/img00.png", "class_b/img00.png", "class_b/img01.png", "class_b/img02.png"),
        v[0].filenames());
    DirectoryIterator t = g.flowFromDirectory(root, new FlowOptions().subset("training"));
    assertEquals(10, t.samplesCount());
    assertEquals("class_a/img01.png", t.filenames().get(0));
  }

  @Test
  void badInputIsNamedAndAFailedBatchLosesNothing() throws Exception {
    Path root = folder(dir.resolve("data"), new int[] {3, 3});
    Path corrupt = root.resolve("class_b").resolve("img01.png");
    Files.write(corrupt, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    ImageDataGenerator g = new ImageDataGenerator();
    DirectoryIterator ref =
        g.flowFromDirectory(root, new FlowOptions().targetSize(6, 5).shuffle(false).batchSize(2));
    ref.workers(2);
    try (TensorScope s = new TensorScope()) {
      assertArrayEquals(new int[] {0, 1}, ref.next().indices());
      assertArrayEquals(new int[] {2, 3}, ref.next().indices());
      UncheckedIOException e = assertThrows(UncheckedIOException.class, ref::next);
      assertTrue(e.getMessage().contains("img01.png"), e.getMessage());
      // The iterator stays usable: the next pass starts with the first batch again.
      assertArrayEquals(new int[] {0, 1}, ref.next().indices());
      assertEquals(4, ref.batchesServed());
    }
    ref.close();
    Files.createDirectories(root.resolve("class_empty"));
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> g.flowFromDirectory(root));
    assertTrue(empty.getMessage().contains("class_empty"), empty.getMessage());
    Path noImages = Files.createDirectories(dir.resolve("none").resolve("cats"));
    Files.writeString(noImages.resolve("readme.txt"), "x");
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class, () -> g.flowFromDirectory(noImages.getParent()));
    assertTrue(none.getMessage().contains("cats") && none.getMessage().contains("no image"));
    IllegalArgumentException flat =
        assertThrows(IllegalArgumentException.class, () -> g.flowFromDirectory(noImages));
    assertTrue(flat.getMessage().contains("no subfolder"), flat.getMessage());
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> new FlowOptions().targetSize(0, 128));
    assertTrue(
        size.getMessage().startsWith("targetSize") && size.getMessage().contains("[0, 128]"));
    assertThrows(
        java.nio.file.NoSuchFileException.class, () -> g.flowFromDirectory(dir.resolve("nope")));
    IllegalArgumentException mode =
        assertThrows(IllegalArgumentException.class, () -> new FlowOptions().classMode("multi"));
    assertTrue(mode.getMessage().startsWith("classMode"), mode.getMessage());
    try (TensorScope s = new TensorScope()) {
      IllegalArgumentException rank =
          assertThrows(
              IllegalArgumentException.class,
              () -> g.flow(Tensor.fromArray(new float[4], 2, 2), null));
      assertTrue(rank.getMessage().startsWith("x: expected a rank-4"), rank.getMessage());
    }
  }

  @Test
  void chapter10DigitsTrainThroughFitWithStepsPerEpoch() {
    try (TensorScope s = new TensorScope()) {
      ImageDataGenerator idg =
          new ImageDataGenerator()
              .widthShiftRange(0.1)
              .heightShiftRange(0.1)
              .rotationRange(10)
              .shearRange(0.1)
              .zoomRange(0.1)
              .fillMode("constant");
      float[] labels = new float[40 * 3];
      for (int i = 0; i < 40; i++) {
        labels[i * 3 + i % 3] = 1;
      }
      Tensor y = Tensor.fromArray(labels, 40, 3);
      ArrayIterator train = idg.flow(digits(40), y, 16, true, 5L);
      train.stepsPerEpoch(5);
      dev.myelin.models.Sequential m = new dev.myelin.models.Sequential();
      m.add(new dev.myelin.layers.Flatten().inputShape(8, 8, 1));
      m.add(new dev.myelin.layers.Dense(3).activation("softmax"));
      m.compile("adam", "categorical_crossentropy", "accuracy");
      var h =
          m.fit(
              train,
              new dev.myelin.models.FitOptions()
                  .epochs(2)
                  .verbose(0)
                  .validationData(digits(40), y));
      assertEquals(2, h.history().get("val_loss").size());
      // Keras's fit_generator(steps_per_epoch=5): five batches per epoch from the endless stream.
      assertEquals(10, train.batchesServed());
      train.close();
    }
  }
}
