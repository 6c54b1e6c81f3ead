package dev.myelin.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.models.Input;
import dev.myelin.models.Model;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SimpleRNN, LSTM, GRU and Embedding as layers: Keras's parameter counts and shapes, the extra
 * outputs of return_state, initial states, go_backwards, stateful carry-over, training (traced
 * equal to eager bit for bit) and the errors for bad input.
 */
@ExtendWith(TensorScopePerTest.class)
class RecurrentLayersTest {
  @AfterEach
  void keras3() {
    LayerNames.useKeras2Names(false);
  }

  static Tensor x(long... shape) {
    Myelin.setSeed(3);
    return Tensor.randomNormal(shape, 0, 1, DType.FLOAT32);
  }

  static void copyWeights(Layer from, Layer to) {
    for (int i = 0; i < from.weights().size(); i++) {
      to.weights().get(i).assign(from.weights().get(i).value());
    }
  }

  @Test
  void parameterCountsAreKeras() {
    assertEquals(6272, new Sequential(new LSTM(32).inputShape(10, 16)).countParams());
    assertEquals(4800, new Sequential(new GRU(32).inputShape(10, 16)).countParams());
    assertEquals(
        4704, new Sequential(new GRU(32).resetAfter(false).inputShape(10, 16)).countParams());
    assertEquals(1568, new Sequential(new SimpleRNN(32).inputShape(10, 16)).countParams());
    // the book's Keras 2 GRU (reset_after false) under the Keras 2 switch
    LayerNames.useKeras2Names(true);
    GRU old = new GRU(32);
    assertEquals(4704, new Sequential(old.inputShape(10, 16)).countParams());
    assertEquals("hard_sigmoid", old.getConfig().get("recurrent_activation"));
    LayerNames.useKeras2Names(false);
    Embedding frozen = new Embedding(10000, 8).inputLength(20).trainable(false);
    Sequential m = new Sequential(frozen, new LSTM(4));
    assertEquals(80000 + 4 * 4 * (8 + 4 + 1), m.countParams());
    assertEquals(1, m.nonTrainableWeights().size());
    assertEquals(3, m.trainableWeights().size());
    String s = m.summaryString();
    assertTrue(s.contains("(None, 20, 8)"), s);
    assertTrue(s.contains("(None, 4)"), s);
  }

  @Test
  void lstmWeightsSitInItsCellWithKerasShapesAndForgetBiasOne() {
    LSTM l = new LSTM(3);
    new Sequential(l.inputShape(5, 2));
    assertArrayEquals(new long[] {2, 12}, l.kernel().shape());
    assertArrayEquals(new long[] {3, 12}, l.recurrentKernel().shape());
    assertArrayEquals(
        new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, l.bias().value().toFloatArray(), 0f);
    assertEquals(List.of("cell"), List.copyOf(l.subLayers().keySet()));
    // the orthogonal recurrent kernel (3, 12): its rows are orthonormal
    Tensor u = l.recurrentKernel().value();
    Tensor uut = u.matmul(u.transpose());
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, uut.toFloatArray(), 1e-5f);
    GRU g = new GRU(3);
    new Sequential(g.inputShape(5, 2));
    assertArrayEquals(new long[] {2, 9}, g.bias().shape());
  }

  @Test
  void returnStateGivesTheLastStatesAndSequencesEndWithTheOutput() {
    Myelin.setSeed(1);
    LSTM lstm = new LSTM(4).returnSequences(true).returnState(true);
    List<KerasTensor> outs = lstm.applyAll(Input.of(6, 3));
    assertEquals(3, outs.size());
    assertArrayEquals(new long[] {-1, 6, 4}, outs.get(0).shape());
    assertArrayEquals(new long[] {-1, 4}, outs.get(2).shape());
    Tensor[] r = lstm.invokeAll(new Tensor[] {x(2, 6, 3)}, false);
    assertArrayEquals(r[0].slice(":, -1, :").toFloatArray(), r[1].toFloatArray(), 0f);
    // c differs from h (h = o * tanh(c))
    assertTrue(Math.abs(r[2].toFloatArray()[0] - r[1].toFloatArray()[0]) > 1e-6);
    // feeding the states back continues the sequence: two halves equal the whole
    LSTM plain = new LSTM(4).returnSequences(false).returnState(true);
    Tensor whole = x(2, 6, 3);
    plain.invokeAll(new Tensor[] {whole}, false);
    copyWeights(lstm, plain);
    Tensor[] all = plain.invokeAll(new Tensor[] {whole}, false);
    Tensor[] first = plain.invokeAll(new Tensor[] {whole.slice(":, 0:3, :")}, false);
    Tensor[] second =
        plain.invokeAll(new Tensor[] {whole.slice(":, 3:6, :"), first[1], first[2]}, false);
    assertArrayEquals(all[0].toFloatArray(), second[0].toFloatArray(), 1e-6f);
    assertArrayEquals(all[2].toFloatArray(), second[2].toFloatArray(), 1e-6f);
  }

  @Test
  void goBackwardsReadsTheReversedSequence() {
    GRU fwd = new GRU(3).returnSequences(true);
    GRU back = new GRU(3).returnSequences(true).goBackwards(true);
    Tensor in = x(2, 4, 2);
    fwd.invoke(new Tensor[] {in}, false);
    back.invoke(new Tensor[] {in}, false);
    copyWeights(fwd, back);
    float[] a = in.toFloatArray();
    float[] rev = new float[a.length];
    for (int i = 0; i < 2; i++) {
      for (int t = 0; t < 4; t++) {
        System.arraycopy(a, (i * 4 + t) * 2, rev, (i * 4 + 3 - t) * 2, 2);
      }
    }
    assertArrayEquals(
        fwd.invoke(new Tensor[] {Tensor.fromArray(rev, 2, 4, 2)}, false).toFloatArray(),
        back.invoke(new Tensor[] {in}, false).toFloatArray(),
        0f);
  }

  @Test
  void statefulCarriesStatesUntilResetAndRejectsAnotherBatchSize() {
    SimpleRNN whole = new SimpleRNN(3);
    SimpleRNN state = new SimpleRNN(3).stateful(true);
    Tensor in = x(2, 6, 2);
    whole.invoke(new Tensor[] {in}, false);
    state.invoke(new Tensor[] {in.slice(":, 0:3, :")}, false);
    state.resetStates();
    copyWeights(whole, state);
    Tensor a = state.invoke(new Tensor[] {in.slice(":, 0:3, :")}, false);
    Tensor b = state.invoke(new Tensor[] {in.slice(":, 3:6, :")}, false);
    assertArrayEquals(
        whole.invoke(new Tensor[] {in}, false).toFloatArray(), b.toFloatArray(), 1e-6f);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> state.invoke(new Tensor[] {x(3, 3, 2)}, false));
    assertTrue(
        e.getMessage().contains("stateful with batch size 2 but got a batch of 3"), e.getMessage());
    state.resetStates();
    assertArrayEquals(
        a.toFloatArray(),
        state.invoke(new Tensor[] {in.slice(":, 0:3, :")}, false).toFloatArray(),
        0f);
  }

  @Test
  void bookStatefulLstmKeepsItsBatchShapeInTheConfig() {
    // the book's LSTM(6, batch_input_shape=(1, 1, 1), kernel_initializer='ones', stateful=True)
    LSTM l =
        new LSTM(6)
            .batchInputShape(1, 1, 1)
            .kernelInitializer(dev.myelin.initializers.Initializer.get("ones"))
            .stateful(true);
    Sequential m = new Sequential(l, new Dense(1));
    assertEquals(4 * (6 * 7 + 6) + 7, m.countParams());
    assertEquals(List.of(1L, 1L, 1L), l.getConfig().get("batch_input_shape"));
    LSTM back = LSTM.fromConfig(l.getConfig(), java.util.Map.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> back.invoke(new Tensor[] {x(2, 1, 1)}, false));
    assertTrue(
        e.getMessage().contains("batch_input_shape batch size 1 but got a batch of 2"),
        e.getMessage());
    // one step at a time equals the whole sequence at once
    Tensor seq = x(1, 5, 1);
    float[] last = null;
    for (int t = 0; t < 5; t++) {
      last = m.predict(seq.slice(":, " + t + ":" + (t + 1) + ", :")).toFloatArray();
    }
    l.resetStates();
    LSTM whole = new LSTM(6);
    Sequential w = new Sequential(whole.inputShape(5, 1), new Dense(1));
    w.setWeights(m.getWeights());
    assertArrayEquals(w.predict(seq).toFloatArray(), last, 1e-6f);
  }

  @Test
  void dropoutMasksApplyInTrainingOnly() {
    LSTM l = new LSTM(3).dropout(0.5).recurrentDropout(0.5).returnSequences(true);
    Tensor in = x(4, 5, 2);
    Tensor a = l.invoke(new Tensor[] {in}, false);
    Tensor b = l.invoke(new Tensor[] {in}, false);
    assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
    Tensor c = l.invoke(new Tensor[] {in}, true);
    float diff = 0;
    for (int i = 0; i < a.size(); i++) {
      diff = Math.max(diff, Math.abs(a.toFloatArray()[i] - c.toFloatArray()[i]));
    }
    assertTrue(diff > 1e-3, "training with dropout changed nothing");
  }

  @Test
  void bidirectionalCountsBothDirectionsAndMerges() {
    Bidirectional bi = new Bidirectional(new LSTM(8).returnSequences(true).name("enc"));
    Sequential m = new Sequential(bi.inputShape(5, 3), new Bidirectional(new GRU(4), "sum"));
    assertEquals(2 * 4 * 8 * (3 + 8 + 1) + 2 * 3 * 4 * (16 + 4 + 2), m.countParams());
    assertEquals("forward_enc", bi.forwardLayer().name());
    assertEquals("backward_enc", bi.backwardLayer().name());
    assertEquals(true, bi.backwardLayer().getConfig().get("go_backwards"));
    assertEquals(List.of("forward_layer", "backward_layer"), List.copyOf(bi.subLayers().keySet()));
    Tensor y = m.predict(x(2, 5, 3));
    assertArrayEquals(new long[] {2, 4}, y.shape());
    // with return_sequences the backward outputs come back in time order: the last step of the
    // backward half saw only the last input, so it equals a backward pass over that step alone
    Tensor in = x(2, 5, 3);
    Tensor seq = bi.apply(in);
    Tensor one = bi.backwardLayer().apply(in.slice(":, 4:5, :"));
    assertArrayEquals(
        one.slice(":, 0, :").toFloatArray(), seq.slice(":, 4, 8:16").toFloatArray(), 1e-6f);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new GRU(2), "max"));
    assertTrue(e.getMessage().contains("argument 'merge_mode'"), e.getMessage());
  }

  @Test
  void timeDistributedAppliesOneLayerToEveryStep() {
    Dense d = new Dense(2);
    TimeDistributed td = new TimeDistributed(d);
    Sequential m = new Sequential(new GRU(3).returnSequences(true).inputShape(4, 2), td);
    assertEquals(3 * 3 * (2 + 3 + 2) + 3 * 2 + 2, m.countParams());
    assertEquals(List.of("layer"), List.copyOf(td.subLayers().keySet()));
    Tensor seq = x(2, 4, 3);
    Tensor y = td.apply(seq);
    assertArrayEquals(new long[] {2, 4, 2}, y.shape());
    assertArrayEquals(
        d.apply(seq.slice(":, 2, :")).toFloatArray(), y.slice(":, 2, :").toFloatArray(), 0f);
    assertThrows(IllegalArgumentException.class, () -> td.apply(x(2, 3)));
  }

  @Test
  void wrongRankAndUnsupportedActivationAreClearErrors() {
    LSTM l = new LSTM(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> l.invoke(new Tensor[] {x(4, 3)}, false));
    assertTrue(e.getMessage().contains("(batch, timesteps, features)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GRU(2).activation("softmax"));
    assertTrue(e.getMessage().contains("argument 'activation'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
    assertThrows(IllegalArgumentException.class, () -> new LSTM(2).dropout(1.0));
  }

  @Test
  void embeddingLayerLooksUpRowsAndNamesABadIndex() {
    Tensor table = Tensor.fromArray(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
    Embedding e = new Embedding(3, 2).weights(table);
    Tensor y = e.apply(Tensor.fromArray(new float[] {2, 0, 1}, 1, 3));
    assertArrayEquals(new long[] {1, 3, 2}, y.shape());
    assertArrayEquals(new float[] {20, 21, 0, 1, 10, 11}, y.toFloatArray(), 0f);
    IndexOutOfBoundsException ex =
        assertThrows(
            IndexOutOfBoundsException.class,
            () -> e.apply(Tensor.fromArray(new float[] {1, 3}, 1, 2)));
    assertTrue(ex.getMessage().contains("(Embedding): embedding: input index 3"), ex.getMessage());
    assertTrue(ex.getMessage().contains("input_dim 3"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2).weights(x(2, 2)));
    // the default initializer: uniform in [-0.05, 0.05)
    Embedding d = new Embedding(50, 4);
    d.apply(Tensor.fromArray(new int[] {0}, 1, 1));
    for (float v : d.embeddings().value().toFloatArray()) {
      assertTrue(v >= -0.05f && v < 0.05f, "value " + v);
    }
  }

  static Sequential sentiment(int cell) {
    Myelin.setSeed(7);
    Layer rnn =
        cell == 0 ? new SimpleRNN(5) : cell == 1 ? new LSTM(5) : new GRU(5).resetAfter(cell == 2);
    Sequential m =
        new Sequential(
            new Embedding(20, 4).inputLength(7), rnn, new Dense(1).activation("sigmoid"));
    m.compile(new Adam(0.05), "binary_crossentropy", "accuracy");
    return m;
  }

  @Test
  void trainingLearnsAndTheTracedStepEqualsTheEagerOneBitForBit() {
    Myelin.setSeed(5);
    Tensor ids = Tensor.randomUniform(new long[] {32, 7}, 0, 20, DType.FLOAT32).floor();
    Tensor y = ids.slice(":, 0").gt(9.5).cast(DType.FLOAT32).reshape(32, 1);
    for (int cell = 0; cell < 4; cell++) {
      Model e = sentiment(cell);
      e.runEagerly(true);
      Model t = sentiment(cell);
      t.runEagerly(false);
      double first = 0;
      double last = 0;
      for (int i = 0; i < 30; i++) {
        double[] le = e.trainOnBatch(ids, y);
        double[] lt = t.trainOnBatch(ids, y);
        assertArrayEquals(le, lt, 0.0, "cell " + cell + " batch " + i);
        first = i == 0 ? le[0] : first;
        last = le[0];
      }
      assertTrue(last < 0.5 * first, "cell " + cell + ": loss " + first + " -> " + last);
      List<String> plans = t.tracedSteps();
      assertEquals(1, plans.size(), "cell " + cell + ": " + plans);
      assertTrue(plans.get(0).startsWith("replayable"), plans.get(0));
      List<Tensor> we = e.getWeights();
      List<Tensor> wt = t.getWeights();
      for (int k = 0; k < we.size(); k++) {
        assertArrayEquals(we.get(k).toFloatArray(), wt.get(k).toFloatArray(), 0f);
      }
    }
  }
}
