package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.CenterCrop;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.Layer;
import dev.myelin.layers.RandomContrast;
import dev.myelin.layers.RandomFlip;
import dev.myelin.layers.RandomRotation;
import dev.myelin.layers.RandomTranslation;
import dev.myelin.layers.RandomZoom;
import dev.myelin.layers.Rescaling;
import dev.myelin.layers.Resizing;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models with every image preprocessing layer move both ways between Myelin and Python Keras 3.15.1
 * (tests/fixtures/keras_image_layers.py): each layer's config equals Keras's key for key, and the
 * predictions (where the random layers are the identity) agree within 1e-5.
 */
@ExtendWith(TensorScopePerTest.class)
class ImageLayerSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Keras's config of each image layer (by class name) against Myelin's, key for key. */
  private static void assertConfigsMatch(JsonNode kerasConfigs, List<Layer> layers) {
    int checked = 0;
    for (JsonNode k : kerasConfigs) {
      String cls = k.get("class_name").asText();
      if (cls.equals("InputLayer") || cls.equals("Flatten") || cls.equals("Dense")) {
        continue;
      }
      Layer mine = layers.stream().filter(l -> l.className().equals(cls)).findFirst().orElseThrow();
      assertConfigMatches(k.get("config"), mine);
      checked++;
    }
    assertEquals(8, checked);
  }

  /** Keras's config of one layer against Myelin's layer, key for key (but dtype and name). */
  static void assertConfigMatches(JsonNode expected, Layer mine) {
    String cls = mine.className();
    Map<String, Object> c = mine.getConfig();
    List<String> keys = new ArrayList<>();
    expected.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      assertTrue(c.containsKey(key), cls + " config lacks " + key);
      if (key.equals("dtype") || key.equals("name")) {
        continue;
      }
      JsonNode want = expected.get(key);
      JsonNode got = c.get(key) == null ? NullNode.getInstance() : JSON.valueToTree(c.get(key));
      if (want.isNumber()) {
        assertEquals(want.asDouble(), got.asDouble(), 1e-12, cls + "." + key);
      } else if (want.isArray()) {
        assertArrayEquals(PythonKeras.flat(want), PythonKeras.flat(got), 0f, cls + "." + key);
      } else {
        assertEquals(want, got, cls + "." + key);
      }
    }
  }

  @Test
  void kerasImageModelsKerasAndLegacyH5LoadWithKerasConfigsAndPredictions() throws Exception {
    PythonKeras.check(
        "keras_image_layers.py", "writing Keras's image model", "write", dir.toString());
    JsonNode k = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String file : List.of("image.keras", "image.h5")) {
      Model m = Models.loadModel(dir.resolve(file));
      assertConfigsMatch(k.get("configs"), m.layers());
      Tensor x = Tensor.fromArray(PythonKeras.flat(k.get("inputs")), 3, 8, 10, 3);
      assertArrayEquals(
          PythonKeras.flat(k.get("expected")), m.predict(x).toFloatArray(), 1e-5f, file);
    }
  }

  @Test
  void pythonKerasLoadsMyelinsImageModelKerasAndLegacyH5() throws Exception {
    Models.clearSession();
    Sequential m = new Sequential();
    m.add(new Rescaling(1.0 / 255, 0.1).inputShape(8, 10, 3));
    m.add(new Resizing(6, 6).cropToAspectRatio(true));
    m.add(new CenterCrop(4, 5));
    m.add(new RandomFlip("horizontal").seed(3));
    m.add(new RandomRotation(-0.1, 0.2).fillMode("nearest").seed(4));
    m.add(new RandomZoom(0.2).widthFactor(-0.1, 0.3).interpolation("nearest").fillValue(1.5));
    m.add(new RandomTranslation(new double[] {0.1}, new double[] {-0.2, 0.1}).fillMode("wrap"));
    m.add(new RandomContrast(0.3).valueRange(0, 1));
    m.add(new Flatten());
    m.add(new Dense(2));
    Myelin.setSeed(8);
    Tensor x = Tensor.randomUniform(new long[] {3, 8, 10, 3}, 0, 255, DType.FLOAT32);
    Path file = dir.resolve("image.keras");
    m.save(file);
    Path legacy = dir.resolve("image.h5");
    m.save(legacy);
    Path in = dir.resolve("inputs.json");
    Path expected = dir.resolve("expected.json");
    float[] y = m.predict(x).toFloatArray();
    float[][] rows = {
      java.util.Arrays.copyOfRange(y, 0, 2),
      java.util.Arrays.copyOfRange(y, 2, 4),
      java.util.Arrays.copyOfRange(y, 4, 6)
    };
    float[] xv = x.toFloatArray();
    float[][][][] xs = new float[3][8][10][3];
    for (int i = 0; i < xv.length; i++) {
      xs[i / 240][(i / 30) % 8][(i / 3) % 10][i % 3] = xv[i];
    }
    Files.writeString(in, JSON.writeValueAsString(xs));
    Files.writeString(expected, JSON.writeValueAsString(rows));
    String out =
        PythonKeras.check(
            "keras_image_layers.py",
            file.toString(),
            "check",
            in.toString(),
            expected.toString(),
            file.toString(),
            legacy.toString());
    // one JSON line per file (a warning on the merged stderr may precede it on the same line)
    String start = "[{\"class_name\"";
    List<String> configs =
        out.lines().filter(l -> l.contains(start)).map(l -> l.substring(l.indexOf(start))).toList();
    assertEquals(2, configs.size(), out);
    for (String c : configs) {
      assertConfigsMatch(JSON.readTree(c), m.layers());
    }
  }
}
