package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.PairScale;
import dev.myelin.layers.ResidualBlock;
import dev.myelin.optimizers.Adam;
import dev.myelin.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models holding a composite layer (a residual block of two Dense layers) or a layer with two
 * outputs: summary, training (traced bit for bit like eager), prediction, config round trip and
 * Myelin's own save/load. Interchange with Python Keras: {@code saving.SubLayerSavingTest}.
 */
@ExtendWith(TensorScopePerTest.class)
class SubLayerModelsTest {
  @TempDir Path dir;

  @BeforeAll
  static void register() {
    ResidualBlock.register();
    PairScale.register();
  }

  /** Input(4) -> Dense(4, tanh) -> ResidualBlock(4) "block" -> Dense(1, sigmoid). */
  static Model residual() {
    KerasTensor x = Input.of(4);
    KerasTensor h = new Dense(4).activation("tanh").apply(x);
    KerasTensor r = new ResidualBlock(4).name("block").apply(h);
    return new Model(x, new Dense(1).activation("sigmoid").apply(r));
  }

  /**
   * Input(3) "inp" -> PairScale "pair" -> (Dense(2) "first" on output 0, Dense(1) "second" on 1).
   */
  static Model pair() {
    KerasTensor x = Input.of(3);
    x.layer().name("inp");
    List<KerasTensor> p = new PairScale().name("pair").applyAll(x);
    KerasTensor a = new Dense(2).name("first").apply(p.get(0));
    KerasTensor b = new Dense(1).name("second").apply(p.get(1));
    return new Model(List.of(x), List.of(a, b));
  }

  static Tensor[] data(int n, int features, long seed) {
    Myelin.setSeed(seed);
    Tensor x = Tensor.randomNormal(new long[] {n, features}, 0, 1, DType.FLOAT32);
    return new Tensor[] {x, x.sum(true, 1).gt(0.0).cast(DType.FLOAT32)};
  }

  @Test
  void residualBlockSummaryCountsItsSubLayersParameters() {
    Model m = residual();
    String[] lines = m.summaryString().split("\n");
    assertEquals(
        String.format("%-29s%-26s%-10s", "block (ResidualBlock)", "(None, 4)", "40"),
        line(lines, "block "));
    assertEquals("Total params: 65", line(lines, "Total params"));
    assertEquals("Trainable params: 65", line(lines, "Trainable params"));
    // Keras's model.weights: dense, then the block's dense1 and dense2, then the output layer
    List<long[]> shapes =
        List.of(
            new long[] {4, 4},
            new long[] {4},
            new long[] {4, 4},
            new long[] {4},
            new long[] {4, 4},
            new long[] {4},
            new long[] {4, 1},
            new long[] {1});
    assertEquals(8, m.weights().size());
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(shapes.get(i), m.weights().get(i).shape(), "weight " + i);
    }
    ResidualBlock block = (ResidualBlock) m.getLayer("block");
    assertEquals(block.dense1.weights().get(0), m.weights().get(2));
    assertEquals(block.dense2.weights().get(1), m.weights().get(5));
  }

  @Test
  void residualModelTrainsTracedBitForBitLikeEager() {
    Tensor[] d = data(96, 4, 3);
    TracedStepTest.Run r =
        TracedStepTest.compare(
            () -> {
              Model m = residual();
              m.compile(new Adam(0.02), "binary_crossentropy", "accuracy");
              return m;
            },
            d[0],
            d[1],
            TracedStepTest.opts(3, 32),
            1);
    List<List<Double>> b = r.batches();
    // the loss (log index 2) goes down: the sub-layers' weights get gradients
    assertTrue(b.get(b.size() - 1).get(2) < b.get(0).get(2), b.toString());
    ResidualBlock block = (ResidualBlock) r.model().getLayer("block");
    assertEquals(6, r.model().trainableWeights().size() - 2);
    assertTrue(r.model().trainableWeights().containsAll(block.weights()));
  }

  @Test
  void twoOutputLayerFeedsTwoHeadsThatTrainTracedLikeEager() {
    Tensor[] d = data(64, 3, 4);
    Tensor y1 = Tensor.concat(1, d[1], d[1].mul(-1.0));
    Tensor y2 = d[0].sum(true, 1);
    TracedStepTest.Run r =
        TracedStepTest.compare(
            () -> {
              Model m = pair();
              m.compile(new SGD(0.05), "mse");
              return m;
            },
            new Tensor[] {d[0]},
            new Tensor[] {y1, y2},
            TracedStepTest.opts(2, 32),
            1);
    Model m = r.model();
    // PairScale's w got gradients through both outputs
    float[] w = m.getLayer("pair").weights().get(0).value().toFloatArray();
    assertTrue(w[0] != 1f && w[1] != 1f && w[2] != 1f, java.util.Arrays.toString(w));
    Tensor[] p = m.predictAll(new Tensor[] {d[0]});
    assertEquals(2, p.length);
    assertArrayEquals(new long[] {64, 2}, p[0].shape());
    assertArrayEquals(new long[] {64, 1}, p[1].shape());
  }

  @Test
  void twoOutputLayerShowsBothShapesAndTensorIndexInSummary() {
    String[] lines = pair().summaryString().split("\n");
    String row = "%-32s%-21s%-12s%-33s";
    // Keras prints the list of output shapes, cut to the column
    assertEquals(
        String.format(row, "pair (PairScale)", "[(None, 3), (None, 3", "3", "inp[0][0]"),
        line(lines, "pair "));
    assertEquals(
        String.format(row, "first (Dense)", "(None, 2)", "8", "pair[0][0]"), line(lines, "first "));
    assertEquals(
        String.format(row, "second (Dense)", "(None, 1)", "4", "pair[0][1]"),
        line(lines, "second "));
  }

  /** The first line of a summary that starts with {@code prefix}. */
  private static String line(String[] lines, String prefix) {
    for (String l : lines) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line starts with " + prefix + " in\n" + String.join("\n", lines));
  }

  @Test
  void twoOutputConfigRecordsTheTensorIndexAndRoundTrips() {
    Model m = pair();
    String json = m.toJson();
    assertTrue(json.contains("\"keras_history\":[\"pair\",0,1]"), json);
    assertTrue(json.contains("\"output_layers\":[[\"first\",0,0],[\"second\",0,0]]"), json);
    Model back = Models.modelFromJson(json);
    assertEquals(json, back.toJson());
    back.setWeights(m.getWeights());
    Tensor x = data(5, 3, 8)[0];
    assertSamePredictions(m, back, x);
  }

  @Test
  void compositeAndTwoOutputModelsSaveAndLoadInMyelinFormats() {
    for (Model m : List.of(residual(), pair())) {
      m.compile(new Adam(0.01), "mse");
      long features = m.inputs().get(0).shape()[1];
      Tensor x = data(6, (int) features, 9)[0];
      Tensor[] ys = new Tensor[m.outputs().size()];
      Tensor[] outs = m.predictAll(new Tensor[] {x});
      for (int k = 0; k < ys.length; k++) {
        ys[k] = outs[k].mul(0.5);
      }
      m.fit(new Tensor[] {x}, ys, new FitOptions().epochs(2).verbose(0));
      for (String ext : List.of(".keras", ".h5", ".weights.h5")) {
        Path file = dir.resolve(m.name() + ext);
        m.save(file);
        Model back;
        if (ext.equals(".weights.h5")) {
          back = Models.modelFromJson(m.toJson());
          back.loadWeights(file);
        } else {
          back = Models.loadModel(file);
        }
        assertSamePredictions(m, back, x);
      }
    }
  }

  static void assertSamePredictions(Model a, Model b, Tensor x) {
    Tensor[] pa = a.predictAll(new Tensor[] {x});
    Tensor[] pb = b.predictAll(new Tensor[] {x});
    assertEquals(pa.length, pb.length);
    for (int k = 0; k < pa.length; k++) {
      assertArrayEquals(pa[k].toFloatArray(), pb[k].toFloatArray(), 0f, "output " + k);
    }
  }
}
