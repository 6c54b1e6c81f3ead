package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.myelin.DType;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.optimizers.SGD;
import dev.myelin.saving.PythonKeras;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link FitOptions#stepsPerEpoch} and {@link FitOptions#validationSteps}: the batches each epoch
 * draws are the ones real Keras 3 draws for the same settings (tests/fixtures/
 * keras_steps_per_epoch.py counts them), for arrays and for a Dataset; and {@link
 * FitOptions#validationData} given a Dataset or Java arrays.
 */
@ExtendWith(TensorScopePerTest.class)
class StepsPerEpochTest {
  /** Batches over rows of float64 {@code x} and int {@code y}, recording what fit asked for. */
  static final class Rows implements Dataset {
    final Tensor x;
    final Tensor y;
    final int batchSize;
    final List<Integer> asked = new ArrayList<>();
    final List<Integer> passesBegun = new ArrayList<>();

    Rows(Tensor x, Tensor y, int batchSize) {
      this.x = x;
      this.y = y;
      this.batchSize = batchSize;
    }

    @Override
    public int steps() {
      return (int) ((x.dim(0) + batchSize - 1) / batchSize);
    }

    @Override
    public long samples() {
      return x.dim(0);
    }

    @Override
    public void onEpochBegin(int epoch) {
      passesBegun.add(epoch);
    }

    @Override
    public Batch batch(int step) {
      asked.add(step);
      Slice rows = Slice.range(step * batchSize, Math.min(x.dim(0), (step + 1L) * batchSize));
      return new Batch(new Tensor[] {x.slice(rows)}, new Tensor[] {y.slice(rows)}, null);
    }
  }

  /** Training batches per epoch, counted from the callbacks. */
  static final class Counter extends Callback {
    final List<Integer> perEpoch = new ArrayList<>();

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
      perEpoch.add(0);
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
      perEpoch.set(perEpoch.size() - 1, perEpoch.get(perEpoch.size() - 1) + 1);
    }
  }

  private static Sequential model() {
    Sequential m = new Sequential();
    m.add(new Dense(1).inputShape(2));
    m.compile(new SGD(0.01), "mse");
    return m;
  }

  /** {@code n} rows of float64 features (row i: i/n, -i/n). */
  private static Tensor features(int n) {
    double[] d = new double[2 * n];
    for (int i = 0; i < n; i++) {
      d[2 * i] = i / (double) n;
      d[2 * i + 1] = -i / (double) n;
    }
    return Tensor.fromArray(d, n, 2);
  }

  /** {@code n} integer targets (i mod 3), one column. */
  private static Tensor labels(int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = i % 3;
    }
    return Tensor.fromArray(l, n, 1);
  }

  private static int[] ints(JsonNode a) {
    int[] r = new int[a.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = a.get(i).asInt();
    }
    return r;
  }

  private static int[] ints(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  @ParameterizedTest(name = "{0} samples, batch {1}, steps_per_epoch {2}, {3} epochs, val {4}/{5}")
  @CsvSource({
    "100, 10, 4, 7, 50, 2",
    "100, 10, 3, 5, 50, none",
    "95, 10, 15, 2, 50, 7",
    "100, 32, none, 2, 50, none"
  })
  void batchesPerEpochAreKeras3s(int n, int batch, String spe, int epochs, int nVal, String vs)
      throws Exception {
    JsonNode keras =
        new ObjectMapper()
            .readTree(
                PythonKeras.check(
                    "keras_steps_per_epoch.py",
                    "steps_per_epoch",
                    "" + n,
                    "" + batch,
                    spe,
                    "" + epochs,
                    "" + nVal,
                    vs));
    for (boolean dataset : new boolean[] {false, true}) {
      Counter counter = new Counter();
      Rows val = new Rows(features(nVal), labels(nVal), batch);
      FitOptions o =
          new FitOptions()
              .epochs(epochs)
              .batchSize(batch)
              .verbose(0)
              .shuffle(false)
              .callbacks(counter)
              .validationData(val);
      if (!spe.equals("none")) {
        o.stepsPerEpoch(Integer.parseInt(spe));
      }
      if (!vs.equals("none")) {
        o.validationSteps(Integer.parseInt(vs));
      }
      Rows train = new Rows(features(n), labels(n), batch);
      History h =
          dataset
              ? model().fit(train, o)
              : model()
                  .fit(new Tensor[] {features(n)}, new Tensor[] {labels(n).cast(DType.FLOAT32)}, o);
      String what = dataset ? "Dataset" : "arrays";
      assertArrayEquals(ints(keras.get("train")), ints(counter.perEpoch), what);
      assertEquals(keras.get("epochs").asInt(), h.epochIndices().length, what);
      assertEquals(keras.get("epochs").asInt(), h.get("loss").size(), what);
      int valPerEpoch = keras.get("val").get(0).asInt();
      assertEquals(epochs * valPerEpoch, val.asked.size(), what + ": validation batches");
      if (dataset) {
        // the pass goes on across epochs: batch indices run 0, 1, ... and restart at a new pass
        int total = train.steps();
        int k = 0;
        int start = 0;
        List<Integer> passes = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
          int drawn = counter.perEpoch.get(e);
          if (start == 0) {
            passes.add(e);
          }
          for (int i = 0; i < drawn; i++) {
            assertEquals(start + i, train.asked.get(k++), what + ": batch index in epoch " + e);
          }
          start = (start + drawn) % total;
        }
        assertArrayEquals(ints(passes), ints(train.passesBegun), "epochs that begin a new pass");
      }
    }
  }

  @Test
  void validationStepsValidatesOnTheFirstBatchesOfArrays() {
    Sequential m = model();
    Tensor vx = features(40).cast(DType.FLOAT32);
    Tensor vy = labels(40).cast(DType.FLOAT32);
    History h =
        m.fit(
            new Tensor[] {features(20)},
            new Tensor[] {labels(20).cast(DType.FLOAT32)},
            new FitOptions()
                .epochs(1)
                .batchSize(10)
                .verbose(0)
                .validationData(vx, vy)
                .validationSteps(2));
    double firstTwenty =
        m.evaluate(
                vx.slice(Slice.range(0, 20)),
                vy.slice(Slice.range(0, 20)),
                new EvaluateOptions().verbose(0))[0];
    double all = m.evaluate(vx, vy, new EvaluateOptions().verbose(0))[0];
    assertEquals(firstTwenty, h.get("val_loss").get(0), 1e-6);
    // the data are such that the limit matters
    assertEquals(false, Math.abs(all - firstTwenty) < 1e-3);
  }

  @Test
  void validationDataTakesJavaArraysAsFitDoes() {
    double[][] vx = {{0.1, -0.1}, {0.5, -0.5}, {0.9, -0.9}};
    int[] vy = {0, 1, 2};
    Sequential m = model();
    History h =
        m.fit(
            new Tensor[] {features(10)},
            new Tensor[] {labels(10).cast(DType.FLOAT32)},
            new FitOptions().verbose(0).validationData(vx, vy));
    double expected =
        m.evaluate(
                Tensor.of(vx),
                Tensor.fromArray(new float[] {0, 1, 2}, 3, 1),
                new EvaluateOptions().verbose(0))[0];
    assertEquals(expected, h.get("val_loss").get(0), 1e-6);
  }

  @Test
  void aDatasetsIntegerAndDoubleBatchesAreCastLikeArrays() {
    // Rows hands out float64 inputs and int32 targets: fit and evaluate cast them as fit(x, y)
    // casts arrays, so both give the same weights and losses.
    Sequential a = model();
    Sequential b = model();
    b.setWeights(a.getWeights());
    FitOptions o = new FitOptions().epochs(2).batchSize(5).verbose(0).shuffle(false);
    History ha = a.fit(new Rows(features(20), labels(20), 5), o);
    History hb = b.fit(features(20), labels(20).cast(DType.FLOAT32), o);
    assertArrayEquals(hb.values("loss"), ha.values("loss"), 1e-6);
    double ea =
        a.evaluate(new Rows(features(20), labels(20), 5), new EvaluateOptions().verbose(0))[0];
    double eb =
        b.evaluate(features(20), labels(20).cast(DType.FLOAT32), new EvaluateOptions().verbose(0))[
            0];
    assertEquals(eb, ea, 1e-6);
    assertArrayEquals(a.getWeights().get(0).toFloatArray(), b.getWeights().get(0).toFloatArray());
  }

  @Test
  void stepOptionsRefuseNonPositiveCounts() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FitOptions().stepsPerEpoch(0));
    assertEquals(
        "FitOptions: argument 'stepsPerEpoch' expected a positive integer but was 0",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new FitOptions().validationSteps(-1));
    assertThrows(
        IllegalArgumentException.class, () -> new FitOptions().validationData((Dataset) null));
  }

  @Test
  void fitOnADatasetRefusesSampleWeightsItWouldIgnore() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model()
                    .fit(
                        new Rows(features(10), labels(10), 5),
                        new FitOptions()
                            .verbose(0)
                            .sampleWeight(Tensor.fromArray(new float[10], 10))));
    assertTrue(
        e.getMessage().contains(".fit: argument 'sampleWeight' is not supported for a Dataset"),
        e.getMessage());
  }

  @Test
  void aSequentialWithoutInputShapeBuildsFromADatasetsFirstBatch() {
    // Sequential's Javadoc: "without a declared shape the model builds itself from the first data
    // it sees"; a Dataset's batches used to reach the targets check before the model was built.
    Sequential m = new Sequential();
    m.add(new Dense(1));
    m.compile(new SGD(0.01), "mse");
    History h = m.fit(new Rows(features(10), labels(10), 5), new FitOptions().verbose(0));
    assertEquals(1, h.get("loss").size());
    assertArrayEquals(new long[] {2, 1}, m.getWeights().get(0).shape());
  }
}
