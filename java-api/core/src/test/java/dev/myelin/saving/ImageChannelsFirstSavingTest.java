package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Layer;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models whose image preprocessing layers are all {@code data_format="channels_first"} (Resizing
 * with crop, pad, antialias and nearest; CenterCrop cropping and smart-resizing; the five random
 * layers, the identity at inference) move both ways between Myelin and Python Keras 3.15.1 (jax):
 * Keras's files load with Keras's configs key for key and predict as Keras does within 1e-5, and
 * Myelin's .keras and legacy .h5 files load in Keras with the same predictions. The Python side is
 * tests/fixtures/keras_image_channels_first.py.
 */
@ExtendWith(TensorScopePerTest.class)
class ImageChannelsFirstSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void kerasChannelsFirstImageModelsPredictAsKerasAndRoundTripThroughKeras() throws Exception {
    PythonKeras.check(
        "keras_image_channels_first.py", "writing Keras's models", "write", dir.toString());
    JsonNode cases = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String name : List.of("image", "smart")) {
      JsonNode c = cases.get(name);
      Model m = Models.loadModel(dir.resolve(name + ".keras"));
      int checked = 0;
      for (JsonNode k : c.get("configs")) {
        JsonNode config = k.get("config");
        if (!"channels_first".equals(config.path("data_format").asText())) {
          continue;
        }
        String layerName = config.get("name").asText();
        Layer mine = m.layers().stream().filter(l -> l.name().equals(layerName)).findFirst().get();
        assertEquals(k.get("class_name").asText(), mine.className());
        ImageLayerSavingTest.assertConfigMatches(config, mine);
        checked++;
      }
      // image: 4 Resizing, CenterCrop, 5 random layers, Flatten; smart: CenterCrop, Flatten
      assertEquals(name.equals("image") ? 11 : 2, checked, name);
      Tensor x = PythonKeras.matrix(c.get("inputs").get(0));
      Tensor got = m.predict(x);
      assertArrayEquals(
          PythonKeras.flat(c.get("expected").get(0)), got.toFloatArray(), 1e-5f, name);
      PythonKeras.checkSavedInKeras(
          "keras_image_channels_first.py", m, dir, "myelin_" + name, x, got);
      Model again = Models.loadModel(dir.resolve("myelin_" + name + ".h5"));
      assertArrayEquals(got.toFloatArray(), again.predict(x).toFloatArray(), 0f, name);
    }
  }
}
