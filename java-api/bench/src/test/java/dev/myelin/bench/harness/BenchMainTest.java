package dev.myelin.bench.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One short repetition of every workload on Myelin, read back from the harness's own JSON. */
class BenchMainTest {
  @Test
  void quickRunOfEveryWorkloadPrintsParsableResults() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // every workload whose layers this build has (cnn once Conv2D and MaxPooling2D are in)
    List<String> runnable =
        Workloads.all().stream()
            .filter(w -> MyelinRunner.missingLayers(w).isEmpty())
            .map(Workload::name)
            .toList();
    assertEquals(List.of("tiny", "mlp", "predict"), runnable.subList(0, 3));
    List<String> args = new ArrayList<>(runnable);
    args.addAll(List.of("--quick", "--threads", "1"));
    int rc =
        BenchMain.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, rc);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(runnable, lines.stream().map(l -> field(l, "workload")).toList());
    for (String line : lines) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) Json.parse(line);
      assertEquals("myelin", r.get("framework"));
      assertEquals(1, ((List<?>) r.get("repetitions")).size());
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) r.get("spec");
      @SuppressWarnings("unchecked")
      Map<String, Object> median = (Map<String, Object>) r.get("median");
      for (Object metric : (List<?>) spec.get("metrics")) {
        double v = ((Number) median.get(metric)).doubleValue();
        assertTrue(v > 0 && Double.isFinite(v), metric + " = " + v + " in " + line);
      }
      assertTrue(((Number) r.get("peak_rss_kib")).longValue() > 0, line);
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) r.get("env");
      assertEquals(1.0, ((Number) env.get("threads")).doubleValue());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> tiny = (Map<String, Object>) Json.parse(lines.get(0));
    double loss = ((Number) tiny.get("final_loss")).doubleValue();
    assertTrue(loss > 0 && loss < 1.0, "tiny's binary cross-entropy after two epochs: " + loss);
    @SuppressWarnings("unchecked")
    Map<String, Object> mlp = (Map<String, Object>) Json.parse(lines.get(1));
    assertTrue(((Number) mlp.get("matmul_peak_gflops")).doubleValue() > 1, lines.get(1));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("myelin mlp: samples_per_s="));
  }

  @Test
  void describePrintsTheSpecsThePeersRead() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BenchMain.run(
        new String[] {"mlp", "--describe", "--reps", "3"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec =
        (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8).trim());
    assertEquals(List.of(784.0, 512.0, 256.0, 10.0), spec.get("units"));
    assertEquals(3.0, spec.get("repetitions"));
    assertEquals(128.0, spec.get("batch_size"));
    // 3 x forward: 3 * 2 * (784*512 + 512*256 + 256*10)
    assertEquals(3210240.0, spec.get("train_flops_per_sample"));
  }

  @Test
  void unknownWorkloadNamesTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Workloads.byName("transformer"));
    assertTrue(e.getMessage().contains("[tiny, mlp, predict, cnn, lstm, gru]"), e.getMessage());
  }

  @Test
  void syntheticDataMatchesThePythonFormulas() {
    SyntheticData.Arrays c = SyntheticData.circles(3);
    // row 1: a = 37/50 - 1 = -0.26, b = 59/51 - 1 = 0.15686..., inside the circle
    assertEquals((float) (37 / 50.0 - 1.0), c.x()[2]);
    assertEquals((float) (59 / 51.0 - 1.0), c.x()[3]);
    assertEquals(1f, c.y()[1]);
    SyntheticData.Arrays m = SyntheticData.mnist(200);
    // rows 10-19 (group 1: (1 * 7 + 3) % 10 == 0) carry another label: row 11 (class 1) -> 3
    assertEquals(1f, m.y()[1]);
    assertEquals(3f, m.y()[11]);
    int flipped = 0;
    for (int i = 0; i < 200; i++) {
      flipped += m.y()[i] != i % 10 ? 1 : 0;
    }
    assertEquals(20, flipped);
    // row 11, pixel 5: class 1, (97 + 65) % 17 = 9 -> template 0; h = 37373, h (h + 7) % 65521
    // = 29499; pixel 2: (97 + 26) % 17 = 4 -> template 1, h = 29636 -> 59901
    assertEquals((float) (0.7 * (29499 / 65520.0)), m.x()[11 * 784 + 5]);
    assertEquals((float) (0.3 + 0.7 * (59901 / 65520.0)), m.x()[11 * 784 + 2]);
    SyntheticData.Arrays q = SyntheticData.sequences(6);
    assertEquals(80, q.cols());
    // row 0, step 0: h = 12345, 1 + (h (h + 7) % 65521) % 1999 = 83 (worked out with shell
    // arithmetic);
    // the last steps of rows 0, 1 and 5: 1500, 1372, 761, so only row 5 is labelled 1
    assertEquals(83f, q.x()[0]);
    assertEquals(1379f, q.x()[80]);
    assertEquals(1500f, q.x()[79]);
    assertEquals(1372f, q.x()[80 + 79]);
    assertEquals(761f, q.x()[5 * 80 + 79]);
    assertEquals(0f, q.y()[0]);
    assertEquals(0f, q.y()[1]);
    assertEquals(1f, q.y()[5]);
  }

  @Test
  void jsonRoundTrips() {
    String s = Json.write(Map.of("a", List.of(1, 2.5, "x\"y"), "b", true));
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) Json.parse(s);
    assertEquals(List.of(1.0, 2.5, "x\"y"), back.get("a"));
    assertEquals(true, back.get("b"));
    assertEquals(2.0, Stats.median(new double[] {3, 1, 2}));
    assertEquals(1.5, Stats.quantile(new double[] {1, 2}, 0.5));
  }

  private static String field(String jsonLine, String key) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) Json.parse(jsonLine);
    return (String) m.get(key);
  }

  /** Writes an idx file: the magic, the dimensions, then the bytes. */
  private static void idx(java.nio.file.Path f, int magic, int[] dims, byte[] data)
      throws java.io.IOException {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    java.nio.file.Files.write(f, b.array());
  }

  @Test
  void readsTheRealMnistIdxFilesWhenPresent(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    byte[] pixels = new byte[3 * 784];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 % 256);
    }
    idx(dir.resolve("train-images-idx3-ubyte"), 0x803, new int[] {3, 28, 28}, pixels);
    idx(dir.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {3}, new byte[] {7, 2, 9});
    SyntheticData.Arrays m = SyntheticData.load("mnist", 5, dir.toString());
    assertEquals(784, m.cols());
    assertEquals(List.of(7f, 2f, 9f, 7f, 2f), toList(m.y())); // rows past 3 wrap around
    assertEquals((float) ((2 * 784 + 10) * 7 % 256 / 255.0), m.x()[2 * 784 + 10]);
    assertEquals(m.x()[5], m.x()[3 * 784 + 5]);
    // no folder: the synthetic data; circles ignores the folder
    assertEquals(3f, SyntheticData.load("mnist", 12, null).y()[11]);
    assertEquals(2, SyntheticData.load("circles", 4, dir.toString()).cols());
    // files that are not MNIST are named in the error
    idx(dir.resolve("train-labels-idx1-ubyte"), 0x803, new int[] {3}, new byte[] {7, 2, 9});
    java.io.UncheckedIOException e =
        assertThrows(
            java.io.UncheckedIOException.class,
            () -> SyntheticData.load("mnist", 2, dir.toString()));
    assertTrue(
        e.getCause().getMessage().contains("not MNIST idx files"), e.getCause().getMessage());
  }

  private static List<Float> toList(float[] a) {
    List<Float> l = new java.util.ArrayList<>();
    for (float v : a) {
      l.add(v);
    }
    return l;
  }
}
