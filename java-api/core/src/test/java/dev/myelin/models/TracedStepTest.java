package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.LambdaCallback;
import dev.myelin.constraints.MaxNorm;
import dev.myelin.layers.Add;
import dev.myelin.layers.AveragePooling2D;
import dev.myelin.layers.BatchNormalization;
import dev.myelin.layers.Concatenate;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Dropout;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.optimizers.Adadelta;
import dev.myelin.optimizers.Adagrad;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.AdamW;
import dev.myelin.optimizers.Adamax;
import dev.myelin.optimizers.Nadam;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.optimizers.RMSprop;
import dev.myelin.optimizers.SGD;
import dev.myelin.optimizers.schedules.ExponentialDecay;
import dev.myelin.regularizers.L2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The traced training step against the eager one: the same model from the same seed trained on the
 * same batches must log the same per-batch losses and metrics and end with the same weights, bit
 * for bit (a replay calls the same native kernels with the same operands in the same order).
 */
@ExtendWith(TensorScopePerTest.class)
class TracedStepTest {
  /** What one training run logged and ended with. */
  record Run(List<List<Double>> batches, List<float[]> weights, Model model) {}

  static Tensor[] circles(int n, long seed) {
    Myelin.setSeed(seed);
    Tensor x = Tensor.randomNormal(new long[] {n, 2}, 0, 1, DType.FLOAT32);
    Tensor y = x.square().sum(1).gt(1.0).cast(DType.FLOAT32);
    return new Tensor[] {x, y};
  }

  static Sequential tiny(Optimizer opt, String loss, String... metrics) {
    Sequential m = new Sequential();
    m.add(new Dense(4).activation("tanh").inputShape(2));
    m.add(new Dense(1).activation("sigmoid"));
    m.compile(opt, loss, metrics);
    return m;
  }

  /** Builds the model from seed 7, trains it (eagerly or traced) and records every batch's logs. */
  static Run train(
      Supplier<Model> build, boolean eager, Tensor x, Tensor y, Supplier<FitOptions> options) {
    return train(build, eager, new Tensor[] {x}, new Tensor[] {y}, options);
  }

  static Run train(
      Supplier<Model> build, boolean eager, Tensor[] x, Tensor[] y, Supplier<FitOptions> options) {
    FitOptions o = options.get();
    Myelin.setSeed(7);
    Model m = build.get();
    m.runEagerly(eager);
    List<List<Double>> logs = new ArrayList<>();
    // values in log order (layer names in the keys differ between the two builds)
    o.callbacks(new LambdaCallback().onBatchEnd((i, l) -> logs.add(List.copyOf(l.values()))));
    Myelin.setSeed(11);
    m.fit(x, y, o);
    return new Run(logs, weights(m), m);
  }

  static List<float[]> weights(Model m) {
    List<float[]> r = new ArrayList<>();
    for (Tensor t : m.getWeights()) {
      r.add(t.toFloatArray());
      t.close();
    }
    return r;
  }

  static void assertSameRun(Run eager, Run traced) {
    assertEquals(eager.batches().size(), traced.batches().size());
    for (int i = 0; i < eager.batches().size(); i++) {
      assertEquals(eager.batches().get(i), traced.batches().get(i), "batch " + i + " logs");
    }
    assertEquals(eager.weights().size(), traced.weights().size());
    for (int i = 0; i < eager.weights().size(); i++) {
      assertArrayEquals(eager.weights().get(i), traced.weights().get(i), 0f, "weight " + i);
    }
  }

  /** Trains eagerly and traced; checks they agree and that the traced run replayed plans. */
  static Run compare(Supplier<Model> build, Tensor x, Tensor y, Supplier<FitOptions> o, int plans) {
    return compare(build, new Tensor[] {x}, new Tensor[] {y}, o, plans);
  }

  static Run compare(
      Supplier<Model> build, Tensor[] x, Tensor[] y, Supplier<FitOptions> o, int plans) {
    Run eager = train(build, true, x, y, o);
    Run traced = train(build, false, x, y, o);
    assertSameRun(eager, traced);
    List<String> steps = traced.model().tracedSteps();
    assertEquals(plans, steps.size(), steps.toString());
    for (String s : steps) {
      assertTrue(s.startsWith("replayable"), s);
    }
    assertEquals(0, eager.model().tracedSteps().size());
    return traced;
  }

  static Supplier<FitOptions> opts(int epochs, int batch) {
    return () -> new FitOptions().epochs(epochs).batchSize(batch).verbose(0).shuffle(true);
  }

  @Test
  void bookModelWithSgdMatchesEagerAndRecordsOnePlanPerBatchShape() {
    Tensor[] d = circles(100, 1);
    // 100 = 3 x 32 + 4: the last, smaller batch gets its own plan
    Run r =
        compare(
            () -> tiny(new SGD(0.5), "binary_crossentropy", "accuracy"),
            d[0],
            d[1],
            opts(4, 32),
            2);
    assertEquals(2, r.model().traceRecordings());
    assertEquals(16, r.batches().size());
    // logs: batch, size, loss, accuracy
    assertNotEquals(r.batches().get(0).get(2), r.batches().get(15).get(2));
    assertEquals(4.0, r.batches().get(15).get(1));
  }

  @Test
  void momentumNesterovAdamRmspropNadamAndSchedulesMatchEager() {
    Tensor[] d = circles(96, 2);
    List<Supplier<Optimizer>> opts =
        List.of(
            () -> new SGD(0.1, 0.9, true),
            () -> new SGD(0.1, 0.5, false),
            () -> new Adam(0.05),
            () -> new Adam(0.05, 0.9, 0.999, 1e-7, true),
            () -> new RMSprop(0.01, 0.9, 0.5, 1e-7, true),
            () -> new Nadam(0.02),
            () -> new SGD(new ExponentialDecay(0.5, 3, 0.5, false), 0.0, false),
            () -> new SGD(0.2).decay(0.1),
            () -> new Adam(0.01).weightDecay(0.1).clipvalue(0.05),
            () -> new Adagrad(0.1),
            () -> new Adadelta(1.0),
            () -> new Adamax(0.02),
            () -> new AdamW(0.02, 0.01));
    for (Supplier<Optimizer> opt : opts) {
      compare(() -> tiny(opt.get(), "binary_crossentropy", "accuracy"), d[0], d[1], opts(3, 32), 1);
    }
  }

  @Test
  void functionalModelWithTwoInputsTwoOutputsAndSharedLayersMatchesEager() {
    Myelin.setSeed(9);
    Tensor a = Tensor.randomNormal(new long[] {80, 3}, 0, 1, DType.FLOAT32);
    Tensor b = Tensor.randomNormal(new long[] {80, 3}, 0, 1, DType.FLOAT32);
    Tensor y1 = a.sub(b).sum(1).gt(0).cast(DType.FLOAT32);
    Tensor y2 = a.mul(b).sum(true, 1);
    Supplier<Model> build =
        () -> {
          KerasTensor ia = Input.of(3);
          KerasTensor ib = Input.of(3);
          Dense shared = new Dense(5).activation("relu");
          KerasTensor ha = shared.apply(ia);
          KerasTensor hb = shared.apply(ib);
          KerasTensor cat = new Concatenate().apply(ha, hb);
          KerasTensor sum = new Add().apply(ha, hb);
          KerasTensor o1 =
              new Dense(1).activation("sigmoid").activityRegularizer(new L2(0.01)).apply(cat);
          KerasTensor o2 = new Dense(1).apply(sum);
          Model m = new Model(List.of(ia, ib), List.of(o1, o2));
          m.compile(new Adam(0.02), "mse", "mae");
          return m;
        };
    compare(build, new Tensor[] {a, b}, new Tensor[] {y1, y2}, opts(3, 32), 2);
  }

  @Test
  void categoricalCrossentropyAndMseWithMetricsMatchEager() {
    Myelin.setSeed(5);
    Tensor x = Tensor.randomNormal(new long[] {90, 4}, 0, 1, DType.FLOAT32);
    Tensor labels = x.argmax(1).mod(3);
    Tensor onehot = labels.oneHot(3).cast(DType.FLOAT32);
    Supplier<Model> cce =
        () -> {
          Sequential m = new Sequential();
          m.add(new Dense(8).activation("relu").inputShape(4));
          m.add(new Dense(3).activation("softmax"));
          m.compile(new Adam(0.01), "categorical_crossentropy", "accuracy");
          return m;
        };
    compare(cce, x, onehot, opts(3, 16), 2);
    Supplier<Model> sparse =
        () -> {
          Sequential m = new Sequential();
          m.add(new Dense(8).activation("relu").inputShape(4));
          m.add(new Dense(3).activation("softmax"));
          m.compile(new SGD(0.1), "sparse_categorical_crossentropy", "accuracy");
          return m;
        };
    // sparse labels are checked once per fit (whole tensor), not inside the step: traced too
    compare(sparse, x, labels.cast(DType.FLOAT32), opts(2, 32), 2);
    Tensor target = x.sum(1);
    Supplier<Model> mse =
        () -> {
          Sequential m = new Sequential();
          m.add(new Dense(6).activation("tanh").inputShape(4).kernelRegularizer(new L2(0.01)));
          m.add(new Dense(1));
          m.compile(new RMSprop(0.01), "mse", "mae");
          return m;
        };
    compare(mse, x, target, opts(3, 32), 2);
  }

  @Test
  void sampleWeightsAndClassWeightsMatchEager() {
    Tensor[] d = circles(96, 3);
    Tensor sw = Tensor.arange(0, 96, 1, DType.FLOAT32).mul(0.02).add(0.1);
    compare(
        () -> tiny(new SGD(0.3), "binary_crossentropy", "accuracy"),
        d[0],
        d[1],
        () -> opts(3, 32).get().sampleWeight(sw),
        1);
    Model last =
        compare(
                () -> tiny(new Adam(0.02), "binary_crossentropy", "accuracy"),
                d[0],
                d[1],
                () -> opts(3, 32).get().classWeight(Map.of(0, 0.3, 1, 2.0)),
                0)
            .model();
    // The class-weight table belongs to its fit call: its plans go when the call returns.
    assertEquals(0, last.tracedSteps().size());
    assertEquals(1, last.traceRecordings());
  }

  static Supplier<Model> irisLike(String loss, String metric) {
    return () -> {
      Sequential m = new Sequential();
      m.add(new Dense(16).activation("relu").inputShape(4));
      m.add(new Dense(3).activation("softmax"));
      m.compile(new Adam(0.01), loss, metric);
      return m;
    };
  }

  @Test
  void sparseCategoricalCrossentropyWithAdamIsTracedAndMatchesEager() {
    Myelin.setSeed(6);
    Tensor x = Tensor.randomNormal(new long[] {150, 4}, 0, 1, DType.FLOAT32);
    Tensor ids = x.argmax(1).mod(3);
    Supplier<Model> sparse =
        irisLike("sparse_categorical_crossentropy", "sparse_categorical_accuracy");
    // int64 ids (n,), float ids (n, 1); 150 = 9 x 16 + 6: two batch shapes
    Run traced = compare(sparse, x, ids, opts(3, 16), 2);
    compare(sparse, x, ids.cast(DType.FLOAT32).reshape(150, 1), opts(3, 16), 2);
    // and the loss went down: the replay really trains (log values: batch, size, loss, accuracy)
    List<List<Double>> b = traced.batches();
    assertTrue(b.get(b.size() - 1).get(2) < b.get(0).get(2), b.toString());
    // evaluate over the trained model agrees with testOnBatch (both checked once, no step check)
    Model m = traced.model();
    double[] e =
        m.evaluate(
            new Tensor[] {x}, new Tensor[] {ids}, new EvaluateOptions().batchSize(150).verbose(0));
    assertArrayEquals(e, m.testOnBatch(x, ids), 0.0);
    assertTrue(e[1] > 0.4 && e[1] <= 1.0, java.util.Arrays.toString(e));
  }

  @Test
  void badClassIdRaisesNamingTheLossTheIdAndTheRangeTracedAndEager() {
    Myelin.setSeed(6);
    Tensor x = Tensor.randomNormal(new long[] {64, 4}, 0, 1, DType.FLOAT32);
    float[] ids = new float[64];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % 3;
    }
    ids[50] = 7; // in the last batch of 16
    Tensor bad = Tensor.fromArray(ids, 64);
    for (boolean eager : new boolean[] {true, false}) {
      Myelin.setSeed(7);
      Model m = irisLike("sparse_categorical_crossentropy", "accuracy").get();
      m.runEagerly(eager);
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> m.fit(x, bad, new FitOptions().epochs(1).batchSize(16).verbose(0)));
      assertTrue(e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
      assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
      assertTrue(e.getMessage().contains("to 7"), e.getMessage());
      // checked before any step: nothing trained, nothing recorded
      assertEquals(0, m.tracedSteps().size());
      // a custom Dataset is checked batch by batch, outside the (replayed) step
      List<Double> losses = new ArrayList<>();
      Dataset data = new TensorDataset(new Tensor[] {x}, new Tensor[] {bad}, null).batchSize(16);
      FitOptions o =
          new FitOptions()
              .epochs(1)
              .verbose(0)
              .callbacks(new LambdaCallback().onBatchEnd((i, l) -> losses.add(l.get("loss"))));
      IllegalArgumentException d =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> m.fit(data, o));
      assertTrue(d.getMessage().contains("sparse_categorical_crossentropy"), d.getMessage());
      assertTrue(d.getMessage().contains("[0, 3)"), d.getMessage());
      assertTrue(d.getMessage().contains("to 7"), d.getMessage());
      assertEquals(3, losses.size(), "the three good batches ran");
      assertEquals(eager ? 0 : 1, m.tracedSteps().size(), m.tracedSteps().toString());
      if (!eager) {
        assertTrue(m.tracedSteps().get(0).startsWith("replayable"), m.tracedSteps().toString());
      }
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class,
          () ->
              m.evaluate(
                  new Tensor[] {x},
                  new Tensor[] {bad},
                  new EvaluateOptions().batchSize(16).verbose(0)));
      org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> m.evaluate(data, new EvaluateOptions().verbose(0)));
    }
  }

  @Test
  void hingeAndSquaredHingeAreTracedAndMatchEager() {
    Tensor[] d = circles(96, 8);
    for (String loss : List.of("hinge", "squared_hinge")) {
      Supplier<Model> m =
          () -> {
            Sequential s = new Sequential();
            s.add(new Dense(6).activation("relu").inputShape(2));
            s.add(new Dense(1).activation("tanh"));
            s.compile(new Adam(0.02), loss, "mae");
            return s;
          };
      // 0/1 labels (converted to -1/1 on the device) and -1/1 labels (kept)
      Run zeroOne = compare(m, d[0], d[1], opts(2, 32), 1);
      Run signed = compare(m, d[0], d[1].mul(2.0).sub(1.0), opts(2, 32), 1);
      // the conversion happened: same losses either way
      assertEquals(zeroOne.batches().get(0).get(0), signed.batches().get(0).get(0));
    }
  }

  @Test
  void randomLayersConstraintsClippingAndHostMetricsStayEagerAndStillMatch() {
    Tensor[] d = circles(64, 4);
    List<Supplier<Model>> models =
        List.of(
            () -> {
              Sequential m = new Sequential();
              m.add(new Dense(8).activation("relu").inputShape(2));
              m.add(new Dropout(0.3));
              m.add(new Dense(1).activation("sigmoid"));
              m.compile(new SGD(0.3), "binary_crossentropy", "accuracy");
              return m;
            },
            () -> tiny((Optimizer) new SGD(0.3).clipnorm(0.1), "binary_crossentropy", "accuracy"),
            () -> {
              Sequential m = new Sequential();
              m.add(new Dense(4).activation("tanh").inputShape(2).kernelConstraint(new MaxNorm()));
              m.add(new Dense(1).activation("sigmoid"));
              m.compile(new SGD(0.3), "binary_crossentropy", "accuracy");
              return m;
            },
            () -> tiny(new SGD(0.3), "binary_crossentropy", "precision"));
    List<String> why = List.of("random", "host access", "still referenced", "");
    for (int i = 0; i < models.size(); i++) {
      Run eager = train(models.get(i), true, d[0], d[1], opts(2, 32));
      Run traced = train(models.get(i), false, d[0], d[1], opts(2, 32));
      assertSameRun(eager, traced);
      List<String> steps = traced.model().tracedSteps();
      assertEquals(1, steps.size(), steps.toString());
      assertTrue(steps.get(0).startsWith("eager: "), steps.toString());
      assertTrue(steps.get(0).contains(why.get(i)), steps.toString());
      // recorded once; later batches of that shape go straight to the eager step
      assertEquals(1, traced.model().traceRecordings());
    }
  }

  @Test
  void batchNormIsTracedAndItsMovingStatisticsMatchEager() {
    Tensor[] d = circles(100, 4);
    Run r =
        compare(
            () -> {
              Sequential m = new Sequential();
              m.add(new Dense(4).inputShape(2));
              m.add(new BatchNormalization().momentum(0.9));
              m.add(new Dense(1).activation("sigmoid"));
              m.compile(new Adam(0.05), "binary_crossentropy", "accuracy");
              return m;
            },
            d[0],
            d[1],
            opts(3, 32),
            2);
    // weights: dense kernel, bias, gamma, beta, moving_mean, moving_variance, ...; the moving
    // statistics moved away from their initial zeros and ones during the traced steps
    float[] movingMean = r.weights().get(4);
    float[] movingVar = r.weights().get(5);
    for (int i = 0; i < 4; i++) {
      assertNotEquals(0f, movingMean[i]);
      assertNotEquals(1f, movingVar[i]);
    }
  }

  @Test
  void imageBatchNormAndPoolingAreTracedAndMatchEager() {
    Myelin.setSeed(5);
    Tensor x = Tensor.randomNormal(new long[] {40, 4, 6, 3}, 0.5, 2, DType.FLOAT32);
    Tensor y = x.mean(1, 2, 3).gt(0.5).cast(DType.FLOAT32).reshape(40, 1);
    for (int axis : new int[] {-1, 3}) {
      Run r =
          compare(
              () -> {
                Sequential m = new Sequential();
                m.add(new BatchNormalization().axis(axis).inputShape(4, 6, 3));
                m.add(new MaxPooling2D(2).padding("same"));
                m.add(new AveragePooling2D(1, 2));
                m.add(new Flatten());
                m.add(new Dense(1).activation("sigmoid"));
                m.compile(new SGD(0.1), "binary_crossentropy", "accuracy");
                return m;
              },
              x,
              y,
              opts(2, 16),
              2);
      // gamma, beta, moving_mean, moving_variance: one per channel
      assertEquals(3, r.weights().get(2).length);
      for (float v : r.weights().get(3)) {
        assertNotEquals(1f, v);
      }
    }
  }

  @Test
  void setWeightsTrainableChangesAndCompileInvalidatePlans() {
    Tensor[] d = circles(64, 5);
    Supplier<Model> build = () -> tiny(new SGD(0.5), "binary_crossentropy", "accuracy");
    Run eager = train(build, true, d[0], d[1], opts(1, 32));
    Run traced = train(build, false, d[0], d[1], opts(1, 32));
    Model e = eager.model();
    Model t = traced.model();
    assertEquals(1, t.traceRecordings());

    // setWeights swaps in new tensors: the plan captured the old ones, so it is re-recorded
    Myelin.setSeed(99);
    List<Tensor> fresh = new ArrayList<>();
    for (Tensor w : e.getWeights()) {
      fresh.add(Tensor.randomNormal(w.shape(), 0, 0.5, DType.FLOAT32));
    }
    e.setWeights(fresh);
    t.setWeights(fresh);
    Myelin.setSeed(12);
    e.fit(d[0], d[1], opts(1, 32).get());
    Myelin.setSeed(12);
    t.fit(d[0], d[1], opts(1, 32).get());
    assertEquals(2, t.traceRecordings());
    assertSameWeights(e, t);

    // freezing a layer changes the trainable variables
    e.layers().get(0).trainable(false);
    t.layers().get(0).trainable(false);
    float[] frozen = weights(t).get(0);
    Myelin.setSeed(13);
    e.fit(d[0], d[1], opts(1, 32).get());
    Myelin.setSeed(13);
    t.fit(d[0], d[1], opts(1, 32).get());
    assertEquals(3, t.traceRecordings());
    assertArrayEquals(frozen, weights(t).get(0), 0f);
    assertSameWeights(e, t);

    // compile drops every plan (a new optimizer, loss and metrics)
    e.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
    t.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
    assertEquals(0, t.tracedSteps().size());
    Myelin.setSeed(14);
    e.fit(d[0], d[1], opts(2, 32).get());
    Myelin.setSeed(14);
    t.fit(d[0], d[1], opts(2, 32).get());
    assertEquals(4, t.traceRecordings());
    assertSameWeights(e, t);

    // the switch: runEagerly drops the plans and records no more
    t.runEagerly(true);
    assertTrue(t.runEagerly());
    assertEquals(0, t.tracedSteps().size());
    t.fit(d[0], d[1], opts(1, 32).get());
    assertEquals(4, t.traceRecordings());
  }

  @Test
  void trainOnBatchReplaysTheSamePlan() {
    Tensor[] d = circles(32, 6);
    Myelin.setSeed(7);
    Model e = tiny(new Adam(0.05), "binary_crossentropy", "accuracy").runEagerly(true);
    Myelin.setSeed(7);
    Model t = tiny(new Adam(0.05), "binary_crossentropy", "accuracy").runEagerly(false);
    for (int i = 0; i < 5; i++) {
      assertArrayEquals(e.trainOnBatch(d[0], d[1]), t.trainOnBatch(d[0], d[1]), 0.0);
    }
    assertEquals(1, t.traceRecordings());
    assertEquals(5, t.optimizer().iterations());
    assertSameWeights(e, t);
  }

  @Test
  void replayKeepsNativeMemoryFlat() {
    Tensor[] d = circles(320, 8);
    Myelin.setSeed(7);
    Model t = tiny(new Adam(0.05), "binary_crossentropy", "accuracy").runEagerly(false);
    t.fit(d[0], d[1], opts(2, 32).get());
    long before = Myelin.memoryStats().liveBytes();
    t.fit(d[0], d[1], opts(5, 32).get());
    assertEquals(before, Myelin.memoryStats().liveBytes());
    assertFalse(t.tracedSteps().isEmpty());
  }

  static void assertSameWeights(Model a, Model b) {
    List<float[]> wa = weights(a);
    List<float[]> wb = weights(b);
    for (int i = 0; i < wa.size(); i++) {
      assertArrayEquals(wa.get(i), wb.get(i), 0f, "weight " + i);
    }
  }
}
