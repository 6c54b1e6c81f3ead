package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertPlot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.applications.ImageSearch.Neighbor;
import dev.myelin.data.image.Images;
import dev.myelin.utils.NpyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Book chapter 11 (figures in shared/spec/book-examples.md, "Ch.11"). Nothing downloads: the
 * structure program builds random-weight models, and the transfer-learning program loads a no-top
 * VGG16 weights file that real Keras 3.15.1 writes at test time with random weights
 * (tests/fixtures/keras_chapter11.py), on 90 + 30 CIFAR-10 JPEGs of three classes from the shared
 * zip. The program runs once for all the checks below.
 */
class Chapter11Test {
  static final Path FIXTURE = Path.of("../tests/fixtures/keras_chapter11.py");
  static final Path CIFAR_ZIP = Path.of("../../shared/data/cifar10-jpeg/cifar10-jpeg.zip");

  @TempDir static Path dir;
  static Path weights;
  static TransferLearning.Result transfer;
  static String printed;

  @BeforeAll
  static void transferLearningOnKerasWeights() throws Exception {
    weights = dir.resolve("vgg16_notop.h5");
    python("weights", weights.toString());
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      transfer =
          TransferLearning.run(
              new TransferLearning.Options(weights.toString(), CIFAR_ZIP, 30, 10, 32, 1, 5, 1L),
              dir.resolve("out"));
    } finally {
      System.setOut(stdout);
    }
    printed = buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void structureOfVgg16ResNet50AndXception() {
    Map<String, PretrainedStructure.Structure> s =
        PretrainedStructure.run(List.of("vgg16", "resnet50", "xception"), false);
    // Keras 3.15.1: len(model.layers), count_params() and the trainable count of each full model.
    assertStructure(s.get("vgg16"), "vgg16", 138_357_544L, 138_357_544L, 23);
    assertStructure(s.get("resnet50"), "resnet50", 25_636_712L, 25_583_592L, 177);
    // Book 11.1: Total params: 22,910,480, Trainable params: 22,855,952, Non-trainable 54,528.
    PretrainedStructure.Structure x = s.get("xception");
    assertStructure(x, "xception", 22_910_480L, 22_855_952L, 134);
    String summary = x.summary();
    for (String line :
        List.of(
            "Total params: 22,910,480",
            "Trainable params: 22,855,952",
            "Non-trainable params: 54,528")) {
      assertTrue(summary.contains(line), line);
    }
    // Book rows and the layer facts of 11.1.
    assertRow(summary, "avg_pool (GlobalAveragePooling2", "(None, 2048)", 0);
    assertRow(summary, "predictions (Dense)", "(None, 1000)", 2_049_000);
    assertRow(summary, "block1_conv1 (Conv2D)", "(None, 149, 149, 32)", 864);
    assertRow(summary, "block1_conv2 (Conv2D)", "(None, 147, 147, 64)", 18_432);
    assertRow(summary, "block2_sepconv1 (Separable", "(None, 147, 147, 128)", 8_768);
    assertRow(summary, "block2_sepconv2 (Separable", "(None, 147, 147, 128)", 17_536);
    assertRow(summary, "block4_sepconv2 (Separable", "(None, 37, 37, 728)", 536_536);
    // block4_sepconv1 reads 256 channels: 256 * 9 + 256 * 728.
    assertRow(summary, "block4_sepconv1 (Separable", "(None, 37, 37, 728)", 188_672);
    assertRow(summary, "block12_sepconv3 (Separable", "(None, 19, 19, 728)", 536_536);
    assertRow(summary, "block13_sepconv2 (Separable", "(None, 19, 19, 1024)", 752_024);
    assertRow(summary, "block14_sepconv1 (Separable", "(None, 10, 10, 1536)", 1_582_080);
    assertRow(summary, "block14_sepconv2 (Separable", "(None, 10, 10, 2048)", 3_159_552);
    assertThrows(
        IllegalArgumentException.class, () -> PretrainedStructure.run(List.of("vgg17"), false));
  }

  @Test
  void transferModelCountsAsKerasWhenBuiltFrozenAndFineTuned() {
    assertTrue(printed.contains("Found 90 images belonging to 3 classes."), printed);
    assertTrue(printed.contains("Found 30 images belonging to 3 classes."), printed);
    assertEquals(90, transfer.trainImages());
    assertEquals(30, transfer.testImages());
    assertEquals(Map.of("airplane", 0, "automobile", 1, "ship", 2), transfer.classIndices());
    // The no-top VGG16 has 14,714,688 parameters (13 convolutions); the book's head adds
    // 512 * 256 + 256 = 131,328 and 256 * 3 + 3 = 771. block5 is three 3x3 512->512 convolutions
    // of 2,359,808 each. The same counts come from Keras in ImageNetTest.
    assertArrayEquals(new long[] {14_846_787L, 0L}, transfer.counts().get("built"));
    assertArrayEquals(new long[] {132_099L, 14_714_688L}, transfer.counts().get("frozen"));
    assertArrayEquals(new long[] {7_211_523L, 7_635_264L}, transfer.counts().get("block5"));
    assertRow(transfer.summary(), "vgg16 (Functional)", "(None, 512)", 14_714_688);
    // Layer names count per JVM (Keras counts per session): other tests may have made Dense layers.
    assertRow(transfer.summary(), "dense(_\\d+)? \\(Dense\\)", "(None, 256)", 131_328);
    assertTrue(transfer.summary().contains("Total params: 14,846,787"), transfer.summary());
    double[] e = transfer.evaluation();
    assertEquals(2, e.length);
    assertTrue(Double.isFinite(e[0]) && e[1] >= 0 && e[1] <= 1, "evaluate " + e[0] + ", " + e[1]);
  }

  @Test
  void aFrozenBaseStaysPutAndFineTuningChangesOnlyBlock5() {
    assertTrue(transfer.frozenBaseUnchanged(), "an epoch with the base frozen changed its weights");
    assertEquals(
        List.of("block5_conv1", "block5_conv2", "block5_conv3"), transfer.fineTuneChanged());
  }

  @Test
  void bottleneckFeaturesEqualKerasAndTheSmallNetworkHasTheBooksShape() throws Exception {
    assertArrayEquals(new long[] {90, 512}, transfer.featureShape());
    assertTrue(Files.isRegularFile(transfer.testFeatures()));
    // 11.4 with 512 VGG16 features instead of Xception's 2048: 512 * 16 + 16 + 16 * 3 + 3.
    assertEquals(8_259, transfer.bottleneckParams());
    assertRow(transfer.bottleneckSummary(), "dense_\\d+ \\(Dense\\)", "(None, 16)", 8_208);
    assertEquals(5, transfer.bottleneckHistory().values("val_accuracy").length);
    JsonNode k = kerasCheck(0);
    assertEquals(List.of(90, 512), ints(k.get("shape")));
    assertTrue(
        k.get("max_abs_diff").asDouble() <= 1e-4 * k.get("max_abs").asDouble(),
        "Myelin's bottleneck features differ from Keras's by "
            + k.get("max_abs_diff")
            + " (largest feature "
            + k.get("max_abs")
            + ")");
  }

  @Test
  void imageSearchRanksAsNumpy() throws Exception {
    Path features = transfer.trainFeatures();
    Path files = features.resolveSibling("files_train.txt");
    int query = 7;
    ImageSearchExample.Result r =
        ImageSearchExample.run(features, files, query, dir.resolve("search"));
    // Book 11.5: np.sqrt(np.square(a - b).sum()) for a = [1, 2], b = [2, -1].
    assertEquals(3.1622776601683795, r.exampleDistance(), 0.0);
    assertArrayEquals(new long[] {90, 90}, r.distanceShape());
    JsonNode k = kerasCheck(query);
    assertEquals(ints(k.get("nearest")), indices(r.nearest()), "nearest");
    assertEquals(ints(k.get("farthest")), indices(r.farthest()), "farthest");
    assertEquals(query, r.nearest().get(0).index());
    for (Neighbor n : r.nearest()) {
      double want = k.get("distances").get(n.index()).asDouble();
      assertEquals(want, n.distance(), 1e-12 * Math.max(1, want), "distance to " + n.index());
    }
    assertPlot(r.nearestPlot(), 50);
    assertPlot(r.farthestPlot(), 50);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageSearchExample.run(dir.resolve("none.npy"), files, 0, dir));
    assertTrue(e.getMessage().startsWith("image-search: features file "), e.getMessage());
  }

  private static JsonNode kerasCheck(int query) throws Exception {
    Path images = dir.resolve("images_" + query + ".npy");
    Path json = dir.resolve("check_" + query + ".json");
    try (TensorScope scope = new TensorScope()) {
      List<Path> files = transfer.trainFiles();
      float[] flat = new float[files.size() * 32 * 32 * 3];
      for (int i = 0; i < files.size(); i++) {
        float[] px = Images.imgToArray(Images.read(files.get(i))).toFloatArray();
        System.arraycopy(px, 0, flat, i * px.length, px.length);
      }
      NpyFile.save(images, Tensor.fromArray(flat, files.size(), 32, 32, 3));
    }
    python(
        "check",
        weights.toString(),
        transfer.trainFeatures().toString(),
        images.toString(),
        Integer.toString(query),
        json.toString());
    return new ObjectMapper().readTree(json.toFile());
  }

  private static void assertStructure(
      PretrainedStructure.Structure s, String name, long total, long trainable, int layers) {
    assertEquals(name, s.name());
    assertEquals(total, s.totalParams(), name + " total");
    assertEquals(trainable, s.trainableParams(), name + " trainable");
    assertEquals(total - trainable, s.nonTrainableParams(), name + " non-trainable");
    assertEquals(layers, s.layers(), name + " layers");
  }

  /**
   * A summary row: name (type) column, output shape, parameter count, blanks between them. The
   * functional layout cuts the shape column at 20 characters, as Keras 2 does.
   */
  private static void assertRow(String summary, String nameRegex, String shape, long params) {
    Pattern p =
        Pattern.compile(
            "(?m)^"
                + (nameRegex.contains("\\") ? nameRegex : Pattern.quote(nameRegex))
                + "\\S*\\s+"
                + Pattern.quote(shape.substring(0, Math.min(20, shape.length())))
                + "\\S*\\s+"
                + params
                + "(\\s|$)");
    assertTrue(p.matcher(summary).find(), nameRegex + " " + shape + " " + params + "\n" + summary);
  }

  private static List<Integer> indices(List<Neighbor> ns) {
    return ns.stream().map(Neighbor::index).toList();
  }

  private static List<Integer> ints(JsonNode a) {
    List<Integer> r = new ArrayList<>();
    a.forEach(v -> r.add(v.asInt()));
    return r;
  }

  /** Runs the fixture script; fails (never skips) without python3 + keras 3.15.1. */
  private static void python(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3", FIXTURE.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putIfAbsent("KERAS_BACKEND", "jax");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      fail("python3 with keras==3.15.1 and jax (.ci/run installs them) is required: " + e);
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(600, TimeUnit.SECONDS), FIXTURE + " timed out");
    assertEquals(0, p.exitValue(), "Keras fixture " + String.join(" ", args) + " failed:\n" + out);
  }
}
