package dev.myelin.saving;

import static dev.myelin.saving.KerasArrays.nested;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Bidirectional;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.GRU;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.SimpleRNN;
import dev.myelin.layers.TimeDistributed;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurrent models move both ways between Myelin and Python Keras 3.15.1 (jax): Keras's files load
 * with its weight order and predict within 1e-5 (LSTM, GRU with and without reset_after, SimpleRNN,
 * hard_sigmoid gates, go_backwards, Embedding, return_state, Bidirectional, TimeDistributed), and
 * Keras loads Myelin's. The Python side is tests/fixtures/keras_recurrent.py.
 */
@ExtendWith(TensorScopePerTest.class)
class RecurrentSavingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void kerasRecurrentModelsLoadWithKerasWeightsAndPredictions() throws Exception {
    PythonKeras.check(
        "keras_recurrent.py", "writing Keras's recurrent models", "write", dir.toString());
    JsonNode cases = JSON.readTree(dir.resolve("keras.json").toFile());
    for (String name : List.of("stack", "old", "embed", "state", "bidi", "td")) {
      KerasCases.assertLoadsAsKeras(dir, cases, name);
    }
  }

  @Test
  void pythonKerasLoadsMyelinsRecurrentModels() throws Exception {
    Myelin.setSeed(4);
    KerasTensor a = Input.of(5, 3);
    KerasTensor h = new LSTM(4).returnSequences(true).apply(a);
    h =
        new GRU(3)
            .resetAfter(false)
            .recurrentActivation("hard_sigmoid")
            .goBackwards(true)
            .returnSequences(true)
            .apply(h);
    h = new GRU(3).returnSequences(true).apply(h);
    h = new Bidirectional(new LSTM(3).returnSequences(true), "ave").apply(h);
    h = new TimeDistributed(new Dense(2).activation("tanh")).apply(h);
    Model rnn = new Model(a, new Dense(1).apply(new SimpleRNN(2).activation("relu").apply(h)));
    KerasTensor b = Input.of(6);
    KerasTensor e = new Embedding(10, 4).apply(b);
    List<KerasTensor> s = new LSTM(3).returnState(true).applyAll(e);
    Model embed = new Model(List.of(b), List.of(new Dense(1).apply(s.get(0)), s.get(2)));
    Tensor x1 = Tensor.randomNormal(new long[] {4, 5, 3}, 0, 1, DType.FLOAT32);
    Tensor x2 = Tensor.randomUniform(new long[] {4, 6}, 0, 10, DType.FLOAT32).floor();
    for (Model m : List.of(rnn, embed)) {
      Tensor x = m == rnn ? x1 : x2;
      // move every weight off its initial value so a mix-up of gates or biases shows
      List<Tensor> w = new ArrayList<>();
      for (Tensor t : m.getWeights()) {
        w.add(t.add(Tensor.randomNormal(t.shape(), 0, 0.3, DType.FLOAT32)));
      }
      m.setWeights(w);
      Path file = dir.resolve(m.name() + ".keras");
      m.save(file);
      List<Object> predictions = new ArrayList<>();
      for (Tensor t : m.predictAll(new Tensor[] {x})) {
        predictions.add(nested(t));
      }
      Path in = dir.resolve("inputs.json");
      Path expected = dir.resolve("expected.json");
      Files.writeString(in, JSON.writeValueAsString(List.of((Object) nested(x))));
      Files.writeString(expected, JSON.writeValueAsString(predictions));
      PythonKeras.check(
          "keras_recurrent.py",
          file.toString(),
          "check",
          in.toString(),
          expected.toString(),
          file.toString());
    }
  }
}
