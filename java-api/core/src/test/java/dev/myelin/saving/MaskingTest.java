package dev.myelin.saving;

import static dev.myelin.saving.KerasArrays.array;
import static dev.myelin.saving.KerasArrays.nested;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Bidirectional;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.GRU;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.Masking;
import dev.myelin.layers.Masks;
import dev.myelin.layers.SimpleRNN;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
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
 * Masks as Keras 3.15.1 (jax) computes and uses them: Embedding(mask_zero) and Masking make them,
 * Dense/TimeDistributed pass them on, Conv1D drops them, SimpleRNN/LSTM/GRU and Bidirectional skip
 * masked steps, and the loss and metrics of a masked sequence output weight the steps as Keras
 * does. Keras's files predict and train (three epochs, traced and eager) within 1e-5 of Keras, and
 * Keras loads Myelin's masked models. The Python side is tests/fixtures/keras_masking.py.
 */
@ExtendWith(TensorScopePerTest.class)
class MaskingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static JsonNode cases;

  @BeforeAll
  static void writeKerasModels() throws Exception {
    PythonKeras.check("keras_masking.py", "writing Keras's masked models", "write", dir.toString());
    cases = JSON.readTree(dir.resolve("keras.json").toFile());
  }

  private static Tensor input(String name) {
    return array(cases.get(name).get("inputs").get(0));
  }

  @Test
  void kerasMaskedModelsPredictAsKeras() throws Exception {
    for (String name : List.of("emb", "masking", "bidi", "state", "conv")) {
      Model m = Models.loadModel(dir.resolve(name + ".keras"));
      KerasCases.assertPredictsAsKeras(m, cases.get(name), name);
    }
  }

  @Test
  void maskedTrainingMatchesKerasTracedAndEagerBitForBit() throws Exception {
    for (String name : List.of("train_seq", "train_sw")) {
      JsonNode c = cases.get(name);
      float[][] weights = new float[2][];
      double[][] losses = new double[2][];
      for (int run = 0; run < 2; run++) {
        Model m = Models.loadModel(dir.resolve(name + ".keras"));
        FitOptions o = new FitOptions().batchSize(5).epochs(3).shuffle(false).verbose(0);
        String metric;
        if (name.equals("train_seq")) {
          m.compile(new SGD(0.5), "sparse_categorical_crossentropy", "accuracy");
          metric = "accuracy";
        } else {
          m.compile(new Adam(0.05), "mse", "mae");
          metric = "mae";
        }
        m.runEagerly(run == 1);
        History h = m.fit(input(name), array(c.get("y")), o);
        double[] want = new double[3];
        for (int e = 0; e < 3; e++) {
          want[e] = c.get("history").get("loss").get(e).asDouble();
        }
        assertArrayEquals(want, h.values("loss"), 1e-5, name + " loss run " + run);
        // Keras-JAX's training logs compute the metric without the mask (its train step reads
        // the outputs after jax.value_and_grad, which drops the mask); its evaluate applies it,
        // as Myelin does in both
        double[] ev =
            m.evaluate(
                input(name), array(c.get("y")), new EvaluateOptions().batchSize(5).verbose(0));
        assertEquals(c.get("evaluate").get(0).asDouble(), ev[0], 1e-5, name + " evaluate loss");
        assertEquals(
            c.get("evaluate").get(1).asDouble(), ev[1], 1e-5, name + " evaluate " + metric);
        List<Tensor> ws = m.getWeights();
        List<Float> flat = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
          float[] trained = array(c.get("trained").get(i)).toFloatArray();
          float[] got = ws.get(i).toFloatArray();
          assertArrayEquals(trained, got, 1e-5f, name + " trained weight " + i + " run " + run);
          for (float g : got) {
            flat.add(g);
          }
        }
        weights[run] = new float[flat.size()];
        for (int i = 0; i < flat.size(); i++) {
          weights[run][i] = flat.get(i);
        }
        losses[run] = h.values("loss");
        if (run == 0) {
          assertTrue(
              m.tracedSteps().stream().anyMatch(s -> s.startsWith("replayable")),
              name + " traced: " + m.tracedSteps());
        }
      }
      assertArrayEquals(losses[1], losses[0], 0.0, name + ": traced losses == eager");
      assertArrayEquals(weights[1], weights[0], 0f, name + ": traced weights == eager");
    }
  }

  @Test
  void masksFlowAsKerasPassesThemOn() {
    Tensor ids = Tensor.fromArray(new float[] {3, 5, 0, 0, 4, 0, 6, 1}, 2, 4);
    Tensor e = new Embedding(10, 3).maskZero(true).apply(ids);
    assertArrayEquals(
        new float[] {1, 1, 0, 0, 1, 0, 1, 1}, Masks.of(e).cast(DType.FLOAT32).toFloatArray());
    assertNull(Masks.of(new Embedding(10, 3).apply(ids)), "no mask without mask_zero");
    Tensor d = new Dense(2).apply(e);
    assertArrayEquals(
        Masks.of(e).cast(DType.FLOAT32).toFloatArray(),
        Masks.of(d).cast(DType.FLOAT32).toFloatArray());
    assertNull(Masks.of(new Flatten().apply(e)), "Flatten drops the mask");
    Tensor seq = new LSTM(2).returnSequences(true).apply(e);
    assertNotNull(Masks.of(seq), "return_sequences keeps the mask");
    assertNull(Masks.of(new LSTM(2).apply(e)), "the last output has no mask");
    Tensor x = Tensor.fromArray(new float[] {1, 2, 0, 0, 0, 3, 7, 7}, 1, 4, 2);
    Tensor masked = new Masking(7).apply(x);
    assertArrayEquals(new float[] {1, 2, 0, 0, 0, 3, 0, 0}, masked.toFloatArray());
    assertArrayEquals(
        new float[] {1, 1, 1, 0}, Masks.of(masked).cast(DType.FLOAT32).toFloatArray());
  }

  @Test
  void maskedStepsKeepTheStateAsKerasDoes() {
    Myelin.setSeed(3);
    Tensor ids = Tensor.fromArray(new float[] {3, 5, 0, 0, 0, 0, 3, 5}, 2, 4);
    Sequential m = new Sequential();
    m.add(new Embedding(10, 3).maskZero(true).inputShape(4));
    m.add(new GRU(2));
    Tensor out = m.predict(ids);
    // post and pre padding of "3 5" end in the same state: masked steps leave it as it was
    assertArrayEquals(
        out.slice("0:1, :").toFloatArray(), out.slice("1:2, :").toFloatArray(), 1e-6f);
    // without the mask the padded steps change it
    Sequential plain = new Sequential();
    plain.add(new Embedding(10, 3).inputShape(4));
    plain.add(new GRU(2));
    plain.setWeights(m.getWeights());
    Tensor unmasked = plain.predict(ids);
    assertTrue(
        Math.abs(unmasked.getFloat(0, 0) - out.getFloat(0, 0)) > 1e-4,
        "the mask changed nothing: " + out + " vs " + unmasked);
  }

  @Test
  void pythonKerasLoadsMyelinsMaskedModels() throws Exception {
    Myelin.setSeed(5);
    KerasTensor a = Input.of(6);
    KerasTensor h = new Embedding(10, 4).maskZero(true).apply(a);
    h = new LSTM(3).returnSequences(true).apply(h);
    h = new Bidirectional(new GRU(2).resetAfter(false)).apply(h);
    Model emb = new Model(a, new Dense(1).apply(h));
    KerasTensor b = Input.of(5, 3);
    KerasTensor g = new Masking(0.0).apply(b);
    g = new SimpleRNN(3).goBackwards(true).returnSequences(true).apply(g);
    g = new Bidirectional(new LSTM(2).returnSequences(true), "mul").apply(g);
    Model seq = new Model(b, new Dense(1).apply(g));
    for (Model m : List.of(emb, seq)) {
      Tensor x = input(m == emb ? "emb" : "masking");
      List<Tensor> w = new ArrayList<>();
      for (Tensor t : m.getWeights()) {
        w.add(t.add(Tensor.randomNormal(t.shape(), 0, 0.3, DType.FLOAT32)));
      }
      m.setWeights(w);
      Path file = dir.resolve(m.name() + ".keras");
      m.save(file);
      Path in = dir.resolve("inputs.json");
      Path expected = dir.resolve("expected.json");
      Files.writeString(in, JSON.writeValueAsString(List.of((Object) nested(x))));
      Files.writeString(expected, JSON.writeValueAsString(List.of((Object) nested(m.predict(x)))));
      PythonKeras.check(
          "keras_masking.py",
          file.toString(),
          "check",
          in.toString(),
          expected.toString(),
          file.toString());
    }
  }
}
