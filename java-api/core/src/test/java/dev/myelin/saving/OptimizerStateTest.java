package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.layers.Dense;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adadelta;
import dev.myelin.optimizers.Adagrad;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.AdamW;
import dev.myelin.optimizers.Adamax;
import dev.myelin.optimizers.Nadam;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.RMSprop;
import dev.myelin.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optimizer's state (iterations, learning rate, slots) travels with a saved model: training
 * resumes exactly after a Myelin round trip, a Keras-saved trained model continues in Myelin as in
 * Keras (fixtures of tests/fixtures/generate_keras_optimizer_state.py), and Keras 3.15.1 restores
 * the state Myelin saves (tests/fixtures/check_keras_optimizer.py).
 */
class OptimizerStateTest {
  private static final Path DIR = Path.of("src/test/resources/dev/myelin/saving/optimizer");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Map<String, Supplier<Optimizer>> optimizers() {
    Map<String, Supplier<Optimizer>> m = new LinkedHashMap<>();
    m.put("sgd_momentum", () -> new SGD(0.05, 0.9));
    m.put("sgd_nesterov", () -> new SGD(0.05, 0.5, true));
    m.put("adam", () -> new Adam(0.01));
    m.put("adam_amsgrad", () -> new Adam(0.01, 0.9, 0.999, 1e-7, true));
    m.put("rmsprop", () -> new RMSprop(0.01));
    m.put("rmsprop_centered", () -> new RMSprop(0.01, 0.9, 0.5, 1e-7, true));
    m.put("nadam", () -> new Nadam(0.01));
    m.put("adagrad", () -> new Adagrad(0.05));
    m.put("adadelta", () -> new Adadelta(1.0));
    m.put("adamax", () -> new Adamax(0.01));
    m.put("adamw", () -> new AdamW(0.01, 0.004));
    return m;
  }

  private static Sequential model(Optimizer opt) {
    Sequential m =
        new Sequential(
            new Dense(5).activation("tanh").inputShape(4), new Dense(3).activation("softmax"));
    m.compile(opt, "categorical_crossentropy");
    return m;
  }

  /** Batch {@code i} of a fixed stream: 6 samples of 4 features, one-hot labels of 3 classes. */
  private static Tensor[] batch(int i) {
    Random r = new Random(1000 + i);
    float[][] x = new float[6][4];
    float[][] y = new float[6][3];
    for (int s = 0; s < 6; s++) {
      for (int f = 0; f < 4; f++) {
        x[s][f] = (float) r.nextGaussian();
      }
      y[s][r.nextInt(3)] = 1;
    }
    return new Tensor[] {Tensor.of(x), Tensor.of(y)};
  }

  private static void train(Model m, int from, int to) {
    for (int i = from; i < to; i++) {
      try (TensorScope s = new TensorScope()) {
        Tensor[] b = batch(i);
        m.trainOnBatch(b[0], b[1]);
      }
    }
  }

  private static void assertSameWeights(Model expected, Model actual, double tol, String what) {
    try (TensorScope s = new TensorScope()) {
      List<Tensor> e = expected.getWeights();
      List<Tensor> a = actual.getWeights();
      assertEquals(e.size(), a.size(), what);
      for (int i = 0; i < e.size(); i++) {
        assertArrayEquals(
            e.get(i).toFloatArray(), a.get(i).toFloatArray(), (float) tol, what + " weight " + i);
      }
    }
  }

  private void resume(String ext, String name, Supplier<Optimizer> make) {
    Myelin.setSeed(42);
    Sequential straight = model(make.get());
    Myelin.setSeed(42);
    Sequential saved = model(make.get());
    train(straight, 0, 4);
    train(saved, 0, 4);
    Path file = dir.resolve(name + ext);
    saved.save(file);
    Model loaded;
    if (ext.equals(".weights.h5")) {
      loaded = model(make.get());
      loaded.loadWeights(file);
    } else {
      loaded = Models.loadModel(file);
    }
    assertEquals(4, loaded.optimizer().iterations(), name + ext + " iterations");
    assertEquals(
        straight.optimizer().learningRate(), loaded.optimizer().learningRate(), 0.0, name + ext);
    train(straight, 4, 7);
    train(loaded, 4, 7);
    // exact: the same state and the same kernels give the same bits
    assertSameWeights(straight, loaded, 0.0, name + ext + " after resuming");
  }

  @ParameterizedTest
  @ValueSource(strings = {".keras", ".h5", ".weights.h5"})
  void trainingResumesExactlyAfterSaveAndLoad(String ext) {
    for (Map.Entry<String, Supplier<Optimizer>> e : optimizers().entrySet()) {
      resume(ext, e.getKey(), e.getValue());
    }
  }

  @Test
  void withoutTheStateAdamWouldNotResume() {
    // the control: a fresh Adam on the same weights diverges, so the test above can fail
    Myelin.setSeed(42);
    Sequential straight = model(new Adam(0.01));
    train(straight, 0, 4);
    Sequential fresh = model(new Adam(0.01));
    fresh.setWeights(straight.getWeights());
    train(straight, 4, 5);
    train(fresh, 4, 5);
    float[] a = straight.getWeights().get(0).toFloatArray();
    float[] b = fresh.getWeights().get(0).toFloatArray();
    double maxDiff = 0;
    for (int i = 0; i < a.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    }
    assertTrue(maxDiff > 1e-3, "fresh Adam state should change the step, diff " + maxDiff);
  }

  @Test
  void savedFileHoldsKerasOptimizerVariablesInKerasOrder() {
    Myelin.setSeed(3);
    Sequential m = model(new Adam(0.01, 0.9, 0.999, 1e-7, true));
    train(m, 0, 2);
    Path file = dir.resolve("m.keras");
    m.save(file);
    List<WeightArray> vars = KerasArchive.read(file).weights().layer(WeightsFile.OPTIMIZER);
    // iterations, learning_rate, (m, v) per variable for 4 variables, then 4 velocity_hats
    assertEquals(2 + 8 + 4, vars.size());
    assertEquals(DType.INT32, vars.get(0).dtype());
    assertEquals(2.0, vars.get(0).doubles()[0]);
    assertEquals(0.01f, vars.get(1).floats()[0]);
    long[][] shapes = {
      {4, 5}, {4, 5}, {5}, {5}, {5, 3}, {5, 3}, {3}, {3}, {4, 5}, {5}, {5, 3}, {3}
    };
    for (int i = 0; i < shapes.length; i++) {
      assertArrayEquals(shapes[i], vars.get(2 + i).shape(), "optimizer variable " + (2 + i));
    }
    // velocity is the running mean of g^2: non-negative; the momentum has both signs
    for (float v : vars.get(3).floats()) {
      assertTrue(v >= 0, "velocity " + v);
    }
    // velocity_hat >= velocity (amsgrad's running maximum)
    float[] v = vars.get(3).floats();
    float[] vh = vars.get(10).floats();
    for (int i = 0; i < v.length; i++) {
      assertTrue(vh[i] >= v[i], "velocity_hat " + vh[i] + " < velocity " + v[i]);
    }
  }

  private static Tensor matrix(JsonNode rows) {
    float[][] r = new float[rows.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new float[rows.get(i).size()];
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] = (float) rows.get(i).get(j).asDouble();
      }
    }
    return Tensor.of(r);
  }

  private static void continuesLikeKeras(Model m, JsonNode c, String what) {
    assertEquals(c.get("iterations").asLong(), m.optimizer().iterations(), what + " iterations");
    m.trainOnBatch(matrix(c.get("x")), matrix(c.get("y")));
    List<Tensor> ws = m.getWeights();
    JsonNode want = c.get("weights_after");
    assertEquals(want.size(), ws.size(), what);
    for (int i = 0; i < ws.size(); i++) {
      float[] got = ws.get(i).toFloatArray();
      assertEquals(want.get(i).size(), got.length, what + " weight " + i);
      for (int k = 0; k < got.length; k++) {
        assertEquals(
            want.get(i).get(k).asDouble(), got[k], 1e-5, what + " weight " + i + "[" + k + "]");
      }
    }
  }

  @Test
  void kerasSavedOptimizerStateContinuesTrainingLikeKeras() throws IOException {
    JsonNode cases = JSON.readTree(DIR.resolve("optimizer_state.json").toFile());
    for (String name : optimizers().keySet()) {
      Model m = Models.loadModel(DIR.resolve(name + ".keras"));
      assertInstanceOf(optimizers().get(name).get().getClass(), m.optimizer(), name);
      continuesLikeKeras(m, cases.get(name), name + ".keras");
    }
    for (String name : List.of("adam", "rmsprop_centered", "nadam")) {
      Model m = Models.loadModel(DIR.resolve(name + ".h5"));
      continuesLikeKeras(m, cases.get(name), name + ".h5");
    }
  }

  @Test
  void kerasStateRestoresIntoACompiledModelWithLoadWeights() throws IOException {
    JsonNode cases = JSON.readTree(DIR.resolve("optimizer_state.json").toFile());
    // the model.weights.h5 of Keras's archive is what Keras's save_weights writes
    Path weights = dir.resolve("adam.weights.h5");
    KerasArchive.read(DIR.resolve("adam.keras")).weights().write(weights);
    Sequential m = model(new Adam(0.01));
    m.loadWeights(weights);
    continuesLikeKeras(m, cases.get("adam"), "adam via loadWeights");
    // an optimizer of another kind keeps its own (fresh) state, as Keras's load_weights does
    Sequential other = model(new SGD(0.1));
    other.loadWeights(weights);
    assertEquals(0, other.optimizer().iterations());
  }

  @Test
  void mismatchedOptimizerStateNamesTheFile() throws IOException {
    // an archive whose config says SGD with momentum but whose optimizer/vars hold Adam's slots
    KerasArchive adam = KerasArchive.read(DIR.resolve("adam.keras"));
    com.fasterxml.jackson.databind.node.ObjectNode config =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(adam.configJson());
    com.fasterxml.jackson.databind.node.ObjectNode opt =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            config.get("compile_config").get("optimizer");
    opt.put("class_name", "SGD");
    opt.set(
        "config", JSON.readTree("{\"name\": \"SGD\", \"learning_rate\": 0.1, \"momentum\": 0.9}"));
    Path file = dir.resolve("mixed.keras");
    KerasArchive.write(file, JSON.writeValueAsString(config), adam.metadataJson(), adam.weights());
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    assertTrue(
        e.getMessage().startsWith(file.toString())
            && e.getMessage().contains("optimizer state does not fit SGD")
            && e.getMessage().contains("expected 6 arrays"),
        e.getMessage());
  }

  private String stateJson(Model m, Tensor[] b) throws IOException {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("optimizer", m.optimizer().getClass().getSimpleName());
    List<float[]> vars = new ArrayList<>();
    for (Tensor t : m.optimizer().getWeights(m.trainableWeights())) {
      vars.add(t.cast(DType.FLOAT32).toFloatArray());
    }
    s.put("variables", vars);
    s.put("x", PythonKeras.rows(b[0]));
    s.put("y", PythonKeras.rows(b[1]));
    return JSON.writeValueAsString(s);
  }

  @Test
  void pythonKerasRestoresTheStateMyelinSaves() throws Exception {
    for (String name : List.of("sgd_momentum", "adam", "rmsprop_centered", "nadam")) {
      Myelin.setSeed(11);
      Sequential m = model(optimizers().get(name).get());
      train(m, 0, 3);
      // the legacy .h5 check is the same for every optimizer (Keras restores no slots from it)
      for (String ext : name.equals("adam") ? List.of(".keras", ".h5") : List.of(".keras")) {
        Path file = dir.resolve(name + ext);
        m.save(file);
        Model copy = Models.loadModel(file);
        Tensor[] b = batch(3);
        String state = stateJson(copy, b);
        copy.trainOnBatch(b[0], b[1]);
        List<float[]> after = new ArrayList<>();
        for (Tensor t : copy.getWeights()) {
          after.add(t.toFloatArray());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> s = JSON.readValue(state, Map.class);
        s.put("weights_after", after);
        Path json = dir.resolve(name + ext + ".json");
        Files.writeString(json, JSON.writeValueAsString(s));
        PythonKeras.check(
            "check_keras_optimizer.py", file.toString(), file.toString(), json.toString());
      }
    }
  }
}
