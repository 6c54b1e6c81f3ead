package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Layer;
import dev.myelin.optimizers.SGD;
import dev.myelin.saving.WeightsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's subclassing API: {@link Towers}, a Model subclass that holds its layers in fields (one
 * layer, a list, a map holding a layer and a nested list) and writes its own call, with no
 * functional graph.
 */
@ExtendWith(TensorScopePerTest.class)
class SubclassedModelTest {
  /** A subclass that forgets to override call. */
  static final class NoCall extends Model {
    NoCall() {
      track("d", new Dense(1));
    }
  }

  private static List<Layer> allSix(Towers m) {
    List<Layer> r = new ArrayList<>(List.of(m.encoder));
    r.addAll(m.blocks);
    r.add((Dense) m.heads.get("main"));
    for (Object d : (List<?>) m.heads.get("extra")) {
      r.add((Dense) d);
    }
    return r;
  }

  private static Tensor[] data() {
    Tensor[] d = TracedStepTest.circles(64, 3);
    return new Tensor[] {d[0], d[1].reshape(-1, 1)};
  }

  @Test
  void tracksLayersListsAndNestedMapsAtKerasPaths() {
    Towers m = new Towers();
    assertEquals(
        List.of(
            "encoder",
            "blocks/dense",
            "blocks/dense_1",
            "heads/dense",
            "heads/container/dense",
            "heads/container/dense_1"),
        List.copyOf(m.subLayers().keySet()));
    assertEquals(allSix(m), m.layers());
    m.build(new long[] {-1, 2});
    // encoder 2*8+8, blocks 2*(8*8+8), heads 3*(8+1)
    assertEquals(24 + 144 + 27, m.countParams());
    assertEquals(12, m.weights().size());
    assertEquals(12, m.trainableWeights().size());
    List<Variable> expected = new ArrayList<>();
    for (Layer l : allSix(m)) {
      expected.addAll(l.weights());
    }
    assertEquals(expected, m.weights());
    String s = m.summaryString();
    assertTrue(s.contains("Total params: 195"), s);
    assertTrue(s.contains("Trainable params: 195"), s);
    assertTrue(s.contains(m.encoder.name() + " (Dense)"), s);
  }

  @Test
  void freezingTheModelFreezesEveryTrackedLayer() {
    Towers m = new Towers();
    m.build(new long[] {-1, 2});
    m.trainable(false);
    assertEquals(List.of(), m.trainableWeights());
    assertEquals(12, m.nonTrainableWeights().size());
    String s = m.summaryString();
    assertTrue(s.contains("Trainable params: 0"), s);
    assertTrue(s.contains("Non-trainable params: 195"), s);
  }

  @Test
  void fitTrainsEveryTrackedLayerAndTracesBitIdenticallyToEager() {
    Tensor[] d = data();
    TracedStepTest.Run traced =
        TracedStepTest.compare(
            () -> {
              Towers m = new Towers();
              m.compile(new SGD(0.1), "mse");
              return m;
            },
            d[0],
            d[1],
            () -> new FitOptions().epochs(4).batchSize(16).verbose(0).shuffle(false),
            1);
    Towers m = (Towers) traced.model();
    assertEquals(12, traced.weights().size());
    // the gradient of a loss through call reaches every tracked layer's kernel and bias
    List<Variable> vars = m.trainableWeights();
    Tensor[] w = new Tensor[vars.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = vars.get(i).value();
    }
    Tensor[] grads;
    try (GradientTape tape = new GradientTape()) {
      tape.watch(w);
      Tensor loss = m.call(new Tensor[] {d[0]}, true).sub(d[1]).square().mean();
      grads = tape.gradient(loss, w);
    }
    for (int i = 0; i < w.length; i++) {
      assertTrue(grads[i].abs().sum().item() > 0, "no gradient reaches " + vars.get(i).name());
    }
    History h =
        m.fit(d[0], d[1], new FitOptions().epochs(5).batchSize(16).verbose(0).shuffle(false));
    List<Double> loss = h.get("loss");
    assertTrue(loss.get(4) < loss.get(0), loss.toString());
  }

  @Test
  void weightsSaveAndLoadByAttributePath(@TempDir Path dir) {
    Tensor[] d = data();
    Towers a = new Towers();
    a.compile(new SGD(0.1), "mse");
    a.fit(d[0], d[1], new FitOptions().epochs(2).batchSize(16).verbose(0));
    Path file = dir.resolve("towers.weights.h5");
    a.saveWeights(file);
    assertTrue(
        WeightsFile.read(file)
            .layers()
            .keySet()
            .containsAll(
                List.of(
                    "encoder",
                    "blocks/dense",
                    "blocks/dense_1",
                    "heads/dense",
                    "heads/container/dense",
                    "heads/container/dense_1")),
        WeightsFile.read(file).layers().keySet().toString());
    Towers b = new Towers();
    b.build(new long[] {-1, 2});
    float[] before = b.predict(d[0]).toFloatArray();
    b.loadWeights(file);
    float[] want = a.predict(d[0]).toFloatArray();
    assertFalse(java.util.Arrays.equals(want, before));
    assertArrayEquals(want, b.predict(d[0]).toFloatArray(), 0f);
    for (int i = 0; i < a.weights().size(); i++) {
      assertArrayEquals(
          a.weights().get(i).value().toFloatArray(),
          b.weights().get(i).value().toFloatArray(),
          0f,
          a.weights().get(i).name());
    }
  }

  @Test
  void aSubclassWithoutCallOrWithBadContainersIsNamed() {
    IllegalStateException unbuilt =
        assertThrows(IllegalStateException.class, () -> new Towers().summaryString());
    assertTrue(unbuilt.getMessage().contains("is not built yet"), unbuilt.getMessage());
    NoCall m = new NoCall();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> m.predict(Tensor.ones(2, 3)));
    assertTrue(e.getMessage().contains("must override call(Tensor[], boolean)"), e.getMessage());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Model() {
                  {
                    track("xs", List.of(new Dense(1), "not a layer"));
                  }
                });
    assertTrue(bad.getMessage().contains("but holds java.lang.String"), bad.getMessage());
    Dense shared = new Dense(1);
    bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Model() {
                  {
                    track("xs", Map.of("a", List.of(shared, shared)));
                  }
                });
    assertTrue(
        bad.getMessage().contains("not tracked yet but holds " + shared.name()), bad.getMessage());
  }
}
