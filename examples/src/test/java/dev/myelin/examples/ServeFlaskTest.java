package dev.myelin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.serving.ServingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The chapter 13 Flask-style route: labels in Flask's debug layout, bad bodies as 400s. */
class ServeFlaskTest {
  @Test
  void answersTheArgmaxLabelsOneLinePerValue() throws Exception {
    Myelin.setSeed(7);
    KerasTensor in = Input.of(7);
    Model model = new Model(in, new Dense(4).activation("softmax").apply(in));
    float[][] rows = {{-62, -58, -59, -59, -67, -80, -77}, {-49, -53, -50, -48, -67, -78, -88}};
    StringBuilder want = new StringBuilder("[\n");
    try (Tensor x = Tensor.of(rows);
        Tensor p = model.predict(x)) {
      for (int r = 0; r < 2; r++) {
        int best = 0;
        for (int c = 1; c < 4; c++) {
          best = p.getFloat(r, c) > p.getFloat(r, best) ? c : best;
        }
        want.append("  ").append(best).append(r == 0 ? ",\n" : "\n");
      }
    }
    String body =
        "{\"data\": [[-62, -58, -59, -59, -67, -80, -77], [-49, -53, -50, -48, -67, -78, -88]]}";
    assertEquals(
        want.append("]\n").toString(),
        ServeFlask.labels(model, body.getBytes(StandardCharsets.UTF_8)));
    ServingException e =
        assertThrows(
            ServingException.class,
            () ->
                ServeFlask.labels(model, "{\"data\": [[1, 2]]}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(400, e.code().httpStatus());
    assertTrue(e.getMessage().contains("data[0]: expected 7 numbers"), e.getMessage());
    assertThrows(
        ServingException.class,
        () -> ServeFlask.labels(model, "{oops".getBytes(StandardCharsets.UTF_8)));
  }
}
