package dev.myelin.saving;

import static dev.myelin.saving.KerasArrays.nested;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.GRU;
import dev.myelin.layers.GRUCell;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.LSTMCell;
import dev.myelin.layers.Layer;
import dev.myelin.layers.MinimalRNNCell;
import dev.myelin.layers.RNN;
import dev.myelin.layers.SimpleRNN;
import dev.myelin.layers.SimpleRNNCell;
import dev.myelin.layers.StackedRNNCells;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public cell API against Keras 3.15.1 (jax): RNN(LSTMCell), RNN(GRUCell) with return_state,
 * StackedRNNCells (with go_backwards and a mask) and a user-written cell load from Keras's files
 * and predict within 1e-5, Keras loads Myelin's, and LSTM/GRU/SimpleRNN equal RNN over their cells
 * on the same weights (outputs and gradients). The Python side is tests/fixtures/keras_cells.py.
 */
@ExtendWith(TensorScopePerTest.class)
class RnnCellTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static JsonNode cases;

  @BeforeAll
  static void writeKerasModels() throws Exception {
    MinimalRNNCell.register();
    PythonKeras.check("keras_cells.py", "writing Keras's cell models", "write", dir.toString());
    cases = JSON.readTree(dir.resolve("keras.json").toFile());
  }

  @Test
  void kerasCellModelsLoadAndPredictAsKeras() throws Exception {
    for (String name : List.of("cells", "state", "stacked", "custom")) {
      KerasCases.assertLoadsAsKeras(dir, cases, name);
    }
  }

  @Test
  void pythonKerasLoadsMyelinsCellModels() throws Exception {
    Myelin.setSeed(8);
    KerasTensor a = Input.of(5, 3);
    KerasTensor h = new RNN(new LSTMCell(4).unitForgetBias(false)).returnSequences(true).apply(a);
    h =
        new RNN(new StackedRNNCells(new GRUCell(3).resetAfter(false), new SimpleRNNCell(2)))
            .goBackwards(true)
            .returnSequences(true)
            .apply(h);
    h = new RNN(new MinimalRNNCell(3)).apply(h);
    Model m = new Model(a, new Dense(1).apply(h));
    List<Tensor> w = new ArrayList<>();
    for (Tensor t : m.getWeights()) {
      w.add(t.add(Tensor.randomNormal(t.shape(), 0, 0.3, DType.FLOAT32)));
    }
    m.setWeights(w);
    Tensor x = Tensor.randomNormal(new long[] {4, 5, 3}, 0, 1, DType.FLOAT32);
    Path file = dir.resolve("myelin_cells.keras");
    m.save(file);
    Path in = dir.resolve("inputs.json");
    Path expected = dir.resolve("expected.json");
    Files.writeString(in, JSON.writeValueAsString(List.of((Object) nested(x))));
    Files.writeString(expected, JSON.writeValueAsString(List.of((Object) nested(m.predict(x)))));
    PythonKeras.check(
        "keras_cells.py",
        file.toString(),
        "check",
        in.toString(),
        expected.toString(),
        file.toString());
    // and back: Myelin reloads its own file with the same predictions
    Model back = Models.loadModel(file);
    assertArrayEquals(m.predict(x).toFloatArray(), back.predict(x).toFloatArray(), 0f);
  }

  /** The same sequence through {@code layer} and {@code rnn} after copying the weights. */
  private static void assertSameAsRnn(Layer layer, RNN rnn, Tensor x) {
    Tensor y1 = layer.apply(x);
    rnn.apply(x);
    for (int i = 0; i < layer.weights().size(); i++) {
      rnn.weights().get(i).assign(layer.weights().get(i).value());
    }
    Tensor y2 = rnn.apply(x);
    assertArrayEquals(y1.toFloatArray(), y2.toFloatArray(), 0f, layer.className());
    Tensor[] g = new Tensor[2];
    for (int k = 0; k < 2; k++) {
      Layer l = k == 0 ? layer : rnn;
      Tensor w = l.weights().get(0).value();
      try (GradientTape tape = new GradientTape()) {
        tape.watch(w);
        Tensor y = l.invoke(new Tensor[] {x}, true);
        g[k] = tape.gradient(y.square().sum(), w)[0];
      }
    }
    assertArrayEquals(g[0].toFloatArray(), g[1].toFloatArray(), 0f, layer.className() + " grad");
  }

  @Test
  void builtInLayersEqualRnnOverTheirCells() {
    Myelin.setSeed(2);
    Tensor x = Tensor.randomNormal(new long[] {3, 6, 4}, 0, 1, DType.FLOAT32);
    assertSameAsRnn(
        new LSTM(5).returnSequences(true).goBackwards(true),
        new RNN(new LSTMCell(5)).returnSequences(true).goBackwards(true),
        x);
    assertSameAsRnn(new GRU(5).resetAfter(false), new RNN(new GRUCell(5).resetAfter(false)), x);
    assertSameAsRnn(
        new SimpleRNN(5).activation("relu"), new RNN(new SimpleRNNCell(5).activation("relu")), x);
  }

  @Test
  void aUserCellRunsStepByStepWithMasksAsTheNativeCell() {
    // MinimalRNNCell is SimpleRNNCell without a bias: stepwise Java and the native kernel agree,
    // with go_backwards and Keras's mask, in the outputs and the gradients
    Myelin.setSeed(6);
    Tensor ids = Tensor.fromArray(new float[] {3, 5, 0, 0, 0, 2, 7, 1, 4, 0, 6, 0}, 3, 4);
    Embedding e = new Embedding(10, 3).maskZero(true);
    Tensor seq = e.apply(ids);
    RNN user = new RNN(new MinimalRNNCell(4)).returnSequences(true).goBackwards(true);
    RNN builtIn =
        new RNN(new SimpleRNNCell(4).useBias(false)).returnSequences(true).goBackwards(true);
    user.apply(seq);
    builtIn.apply(seq);
    for (int i = 0; i < 2; i++) {
      builtIn.weights().get(i).assign(user.weights().get(i).value());
    }
    Tensor[] y = new Tensor[2];
    Tensor[] g = new Tensor[2];
    for (int k = 0; k < 2; k++) {
      RNN l = k == 0 ? user : builtIn;
      Tensor w = l.weights().get(1).value();
      try (GradientTape tape = new GradientTape()) {
        tape.watch(w);
        y[k] = l.invoke(new Tensor[] {seq}, true);
        g[k] = tape.gradient(y[k].mul(y[k]).sum(), w)[0];
      }
    }
    assertArrayEquals(y[1].toFloatArray(), y[0].toFloatArray(), 1e-6f);
    assertArrayEquals(g[1].toFloatArray(), g[0].toFloatArray(), 1e-5f);
  }

  @Test
  void aCellReturningTheWrongNumberOfStatesIsNamed() {
    RNN bad =
        new RNN(
            new MinimalRNNCell(2) {
              @Override
              public Tensor[] call(Tensor input, Tensor[] states) {
                return new Tensor[] {super.call(input, states)[0]};
              }
            });
    IllegalStateException ex =
        assertThrows(
            IllegalStateException.class, () -> bad.apply(Tensor.ones(DType.FLOAT32, 2, 3, 4)));
    assertTrue(ex.getMessage().contains("1 new state(s) but returned 0"), ex.getMessage());
  }
}
