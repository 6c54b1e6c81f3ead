package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {
  @TempDir Path dir;

  @Test
  void readsKeras3WeightsWrittenByKeras() throws IOException {
    WeightsFile w = WeightsFile.read(Fixtures.resource("keras3_mlp.weights.h5"));
    assertEquals(WeightsFile.Layout.KERAS3, w.layout());
    assertEquals("sequential", w.modelName());
    assertEquals(List.of("dense", "dense_1", "optimizer"), List.copyOf(w.layers().keySet()));
    List<Fixtures.Line> lines = Fixtures.dumpOf("keras3_mlp.weights.h5");
    assertEquals(6, lines.size());
    for (Fixtures.Line l : lines) {
      String[] p = l.path().split("/");
      String key = p[0].equals("layers") ? p[1] : p[0];
      WeightArray a = w.layer(key).get(Integer.parseInt(p[p.length - 1]));
      Fixtures.assertSame(l, a);
    }
    assertEquals(DType.FLOAT32, w.layer("dense").get(0).dtype());
    assertEquals(DType.INT32, w.layer("optimizer").get(0).dtype());
    assertEquals(0.009999999776482582, w.layer("optimizer").get(1).doubles()[0], 0.0);
  }

  @Test
  void namedDatasetsInVarsGroupsRoundTripBesideIndexedOnes() {
    // Keras's TextVectorization keeps its tf-idf weights by name (vars/idf_weights), a Dense its
    // kernel and bias by index, in the same file
    float[] idf = {1.5f, 0.25f, 2f};
    WeightsFile w =
        new WeightsFile()
            .put("dense", List.of(WeightArray.of("kernel", new long[] {1, 1}, new float[] {3f})))
            .putNamed(
                "layers/text_vectorization/vars/idf_weights",
                WeightArray.of("idf_weights", new long[] {3}, idf))
            .putNamed(
                "layers/dense/vars/extra",
                WeightArray.of("extra", new long[] {1}, new float[] {7f}));
    Path f = dir.resolve("named.weights.h5");
    w.write(f);
    WeightsFile r = WeightsFile.read(f);
    assertArrayEquals(new float[] {3f}, r.layer("dense").get(0).floats());
    assertEquals(
        List.of("layers/dense/vars/extra", "layers/text_vectorization/vars/idf_weights"),
        r.named().keySet().stream().sorted().toList());
    assertArrayEquals(idf, r.named().get("layers/text_vectorization/vars/idf_weights").floats());
    assertArrayEquals(new float[] {7f}, r.named().get("layers/dense/vars/extra").floats());
    for (String bad : new String[] {"idf_weights", "layers/tv/idf_weights", "layers/tv/vars/0"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new WeightsFile().putNamed(bad, WeightArray.of("x", new long[] {3}, idf)));
      assertTrue(e.getMessage().contains("a path <object>/vars/<name>"), e.getMessage());
    }
  }

  @Test
  void readsKeras3LegacyWholeModelH5() throws IOException {
    WeightsFile w = WeightsFile.read(Fixtures.resource("keras3_legacy_mlp.h5"));
    assertEquals(WeightsFile.Layout.KERAS2, w.layout());
    assertEquals(List.of("dense", "dense_1"), List.copyOf(w.layers().keySet()));
    assertEquals("kernel", w.layer("dense").get(0).name());
    assertEquals("bias", w.layer("dense").get(1).name());
    assertEquals("3.15.1", w.attributes().get("keras_version"));
    assertEquals("jax", w.attributes().get("backend"));
    assertTrue(w.attributes().get("model_config").startsWith("{\"class_name\": \"Sequential\""));
    for (Fixtures.Line l : Fixtures.dumpOf("keras3_legacy_mlp.h5")) {
      if (!l.path().startsWith("model_weights/")) {
        continue;
      }
      String[] p = l.path().split("/");
      int index = p[p.length - 1].equals("kernel") ? 0 : 1;
      Fixtures.assertSame(l, w.layer(p[1]).get(index));
    }
    // Same initial weights as the .weights.h5 of the same model.
    WeightsFile k3 = WeightsFile.read(Fixtures.resource("keras3_mlp.weights.h5"));
    assertArrayEquals(k3.layer("dense").get(0).floats(), w.layer("dense").get(0).floats());
  }

  @Test
  void readsKeras2SaveWeightsLayout() throws IOException {
    WeightsFile w = WeightsFile.read(Fixtures.resource("keras2_mlp.h5"));
    assertEquals(WeightsFile.Layout.KERAS2, w.layout());
    assertEquals(List.of("dense_1", "dropout_1", "dense_2"), List.copyOf(w.layers().keySet()));
    assertEquals(List.of(), w.layer("dropout_1"));
    assertEquals("2.2.4", w.attributes().get("keras_version"));
    assertEquals("tensorflow", w.attributes().get("backend"));
    assertEquals(
        List.of("kernel", "bias"), w.layer("dense_2").stream().map(WeightArray::name).toList());
    for (Fixtures.Line l : Fixtures.dumpOf("keras2_mlp.h5")) {
      String[] p = l.path().split("/");
      Fixtures.assertSame(l, w.layer(p[0]).get(p[2].startsWith("kernel") ? 0 : 1));
    }
    assertArrayEquals(new long[] {2, 3}, w.layer("dense_1").get(0).shape());
  }

  private static WeightsFile sample() {
    return new WeightsFile()
        .put(
            "dense",
            List.of(
                WeightArray.of("kernel", new long[] {2, 3}, new float[] {1, -2, 3.5f, 1e-8f, 0, 6}),
                WeightArray.of("bias", new long[] {3}, new float[] {0.1f, 0.2f, 0.3f})))
        .put("dropout", List.of())
        .put(
            "conv",
            List.of(
                WeightArray.of(
                    "kernel",
                    new long[] {2, 1, 2, 2},
                    new double[] {Math.PI, -Math.E, 1e-300, 7, 8, 9, 10, 11})))
        .put(
            "optimizer",
            List.of(
                WeightArray.of("iteration", new long[0], DType.INT64, new double[] {42}),
                WeightArray.of("learning_rate", new long[0], new float[] {0.01f})))
        .put(
            "layers/block/layers/dense",
            List.of(WeightArray.of("bias", new long[] {2}, new float[] {-1, 1})));
  }

  @Test
  void roundTripKeepsNamesShapesTypesAndValues() {
    Path file = dir.resolve("model.weights.h5");
    sample().setModelName("my_model").write(file);
    WeightsFile back = WeightsFile.read(file);
    assertEquals("my_model", back.modelName());
    WeightsFile s = sample();
    assertEquals(
        List.of("dense", "conv", "optimizer", "layers/block/layers/dense"),
        List.copyOf(back.layers().keySet()).stream()
            .sorted((a, b) -> order(a) - order(b))
            .toList());
    for (Map.Entry<String, List<WeightArray>> e : s.layers().entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      List<WeightArray> got = back.layer(e.getKey());
      assertEquals(e.getValue().size(), got.size(), e.getKey());
      for (int i = 0; i < got.size(); i++) {
        WeightArray a = e.getValue().get(i);
        WeightArray b = got.get(i);
        assertEquals(Integer.toString(i), b.name());
        assertArrayEquals(a.shape(), b.shape(), e.getKey());
        assertEquals(a.dtype(), b.dtype(), e.getKey());
        assertArrayEquals(a.doubles(), b.doubles(), 0.0, e.getKey());
      }
    }
  }

  private static int order(String key) {
    return List.of("dense", "conv", "optimizer", "layers/block/layers/dense").indexOf(key);
  }

  @Test
  void tensorsConvertBothWays() {
    try (TensorScope scope = new TensorScope()) {
      Tensor t = Tensor.of(new float[][] {{1, 2}, {3, 4}});
      WeightArray a = WeightArray.of("kernel", t);
      assertArrayEquals(new long[] {2, 2}, a.shape());
      assertArrayEquals(new float[] {1, 2, 3, 4}, a.floats());
      assertArrayEquals(new float[] {1, 2, 3, 4}, a.toTensor().toFloatArray());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> WeightArray.of("k", new long[] {2, 2}, new float[3]));
      assertTrue(e.getMessage().contains("4 values for shape [2, 2]"), e.getMessage());
    }
  }

  @Test
  void failedSaveLeavesThePreviousFileIntact() throws IOException {
    Path file = dir.resolve("model.weights.h5");
    sample().write(file);
    byte[] before = Files.readAllBytes(file);
    assertThrows(
        java.io.UncheckedIOException.class,
        () ->
            AtomicFile.write(
                file,
                tmp -> {
                  Files.write(tmp, new byte[] {1, 2, 3});
                  throw new IOException("disk full");
                }));
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                new WeightsFile()
                    .put("bad", List.of(WeightArray.of("k", new long[] {1, 0, 2}, new float[0])))
                    .put("dense", List.of(WeightArray.of("k", new long[] {1}, new float[] {1})))
                    .write(failingPath(file)));
    assertTrue(e.getMessage() != null);
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of(file.getFileName().toString()),
          files.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** A target whose directory is a file, so writing to it must fail. */
  private Path failingPath(Path existing) {
    return existing.resolve("inside.weights.h5");
  }

  @Test
  void corruptAndUnsupportedFilesNameTheFileAndTheProblem() throws IOException {
    Path garbage = dir.resolve("garbage.weights.h5");
    Files.write(garbage, "this is not HDF5".getBytes());
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> WeightsFile.read(garbage));
    assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a readable HDF5 file"), e.getMessage());

    Path truncated = dir.resolve("truncated.weights.h5");
    byte[] full = Files.readAllBytes(Fixtures.resource("keras3_mlp.weights.h5"));
    Files.write(truncated, java.util.Arrays.copyOf(full, 3000));
    WeightsFormatException t =
        assertThrows(WeightsFormatException.class, () -> WeightsFile.read(truncated));
    assertTrue(t.getMessage().startsWith(truncated.toString()), t.getMessage());

    Path other = dir.resolve("other.h5");
    try (WritableHdfFile h = HdfFile.write(other)) {
      h.putGroup("images").putDataset("x", new float[] {1, 2});
    }
    WeightsFormatException u =
        assertThrows(WeightsFormatException.class, () -> WeightsFile.read(other));
    assertTrue(u.getMessage().contains("unsupported layout"), u.getMessage());
    assertTrue(u.getMessage().contains("[images]"), u.getMessage());
  }
}
