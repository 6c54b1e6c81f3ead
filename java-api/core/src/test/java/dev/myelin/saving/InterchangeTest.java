package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files Myelin writes are read by h5py; .keras archives from Keras are read by Myelin. */
class InterchangeTest {
  @TempDir Path dir;

  /** Runs dump_h5.py on {@code file}; fails loudly when python3 with h5py is missing. */
  private static List<String> h5pyDump(Path file) throws IOException, InterruptedException {
    String out =
        PythonKeras.run(
            "dump_h5.py",
            "python3 with h5py (pip install h5py==3.16.0 numpy==2.4.6)",
            "h5py could not read " + file,
            file.toString());
    return List.of(out.split("\n"));
  }

  @Test
  void h5pyReadsWeightsMyelinWrites() throws Exception {
    WeightArray kernel =
        WeightArray.of(
            "kernel", new long[] {2, 3}, new float[] {0.1f, -2.5f, 3e-7f, 1e20f, -0f, 0.333333f});
    WeightArray bias = WeightArray.of("bias", new long[] {3}, new float[] {1, 2, 3});
    WeightArray conv =
        WeightArray.of("kernel", new long[] {1, 2, 2, 1}, new double[] {Math.PI, -1e-300, 5, 6});
    Path file = dir.resolve("model.weights.h5");
    new WeightsFile()
        .put("dense", List.of(kernel, bias))
        .put("conv2d", List.of(conv))
        .setModelName("sequential")
        .write(file);
    List<String> text = h5pyDump(file);
    List<Fixtures.Line> lines = Fixtures.dump(text);
    assertEquals(
        List.of("layers/conv2d/vars/0", "layers/dense/vars/0", "layers/dense/vars/1"),
        lines.stream().map(Fixtures.Line::path).toList());
    Fixtures.assertSame(lines.get(0), conv);
    Fixtures.assertSame(lines.get(1), kernel);
    Fixtures.assertSame(lines.get(2), bias);
    assertEquals("float64", lines.get(0).dtype());
    assertEquals("float32", lines.get(1).dtype());
    assertTrue(text.contains("@|name|sequential"), String.join("\n", text));
    assertTrue(text.contains("@layers/dense/vars|name|dense"), String.join("\n", text));
  }

  @Test
  void readsAKerasArchiveWrittenByKeras() throws IOException {
    KerasArchive a = KerasArchive.read(Fixtures.resource("keras3_mlp.keras"));
    assertTrue(a.configJson().contains("\"class_name\": \"Sequential\""), a.configJson());
    assertTrue(a.metadataJson().contains("\"keras_version\": \"3.15.1\""), a.metadataJson());
    WeightsFile k3 = WeightsFile.read(Fixtures.resource("keras3_mlp.weights.h5"));
    assertEquals(k3.layers().keySet(), a.weights().layers().keySet());
    assertArrayEquals(
        k3.layer("dense").get(0).floats(), a.weights().layer("dense").get(0).floats());
    assertArrayEquals(
        k3.layer("dense_1").get(0).floats(), a.weights().layer("dense_1").get(0).floats());
  }

  @Test
  void archiveRoundTripsAndUsesKerasEntries() throws IOException {
    Path file = dir.resolve("model.keras");
    String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\"}}";
    WeightsFile w =
        new WeightsFile()
            .put("dense", List.of(WeightArray.of("kernel", new long[] {1, 2}, new float[] {4, 5})));
    KerasArchive.write(file, config, KerasArchive.metadataNow(), w);
    KerasArchive back = KerasArchive.read(file);
    assertEquals(config, back.configJson());
    assertTrue(
        back.metadataJson().startsWith("{\"keras_version\": \"3.15.1\", \"date_saved\": \""));
    assertArrayEquals(new float[] {4, 5}, back.weights().layer("dense").get(0).floats());
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
      List<String> names = z.stream().map(java.util.zip.ZipEntry::getName).sorted().toList();
      assertEquals(Files.readAllLines(Fixtures.resource("keras3_mlp.keras.entries")), names);
    }
  }

  @Test
  void badArchivesNameTheFileAndTheProblem() throws IOException {
    Path notZip = dir.resolve("model.keras");
    Files.writeString(notZip, "plain text");
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> KerasArchive.read(notZip));
    assertTrue(e.getMessage().startsWith(notZip.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("zip"), e.getMessage());
    Path noWeights = dir.resolve("partial.keras");
    try (java.util.zip.ZipOutputStream z =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(noWeights))) {
      z.putNextEntry(new java.util.zip.ZipEntry("config.json"));
      z.write("{}".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    WeightsFormatException m =
        assertThrows(WeightsFormatException.class, () -> KerasArchive.read(noWeights));
    assertTrue(m.getMessage().contains("has no model.weights.h5"), m.getMessage());
  }
}
