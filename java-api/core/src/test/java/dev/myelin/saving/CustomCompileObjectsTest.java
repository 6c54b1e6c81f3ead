package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-load {@code customObjects} map reaches the optimizer and the metrics named in a saved
 * model's compile config (Keras's {@code load_model(path, custom_objects=...)}): the file comes
 * from real Keras (tests/fixtures/keras_custom_compile.py) with a custom SGD subclass and a custom
 * metric class, neither known to Myelin's registry.
 */
@ExtendWith(TensorScopePerTest.class)
class CustomCompileObjectsTest {
  @TempDir Path dir;

  private static Tensor matrix(JsonNode rows) {
    float[][] r = new float[rows.size()][rows.get(0).size()];
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] = (float) rows.get(i).get(j).asDouble();
      }
    }
    return Tensor.of(r);
  }

  @Test
  void customOptimizerAndMetricOfACompileConfigComeFromCustomObjects() throws Exception {
    PythonKeras.check(
        "keras_custom_compile.py", "writing a custom-compile model", "write", dir.toString());
    Path file = dir.resolve("custom_compile.keras");
    // the factory sees the saved config (the custom "scale" key included) and its optimizer is
    // the model's; the learning rate is then restored from the file's optimizer variables
    List<Map<String, Object>> seen = new ArrayList<>();
    SGD made = new SGD(0.5);
    Function<Map<String, Object>, Object> scaledSgd =
        c -> {
          seen.add(c);
          return made;
        };
    // RegistryTest.MaxAbsError is the Java twin of Custom>MaxAbsError (named max_abs_error too)
    Function<Map<String, Object>, Object> maxAbs = c -> new RegistryTest.MaxAbsError();
    Map<String, Object> custom =
        Map.of("Custom>ScaledSGD", scaledSgd, "Custom>MaxAbsError", maxAbs);

    // without the map the optimizer (the first custom name read) is unknown
    WeightsFormatException unknown =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    assertTrue(unknown.getMessage().contains("\"ScaledSGD\""), unknown.getMessage());

    Model m = Models.loadModel(file, custom);
    assertSame(made, m.optimizer());
    assertEquals(1, seen.size());
    assertEquals(0.5, ((Number) seen.get(0).get("scale")).doubleValue());
    assertEquals(0.05f, m.optimizer().learningRate(), 1e-9);
    assertEquals(List.of("loss", "mae", "max_abs_error"), m.metricsNames());

    JsonNode data =
        new ObjectMapper().readTree(Files.readString(dir.resolve("custom_compile.json")));
    Tensor x = matrix(data.get("x"));
    Tensor y = matrix(data.get("y"));
    double[] scores = m.evaluate(x, y);
    double want = y.sub(m.predict(x)).abs().max().item();
    assertEquals(want, scores[2], 1e-6);
    assertEquals(y.sub(m.predict(x)).abs().mean().item(), scores[1], 1e-6);
  }
}
