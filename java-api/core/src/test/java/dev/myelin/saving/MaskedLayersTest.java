package dev.myelin.saving;

import static dev.myelin.saving.KerasArrays.array;
import static dev.myelin.saving.KerasArrays.nested;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Add;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.GRU;
import dev.myelin.layers.GlobalAveragePooling1D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.Layer;
import dev.myelin.layers.Masks;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masks in GlobalAveragePooling1D (mean over the unmasked steps), BatchNormalization (training
 * statistics over the unmasked steps) and the merge layers Add and Concatenate (masks combined as
 * Keras 3's compute_mask), against Keras 3.15.1 (jax): predictions, three epochs of training
 * (losses, weights and moving statistics), traced == eager, and Keras loading Myelin's file. The
 * Python side is tests/fixtures/keras_masked_layers.py.
 */
@ExtendWith(TensorScopePerTest.class)
class MaskedLayersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static JsonNode cases;

  @BeforeAll
  static void writeKerasModels() throws Exception {
    PythonKeras.check(
        "keras_masked_layers.py", "writing Keras's masked models", "write", dir.toString());
    cases = JSON.readTree(dir.resolve("keras.json").toFile());
  }

  private static Tensor[] inputs(JsonNode c) {
    Tensor[] x = new Tensor[c.get("inputs").size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = array(c.get("inputs").get(i));
    }
    return x;
  }

  private static void assertOutputs(JsonNode expected, Tensor[] got, String what) {
    assertEquals(expected.size(), got.length, what);
    for (int k = 0; k < got.length; k++) {
      assertArrayEquals(
          array(expected.get(k)).toFloatArray(), got[k].toFloatArray(), 1e-5f, what + " " + k);
    }
  }

  @Test
  void kerasModelsWithMaskedPoolingNormAndMergesPredictAsKeras() throws Exception {
    for (String name : List.of("gap", "merge", "train_bn")) {
      JsonNode c = cases.get(name);
      Model m = Models.loadModel(dir.resolve(name + ".keras"));
      assertOutputs(c.get("expected"), m.predictAll(inputs(c)), name + " output");
    }
  }

  @Test
  void maskedBatchNormTrainsAsKerasTracedAndEagerBitForBit() throws Exception {
    JsonNode c = cases.get("train_bn");
    double[][] losses = new double[2][];
    List<float[]> eager = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Model m = Models.loadModel(dir.resolve("train_bn.keras"));
      m.compile(new SGD(0.1), "mse");
      m.runEagerly(run == 1);
      History h =
          m.fit(
              inputs(c)[0],
              array(c.get("y")),
              new FitOptions().batchSize(5).epochs(3).shuffle(false).verbose(0));
      double[] want = new double[3];
      for (int e = 0; e < 3; e++) {
        want[e] = c.get("history").get(e).asDouble();
      }
      assertArrayEquals(want, h.values("loss"), 1e-5, "loss run " + run);
      List<Tensor> ws = m.getWeights();
      assertEquals(c.get("trained").size(), ws.size());
      for (int i = 0; i < ws.size(); i++) {
        float[] got = ws.get(i).toFloatArray();
        assertArrayEquals(
            array(c.get("trained").get(i)).toFloatArray(),
            got,
            1e-5f,
            "weight " + i + " run " + run);
        if (run == 0) {
          eager.add(got);
        } else {
          assertArrayEquals(eager.get(i), got, 0f, "traced == eager, weight " + i);
        }
      }
      // inference reads the moving statistics, which the masked batches moved
      assertOutputs(c.get("after"), m.predictAll(inputs(c)), "after training, run " + run);
      losses[run] = h.values("loss");
      if (run == 0) {
        assertTrue(
            m.tracedSteps().stream().anyMatch(s -> s.startsWith("replayable")),
            "traced: " + m.tracedSteps());
      }
    }
    assertArrayEquals(losses[1], losses[0], 0.0, "traced losses == eager");
  }

  @Test
  void mergeMasksCombineAsKeras() {
    Tensor a = Tensor.of(new boolean[][] {{true, false}, {false, true}});
    Tensor b = Tensor.of(new boolean[][] {{false, false}, {true, true}});
    Tensor x = Tensor.zeros(2, 2, 3);
    Tensor[] xs = {x, x};
    assertArrayEquals(
        new boolean[] {true, false, true, true},
        new Add().computeMask(xs, new Tensor[] {a, b}).toBooleanArray());
    assertNull(new Add().computeMask(xs, new Tensor[] {a, null}), "Add: one input unmasked");
    assertArrayEquals(
        new boolean[] {true, true, true, true},
        new Concatenate().computeMask(xs, new Tensor[] {a, null}).toBooleanArray(),
        "Concatenate on features: an unmasked input makes every step count");
    Tensor joined = new Concatenate(1).computeMask(xs, new Tensor[] {a, b});
    assertArrayEquals(new long[] {2, 4}, joined.shape());
    assertArrayEquals(
        new boolean[] {true, false, false, false, false, true, true, true},
        joined.toBooleanArray());
    assertNull(new Concatenate().computeMask(xs, new Tensor[] {null, null}));
  }

  @Test
  void maskedMeanSkipsPaddedStepsAndBadMaskRankIsRejected() {
    Tensor x = Tensor.of(new float[][][] {{{1, 2}, {3, 10}, {20, 30}}});
    Tensor mask = Tensor.of(new boolean[][] {{true, false, true}});
    Tensor[] out =
        new GlobalAveragePooling1D().callAll(new Tensor[] {x}, new Tensor[] {mask}, false);
    assertArrayEquals(new float[] {10.5f, 16f}, out[0].toFloatArray(), 1e-6f);
    BatchNormalization bn = new BatchNormalization();
    bn.apply(x);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> bn.callAll(new Tensor[] {x}, new Tensor[] {x}, true));
    assertTrue(e.getMessage().contains("argument 'mask' expected rank 2"), e.getMessage());
  }

  @Test
  void pythonKerasLoadsMyelinsMaskedMergeModel() throws Exception {
    Myelin.setSeed(9);
    KerasTensor a = Input.of(6);
    KerasTensor b = Input.of(6);
    KerasTensor ea = new Embedding(10, 4).maskZero(true).apply(a);
    KerasTensor eb = new Embedding(10, 4).maskZero(true).apply(b);
    KerasTensor n = new BatchNormalization().apply(new Add().apply(ea, eb));
    // Not named "concatenate": Keras 3.15.1 rebuilding a functional model runs the masked
    // Concatenate's compute_mask, whose ops.concatenate node is named "concatenate" too, and then
    // refuses the graph for a duplicate name
    Layer steps = new Concatenate(1).name("join_steps");
    Layer features = new Concatenate().name("join_features");
    Layer head = new Concatenate().name("join_head");
    KerasTensor seq = new LSTM(3).returnSequences(true).apply(steps.apply(n, eb));
    KerasTensor out =
        head.apply(
            new GlobalAveragePooling1D().apply(seq), new GRU(2).apply(features.apply(ea, n)));
    Model m = new Model(List.of(a, b), List.of(new Dense(1).apply(out)));
    List<Tensor> w = new ArrayList<>();
    for (Tensor t : m.getWeights()) {
      w.add(t.add(Tensor.randomUniform(t.shape(), 0.1, 0.6, DType.FLOAT32)));
    }
    m.setWeights(w);
    Tensor[] x = inputs(cases.get("merge"));
    Tensor y = m.predictAll(x)[0];
    assertTrue(Masks.of(y) == null);
    Path file = dir.resolve("myelin_merge.keras");
    m.save(file);
    Path in = dir.resolve("inputs.json");
    Path expected = dir.resolve("expected.json");
    Files.writeString(in, JSON.writeValueAsString(List.of((Object) nested(x[0]), nested(x[1]))));
    Files.writeString(expected, JSON.writeValueAsString(List.of((Object) nested(y))));
    PythonKeras.check(
        "keras_masked_layers.py",
        file.toString(),
        "check",
        in.toString(),
        expected.toString(),
        file.toString());
  }
}
