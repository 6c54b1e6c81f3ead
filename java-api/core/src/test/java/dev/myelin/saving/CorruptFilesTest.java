package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.layers.Dense;
import dev.myelin.layers.Lambda;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt or unsupported model file gets an exception that names the file and the problem, and a
 * failed or interrupted save leaves the previous file intact.
 */
class CorruptFilesTest {
  @TempDir Path dir;

  private static Sequential model() {
    Sequential m = new Sequential(new Dense(3).activation("relu").inputShape(2), new Dense(1));
    m.compile("adam", "mse");
    return m;
  }

  /** A weights file with one small layer (jHDF cannot write an empty layer_names list). */
  private static WeightsFile oneLayer() {
    return new WeightsFile()
        .put("dense", List.of(WeightArray.of("kernel", new long[] {2}, new float[] {1, 2})));
  }

  private static void assertNames(Path file, String problem, Runnable load) {
    WeightsFormatException e = assertThrows(WeightsFormatException.class, load::run);
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    assertTrue(
        e.getMessage().contains(problem), "missing \"" + problem + "\" in " + e.getMessage());
  }

  private long filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.count();
    }
  }

  @Test
  void truncatedFilesNameTheFile() throws IOException {
    for (String ext : List.of(".keras", ".h5", ".weights.h5")) {
      Path whole = dir.resolve("whole" + ext);
      model().save(whole);
      byte[] b = Files.readAllBytes(whole);
      Path cut = dir.resolve("cut" + ext);
      Files.write(cut, Arrays.copyOf(b, b.length / 2));
      if (ext.equals(".weights.h5")) {
        assertNames(cut, "not a readable HDF5 file", () -> model().loadWeights(cut));
      } else {
        WeightsFormatException e =
            assertThrows(WeightsFormatException.class, () -> Models.loadModel(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
      }
    }
  }

  @Test
  void corruptPartsOfAnArchiveAreNamed() throws IOException {
    Path good = dir.resolve("good.keras");
    model().save(good);
    KerasArchive a = KerasArchive.read(good);

    Path badJson = dir.resolve("bad_json.keras");
    KerasArchive.write(badJson, "{\"class_name\": \"Sequential\", ", a.metadataJson(), a.weights());
    assertNames(
        badJson, "config.json is not a valid model config", () -> Models.loadModel(badJson));

    Path badWeights = dir.resolve("bad_weights.keras");
    byte[] zip = Files.readAllBytes(good);
    // overwrite the HDF5 signature of the model.weights.h5 entry: the zip stays valid (stored
    // entries carry a CRC that java.util.zip checks, so rewrite through the archive writer)
    try (java.util.zip.ZipOutputStream z =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(badWeights))) {
      for (String[] e :
          new String[][] {{"metadata.json", a.metadataJson()}, {"config.json", a.configJson()}}) {
        z.putNextEntry(new java.util.zip.ZipEntry(e[0]));
        z.write(e[1].getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
      z.putNextEntry(new java.util.zip.ZipEntry("model.weights.h5"));
      z.write("this is not HDF5 at all".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    assertTrue(zip.length > 0);
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(badWeights));
    assertTrue(
        e.getMessage().contains(badWeights.toString())
            && e.getMessage().contains("model.weights.h5")
            && e.getMessage().contains("not a readable HDF5 file"),
        e.getMessage());
  }

  @Test
  void unsupportedFormatVersionsAreRejected() throws IOException {
    Path good = dir.resolve("good.keras");
    model().save(good);
    KerasArchive a = KerasArchive.read(good);
    for (String v : List.of("4.0.0", "2.11.0")) {
      Path file = dir.resolve("v" + v + ".keras");
      KerasArchive.write(file, a.configJson(), "{\"keras_version\": \"" + v + "\"}", a.weights());
      assertNames(
          file,
          "unsupported format version: metadata.json says keras_version " + v,
          () -> Models.loadModel(file));
    }
    Path odd = dir.resolve("odd.keras");
    KerasArchive.write(odd, a.configJson(), "{\"keras_version\": \"latest\"}", a.weights());
    assertNames(odd, "\"latest\", which is not a version number", () -> Models.loadModel(odd));
    // 2.13 wrote the same zip layout: accepted
    Path k213 = dir.resolve("k213.keras");
    KerasArchive.write(k213, a.configJson(), "{\"keras_version\": \"2.13.1\"}", a.weights());
    assertEquals(2, Models.loadModel(k213).layers().size());
    Models.useKeras2Conventions(false);

    Path h5 = dir.resolve("keras1.h5");
    oneLayer()
        .writeLegacyModel(
            h5,
            Map.of(
                "keras_version", "1.2.2",
                "model_config", "{\"class_name\": \"Sequential\", \"config\": []}"));
    assertNames(
        h5,
        "unsupported format version: keras_version attribute says keras_version 1.2.2",
        () -> Models.loadModel(h5));
  }

  @Test
  void unknownLayerClassInAnH5NamesFileAndClass() throws IOException {
    Path h5 = dir.resolve("conv.h5");
    oneLayer()
        .writeLegacyModel(
            h5,
            Map.of(
                "keras_version",
                "3.15.1",
                "model_config",
                "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\":"
                    + " \"ConvLSTM2D\", \"config\": {\"filters\": 2}}]}}"));
    assertNames(h5, "unsupported model config", () -> Models.loadModel(h5));
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(h5));
    assertTrue(e.getMessage().contains("\"ConvLSTM2D\""), e.getMessage());
  }

  @Test
  void failedSavesLeaveThePreviousFileOfEveryFormat() throws IOException {
    Sequential unsavable = new Sequential(new Dense(3).inputShape(2), new Lambda(t -> t.mul(2.0)));
    for (String ext : List.of(".keras", ".h5")) {
      Path file = dir.resolve("m" + ext);
      model().save(file);
      byte[] before = Files.readAllBytes(file);
      assertThrows(IllegalArgumentException.class, () -> unsavable.save(file));
      assertArrayEquals(before, Files.readAllBytes(file), ext);
    }
    assertEquals(2, filesIn(dir), "no temporary file left behind");
  }

  @Test
  void aWriteInterruptedHalfwayLeavesThePreviousFile() throws IOException {
    Path file = dir.resolve("m.weights.h5");
    model().saveWeights(file);
    byte[] before = Files.readAllBytes(file);
    UncheckedIOException e =
        assertThrows(
            UncheckedIOException.class,
            () ->
                AtomicFile.write(
                    file,
                    tmp -> {
                      Files.write(tmp, Arrays.copyOf(before, before.length / 3));
                      throw new IOException("disk full (simulated)");
                    }));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains("disk full"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(1, filesIn(dir), "the partial temporary file is removed");
  }
}
