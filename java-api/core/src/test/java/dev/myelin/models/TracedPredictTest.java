package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.MemoryStats;
import dev.myelin.MemoryTest;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Add;
import dev.myelin.layers.AveragePooling2D;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Bidirectional;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Conv1D;
import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Embedding;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.GRU;
import dev.myelin.layers.GlobalAveragePooling1D;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.LSTM;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.layers.SimpleRNN;
import dev.myelin.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traced {@code predict} against the eager one: a replayed plan calls the same native kernels with
 * the same operands, so its outputs must equal the eager outputs bit for bit (tolerance 0), over
 * full batches and a smaller last one, for every layer family.
 */
@ExtendWith(TensorScopePerTest.class)
class TracedPredictTest {

  /** Builds a model from seed 11 and moves its weights off their initial values. */
  private static Model built(Supplier<Model> build) {
    Myelin.setSeed(11);
    Model m = build.get();
    List<Tensor> w = new ArrayList<>();
    for (Tensor t : m.getWeights()) {
      w.add(t.add(Tensor.randomNormal(t.shape(), 0, 0.2, DType.FLOAT32)));
    }
    m.setWeights(w);
    return m;
  }

  /** Predicts traced and eagerly (batch 7 over the rows: full batches and a tail) and compares. */
  private static void assertTracedEqualsEager(Model m, Tensor... xs) {
    PredictOptions o = new PredictOptions().batchSize(7);
    m.runEagerly(true);
    Tensor[] eager = m.predictAll(xs, o);
    m.runEagerly(false);
    int before = m.tracedPredict().recordings();
    Tensor[] traced = m.predictAll(xs, o);
    Tensor[] again = m.predictAll(xs, o);
    assertTrue(m.tracedPredict().recordings() > before, "a plan was recorded");
    for (String line : m.tracedPredict().describe()) {
      assertTrue(line.startsWith("replayable"), line);
    }
    assertEquals(eager.length, traced.length);
    for (int k = 0; k < eager.length; k++) {
      assertArrayEquals(eager[k].shape(), traced[k].shape(), "output " + k);
      assertArrayEquals(eager[k].toFloatArray(), traced[k].toFloatArray(), 0f, "output " + k);
      assertArrayEquals(eager[k].toFloatArray(), again[k].toFloatArray(), 0f, "output " + k);
    }
    // the one-batch path replays the same kind of plan
    Tensor one = xs[0].slice(dev.myelin.Slice.range(3, 4));
    if (xs.length == 1) {
      m.runEagerly(true);
      float[] e = m.predictOnBatch(one).toFloatArray();
      m.runEagerly(false);
      assertArrayEquals(e, m.predictOnBatch(one).toFloatArray(), 0f);
      assertArrayEquals(e, m.predictOnBatch(one).toFloatArray(), 0f);
    }
  }

  private static Tensor normal(long... shape) {
    return Tensor.randomNormal(shape, 0, 1, DType.FLOAT32);
  }

  @Test
  void denseMatchesEagerBitForBit() {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(16).activation("relu").inputShape(5));
              s.add(new Dense(8).activation("tanh"));
              s.add(new Dense(3).activation("softmax"));
              return s;
            });
    assertTracedEqualsEager(m, normal(23, 5));
  }

  @Test
  void convPoolingAndBatchNormInferenceMatchEagerBitForBit() {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Conv2D(4, 3).padding("same").activation("relu").inputShape(8, 8, 2));
              s.add(new BatchNormalization());
              s.add(new MaxPooling2D(2));
              s.add(new Conv2D(3, 2).activation("tanh"));
              s.add(new AveragePooling2D(2));
              s.add(new Flatten());
              s.add(new Dropout(0.5));
              s.add(new Dense(2));
              return s;
            });
    // moving statistics away from 0 / 1 so that inference normalisation shows
    m.compile(new SGD(0.01), "mse");
    m.fit(normal(16, 8, 8, 2), normal(16, 2), new FitOptions().batchSize(8).verbose(0));
    assertTracedEqualsEager(m, normal(19, 8, 8, 2));
  }

  @Test
  void recurrentLayersMatchEagerBitForBit() {
    Model m =
        built(
            () -> {
              KerasTensor a = Input.of(6, 3);
              KerasTensor h = new LSTM(4).returnSequences(true).apply(a);
              h = new GRU(3).returnSequences(true).apply(h);
              h = new Bidirectional(new LSTM(3).returnSequences(true), "concat").apply(h);
              h = new Conv1D(2, 2).apply(h);
              h = new GlobalAveragePooling1D().apply(h);
              KerasTensor r = new SimpleRNN(2).apply(new LSTM(2).returnSequences(true).apply(a));
              return new Model(a, new Dense(1).apply(new Concatenate().apply(h, r)));
            });
    assertTracedEqualsEager(m, normal(15, 6, 3));
  }

  @Test
  void multiInputMultiOutputMatchesEagerBitForBit() {
    Model m =
        built(
            () -> {
              KerasTensor a = Input.of(4);
              KerasTensor b = Input.of(5);
              KerasTensor c = Input.of(2);
              KerasTensor e = new Embedding(9, 3).apply(c);
              KerasTensor ha = new Dense(6).activation("relu").apply(a);
              KerasTensor hb = new Dense(6).activation("sigmoid").apply(b);
              KerasTensor sum = new Add().apply(ha, hb);
              KerasTensor o1 = new Dense(2).activation("softmax").apply(sum);
              KerasTensor o2 = new Dense(1).apply(new Concatenate().apply(ha, hb));
              return new Model(List.of(a, b, c), List.of(o1, o2, new Flatten().apply(e)));
            });
    Tensor ids = Tensor.randomUniform(new long[] {20, 2}, 0, 9, DType.FLOAT32).floor();
    assertTracedEqualsEager(m, normal(20, 4), normal(20, 5), ids);
  }

  @Test
  void steadyStatePredictMakesNoNewNativeAllocation() throws InterruptedException {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(32).activation("relu").inputShape(10));
              s.add(new Dense(10).activation("softmax"));
              return s;
            });
    Tensor x = normal(1, 10);
    Tensor big = normal(100, 10);
    m.warmUp(1);
    try (TensorScope s = new TensorScope()) {
      m.predict(big, new PredictOptions().batchSize(32));
    }
    int recorded = m.tracedPredict().recordings();
    // garbage that earlier tests left to the GC backstop must not be freed inside the window
    MemoryTest.settledLiveBytes();
    MemoryStats before = Myelin.memoryStats();
    for (int i = 0; i < 200; i++) {
      try (TensorScope s = new TensorScope()) {
        m.predictOnBatch(x);
        m.predict(big, new PredictOptions().batchSize(32));
      }
    }
    MemoryStats after = Myelin.memoryStats();
    assertEquals(recorded, m.tracedPredict().recordings(), "no plan was recorded again");
    long allocations = after.allocations() - before.allocations();
    long fromCache = after.cacheHits() - before.cacheHits();
    assertTrue(allocations >= 400, "every call allocates its result: " + allocations);
    assertEquals(allocations, fromCache, "every allocation of a replay is served by the cache");
    assertEquals(before.liveBytes(), after.liveBytes(), "live bytes return to where they were");
  }

  @Test
  void newWeightsDropThePlans() {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(3).inputShape(2));
              return s;
            });
    Tensor x = normal(4, 2);
    float[] first = m.predict(x).toFloatArray();
    List<Tensor> w = new ArrayList<>();
    for (Tensor t : m.getWeights()) {
      w.add(t.mul(2.0));
    }
    m.setWeights(w);
    float[] second = m.predict(x).toFloatArray();
    m.runEagerly(true);
    assertArrayEquals(m.predict(x).toFloatArray(), second, 0f);
    assertFalse(first[0] == second[0] && first[1] == second[1], "the new weights are used");
  }

  @Test
  void concurrentPredictionsEqualOneThreads() throws Exception {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(8).activation("relu").inputShape(4));
              s.add(new Dense(2));
              return s;
            });
    Tensor x = normal(9, 4).detach();
    float[] want = m.predict(x).toFloatArray();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    try (TensorScope s = new TensorScope()) {
                      if (!java.util.Arrays.equals(want, m.predict(x).toFloatArray())) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : fs) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdown();
      x.close();
    }
  }

  @Test
  void warmUpRecordsThePlanOfEachBatchSize() {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(3).inputShape(2));
              return s;
            });
    m.warmUp(1, 8);
    assertEquals(2, m.tracedPredict().recordings());
    m.predictOnBatch(normal(1, 2));
    m.predictOnBatch(normal(8, 2));
    assertEquals(2, m.tracedPredict().recordings(), "the requests replay the warmed-up plans");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.warmUp(0));
    assertTrue(e.getMessage().contains("batchSizes"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new Sequential().warmUp(1));
  }

  @Test
  void dropoutIsTheIdentityInInferenceAndTraces() {
    Model m =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(3).inputShape(2));
              s.add(new Dropout(0.9));
              return s;
            });
    assertTracedEqualsEager(m, normal(10, 2));
  }

  /** Evaluates traced and eagerly (batch 7: full batches and a tail) and compares every value. */
  private static void assertTracedEvaluateEqualsEager(Model m, Tensor x, Tensor y) {
    EvaluateOptions o = new EvaluateOptions().batchSize(7).verbose(0);
    m.runEagerly(true);
    double[] eager = m.evaluate(x, y, o);
    m.runEagerly(false);
    double[] traced = m.evaluate(x, y, o);
    double[] again = m.evaluate(x, y, o);
    List<String> plans = m.trainFunction().describeTestTraces();
    assertEquals(2, plans.size(), "one plan per batch shape: " + plans);
    for (String line : plans) {
      assertTrue(line.startsWith("replayable"), line);
    }
    assertArrayEquals(eager, traced, 0.0);
    assertArrayEquals(eager, again, 0.0);
  }

  @Test
  void evaluateMatchesEagerBitForBit() {
    Model dense =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Dense(8).activation("relu").inputShape(5));
              s.add(new Dense(3).activation("softmax"));
              return s;
            });
    dense.compile(new SGD(0.1), "sparse_categorical_crossentropy", "accuracy");
    Tensor labels = Tensor.randomUniform(new long[] {23}, 0, 3, DType.FLOAT32).floor();
    assertTracedEvaluateEqualsEager(dense, normal(23, 5), labels);

    Model conv =
        built(
            () -> {
              Sequential s = new Sequential();
              s.add(new Conv2D(3, 3).activation("relu").inputShape(6, 6, 1));
              s.add(new BatchNormalization());
              s.add(new MaxPooling2D(2));
              s.add(new Flatten());
              s.add(new Dense(2));
              return s;
            });
    conv.compile(new SGD(0.01), "mse", "mae");
    conv.fit(normal(14, 6, 6, 1), normal(14, 2), new FitOptions().batchSize(7).verbose(0));
    assertTracedEvaluateEqualsEager(conv, normal(16, 6, 6, 1), normal(16, 2));
  }
}
