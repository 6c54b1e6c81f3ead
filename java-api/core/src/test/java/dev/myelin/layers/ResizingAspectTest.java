package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.TensorScopePerTest;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.saving.PythonKeras;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resizing's pad_to_aspect_ratio (with fill_value) and antialias against Keras 3 on jax
 * (tests/fixtures/keras_resizing.py): outputs for fixed images, a Keras-saved model using both, the
 * config round trip and the antialiased resize's gradient against finite differences (in both data
 * formats).
 */
@ExtendWith(TensorScopePerTest.class)
class ResizingAspectTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long[] SHAPE = {2, 6, 9, 2};
  private static JsonNode keras;
  private static Path dir;

  @BeforeAll
  static void kerasNumbers(@TempDir Path tmp) throws Exception {
    dir = tmp;
    PythonKeras.check("keras_resizing.py", "Keras's resizing numbers", "numerics", tmp.toString());
    keras = JSON.readTree(tmp.resolve("numerics.json").toFile());
  }

  private static Tensor images() {
    return Tensor.fromArray(PythonKeras.flat(keras.get("images")), SHAPE);
  }

  @Test
  void padToAspectRatioAndAntialiasMatchKeras() {
    Tensor x = images();
    assertEquals(8, keras.get("cases").size());
    for (JsonNode c : keras.get("cases")) {
      int h = c.get("height").asInt();
      int w = c.get("width").asInt();
      Resizing r =
          new Resizing(h, w)
              .interpolation(c.get("interpolation").asText())
              .padToAspectRatio(c.get("pad").asBoolean())
              .fillValue(c.get("fill_value").asDouble())
              .antialias(c.get("antialias").asBoolean());
      Tensor y = r.invoke(new Tensor[] {x}, false);
      String what = c.toString().substring(0, 120);
      assertArrayEquals(new long[] {2, h, w, 2}, y.shape(), what);
      assertArrayEquals(PythonKeras.flat(c.get("output")), y.toFloatArray(), 1e-5f, what);
      // one image (rank 3) gives the same numbers as its batch row
      Tensor one = r.invoke(new Tensor[] {x.get(1)}, false);
      assertArrayEquals(y.get(1).toFloatArray(), one.toFloatArray(), 1e-6f, what);
    }
  }

  @Test
  void kerasModelWithPaddingAndAntialiasLoadsAndPredictsAsKeras() throws Exception {
    Model m = Models.loadModel(dir.resolve("pad.keras"));
    Map<String, Object> pad = m.layers().get(1).getConfig();
    assertEquals(true, pad.get("pad_to_aspect_ratio"));
    assertEquals(0.5, ((Number) pad.get("fill_value")).doubleValue());
    assertEquals(true, m.layers().get(2).getConfig().get("antialias"));
    assertArrayEquals(
        PythonKeras.flat(keras.get("model_output")), m.predict(images()).toFloatArray(), 1e-5f);
    Resizing again = Resizing.fromConfig(m.layers().get(2).getConfig());
    assertEquals(m.layers().get(2).getConfig(), again.name(m.layers().get(2).name()).getConfig());
  }

  @Test
  void cropAndPadTogetherAndOtherFillModesAreRefused() {
    IllegalArgumentException both =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Resizing(2, 2).cropToAspectRatio(true).padToAspectRatio(true));
    assertTrue(
        both.getMessage().contains("'pad_to_aspect_ratio' expected false"), both.getMessage());
    IllegalArgumentException mode =
        assertThrows(IllegalArgumentException.class, () -> new Resizing(2, 2).fillMode("reflect"));
    assertTrue(mode.getMessage().contains("'fill_mode'"), mode.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"channels_last", "channels_first"})
  void antialiasedAndPaddedResizeGradientMatchesFiniteDifferences(String format) {
    Resizing r =
        new Resizing(3, 2).padToAspectRatio(true).fillValue(0.3).antialias(true).dataFormat(format);
    boolean first = format.equals("channels_first");
    long[] shape = first ? new long[] {1, 2, 5, 4} : new long[] {1, 5, 4, 2};
    Random rnd = new Random(2);
    float[] x = new float[40];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextFloat();
    }
    float[] w = new float[12];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextFloat() * 2 - 1;
    }
    Tensor wt = first ? Tensor.fromArray(w, 1, 2, 3, 2) : Tensor.fromArray(w, 1, 3, 2, 2);
    float[] g;
    try (GradientTape tape = new GradientTape()) {
      Tensor in = Tensor.fromArray(x, shape);
      tape.watch(in);
      g = tape.gradient(r.invoke(new Tensor[] {in}, false).mul(wt).sum(), in)[0].toFloatArray();
    }
    for (int j = 0; j < x.length; j++) {
      float orig = x[j];
      double[] l = new double[2];
      for (int s = 0; s < 2; s++) {
        x[j] = orig + (s == 0 ? 1e-2f : -1e-2f);
        try (TensorScope scope = new TensorScope()) {
          l[s] =
              r.invoke(new Tensor[] {Tensor.fromArray(x, shape)}, false)
                  .mul(wt)
                  .sum()
                  .cast(DType.FLOAT64)
                  .item();
        }
      }
      x[j] = orig;
      double num = (l[0] - l[1]) / 2e-2;
      assertEquals(num, g[j], 1e-3, "element " + j);
    }
  }
}
