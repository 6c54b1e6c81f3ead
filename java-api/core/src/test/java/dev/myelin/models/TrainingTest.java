package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.MemoryTest;
import dev.myelin.Myelin;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.callbacks.History;
import dev.myelin.initializers.Initializer;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TensorScopePerTest.class)
class TrainingTest {
  /** Two well separated Gaussian blobs: label 1 where x0 + x1 > 0. */
  static Tensor[] blobs(int n, long seed) {
    Myelin.setSeed(seed);
    Tensor x = Tensor.randomNormal(new long[] {n, 2}, 0, 1, DType.FLOAT32);
    Tensor y = x.sum(1).gt(0).cast(DType.FLOAT32);
    return new Tensor[] {x, y};
  }

  static Sequential firstModel() {
    Sequential model = new Sequential();
    model.add(new Dense(4).activation("tanh").inputShape(2));
    model.add(new Dense(1).activation("sigmoid"));
    model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
    return model;
  }

  @Test
  void sequentialLearnsSeparableProblem() {
    Tensor[] d = blobs(500, 1);
    Myelin.setSeed(3);
    Sequential model = firstModel();
    History h = model.fit(d[0], d[1], new FitOptions().epochs(10).verbose(0));
    assertEquals(List.of("loss", "accuracy"), List.copyOf(h.history().keySet()));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), h.epoch());
    assertTrue(h.get("accuracy").get(9) >= 0.95, "accuracy " + h.get("accuracy"));
    assertTrue(h.get("loss").get(9) < h.get("loss").get(0));
    double[] ev = model.evaluate(d[0], d[1], new EvaluateOptions().verbose(0));
    assertTrue(ev[1] >= 0.95, "evaluate " + ev[1]);
    Tensor classes = model.predictClasses(d[0]);
    assertArrayEquals(new long[] {500, 1}, classes.shape());
    double acc =
        classes.cast(DType.FLOAT32).reshape(500).eq(d[1]).cast(DType.FLOAT32).mean().item();
    assertEquals(ev[1], acc, 1e-6);
  }

  @Test
  void functionalModelLearnsSeparableProblem() {
    Tensor[] d = blobs(500, 2);
    Myelin.setSeed(4);
    KerasTensor in = Input.of(2);
    KerasTensor h = new Dense(8).activation("relu").apply(in);
    KerasTensor out = new Dense(1).activation("sigmoid").apply(h);
    Model model = new Model(in, out);
    model.compile(new Adam(0.05), "binary_crossentropy", "accuracy");
    History hist = model.fit(d[0], d[1], new FitOptions().epochs(15).batchSize(16).verbose(0));
    assertTrue(hist.get("accuracy").get(14) >= 0.95, "accuracy " + hist.get("accuracy"));
    assertEquals(3, model.layers().size());
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndHistory() {
    Tensor[] d = blobs(300, 5);
    double[][] runs = new double[2][];
    List<Double> firstLoss = null;
    for (int r = 0; r < 2; r++) {
      Myelin.setSeed(11);
      Sequential model = firstModel();
      History h = model.fit(d[0], d[1], new FitOptions().epochs(3).verbose(0));
      runs[r] = model.getWeights().get(0).toDoubleArray();
      if (r == 0) {
        firstLoss = h.get("loss");
      } else {
        assertEquals(firstLoss, h.get("loss"));
      }
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  /**
   * Logistic regression on two features from seed 1, compiled with a zero learning rate so that
   * fitting leaves the weights (and so each epoch's loss) unchanged.
   */
  private static Sequential frozenLogistic(String... metrics) {
    Myelin.setSeed(1);
    Sequential m = new Sequential();
    m.add(new Dense(1).activation("sigmoid").inputShape(2));
    m.compile(new SGD(0.0), "binary_crossentropy", metrics);
    return m;
  }

  /** {@code m.evaluate} on rows {@code [from, to)} of the data {@code d = {x, y}}. */
  private static double[] evaluateRows(Model m, Tensor[] d, int from, int to) {
    return m.evaluate(
        d[0].slice(Slice.range(from, to)),
        d[1].slice(Slice.range(from, to)),
        new EvaluateOptions().verbose(0));
  }

  @Test
  void validationSplitHoldsOutTheLastRows() {
    Tensor[] d = blobs(100, 6);
    Sequential model = frozenLogistic("accuracy");
    History h = model.fit(d[0], d[1], new FitOptions().validationSplit(0.2).verbose(0));
    double[] last = evaluateRows(model, d, 80, 100);
    double[] first = evaluateRows(model, d, 0, 20);
    assertEquals(last[0], h.get("val_loss").get(0), 1e-6);
    assertEquals(last[1], h.get("val_accuracy").get(0), 1e-9);
    assertNotEquals(first[0], h.get("val_loss").get(0), 1e-6);
    double[] train = evaluateRows(model, d, 0, 80);
    assertEquals(train[0], h.get("loss").get(0), 1e-5);
  }

  /** y = x * w + sin(x) elementwise, with a weight per feature. */
  static final class ScaleSin extends Layer {
    Variable w;

    @Override
    public void build(long[] inputShape) {
      w = addWeight("w", new long[] {inputShape[1]}, Initializer.get("ones"), true);
    }

    @Override
    public Tensor call(Tensor[] inputs, boolean training) {
      return inputs[0].mul(w.value()).add(inputs[0].mul(w.value()).sin());
    }
  }

  @Test
  void customLayerGetsGradientsMatchingFiniteDifferences() {
    Sequential model = new Sequential();
    model.add(new ScaleSin().inputShape(3));
    model.add(new Dense(1).kernelInitializer("ones"));
    model.compile(new SGD(1.0), "mse");
    Tensor x = Tensor.of(new float[][] {{0.5f, -1f, 2f}, {1f, 0.25f, -0.5f}});
    Tensor y = Tensor.of(new float[][] {{1f}, {-1f}});
    List<Tensor> w0 = model.getWeights();
    float[] sw = w0.get(0).toFloatArray();
    double eps = 1e-2;
    double[] fd = new double[3];
    for (int i = 0; i < 3; i++) {
      double[] l = new double[2];
      for (int s = 0; s < 2; s++) {
        float[] p = sw.clone();
        p[i] += (float) (s == 0 ? eps : -eps);
        model.setWeights(List.of(Tensor.fromArray(p, 3), w0.get(1), w0.get(2)));
        l[s] = model.testOnBatch(x, y)[0];
      }
      fd[i] = (l[0] - l[1]) / (2 * eps);
    }
    model.setWeights(w0);
    model.trainOnBatch(x, y);
    float[] w1 = model.getWeights().get(0).toFloatArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(fd[i], sw[i] - w1[i], 2e-3 + 1e-2 * Math.abs(fd[i]), "weight " + i);
    }
    assertTrue(Math.abs(fd[0]) > 1e-3);
  }

  @Test
  void getWeightsSetWeightsRoundTrip() {
    Sequential model = firstModel();
    List<Tensor> w = model.getWeights();
    assertEquals(4, w.size());
    assertArrayEquals(new long[] {2, 4}, w.get(0).shape());
    assertArrayEquals(new long[] {4}, w.get(1).shape());
    assertArrayEquals(new long[] {4, 1}, w.get(2).shape());
    assertArrayEquals(new long[] {1}, w.get(3).shape());
    List<Tensor> z =
        List.of(
            Tensor.zeros(DType.FLOAT32, 2, 4),
            Tensor.ones(DType.FLOAT32, 4),
            Tensor.full(2, DType.FLOAT32, 4, 1),
            Tensor.zeros(DType.FLOAT32, 1));
    model.setWeights(z);
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(z.get(i).toFloatArray(), model.getWeights().get(i).toFloatArray());
    }
    double expected = 1 / (1 + Math.exp(-8 * Math.tanh(1)));
    assertEquals(expected, model.predict(Tensor.zeros(DType.FLOAT32, 1, 2)).item(), 1e-6);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.setWeights(List.of(z.get(1), z.get(0), z.get(2), z.get(3))));
    assertTrue(e.getMessage().contains("dense"), e.getMessage());
  }

  @Test
  void subModelOverInnerOutput() {
    Sequential model = firstModel();
    Model features = new Model(model.input(), model.layers().get(0).output());
    Tensor x = Tensor.of(new float[][] {{0.5f, -1f}});
    Tensor f = features.predict(x);
    Dense d = (Dense) model.layers().get(0);
    Tensor expected = x.matmul(d.kernel().value()).add(d.bias().value()).tanh();
    assertArrayEquals(expected.toFloatArray(), f.toFloatArray(), 1e-6f);
  }

  @Test
  void badInputIsReportedClearly() {
    Sequential model = new Sequential();
    model.add(new Dense(4).inputShape(2));
    IllegalArgumentException add =
        assertThrows(IllegalArgumentException.class, () -> model.add(new Dense(3).inputShape(5)));
    assertTrue(
        add.getMessage().contains("(None, 5)") && add.getMessage().contains("(None, 4)"),
        add.getMessage());
    IllegalStateException uncompiled =
        assertThrows(
            IllegalStateException.class, () -> model.fit(Tensor.zeros(4, 2), Tensor.zeros(4, 4)));
    assertTrue(
        uncompiled.getMessage().startsWith("You must compile a model before training/testing."));
    model.compile("sgd", "mse");
    IllegalArgumentException data =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.fit(Tensor.zeros(4, 3), Tensor.zeros(4, 4)));
    assertTrue(
        data.getMessage().contains("(None, 2)") && data.getMessage().contains("(4, 3)"),
        data.getMessage());
    assertTrue(data.getMessage().contains("dense"), data.getMessage());
    IllegalArgumentException opt =
        assertThrows(IllegalArgumentException.class, () -> model.compile("sgdd", "mse"));
    assertTrue(opt.getMessage().contains("adam"), opt.getMessage());
  }

  @Test
  void progressLinesFollowKeras22() {
    Models.useKeras2Conventions(true);
    Tensor[] d = blobs(100, 8);
    Sequential model = firstModel();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    model.setOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
    model.fit(d[0], d[1], new FitOptions().epochs(2).validationSplit(0.2));
    String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals("Train on 80 samples, validate on 20 samples", lines[0]);
    assertEquals("Epoch 1/2", lines[1]);
    assertTrue(
        lines[2].matches(
            "80/80 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: \\d\\.\\d{4} - acc: \\d\\.\\d{4}"
                + " - val_loss: \\d\\.\\d{4} - val_acc: \\d\\.\\d{4}"),
        lines[2]);
    assertEquals("Epoch 2/2", lines[3]);
    assertEquals(5, lines.length);
  }

  @Test
  void datasetAbstractionFeedsFit() {
    Tensor[] d = blobs(200, 9);
    Myelin.setSeed(2);
    Sequential model = firstModel();
    Dataset data = new TensorDataset(d[0], d[1]).batchSize(20).shuffle(true);
    History h = model.fit(data, new FitOptions().epochs(8).verbose(0));
    assertTrue(h.get("accuracy").get(7) >= 0.9, "accuracy " + h.get("accuracy"));
    assertEquals(10, data.steps());
  }

  @Test
  void sharedLayerTwoInputsAndNestedModel() {
    Tensor[] d = blobs(400, 12);
    Myelin.setSeed(5);
    KerasTensor a = Input.of(1);
    KerasTensor b = Input.of(1);
    Dense shared = new Dense(4).activation("tanh");
    KerasTensor ha = shared.apply(a);
    KerasTensor hb = shared.apply(b);
    KerasTensor sum = new dev.myelin.layers.Add().apply(ha, hb);
    KerasTensor out = new Dense(1).activation("sigmoid").apply(sum);
    Model m = new Model(List.of(a, b), List.of(out));
    assertEquals(5, m.layers().size());
    assertEquals(4, m.weights().size());
    assertEquals(13, m.countParams());
    m.compile(new Adam(0.05), "binary_crossentropy", "accuracy");
    Tensor x0 = d[0].slice("..., 0:1");
    Tensor x1 = d[0].slice("..., 1:2");
    History h =
        m.fit(new Tensor[] {x0, x1}, new Tensor[] {d[1]}, new FitOptions().epochs(20).verbose(0));
    assertTrue(h.get("accuracy").get(19) >= 0.95, "accuracy " + h.get("accuracy"));
    assertTrue(
        m.summaryString()
            .contains(
                "\n                                                                 dense[1][0]"),
        m.summaryString());

    Sequential outer = new Sequential();
    outer.add(new Dense(2).inputShape(3));
    KerasTensor in = Input.of(2);
    Model inner = new Model(in, new Dense(5).apply(in));
    outer.add(inner);
    assertArrayEquals(new long[] {-1, 5}, outer.output().shape());
    assertEquals(8 + 15, outer.countParams());
    assertTrue(
        outer
            .summaryString()
            .matches("(?s).*\\n" + inner.name() + " \\(Functional\\) +\\(None, 5\\) +15 +\\n.*"),
        outer.summaryString());
    assertArrayEquals(new long[] {4, 5}, outer.predict(Tensor.zeros(DType.FLOAT32, 4, 3)).shape());
  }

  /** The first epoch's loss of fitting {@code m} on {@code d = {x, y}} unshuffled and silent. */
  private static double firstLoss(Model m, Tensor[] d, FitOptions options) {
    return m.fit(d[0], d[1], options.verbose(0).shuffle(false)).get("loss").get(0);
  }

  @Test
  void sampleAndClassWeightsScaleTheLoss() {
    Tensor[] d = blobs(64, 13);
    Sequential m = frozenLogistic();
    double plain = firstLoss(m, d, new FitOptions());
    double doubled =
        firstLoss(m, d, new FitOptions().sampleWeight(Tensor.full(2, DType.FLOAT32, 64)));
    assertEquals(2 * plain, doubled, 1e-5);
    double byClass =
        firstLoss(m, d, new FitOptions().classWeight(java.util.Map.of(0, 2.0, 1, 2.0)));
    assertEquals(2 * plain, byClass, 1e-5);
  }

  @Test
  void fitKeepsNativeMemoryFlat() throws InterruptedException {
    Tensor[] d = blobs(256, 14);
    Sequential model = firstModel();
    model.fit(d[0], d[1], new FitOptions().epochs(1).verbose(0));
    // garbage that earlier tests left to the GC backstop must not be freed inside the window
    long before = MemoryTest.settledLiveBytes();
    model.fit(d[0], d[1], new FitOptions().epochs(5).verbose(0));
    assertEquals(before, Myelin.memoryStats().liveBytes());
  }
}
