package dev.myelin.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image IO on the shared data: iss.jpg, the CIFAR-10 JPEG zip, and Keras 3's folder dataset. */
class ImageFoldersTest {
  static final Path CIFAR_ZIP = Path.of("../../../shared/data/cifar10-jpeg/cifar10-jpeg.zip");
  static final List<String> CLASSES = List.of("airplane", "cat", "ship");

  @TempDir static Path unzipped;

  /** Unzips the first 24 test images of three CIFAR-10 classes (the data stays in shared/). */
  @BeforeAll
  static void unzipSome() throws Exception {
    assertTrue(Files.exists(CIFAR_ZIP), "CIFAR-10 JPEG zip missing: " + CIFAR_ZIP.toAbsolutePath());
    try (ZipFile zip = new ZipFile(CIFAR_ZIP.toFile())) {
      for (String c : CLASSES) {
        Path d = Files.createDirectories(unzipped.resolve("cifar").resolve(c));
        for (int i = 0; i < 24; i++) {
          String name = String.format("test/%s/%04d.jpg", c, i);
          ZipEntry e = zip.getEntry(name);
          assertTrue(e != null, "zip entry " + name);
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, d.resolve(String.format("%04d.jpg", i)));
          }
        }
      }
    }
  }

  @Test
  void cifarZipDecodesInPlaceAsTenClassesOf32By32Rgb() throws Exception {
    Map<String, Integer> perClass = new LinkedHashMap<>();
    int decoded = 0;
    try (ZipFile zip = new ZipFile(CIFAR_ZIP.toFile())) {
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        if (e.isDirectory() || !e.getName().startsWith("test/")) {
          continue;
        }
        String cls = e.getName().split("/")[1];
        int k = perClass.merge(cls, 1, Integer::sum);
        if (k <= 5) {
          try (InputStream in = zip.getInputStream(e)) {
            Image img = Images.read(in, e.getName());
            assertArrayEquals(new int[] {32, 32, 3}, img.shape(), e.getName());
            decoded++;
          }
        }
      }
    }
    assertEquals(10, perClass.size());
    for (int n : perClass.values()) {
      assertEquals(1000, n);
    }
    assertEquals(50, decoded);
  }

  @Test
  void loadImgResizesWithNearestAndConvertsLikePil() throws Exception {
    Path iss = ImagesTest.book("iss.jpg");
    Image full = Images.read(iss);
    Image small = Images.loadImg(iss, new int[] {299, 299});
    assertArrayEquals(new int[] {299, 299, 3}, small.shape());
    // Nearest: output (y, x) is source (floor((y + .5) * 435 / 299), floor((x + .5) * 640 / 299)).
    for (int[] yx : new int[][] {{0, 0}, {150, 150}, {298, 298}, {17, 250}}) {
      int sy = (int) Math.floor((yx[0] + 0.5) * 435 / 299.0);
      int sx = (int) Math.floor((yx[1] + 0.5) * 640 / 299.0);
      for (int c = 0; c < 3; c++) {
        assertEquals(full.get(sy, sx, c), small.get(yx[0], yx[1], c));
      }
    }
    try (TensorScope s = new TensorScope()) {
      Tensor t = Images.imgToArray(small);
      assertArrayEquals(new long[] {299, 299, 3}, t.shape());
      assertEquals(DType.FLOAT32, t.dtype());
      assertEquals(small.get(0, 0, 0), t.toFloatArray()[0]);
    }
    Image grey = Images.loadImg(iss, null, ColorMode.GRAYSCALE, Interpolation.NEAREST);
    assertArrayEquals(new int[] {435, 640, 1}, grey.shape());
    // PIL's L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16 of the decoded pixel.
    int r = full.get(100, 200, 0);
    int g = full.get(100, 200, 1);
    int b = full.get(100, 200, 2);
    assertEquals((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16, grey.get(100, 200, 0));
    Image rgba = Images.convert(new Image(1, 1, 1, new byte[] {(byte) 200}), ColorMode.RGBA);
    assertArrayEquals(
        new int[] {200, 200, 200, 255},
        new int[] {rgba.get(0, 0, 0), rgba.get(0, 0, 1), rgba.get(0, 0, 2), rgba.get(0, 0, 3)});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Images.loadImg(iss, new int[] {299}));
    assertTrue(e.getMessage().startsWith("targetSize"), e.getMessage());
    Path corrupt = unzipped.resolve("broken.jpg");
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(iss), 600);
    Files.write(corrupt, head);
    java.io.IOException io =
        assertThrows(java.io.IOException.class, () -> Images.loadImg(corrupt, null));
    assertTrue(io.getMessage().contains("broken.jpg"), io.getMessage());
  }

  @Test
  void keras3DatasetListsShufflesAndSplitsAsKeras() throws Exception {
    Path root = unzipped.resolve("cifar");
    ImageDirectoryDataset[] ds = new ImageDirectoryDataset[1];
    String out =
        ImageDataGeneratorTest.printed(
            () ->
                ds[0] =
                    ImageDirectoryDataset.imageDatasetFromDirectory(
                        root,
                        new DirectoryDatasetOptions()
                            .imageSize(16, 16)
                            .batchSize(10)
                            .seed(1337L)
                            .validationSplit(0.25)
                            .subset("training")));
    assertEquals("Found 72 files belonging to 3 classes.\nUsing 54 files for training.\n", out);
    assertEquals(CLASSES, ds[0].classNames());
    // numpy's RandomState(1337).shuffle over Keras's sorted index, then the first 54.
    List<String> sorted = new ArrayList<>();
    for (String c : CLASSES) {
      for (int i = 0; i < 24; i++) {
        sorted.add(c + "/" + String.format("%04d.jpg", i));
      }
    }
    JsonNode want =
        ScipyReference.ask(Map.of("shuffle", Map.of("seed", 1337, "items", sorted)), unzipped)
            .get("shuffled");
    for (int i = 0; i < 54; i++) {
      assertEquals(want.get(i).asText(), ds[0].filePaths().get(i));
      assertEquals(CLASSES.indexOf(want.get(i).asText().split("/")[0]), ds[0].labels()[i]);
    }
    ImageDirectoryDataset val =
        ImageDirectoryDataset.imageDatasetFromDirectory(
            root,
            new DirectoryDatasetOptions()
                .imageSize(16, 16)
                .seed(1337L)
                .validationSplit(0.25)
                .subset("validation")
                .verbose(false));
    // The two subsets of one seed split the files without overlap.
    java.util.Set<String> all = new java.util.HashSet<>(ds[0].filePaths());
    all.addAll(val.filePaths());
    assertEquals(18, val.filePaths().size());
    assertEquals(72, all.size());
    try (TensorScope s = new TensorScope()) {
      ImageBatch b = ds[0].next();
      assertArrayEquals(new long[] {10, 16, 16, 3}, b.x().shape());
      assertEquals(DType.INT32, b.y().dtype());
    }
    ImageDirectoryDataset cat =
        ImageDirectoryDataset.imageDatasetFromDirectory(
            root,
            new DirectoryDatasetOptions()
                .imageSize(32, 32)
                .labelMode("categorical")
                .shuffle(false)
                .verbose(false));
    try (TensorScope s = new TensorScope()) {
      ImageBatch b = cat.next();
      // Unshuffled and unresized: the first file decoded directly, as floats 0..255.
      Image first = Images.read(root.resolve("airplane/0000.jpg"));
      assertArrayEquals(first.toFloats(), java.util.Arrays.copyOf(b.x().toFloatArray(), 3072));
      assertArrayEquals(new long[] {32, 3}, b.y().shape());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImageDirectoryDataset.imageDatasetFromDirectory(
                    root, new DirectoryDatasetOptions().labelMode("binary")));
    assertTrue(e.getMessage().startsWith("labelMode"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImageDirectoryDataset.imageDatasetFromDirectory(
                    root, new DirectoryDatasetOptions().validationSplit(0.2).subset("training")));
    assertTrue(e.getMessage().startsWith("seed"), e.getMessage());
  }

  @Test
  void fitTrainsFromTheBackgroundPipeline() throws Exception {
    ImageDirectoryDataset train =
        ImageDirectoryDataset.imageDatasetFromDirectory(
            unzipped.resolve("cifar"),
            new DirectoryDatasetOptions()
                .imageSize(8, 8)
                .batchSize(16)
                .labelMode("categorical")
                .seed(3L)
                .verbose(false));
    train.workers(2).maxQueueSize(3);
    Sequential m = new Sequential();
    m.add(new Flatten().inputShape(8, 8, 3));
    m.add(new Dense(3).activation("softmax"));
    m.compile("adam", "categorical_crossentropy", "accuracy");
    var h = m.fit(train, new FitOptions().epochs(2).verbose(0));
    List<Double> loss = h.history().get("loss");
    assertEquals(2, loss.size());
    assertTrue(Double.isFinite(loss.get(1)), "loss " + loss);
    // 72 files in batches of 16: 5 steps per epoch, each one batch of the stream.
    assertEquals(5, train.steps());
    assertEquals(10, train.batchesServed());
    train.close();
  }
}
