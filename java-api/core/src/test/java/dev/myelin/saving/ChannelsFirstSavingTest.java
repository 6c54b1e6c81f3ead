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
 * Models whose every spatial layer is {@code data_format="channels_first"} (convolutions of each
 * kind, pooling, padding, cropping, upsampling, spatial dropout, global pooling, Flatten) and
 * BatchNormalization(axis=1) move both ways between Myelin and Python Keras 3.15.1 (jax): Keras's
 * files load with Keras's weights and predict as Keras does, and Myelin's saved files load in Keras
 * with the same predictions. The Python side is tests/fixtures/keras_channels_first.py.
 */
@ExtendWith(TensorScopePerTest.class)
class ChannelsFirstSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> MODELS = List.of("image", "steps", "volume");

  @TempDir Path dir;

  @Test
  void kerasChannelsFirstModelsPredictAsKerasAndRoundTripThroughKeras() throws Exception {
    PythonKeras.check("keras_channels_first.py", "writing Keras's models", "write", dir.toString());
    JsonNode cases = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String name : MODELS) {
      JsonNode c = cases.get(name);
      Model m = Models.loadModel(dir.resolve(name + ".keras"));
      int spatial = 0;
      for (Layer l : m.layers()) {
        if ("channels_first".equals(l.getConfig().get("data_format"))) {
          spatial++;
        }
      }
      assertEquals(name.equals("image") ? 14 : name.equals("steps") ? 9 : 7, spatial, name);
      List<Tensor> ws = m.getWeights();
      assertEquals(c.get("weights").size(), ws.size(), name);
      for (int i = 0; i < ws.size(); i++) {
        assertArrayEquals(PythonKeras.flat(c.get("weights").get(i)), ws.get(i).toFloatArray(), 0f);
      }
      Tensor x = PythonKeras.matrix(c.get("inputs").get(0));
      Tensor got = m.predict(x);
      assertArrayEquals(
          PythonKeras.matrix(c.get("expected").get(0)).toFloatArray(),
          got.toFloatArray(),
          1e-4f,
          name);
      Path file =
          PythonKeras.checkSavedInKeras(
              "keras_channels_first.py", m, dir, "myelin_" + name, x, got);
      Model again = Models.loadModel(file);
      assertArrayEquals(got.toFloatArray(), again.predict(x).toFloatArray(), 0f, name);
    }
  }
}
