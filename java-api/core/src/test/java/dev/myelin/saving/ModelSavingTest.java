package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.callbacks.ModelCheckpoint;
import dev.myelin.constraints.MaxNorm;
import dev.myelin.initializers.RandomNormal;
import dev.myelin.layers.Activation;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Lambda;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Layers;
import dev.myelin.layers.Reshape;
import dev.myelin.losses.BinaryCrossentropy;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.SGD;
import dev.myelin.regularizers.L2;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole models move between Python Keras 3.15.1 and Myelin: fixtures made by
 * tests/fixtures/generate_keras_interchange.py load here with Keras's predictions (to 1e-5), and
 * models Myelin saves load in Python Keras (tests/fixtures/check_keras_load.py) with Myelin's.
 */
class ModelSavingTest {
  private static final Path DIR = Path.of("src/test/resources/dev/myelin/saving/interchange");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeEach
  @AfterEach
  void keras3() {
    Models.useKeras2Conventions(false);
  }

  private static JsonNode fixture(String name) throws IOException {
    return JSON.readTree(DIR.resolve("interchange.json").toFile()).get(name);
  }

  private static float[][] matrix(JsonNode rows) {
    float[][] r = new float[rows.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = new float[rows.get(i).size()];
      for (int j = 0; j < r[i].length; j++) {
        r[i][j] = (float) rows.get(i).get(j).asDouble();
      }
    }
    return r;
  }

  private static Tensor[] inputs(JsonNode c) {
    List<Tensor> r = new ArrayList<>();
    for (JsonNode x : c.get("inputs")) {
      r.add(Tensor.of(matrix(x)));
    }
    return r.toArray(new Tensor[0]);
  }

  private static void assertClose(float[][] expected, Tensor actual) {
    float[] got = actual.toFloatArray();
    int k = 0;
    for (float[] row : expected) {
      for (float e : row) {
        assertEquals(e, got[k++], 1e-5, "prediction " + (k - 1));
      }
    }
    assertEquals(k, got.length);
  }

  private static void assertPredictsLikeKeras(Model m, String fixture) throws IOException {
    JsonNode c = fixture(fixture);
    Tensor y = m.predictAll(inputs(c))[0];
    assertClose(matrix(c.get("expected")), y);
  }

  @Test
  void loadsKerasSequentialWithItsCompileSettings() throws IOException {
    Model m = Models.loadModel(DIR.resolve("mlp.keras"));
    assertInstanceOf(Sequential.class, m);
    assertEquals(List.of("dense", "dense_1"), m.layers().stream().map(l -> l.name()).toList());
    assertPredictsLikeKeras(m, "mlp");
    assertInstanceOf(Adam.class, m.optimizer());
    assertEquals(
        0.01, ((Number) m.optimizer().getConfig().get("learning_rate")).doubleValue(), 1e-7);
    assertEquals("categorical_crossentropy", m.loss().name());
    assertEquals(List.of("loss", "accuracy"), m.metricsNames());
  }

  @Test
  void loadsKerasFunctionalModelWithTwoInputs() throws IOException {
    Model m = Models.loadModel(DIR.resolve("concat.keras"));
    assertEquals(2, m.inputs().size());
    assertEquals("Concatenate", m.getLayer("concatenate").className());
    assertPredictsLikeKeras(m, "concat");
    assertInstanceOf(SGD.class, m.optimizer());
  }

  @Test
  void loadsBatchNormalizationStatisticsAndDropout() throws IOException {
    Model m = Models.loadModel(DIR.resolve("bn.keras"));
    assertInstanceOf(BatchNormalization.class, m.layers().get(1));
    assertInstanceOf(Dropout.class, m.layers().get(2));
    assertPredictsLikeKeras(m, "bn");
  }

  @Test
  void loadsKeras3LegacyH5AndWeightsFile() throws IOException {
    Model legacy = Models.loadModel(DIR.resolve("mlp_legacy.h5"));
    assertPredictsLikeKeras(legacy, "mlp");
    assertInstanceOf(Adam.class, legacy.optimizer());
    assertEquals(List.of("loss", "accuracy"), legacy.metricsNames());
    assertTrue(!Models.keras2Conventions(), "a Keras 3 legacy .h5 keeps Keras 3 conventions");
    Models.clearSession();
    Sequential m = new Sequential();
    m.add(new Dense(8).activation("relu").inputShape(4));
    m.add(new Dense(3).activation("softmax"));
    m.loadWeights(DIR.resolve("mlp.weights.h5"));
    assertPredictsLikeKeras(m, "mlp");
  }

  @Test
  void loadsKeras2WholeModelWithKeras2Behaviour() throws IOException {
    Model m = Models.loadModel(DIR.resolve("keras2_mlp_model.h5"));
    assertEquals(List.of("dense_1", "dense_2"), m.layers().stream().map(l -> l.name()).toList());
    assertPredictsLikeKeras(m, "keras2_mlp_model");
    assertInstanceOf(SGD.class, m.optimizer());
    assertEquals(
        0.05, ((Number) m.optimizer().getConfig().get("learning_rate")).doubleValue(), 1e-9);
    assertTrue(Models.keras2Conventions());
    assertEquals(List.of("loss", "acc"), m.metricsNames());
  }

  @Test
  void kerasToJsonBuildsTheSameArchitecture() throws IOException {
    String config = new String(KerasArchive.read(DIR.resolve("concat.keras")).configJson());
    Model m = Models.modelFromJson(config);
    assertEquals(
        List.of("a", "b", "concatenate", "dense_2", "dense_3"),
        m.layers().stream().map(l -> l.name()).toList());
    Model again = Models.modelFromJson(m.toJson());
    assertEquals(m.toJson(), again.toJson());
    assertEquals(m.countParams(), again.countParams());
  }

  @Test
  void saveAndLoadRoundTripsInMyelin() {
    Model m = functional();
    m.compile(new Adam(0.02), "binary_crossentropy", "accuracy");
    Tensor[] x = {
      Tensor.of(new float[][] {{1, 2}, {-1, 0.5f}}),
      Tensor.of(new float[][] {{0, 1, 2}, {3, -2, 1}})
    };
    Path file = dir.resolve("m.keras");
    m.save(file);
    Model back = Models.loadModel(file);
    assertArrayEquals(m.predictAll(x)[0].toFloatArray(), back.predictAll(x)[0].toFloatArray(), 0f);
    assertEquals(m.toJson(), back.toJson());
    assertEquals(List.of("loss", "accuracy"), back.metricsNames());

    m.compile(new SGD(0.1), new BinaryCrossentropy(true, 0.1), "accuracy");
    m.save(file);
    BinaryCrossentropy loss = (BinaryCrossentropy) Models.loadModel(file).loss();
    assertTrue(loss.fromLogits());
    assertEquals(0.1, loss.labelSmoothing(), 1e-12);
  }

  @Test
  void failedSaveLeavesThePreviousFileAndBadFilesNameTheProblem() throws IOException {
    Sequential ok = new Sequential(new Dense(2).inputShape(3));
    Path file = dir.resolve("m.keras");
    ok.save(file);
    byte[] before = Files.readAllBytes(file);
    Sequential bad = new Sequential(new Dense(2).inputShape(3), new Lambda(t -> t.mul(2.0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.save(file));
    assertTrue(e.getMessage().contains("Lambda"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(1, Files.list(dir).count(), "no temporary file left behind");

    Path junk = dir.resolve("junk.keras");
    Files.writeString(junk, "not a model");
    WeightsFormatException j =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(junk));
    assertTrue(j.getMessage().startsWith(junk.toString()), j.getMessage());

    Path cut = dir.resolve("cut.keras");
    Files.write(cut, java.util.Arrays.copyOf(before, before.length / 2));
    WeightsFormatException c =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(cut));
    assertTrue(c.getMessage().startsWith(cut.toString()), c.getMessage());

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> Models.loadModel(dir.resolve("none.keras")));
    assertTrue(missing.getMessage().contains("none.keras (no such file)"), missing.getMessage());

    Path conv = dir.resolve("conv.keras");
    KerasArchive.write(
        conv,
        "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"layers\": ["
            + "{\"class_name\": \"ConvLSTM2D\", \"config\": {\"filters\": 2}}]}}",
        KerasArchive.metadataNow(),
        new WeightsFile());
    WeightsFormatException u =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(conv));
    assertTrue(
        u.getMessage().startsWith(conv + ": unsupported model config")
            && u.getMessage().contains("\"ConvLSTM2D\""),
        u.getMessage());

    WeightsFormatException w =
        assertThrows(
            WeightsFormatException.class, () -> Models.loadModel(DIR.resolve("mlp.weights.h5")));
    assertTrue(w.getMessage().contains("no model_config"), w.getMessage());
  }

  @Test
  void modelCheckpointSavesWholeModels() {
    Sequential m =
        new Sequential(
            new Dense(3).activation("relu").inputShape(2), new Dense(1).activation("sigmoid"));
    m.compile(new SGD(0.1), "binary_crossentropy", "accuracy");
    Path file = dir.resolve("ckpt_{epoch}.keras");
    m.fit(
        new float[][] {{0, 1}, {1, 0}, {1, 1}, {0, 0}},
        new float[] {1, 1, 0, 0},
        new FitOptions()
            .epochs(2)
            .verbose(0)
            .callbacks(
                new ModelCheckpoint(file), new ModelCheckpoint(dir.resolve("weights.hdf5"))));
    Tensor x = Tensor.of(new float[][] {{0.5f, 0.25f}});
    for (String saved : List.of("ckpt_2.keras", "weights.hdf5")) {
      Model back = Models.loadModel(dir.resolve(saved));
      assertArrayEquals(m.predict(x).toFloatArray(), back.predict(x).toFloatArray(), 0f, saved);
      assertEquals(List.of("loss", "accuracy"), back.metricsNames());
    }
  }

  /** What Keras 2.2.4's {@code model.to_json()} wrote for the model of keras2_mlp.h5. */
  private static final String KERAS2_JSON =
      """
      {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": [
        {"class_name": "Dense", "config": {"name": "dense_1", "trainable": true,
          "batch_input_shape": [null, 2], "dtype": "float32", "units": 3, "activation": "relu",
          "use_bias": true, "kernel_initializer": {"class_name": "VarianceScaling", "config":
          {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
          "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null,
          "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null,
          "bias_constraint": null}},
        {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": true, "rate": 0.5,
          "noise_shape": null, "seed": null}},
        {"class_name": "Dense", "config": {"name": "dense_2", "trainable": true, "units": 1,
          "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"class_name":
          "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution":
          "uniform", "seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
          "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}},
          "bias_regularizer": null, "activity_regularizer": null,
          "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 3, "axis": 0}},
          "bias_constraint": null}}]},
       "keras_version": "2.2.4", "backend": "tensorflow"}
      """;

  @Test
  void booksFlaskFlowModelFromJsonThenLoadWeights() {
    Model m = Models.modelFromJson(KERAS2_JSON);
    assertTrue(Models.keras2Conventions(), "Keras 2 JSON switches to Keras 2 conventions");
    assertEquals(
        List.of("dense_1", "dropout_1", "dense_2"),
        m.layers().stream().map(l -> l.name()).toList());
    m.loadWeights(Path.of("src/test/resources/dev/myelin/saving/keras2_mlp.h5"));
    float[][] k1 = {
      {-0.847383439540863f, 0.5598375797271729f, -0.1231815367937088f},
      {0.4469303488731384f, 0.95597904920578f, 0.0769917443394661f}
    };
    float[] b1 = {0.0022409274242818356f, -0.8558977246284485f, -0.46312204003334045f};
    float[] k2 = {-0.00023499835515394807f, 0.3584599792957306f, 0.6074780821800232f};
    float[] x = {0.7f, -1.2f};
    double z = 0;
    for (int j = 0; j < 3; j++) {
      double h = Math.max(0, x[0] * k1[0][j] + x[1] * k1[1][j] + b1[j]);
      z += h * k2[j];
    }
    float expected = (float) (1 / (1 + Math.exp(-z)));
    assertEquals(expected, m.predict(Tensor.of(new float[][] {x})).toFloatArray()[0], 1e-6);
    Map<String, Object> dense2 = m.getLayer("dense_2").getConfig();
    assertEquals("L1L2", ((Map<?, ?>) dense2.get("kernel_regularizer")).get("class_name"));
    assertEquals(
        "{max_value=3.0, axis=0}",
        ((Map<?, ?>) dense2.get("kernel_constraint")).get("config").toString());
  }

  @Test
  void readsKeras2FunctionalJson() {
    String json =
        """
        {"class_name": "Model", "config": {"name": "model_1", "layers": [
          {"name": "input_1", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 2],
            "dtype": "float32", "sparse": false, "name": "input_1"}, "inbound_nodes": []},
          {"name": "input_2", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 3],
            "dtype": "float32", "sparse": false, "name": "input_2"}, "inbound_nodes": []},
          {"name": "concatenate_1", "class_name": "Concatenate", "config": {"name":
            "concatenate_1", "trainable": true, "axis": -1}, "inbound_nodes":
            [[["input_1", 0, 0, {}], ["input_2", 0, 0, {}]]]},
          {"name": "dense_1", "class_name": "Dense", "config": {"name": "dense_1", "units": 1,
            "activation": "sigmoid", "use_bias": true}, "inbound_nodes":
            [[["concatenate_1", 0, 0, {}]]]}],
          "input_layers": [["input_1", 0, 0], ["input_2", 0, 0]],
          "output_layers": [["dense_1", 0, 0]]},
         "keras_version": "2.2.4", "backend": "tensorflow"}
        """;
    Model m = Models.modelFromJson(json);
    assertEquals(2, m.inputs().size());
    assertEquals(
        List.of("input_1", "input_2", "concatenate_1", "dense_1"),
        m.layers().stream().map(l -> l.name()).toList());
    assertArrayEquals(new long[] {-1, 1}, m.output().shape());
    assertEquals(6, m.countParams());
  }

  @Test
  void everyLayerConfigRoundTrips() {
    List<Layer> layers =
        List.of(
            new InputLayer(3, 2),
            new Dense(5)
                .activation("tanh")
                .useBias(false)
                .kernelInitializer(new RandomNormal(0, 0.1, 3L))
                .kernelRegularizer(new L2(0.02))
                .kernelConstraint(new MaxNorm(2, 0)),
            new Activation("softmax"),
            new Dropout(0.3),
            new BatchNormalization().momentum(0.9).epsilon(1e-4).center(false),
            new Flatten(),
            new Reshape(3, -1),
            new Concatenate(1),
            new Add());
    for (Layer l : layers) {
      Layer back = Layers.fromConfig(l.className(), l.getConfig());
      assertEquals(l.getClass(), back.getClass());
      assertEquals(l.getConfig().toString(), back.getConfig().toString(), l.className());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Layers.fromConfig("ConvLSTM2D", Map.of()));
    assertTrue(
        e.getMessage().contains("\"ConvLSTM2D\"") && e.getMessage().contains("Dense"),
        e.getMessage());
    IllegalArgumentException j =
        assertThrows(
            IllegalArgumentException.class,
            () -> Models.modelFromJson("{\"class_name\": \"Sequential\", \"config\": [}"));
    assertTrue(j.getMessage().contains("invalid JSON"), j.getMessage());
  }

  // ---- Myelin -> Python Keras ----

  private static Model functional() {
    KerasTensor a = Input.of(2);
    KerasTensor b = Input.of(3);
    KerasTensor h = new Concatenate().apply(a, b);
    h = new Dense(4).activation("tanh").apply(h);
    return new Model(List.of(a, b), List.of(new Dense(1).activation("sigmoid").apply(h)));
  }

  private String json(Object o) throws IOException {
    return JSON.writeValueAsString(o);
  }

  private static List<float[][]> rows(Tensor... xs) {
    return java.util.Arrays.stream(xs).map(PythonKeras::rows).toList();
  }

  /** Runs check_keras_load.py; fails loudly (never skips) when python3 or keras is missing. */
  private void assertKerasPredictsLikeMyelin(Path file, Model m, Tensor[] x, boolean withJson)
      throws IOException, InterruptedException {
    Path in = dir.resolve("inputs.json");
    Path expected = dir.resolve("expected.json");
    Files.writeString(in, json(rows(x)));
    Files.writeString(expected, json(rows(m.predictAll(x)[0]).get(0)));
    List<String> args =
        new ArrayList<>(List.of(file.toString(), in.toString(), expected.toString()));
    if (withJson) {
      Path arch = dir.resolve("arch.json");
      Files.writeString(arch, m.toJson());
      args.add(arch.toString());
    }
    PythonKeras.check(
        "check_keras_load.py", "Myelin's predictions for " + file, args.toArray(new String[0]));
  }

  @Test
  void pythonKerasLoadsWhatMyelinSaves() throws Exception {
    Sequential seq = new Sequential();
    seq.add(new Dense(8).activation("relu").inputShape(4));
    seq.add(new BatchNormalization());
    seq.add(new Dropout(0.25));
    seq.add(new Dense(3).activation("softmax"));
    seq.compile(new Adam(0.01), "categorical_crossentropy", "accuracy");
    float[][] xs = {{0.1f, -1, 2, 0.5f}, {1, 1, -0.5f, 0}, {-2, 0.3f, 0.7f, 1}};
    float[][] ys = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    seq.fit(xs, ys, new FitOptions().epochs(3).batchSize(2).verbose(0));
    Tensor[] x = {Tensor.of(xs)};
    Path keras = dir.resolve("seq.keras");
    seq.save(keras);
    assertKerasPredictsLikeMyelin(keras, seq, x, false);
    Path weights = dir.resolve("seq.weights.h5");
    seq.saveWeights(weights);
    assertKerasPredictsLikeMyelin(weights, seq, x, true);
    Path legacy = dir.resolve("seq.h5");
    seq.save(legacy);
    assertKerasPredictsLikeMyelin(legacy, seq, x, false);
    Model back = Models.loadModel(legacy);
    assertArrayEquals(seq.predict(x[0]).toFloatArray(), back.predict(x[0]).toFloatArray(), 0f);
    assertInstanceOf(Adam.class, back.optimizer());

    Model f = functional();
    f.compile(new SGD(0.1), new BinaryCrossentropy(false, 0.05), "accuracy");
    Path fk = dir.resolve("functional.keras");
    f.save(fk);
    Tensor[] fx = {
      Tensor.of(new float[][] {{1, 2}, {-1, 0.5f}}),
      Tensor.of(new float[][] {{0, 1, 2}, {3, -2, 1}})
    };
    assertKerasPredictsLikeMyelin(fk, f, fx, false);
    Path fh = dir.resolve("functional.h5");
    f.save(fh);
    assertKerasPredictsLikeMyelin(fh, f, fx, false);

    KerasTensor in = Input.of(6);
    KerasTensor r = new Flatten().apply(new Reshape(2, 3).apply(in));
    KerasTensor d1 =
        new Dense(4).kernelRegularizer(new L2(0.01)).kernelConstraint(new MaxNorm(3, 0)).apply(r);
    KerasTensor d2 = new Dense(4).kernelInitializer("he_normal").apply(in);
    KerasTensor out = new Dense(2).apply(new Activation("relu").apply(new Add().apply(d1, d2)));
    Model g = new Model(in, out);
    Path gk = dir.resolve("graph.keras");
    g.save(gk);
    Tensor[] gx = {Tensor.of(new float[][] {{1, 2, 3, -1, -2, 0.5f}, {0, 0.1f, -0.3f, 2, 1, 1}})};
    assertKerasPredictsLikeMyelin(gk, g, gx, false);
  }
}
