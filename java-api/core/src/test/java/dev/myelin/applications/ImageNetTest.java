package dev.myelin.applications;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Layer;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.saving.PythonKeras;
import dev.myelin.utils.NpyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageNet preprocessing and decoding, {@code .npy} files, image search and transfer learning
 * against Keras 3.15.1 and numpy (tests/fixtures/keras_applications.py {@code common}).
 */
@ExtendWith(TensorScopePerTest.class)
class ImageNetTest {
  private static final Path CLASS_INDEX =
      Path.of("../../../shared/data/imagenet/imagenet_class_index.json");

  @TempDir static Path dir;
  private static JsonNode info;

  @BeforeAll
  static void writeKerasFixtures() throws Exception {
    PythonKeras.check(
        "keras_applications.py",
        "writing Keras's preprocessing fixtures",
        "common",
        dir.toString(),
        CLASS_INDEX.toString());
    info = new ObjectMapper().readTree(dir.resolve("common.json").toFile());
  }

  @Test
  void preprocessInputEqualsKerasBitForBitInEveryModeAndKeepsItsArgument() {
    Tensor x = NpyFile.load(dir.resolve("preprocess.npy"));
    float[] before = x.toFloatArray();
    for (ImageNet.Mode mode : ImageNet.Mode.values()) {
      Tensor want = NpyFile.load(dir.resolve(mode.name().toLowerCase() + ".npy"));
      Tensor got = ImageNet.preprocessInput(x, mode);
      assertArrayEquals(want.shape(), got.shape(), mode.name());
      assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 0f, mode.name());
    }
    assertArrayEquals(before, x.toFloatArray(), 0f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImageNet.preprocessInput(Tensor.zeros(1, 2, 2, 4), ImageNet.Mode.CAFFE));
    assertEquals(
        "preprocessInput: argument 'x' expected a last (channels) axis of 3 but was [1, 2, 2, 4]",
        e.getMessage());
  }

  @Test
  void decodePredictionsEqualsKeras() {
    List<List<Prediction>> got =
        ImageNet.decodePredictions(NpyFile.load(dir.resolve("preds.npy")), 5, CLASS_INDEX);
    JsonNode want = info.get("decoded");
    assertEquals(want.size(), got.size());
    for (int r = 0; r < got.size(); r++) {
      assertEquals(5, got.get(r).size());
      for (int k = 0; k < 5; k++) {
        JsonNode w = want.get(r).get(k);
        Prediction p = got.get(r).get(k);
        assertEquals(w.get(0).asText(), p.wnid());
        assertEquals(w.get(1).asText(), p.label());
        assertEquals((float) w.get(2).asDouble(), p.prob(), 0f);
      }
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> ImageNet.decodePredictions(Tensor.zeros(2, 10), 3, CLASS_INDEX));
  }

  @Test
  void npyFilesAreByteForByteWhatNumpyWritesAndRoundTripGzipped() throws Exception {
    Path numpys = dir.resolve("features.npy");
    Tensor f = NpyFile.load(numpys);
    assertArrayEquals(new long[] {12, 6}, f.shape());
    Path mine = dir.resolve("mine.npy");
    NpyFile.save(mine, f);
    assertArrayEquals(Files.readAllBytes(numpys), Files.readAllBytes(mine));
    Path gz = dir.resolve("bottlenecks.npy.gz");
    NpyFile.save(gz, f);
    assertArrayEquals(f.toFloatArray(), NpyFile.load(gz).toFloatArray(), 0f);
    Files.write(dir.resolve("bad.npy"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
    assertThrows(IllegalArgumentException.class, () -> NpyFile.load(dir.resolve("bad.npy")));
  }

  @Test
  void imageSearchRanksAsNumpy() {
    Tensor f = NpyFile.load(dir.resolve("features.npy"));
    double[] d = ImageSearch.pairwiseDistances(f).toDoubleArray();
    JsonNode want = info.get("distances");
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 12; j++) {
        assertEquals(want.get(i).get(j).asDouble(), d[i * 12 + j], 1e-12, i + "," + j);
      }
    }
    int[] near =
        ImageSearch.nearest(f, 0, 4).stream().mapToInt(ImageSearch.Neighbor::index).toArray();
    int[] far =
        ImageSearch.farthest(f, 0, 4).stream().mapToInt(ImageSearch.Neighbor::index).toArray();
    assertArrayEquals(ints(info.get("nearest")), near);
    assertArrayEquals(ints(info.get("farthest")), far);
  }

  @Test
  void aFrozenNestedApplicationCountsAndTrainsAsKeras() {
    Model base =
        VGG16.create(
            new ApplicationOptions().includeTop(false).inputShape(32, 32, 3).pooling("avg"));
    Sequential model =
        new Sequential(
            base,
            new Dense(256).activation("relu"),
            new Dropout(0.5),
            new Dense(3).activation("softmax"));
    // Keras builds a Sequential whose first layer knows its input at once; Myelin on build/fit
    model.build(new long[] {-1, 32, 32, 3});
    JsonNode t = info.get("transfer");
    assertArrayEquals(ints(t.get("built")), counts(model), "as built");
    base.trainable(false);
    assertArrayEquals(ints(t.get("frozen")), counts(model), "base frozen");
    float[] kernel = base.layers().get(1).weights().get(0).value().toFloatArray();
    model.compile("rmsprop", "categorical_crossentropy");
    Tensor x = Tensor.zeros(4, 32, 32, 3).add(1f);
    Tensor y = Tensor.of(new float[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
    model.fit(x, y, new FitOptions().epochs(1).batchSize(4).verbose(0));
    assertArrayEquals(kernel, base.layers().get(1).weights().get(0).value().toFloatArray(), 0f);
    base.trainable(true);
    for (Layer l : base.layers()) {
      l.trainable(l.name().startsWith("block5"));
    }
    assertArrayEquals(ints(t.get("block5")), counts(model), "block5 unfrozen");
    assertFalse(base.layers().get(1).trainable());
    assertTrue(model.countParams() > 0);
  }

  private static int[] counts(Model m) {
    return new int[] {size(m.trainableWeights()), size(m.nonTrainableWeights())};
  }

  private static int size(List<Variable> vs) {
    long n = 0;
    for (Variable v : vs) {
      n += Arrays.stream(v.shape()).reduce(1, (a, b) -> a * b);
    }
    return (int) n;
  }

  private static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).asInt();
    }
    return r;
  }
}
