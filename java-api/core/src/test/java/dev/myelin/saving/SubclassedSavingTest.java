package dev.myelin.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Towers;
import dev.myelin.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Model subclass without a graph ({@link Towers}: layers in a field, a list and a map) in a
 * {@code .keras} file, by Keras 3's rule: its registered class ({@code Custom>Towers}) and {@code
 * getConfig} in config.json, its weights at the attribute paths of its tracked layers. It round-
 * trips in Myelin, moves both ways with Python Keras (the twin is {@code Towers} in
 * tests/fixtures/keras_sublayers.py), and what cannot be saved or loaded is named.
 */
@ExtendWith(TensorScopePerTest.class)
class SubclassedSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void register() {
    Towers.register();
  }

  private static Tensor x(int n) {
    Myelin.setSeed(5);
    return Tensor.randomNormal(new long[] {n, 2}, 0, 1, DType.FLOAT32);
  }

  private static Towers trained(int units) {
    Towers m = new Towers(units);
    Tensor x = x(32);
    m.compile(new Adam(0.05), "mse");
    m.fit(x, x.sum(true, 1).tanh(), new FitOptions().epochs(3).batchSize(8).verbose(0));
    return m;
  }

  @Test
  void aSubclassedModelRoundTripsWithItsConfigWeightsAndOptimizer() throws Exception {
    Towers a = trained(5);
    Path file = dir.resolve("towers.keras");
    a.save(file);
    JsonNode config = JSON.readTree(KerasArchive.read(file).configJson());
    assertEquals("Towers", config.get("class_name").asText());
    assertEquals("Custom>Towers", config.get("registered_name").asText());
    assertEquals(5, config.get("config").get("units").asInt());
    assertEquals("[null,2]", config.get("build_config").get("input_shape").toString());
    assertTrue(
        KerasArchive.read(file)
            .weights()
            .layers()
            .keySet()
            .containsAll(List.of("encoder", "blocks/dense_1", "heads/container/dense_1")),
        KerasArchive.read(file).weights().layers().keySet().toString());

    Model b = Models.loadModel(file);
    assertInstanceOf(Towers.class, b);
    assertEquals(5, ((Number) b.getConfig().get("units")).intValue());
    assertEquals(a.name(), b.name());
    Tensor x = x(7);
    assertArrayEquals(a.predict(x).toFloatArray(), b.predict(x).toFloatArray(), 0f);
    assertEquals(a.getWeights().size(), b.getWeights().size());
    // the optimizer's state came back too: one more step moves both models alike
    List<Tensor> sa = a.optimizer().getWeights(a.trainableWeights());
    List<Tensor> sb = b.optimizer().getWeights(b.trainableWeights());
    assertEquals(sa.size(), sb.size());
    for (int i = 0; i < sa.size(); i++) {
      assertArrayEquals(sa.get(i).toFloatArray(), sb.get(i).toFloatArray(), 0f, "state " + i);
    }
    FitOptions once = new FitOptions().epochs(1).batchSize(7).verbose(0).shuffle(false);
    a.fit(x, x.sum(true, 1), once);
    b.fit(x, x.sum(true, 1), once);
    assertArrayEquals(a.predict(x).toFloatArray(), b.predict(x).toFloatArray(), 0f);
  }

  @Test
  void kerasLoadsMyelinsSubclassedModelByItsRegisteredClass() throws Exception {
    Towers m = trained(4);
    Path file = dir.resolve("towers.keras");
    m.save(file);
    KerasCases.assertKerasPredictsAsMyelin("keras_sublayers.py", dir, m, x(6), file);
  }

  @Test
  void kerasSubclassedModelLoadsIntoTheRegisteredJavaClass() throws Exception {
    PythonKeras.check("keras_sublayers.py", "writing Keras's models", "write", dir.toString());
    // every array of Keras's get_weights(), in Keras's order, exactly, then the predictions
    Model m =
        KerasCases.assertLoadsAsKeras(
            dir, JSON.readTree(dir.resolve("keras.json").toFile()), "towers");
    assertInstanceOf(Towers.class, m);
    assertEquals(6, ((Number) m.getConfig().get("units")).intValue());
  }

  /** A subclass that is never registered. */
  static final class Unregistered extends Model {
    final Dense d = track("d", new Dense(1));

    @Override
    public Tensor call(Tensor[] xs, boolean training) {
      return d.invoke(xs, training);
    }
  }

  @Test
  void whatASubclassedModelLacksForSavingOrLoadingIsNamed() throws Exception {
    Unregistered u = new Unregistered();
    u.build(new long[] {-1, 3});
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> u.save(dir.resolve("u.keras")));
    assertTrue(
        e.getMessage().contains("of class Unregistered has no Keras config")
            && e.getMessage().contains("Layers.register(\"Unregistered\", fromConfig)"),
        e.getMessage());
    assertFalse(Files.exists(dir.resolve("u.keras")));
    // the weights alone still save
    u.save(dir.resolve("u.weights.h5"));
    assertTrue(Files.exists(dir.resolve("u.weights.h5")));

    Towers t = new Towers(3);
    t.build(new long[] {-1, 2});
    e = assertThrows(IllegalArgumentException.class, () -> t.save(dir.resolve("t.h5")));
    assertTrue(e.getMessage().contains("expected a .keras or .weights.h5 name"), e.getMessage());

    // a file naming a class this JVM has not registered: the class and how to register it
    String json =
        t.toJson()
            .replace("\"Custom>Towers\"", "\"Custom>Elsewhere\"")
            .replace("\"Towers\"", "\"Elsewhere\"");
    e = assertThrows(IllegalArgumentException.class, () -> Models.modelFromJson(json));
    assertTrue(
        e.getMessage().contains("registered_name \"Custom>Elsewhere\"")
            && e.getMessage().contains("Layers.register(\"Custom>Elsewhere\", fromConfig)"),
        e.getMessage());
    // with the class passed for this load only, the same JSON loads and builds
    Model viaCustom =
        Models.modelFromJson(
            json,
            Map.of(
                "Custom>Elsewhere",
                (java.util.function.Function<Map<String, Object>, ?>) c -> Towers.fromConfig(c)));
    assertInstanceOf(Towers.class, viaCustom);
    assertEquals(t.weights().size(), viaCustom.weights().size());
  }
}
