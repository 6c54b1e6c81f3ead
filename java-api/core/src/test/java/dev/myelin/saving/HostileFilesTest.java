package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Myelin;
import dev.myelin.layers.Dense;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files built to break the reader (issue 10, item 6): each fails with a {@link
 * WeightsFormatException} whose message names the file (and the layer, where one is at fault)
 * instead of a NullPointerException, an OutOfMemoryError or an anonymous allocation failure; and
 * temporaries left by killed saves are cleaned up by the next save without touching a save that is
 * running now.
 */
class HostileFilesTest {
  @TempDir Path dir;

  private static Sequential model() {
    Sequential m =
        new Sequential(new Dense(3).activation("relu").inputShape(4), new Dense(1).name("dense_3"));
    m.compile("adam", "mse");
    return m;
  }

  /**
   * A {@code .keras} file {@code name} of {@code m}'s weights and its config edited by {@code
   * edit}.
   */
  private Path withConfig(Sequential m, String name, UnaryOperator<String> edit) {
    Path good = dir.resolve("good.keras");
    m.save(good);
    KerasArchive a = KerasArchive.read(good);
    Path file = dir.resolve(name);
    KerasArchive.write(file, edit.apply(a.configJson()), a.metadataJson(), a.weights());
    return file;
  }

  private static String hugeUnits(String config) {
    assertTrue(config.contains("\"units\":1,"), config);
    return config.replace("\"units\":1,", "\"units\":1099511627776,");
  }

  private static WeightsFormatException assertBadFile(Path file, String problem, Runnable load) {
    WeightsFormatException e = assertThrows(WeightsFormatException.class, load::run);
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), "no \"" + problem + "\" in " + e.getMessage());
    return e;
  }

  @Test
  void jsonNested200000DeepIsRejectedWithItsDepth() throws IOException {
    String deep = "[".repeat(200_000) + "]".repeat(200_000);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Models.modelFromJson(deep));
    assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());

    Path file = withConfig(model(), "deep.keras", c -> deep);
    assertBadFile(file, "config.json is not a valid model config", () -> Models.loadModel(file));
    WeightsFormatException we =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    assertTrue(we.getMessage().contains("nesting depth"), we.getMessage());
  }

  @Test
  void pkFollowedByRandomBytesIsNotAZip() throws IOException {
    Random r = new Random(42);
    for (int i = 0; i < 20; i++) {
      byte[] b = new byte[64 + r.nextInt(4096)];
      r.nextBytes(b);
      b[0] = 'P';
      b[1] = 'K';
      if (i % 2 == 0) {
        // a local file header signature, so that the reader goes on to the garbled entry name
        b[2] = 3;
        b[3] = 4;
      }
      Path file = dir.resolve("random" + i + ".keras");
      Files.write(file, b);
      WeightsFormatException e =
          assertThrows(WeightsFormatException.class, () -> Models.loadModel(file), "seed " + i);
      assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }
  }

  @Test
  void aZipBombStopsAtTheEntryLimitWhileInflating() throws IOException {
    Path file = dir.resolve("bomb.keras");
    long size = KerasArchive.MAX_JSON_ENTRY_BYTES + (1 << 20);
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      zip.putNextEntry(new ZipEntry("config.json"));
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (long n = 0; n < size; n += spaces.length) {
        zip.write(spaces);
      }
      zip.closeEntry();
    }
    assertTrue(Files.size(file) < (1 << 20), "the bomb is small on disk: " + Files.size(file));
    assertBadFile(
        file,
        ".keras entry config.json inflates past its limit of "
            + KerasArchive.MAX_JSON_ENTRY_BYTES
            + " bytes",
        () -> Models.loadModel(file));
  }

  @Test
  void aLayerTooLargeToAllocateNamesTheFileAndTheLayer() throws IOException {
    Path file = withConfig(model(), "huge.keras", HostileFilesTest::hugeUnits);
    assertBadFile(file, "layer 'dense_3' (Dense): ", () -> Models.loadModel(file));

    String huge = KerasArchive.read(file).configJson();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Models.modelFromJson(huge));
    assertTrue(e.getMessage().contains("layer 'dense_3' (Dense): "), e.getMessage());
  }

  @Test
  void aFailedLoadFreesTheLayersItBuilt() throws IOException {
    Sequential m = new Sequential(new Dense(100_000).inputShape(4), new Dense(1).name("dense_3"));
    Path file = withConfig(m, "huge.keras", HostileFilesTest::hugeUnits);
    long before = Myelin.memoryStats().liveBytes();
    for (int i = 0; i < 3; i++) {
      assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    }
    long grown = Myelin.memoryStats().liveBytes() - before;
    // each attempt built a 1.6 MB kernel for the first layer before the second failed
    assertTrue(grown < 1_000_000, "live bytes grew by " + grown);
  }

  @Test
  void aWeightsLoadThatDoesNotFitNamesTheFileAndTheLayer() throws IOException {
    Path file = withConfig(model(), "wider.keras", c -> c.replace("\"units\":1,", "\"units\":2,"));
    WeightsFormatException e =
        assertBadFile(file, "weights do not fit the model", () -> Models.loadModel(file));
    assertTrue(e.getMessage().contains("dense_3"), e.getMessage());
  }

  /**
   * Rewrites each 8-byte little-endian {@code marker} in an HDF5 file (a dataspace's dimension) to
   * {@code forged}, and the checksum of the object header around it, so that only the declared
   * shape is wrong: it claims far more data than the file holds.
   */
  private static byte[] forge(byte[] b, long marker, long forged) {
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int patched = 0;
    for (int i = 0; i + 8 <= b.length; i++) {
      if (bb.getLong(i) != marker) {
        continue;
      }
      int start = i;
      // the enclosing object header or its continuation chunk, each checksummed
      while (start >= 0
          && !List.of("OHDR", "OCHK")
              .contains(new String(b, start, 4, StandardCharsets.US_ASCII))) {
        start--;
      }
      int sum = -1;
      for (int e = i + 8; start >= 0 && e + 4 <= b.length && sum < 0; e++) {
        if (ChecksumUtils.checksum(Arrays.copyOfRange(b, start, e)) == bb.getInt(e)) {
          sum = e;
        }
      }
      bb.putLong(i, forged);
      if (sum > 0) {
        bb.putInt(sum, ChecksumUtils.checksum(Arrays.copyOfRange(b, start, sum)));
      }
      patched++;
    }
    assertTrue(patched > 0, "the dataspace holds the length as 8 little-endian bytes");
    return b;
  }

  private static WeightsFile marked() {
    return new WeightsFile()
        .put("dense", List.of(WeightArray.of("kernel", new long[] {12_345}, new float[12_345])));
  }

  @Test
  void anHdf5DatasetLargerThanItsFileIsRejectedInEveryFormat() throws IOException {
    Path weights = dir.resolve("forged.weights.h5");
    marked().write(weights);
    byte[] forged = forge(Files.readAllBytes(weights), 12_345, 1L << 30);
    Files.write(weights, forged);
    WeightsFormatException e =
        assertBadFile(weights, "more than the whole file", () -> WeightsFile.read(weights));
    assertTrue(e.getMessage().contains("/layers/dense/vars/0"), e.getMessage());
    assertBadFile(weights, "more than the whole file", () -> model().loadWeights(weights));

    Path good = dir.resolve("good.keras");
    model().save(good);
    KerasArchive a = KerasArchive.read(good);
    Path archive = dir.resolve("forged.keras");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      zip.putNextEntry(new ZipEntry("config.json"));
      zip.write(a.configJson().getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("model.weights.h5"));
      zip.write(forged);
      zip.closeEntry();
    }
    assertTrue(
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(archive))
            .getMessage()
            .contains("more than the whole file"));

    Path legacy = dir.resolve("forged.h5");
    marked().writeLegacyModel(legacy, Map.of("model_config", a.configJson()));
    Files.write(legacy, forge(Files.readAllBytes(legacy), 12_345, 1L << 30));
    assertBadFile(legacy, "more than the whole file", () -> Models.loadModel(legacy));
  }

  @Test
  void aForgedOptimizerStateIsRejectedLikeAWeight() throws IOException {
    Path file = dir.resolve("optimizer.weights.h5");
    new WeightsFile()
        .put("dense", List.of(WeightArray.of("kernel", new long[] {2}, new float[] {1, 2})))
        .put(
            WeightsFile.OPTIMIZER,
            List.of(WeightArray.of("0", new long[] {12_345}, new float[12_345])))
        .write(file);
    Files.write(file, forge(Files.readAllBytes(file), 12_345, 1L << 30));
    WeightsFormatException e =
        assertBadFile(file, "more than the whole file", () -> WeightsFile.read(file));
    assertTrue(e.getMessage().contains("/optimizer/vars/0"), e.getMessage());
  }

  // ---------------------------------------------------------------- temporaries of killed saves

  private static long deadPid() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static Path touch(Path p, Duration age) throws IOException {
    Files.write(p, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
    return p;
  }

  @Test
  void aSaveRemovesOnlyStaleTemporariesOfItsOwnFile() throws Exception {
    long dead = deadPid();
    long alive = ProcessHandle.current().pid();
    Duration old = Duration.ofMinutes(5);
    Path target = dir.resolve("m.keras");
    // left by writers killed with -9: their process is gone
    List<Path> stale =
        List.of(
            touch(dir.resolve(".m.keras." + dead + "-1234.tmp"), old),
            touch(dir.resolve(".m.keras." + dead + "-99.tmp"), old),
            // the name the previous version of AtomicFile used (createTempFile: digits only)
            touch(dir.resolve(".m.keras.8391620571943.tmp"), Duration.ofHours(2)),
            // a live pid, but untouched for two days: the id was reused
            touch(dir.resolve(".m.keras." + alive + "-7.tmp"), Duration.ofDays(2)));
    List<Path> kept =
        List.of(
            // another save of m.keras running now in a live process
            touch(dir.resolve(".m.keras." + alive + "-5.tmp"), old),
            // a writer unknown here (another machine) that wrote a moment ago
            touch(dir.resolve(".m.keras." + dead + "-6.tmp"), Duration.ZERO),
            touch(dir.resolve(".m.keras.123.tmp"), Duration.ZERO),
            // not ours: another target, other patterns
            touch(dir.resolve(".other.keras." + dead + "-1.tmp"), old),
            touch(dir.resolve(".m.keras.notes.tmp"), old),
            touch(dir.resolve("m.keras." + dead + "-1.tmp"), old));
    model().save(target);
    for (Path p : stale) {
      assertFalse(Files.exists(p), "stale temporary removed: " + p.getFileName());
    }
    for (Path p : kept) {
      assertTrue(Files.exists(p), "kept: " + p.getFileName());
    }
    assertEquals(2, Models.loadModel(target).layers().size());
  }

  @Test
  void aTemporaryNameCarriesTheWritersProcessId() {
    Path t = AtomicFile.temporaryFor(dir.resolve("m.keras"), 4242);
    assertTrue(t.getFileName().toString().matches("\\.m\\.keras\\.4242-\\d+\\.tmp"), t.toString());
    assertEquals(dir, t.getParent());
  }

  @Test
  void twoSavesOfOneFileAtOnceLeaveAReadableFile() throws Exception {
    Path target = dir.resolve("m.keras");
    Model[] models = {model(), model()};
    Thread[] ts = new Thread[2];
    Throwable[] failed = new Throwable[2];
    for (int i = 0; i < 2; i++) {
      int k = i;
      ts[i] =
          new Thread(
              () -> {
                try {
                  for (int n = 0; n < 5; n++) {
                    models[k].save(target);
                  }
                } catch (Throwable e) {
                  failed[k] = e;
                }
              });
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertEquals(null, failed[0]);
    assertEquals(null, failed[1]);
    assertEquals(2, Models.loadModel(target).layers().size());
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary left");
    }
  }
}
