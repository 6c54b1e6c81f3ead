package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.initializers.Initializer;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Lambda;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Layers;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models used as layers, Lambda layers and custom Java layers are saved and loaded (.keras, legacy
 * .h5, JSON + weights) in Myelin, and move to and from Python Keras 3.15.1 where Keras can express
 * them (fixtures of tests/fixtures/generate_keras_nested.py; check_keras_load.py the other way).
 */
class NestedSavingTest {
  private static final Path DIR = Path.of("src/test/resources/dev/myelin/saving/nested");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A custom layer: {@code y = x * w * factor}, one weight per feature (Keras's Custom>Scale). */
  static final class Scale extends Layer {
    private final double factor;
    private Variable w;

    Scale(double factor) {
      this.factor = factor;
    }

    @Override
    public void build(long[] inputShape) {
      w =
          addWeight(
              "w", new long[] {inputShape[inputShape.length - 1]}, Initializer.get("ones"), true);
    }

    @Override
    public Tensor call(Tensor[] inputs, boolean training) {
      return inputs[0].mul(w.value()).mul(factor);
    }

    @Override
    public Map<String, Object> getConfig() {
      Map<String, Object> c = super.getConfig();
      c.put("factor", factor);
      return c;
    }

    static Scale fromConfig(Map<String, Object> c) {
      return new Scale(((Number) c.get("factor")).doubleValue());
    }
  }

  @BeforeAll
  static void register() {
    Layers.register("Scale", Scale::fromConfig);
    Lambda.register("myelin>double", x -> x.mul(2.0));
  }

  private static Model functionalWithSequential() {
    Sequential block = new Sequential(new Dense(4).activation("relu").inputShape(3), new Dense(2));
    block.name("block");
    KerasTensor a = Input.of(3);
    KerasTensor out = new Dense(1).activation("sigmoid").apply(block.apply(a));
    return new Model(a, out);
  }

  private static Tensor x(int n, int features) {
    float[][] r = new float[n][features];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < features; j++) {
        r[i][j] = (float) Math.sin(1.7 * i + 0.9 * j + 0.3);
      }
    }
    return Tensor.of(r);
  }

  private static void assertSamePredictions(Model expected, Model actual, Tensor x) {
    assertArrayEquals(
        expected.predict(x).toFloatArray(), actual.predict(x).toFloatArray(), 0f, "predictions");
  }

  @Test
  void nestedSequentialRoundTripsThroughEveryFormat() {
    Model m = functionalWithSequential();
    m.compile(new Adam(0.01), "binary_crossentropy");
    Tensor x = x(6, 3);
    m.trainOnBatch(x, Tensor.of(new float[][] {{1}, {0}, {1}, {1}, {0}, {0}}));
    for (String ext : List.of(".keras", ".h5")) {
      Path file = dir.resolve("nested" + ext);
      m.save(file);
      Model back = Models.loadModel(file);
      assertSamePredictions(m, back, x);
      Layer block = back.getLayer("block");
      assertInstanceOf(Sequential.class, block, ext);
      assertEquals(2, ((Sequential) block).layers().size(), ext);
      assertEquals(1, back.optimizer().iterations(), ext + " optimizer state");
    }
    // the weights file nests the block's layers as Keras does
    Path weights = dir.resolve("nested.weights.h5");
    m.saveWeights(weights);
    Fixtures.assertHoldsLayers(
        weights, "layers/sequential/layers/dense", "layers/sequential/layers/dense_1", "dense");
    Model arch = Models.modelFromJson(m.toJson());
    arch.loadWeights(weights);
    assertSamePredictions(m, arch, x);
  }

  @Test
  void sequentialInsideSequentialAndFunctionalInsideSequential() {
    KerasTensor fi = Input.of(2);
    Model fblock = new Model(fi, new Dense(3).activation("tanh").apply(fi));
    Sequential inner = new Sequential(new Dense(3).inputShape(3));
    Sequential s = new Sequential(new Dense(3).inputShape(2), inner, new Dense(2));
    Sequential f = new Sequential(fblock, new Dense(2));
    f.build(new long[] {-1, 2});
    for (Model m : List.of(s, f)) {
      Path file = dir.resolve(m.name() + ".keras");
      m.save(file);
      assertSamePredictions(m, Models.loadModel(file), x(3, 2));
    }
  }

  private JsonNode fixture(String name) throws IOException {
    return JSON.readTree(DIR.resolve("nested.json").toFile()).get(name);
  }

  private void assertPredictsLikeKeras(String file, String fixture) throws IOException {
    Model m = Models.loadModel(DIR.resolve(file));
    JsonNode c = fixture(fixture);
    float[] want = PythonKeras.matrix(c.get("expected")).toFloatArray();
    float[] got = m.predict(PythonKeras.matrix(c.get("inputs").get(0))).toFloatArray();
    assertArrayEquals(want, got, 1e-5f, file);
  }

  @Test
  void kerasNestedModelsLoad() throws IOException {
    assertPredictsLikeKeras("functional_with_sequential.keras", "functional_with_sequential");
    assertPredictsLikeKeras("functional_with_sequential.h5", "functional_with_sequential");
    assertPredictsLikeKeras("sequential_with_functional.keras", "sequential_with_functional");
    Model m = Models.loadModel(DIR.resolve("functional_with_sequential.keras"));
    assertEquals(3, m.optimizer().iterations(), "Keras's Adam state came along");
  }

  @Test
  void kerasLambdaLoadsOnlyWithRegisteredJavaFunctions() throws IOException {
    Path file = DIR.resolve("lambda.keras");
    // plus1 is a Python lambda (bytecode): it needs a Java function under the layer's name
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    assertTrue(
        e.getMessage().startsWith(file.toString())
            && e.getMessage().contains("Lambda layer \"plus1\" holds a Python lambda")
            && e.getMessage().contains("Lambda.register(\"plus1\", fn)"),
        e.getMessage());
    Lambda.register("plus1", t -> t.add(1.0));
    assertPredictsLikeKeras("lambda.keras", "lambda");
  }

  @Test
  void unregisteredLambdaFunctionNamesTheLayerAndTheFunction() throws IOException {
    Path file = dir.resolve("unknown_fn.keras");
    Sequential m =
        new Sequential(new Dense(2).inputShape(3), new Lambda("neverRegistered42", t -> t));
    m.save(file);
    KerasArchive a = KerasArchive.read(file);
    Path other = dir.resolve("renamed.keras");
    KerasArchive.write(
        other,
        a.configJson().replace("neverRegistered42", "someOtherFn"),
        a.metadataJson(),
        a.weights());
    WeightsFormatException e =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(other));
    assertTrue(
        e.getMessage().contains("Lambda layer \"lambda")
            && e.getMessage()
                .contains("calls the function \"someOtherFn\", which is not registered")
            && e.getMessage().contains("Lambda.register(\"someOtherFn\", fn)"),
        e.getMessage());
  }

  @Test
  void anonymousLambdaCannotBeSavedWholeAndSaysHow() {
    Sequential m = new Sequential(new Dense(2).inputShape(3), new Lambda(t -> t.mul(3.0)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.save(dir.resolve("anon.keras")));
    assertTrue(
        e.getMessage().contains("anonymous Java function")
            && e.getMessage().contains("new Lambda(\"name\", fn)"),
        e.getMessage());
  }

  @Test
  void customLayerRoundTripsAndLoadsFromKeras() throws IOException {
    Sequential m = new Sequential(new Scale(2.0).inputShape(3), new Dense(2));
    m.layers()
        .get(0)
        .weights()
        .get(0)
        .assign(Tensor.of(0.5, 1.5, -1.0).cast(dev.myelin.DType.FLOAT32));
    Tensor x = x(4, 3);
    for (String ext : List.of(".keras", ".h5")) {
      Path file = dir.resolve("custom" + ext);
      m.save(file);
      Model back = Models.loadModel(file);
      assertInstanceOf(Scale.class, back.layers().get(0));
      assertEquals(2.0, ((Scale) back.layers().get(0)).factor);
      assertSamePredictions(m, back, x);
    }
    Model fromJson = Models.modelFromJson(m.toJson());
    assertTrue(
        fromJson.toJson().contains("\"registered_name\":\"Custom>Scale\""), fromJson.toJson());
    assertPredictsLikeKeras("custom.keras", "custom");
  }

  @Test
  void unregisteredCustomLayerNamesTheClassOnSaveAndLoad() throws IOException {
    class Unsaved extends Layer {
      @Override
      public Tensor call(Tensor[] inputs, boolean training) {
        return inputs[0];
      }
    }
    Sequential m = new Sequential(new Dense(2).inputShape(3), new Unsaved());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.save(dir.resolve("u.keras")));
    assertTrue(e.getMessage().contains("Layers.register(\"Unsaved\", fromConfig)"), e.getMessage());

    KerasArchive a = KerasArchive.read(DIR.resolve("custom.keras"));
    Path file = dir.resolve("renamed_custom.keras");
    KerasArchive.write(
        file, a.configJson().replace("Scale", "Shift"), a.metadataJson(), a.weights());
    WeightsFormatException w =
        assertThrows(WeightsFormatException.class, () -> Models.loadModel(file));
    assertTrue(
        w.getMessage().startsWith(file.toString())
            && w.getMessage().contains("\"Shift\"")
            && w.getMessage().contains("Layers.register(\"Shift\", fromConfig)"),
        w.getMessage());
  }

  private void kerasLoads(Path file, Model m, Tensor x, String... options) throws Exception {
    Path in = dir.resolve("inputs.json");
    Path expected = dir.resolve("expected.json");
    try (TensorScope s = new TensorScope()) {
      Files.writeString(in, JSON.writeValueAsString(List.of((Object) PythonKeras.rows(x))));
      Files.writeString(expected, JSON.writeValueAsString(PythonKeras.rows(m.predict(x))));
    }
    List<String> args =
        new ArrayList<>(List.of(file.toString(), in.toString(), expected.toString()));
    args.addAll(List.of(options));
    PythonKeras.check("check_keras_load.py", file.toString(), args.toArray(new String[0]));
  }

  @Test
  void pythonKerasLoadsNestedLambdaAndCustomModelsMyelinSaves() throws Exception {
    Model nested = functionalWithSequential();
    nested.compile(new Adam(0.01), "binary_crossentropy");
    Path nk = dir.resolve("nested.keras");
    nested.save(nk);
    kerasLoads(nk, nested, x(4, 3));
    Path nh = dir.resolve("nested.h5");
    nested.save(nh);
    kerasLoads(nh, nested, x(4, 3));

    Sequential lam =
        new Sequential(
            new Dense(3).inputShape(3), new Lambda("halve", t -> t.mul(0.5)), new Dense(2));
    Path lk = dir.resolve("lambda.keras");
    lam.save(lk);
    kerasLoads(lk, lam, x(4, 3), "--function", "halve=x * 0.5");

    Sequential custom = new Sequential(new Scale(3.0).inputShape(3), new Dense(2));
    Path ck = dir.resolve("custom.keras");
    custom.save(ck);
    kerasLoads(ck, custom, x(4, 3), "--custom");
  }
}
