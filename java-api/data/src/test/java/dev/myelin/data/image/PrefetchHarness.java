package dev.myelin.data.image;

import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Measures how long {@code fit}'s step waits for image batches with and without the background
 * pipeline (a harness run by hand, not a test: no timing is asserted anywhere). Usage: {@code java
 * -cp ... dev.myelin.data.image.PrefetchHarness [imagesPerClass] [epochs]}; see docs/image-data.md.
 */
public final class PrefetchHarness {
  private PrefetchHarness() {}

  /**
   * Runs the comparison and prints one line per configuration.
   *
   * @param args images per CIFAR-10 class (default 100) and epochs (default 2)
   * @throws Exception if the data cannot be read
   */
  public static void main(String[] args) throws Exception {
    int perClass = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path root = Files.createTempDirectory("myelin-prefetch");
    try (ZipFile zip = new ZipFile(ImageFoldersTest.CIFAR_ZIP.toFile())) {
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        String[] parts = e.getName().split("/");
        if (e.isDirectory() || parts.length != 3 || !parts[0].equals("train")) {
          continue;
        }
        if (Integer.parseInt(parts[2].substring(0, 4)) >= perClass) {
          continue;
        }
        Path d = Files.createDirectories(root.resolve(parts[1]));
        try (InputStream in = zip.getInputStream(e)) {
          Files.copy(in, d.resolve(parts[2]));
        }
      }
    }
    int[][] configs = {{0, 0}, {10, 1}, {10, 2}, {0, 0}, {10, 1}, {10, 2}};
    for (int[] c : configs) {
      ImageDataGenerator idg = ImageDataGeneratorTest.chapter10Augmentation();
      DirectoryIterator it =
          idg.flowFromDirectory(root, new FlowOptions().targetSize(64, 64).batchSize(32).seed(1L));
      it.maxQueueSize(c[0]);
      if (c[1] > 0) {
        it.workers(c[1]);
      }
      Sequential m = new Sequential();
      m.add(new Flatten().inputShape(64, 64, 3));
      m.add(new Dense(256).activation("relu"));
      m.add(new Dense(10).activation("softmax"));
      m.compile("adam", "categorical_crossentropy", "accuracy");
      long t0 = System.nanoTime();
      m.fit(it, new FitOptions().epochs(epochs).verbose(0));
      long total = System.nanoTime() - t0;
      System.out.printf(
          "queue %2d workers %d: %d batches, wait %.2f ms/batch, epoch loop %.2f ms/batch%n",
          c[0],
          c[1],
          it.batchesServed(),
          it.waitedNanos() / 1e6 / it.batchesServed(),
          total / 1e6 / it.batchesServed());
      it.close();
    }
  }
}
