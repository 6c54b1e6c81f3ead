package dev.myelin.saving;

import static dev.myelin.saving.KerasArrays.array;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks every Keras fixture case of the saving tests shares: a case of a fixture script's
 * {@code keras.json} holds {@code inputs} (one array per model input), {@code expected} (Keras's
 * prediction, one array per output) and, when the script wrote them, {@code weights} (Keras's
 * {@code model.get_weights()}, in its order).
 */
final class KerasCases {
  private KerasCases() {}

  /** Loads {@code dir/NAME.keras} and checks it against case {@code name} of {@code cases}. */
  static Model assertLoadsAsKeras(Path dir, JsonNode cases, String name) {
    Model m = Models.loadModel(dir.resolve(name + ".keras"));
    JsonNode c = cases.get(name);
    if (c.has("weights")) {
      assertKerasWeights(m, c, name);
    }
    assertPredictsAsKeras(m, c, name);
    return m;
  }

  /** Asserts that {@code m} holds every array of Keras's get_weights(), in order, exactly. */
  static void assertKerasWeights(Model m, JsonNode c, String name) {
    List<Tensor> ws = m.getWeights();
    assertEquals(c.get("weights").size(), ws.size(), name + " weight count");
    for (int i = 0; i < ws.size(); i++) {
      Tensor want = array(c.get("weights").get(i));
      assertArrayEquals(want.shape(), ws.get(i).shape(), name + " weight " + i);
      assertArrayEquals(want.toFloatArray(), ws.get(i).toFloatArray(), 0f, name + " weight " + i);
    }
  }

  /** Asserts that {@code m} predicts every output of Keras from the case's inputs within 1e-5. */
  static void assertPredictsAsKeras(Model m, JsonNode c, String name) {
    Tensor[] xs = new Tensor[c.get("inputs").size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = array(c.get("inputs").get(i));
    }
    Tensor[] got = m.predictAll(xs);
    assertEquals(c.get("expected").size(), got.length, name + " output count");
    for (int k = 0; k < got.length; k++) {
      assertArrayEquals(
          array(c.get("expected").get(k)).toFloatArray(),
          got[k].toFloatArray(),
          1e-5f,
          name + " output " + k);
    }
  }

  /**
   * Has Python Keras load each of {@code files} (saved from {@code m}) with {@code script}'s {@code
   * check} mode and assert that it predicts what {@code m} predicts for {@code x} (2-D, one model
   * input) within 1e-5; the inputs and expected outputs go to the script as JSON in {@code dir}.
   */
  static void assertKerasPredictsAsMyelin(String script, Path dir, Model m, Tensor x, Path... files)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    Path in = dir.resolve("inputs.json");
    Path expected = dir.resolve("expected.json");
    List<Object> predictions = new ArrayList<>();
    for (Tensor t : m.predictAll(new Tensor[] {x})) {
      predictions.add(PythonKeras.rows(t));
    }
    Files.writeString(in, json.writeValueAsString(List.of((Object) PythonKeras.rows(x))));
    Files.writeString(expected, json.writeValueAsString(predictions));
    List<String> args = new ArrayList<>(List.of("check", in.toString(), expected.toString()));
    for (Path f : files) {
      args.add(f.toString());
    }
    PythonKeras.check(script, files[0].toString(), args.toArray(new String[0]));
  }
}
