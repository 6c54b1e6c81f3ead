package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
    // ScaledSGD steps by learning_rate * scale * gradient: plain SGD at the product
    Function<Map<String, Object>, Object> scaledSgd =
        c ->
            new SGD(
                ((Number) c.get("learning_rate")).doubleValue()
                    * ((Number) c.get("scale")).doubleValue());
    // RegistryTest.MaxAbsError is the Java twin of Custom>MaxAbsError (named max_abs_error too)
    Function<Map<String, Object>, Object> maxAbs = c -> new RegistryTest.MaxAbsError();
    Map<String, Object> custom =
        Map.of("Custom>ScaledSGD", scaledSgd, "Custom>MaxAbsError", maxAbs);

    // without the map neither name is known
    WeightsFormatException unknown =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    assertTrue(unknown.getMessage().contains("\"ScaledSGD\""), unknown.getMessage());

    Model m = Models.loadModel(file, custom);
    SGD opt = assertInstanceOf(SGD.class, m.optimizer());
    assertEquals(0.05f * 0.5, opt.learningRate(), 1e-9);
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
