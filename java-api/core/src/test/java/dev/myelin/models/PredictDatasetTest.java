package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Model#predict(Dataset)}: Keras's predict on a generator (Keras 2's predict_generator). */
@ExtendWith(TensorScopePerTest.class)
class PredictDatasetTest {
  /**
   * Batches of a fixed size over rows of {@code x}, float64 inputs and nonsense targets (predict
   * must ignore them), recording which batches were asked for.
   */
  static final class RowBatches implements Dataset {
    final Tensor x;
    final int batchSize;
    final List<Integer> asked = new ArrayList<>();
    int epochsBegun;

    RowBatches(Tensor x, int batchSize) {
      this.x = x;
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
    public Batch batch(int step) {
      asked.add(step);
      long start = (long) step * batchSize;
      long stop = Math.min(x.dim(0), start + batchSize);
      Tensor xb = x.slice(Slice.range(start, stop)).cast(DType.FLOAT64);
      Tensor junk = Tensor.zeros(stop - start, 7);
      return new Batch(new Tensor[] {xb}, new Tensor[] {junk}, null);
    }

    @Override
    public void onEpochBegin(int epoch) {
      epochsBegun++;
    }
  }

  static Sequential model() {
    Myelin.setSeed(11);
    Sequential m = new Sequential();
    m.add(new Dense(5).activation("tanh").inputShape(3));
    m.add(new Dense(2));
    m.compile("sgd", "mse");
    return m;
  }

  static Tensor data(int n) {
    Myelin.setSeed(5);
    return Tensor.randomNormal(new long[] {n, 3}, 0, 1, DType.FLOAT32);
  }

  @Test
  void concatenatesEveryBatchInOrderAndMatchesPredictOnTheArray() {
    Sequential m = model();
    Tensor x = data(23);
    RowBatches ds = new RowBatches(x, 4);
    Tensor p = m.predict(ds);
    assertArrayEquals(new long[] {23, 2}, p.shape());
    // The same batches through predict(x), so even the kernels' batch-size choices agree.
    assertArrayEquals(
        m.predict(x, new PredictOptions().batchSize(4)).toFloatArray(), p.toFloatArray());
    assertEquals(List.of(0, 1, 2, 3, 4, 5), ds.asked);
    assertEquals(1, ds.epochsBegun);
  }

  @Test
  void stepsLimitsTheBatches() {
    Sequential m = model();
    Tensor x = data(23);
    RowBatches ds = new RowBatches(x, 4);
    Tensor p = m.predict(ds, new PredictOptions().steps(2));
    assertArrayEquals(new long[] {8, 2}, p.shape());
    assertArrayEquals(
        m.predict(x.slice(Slice.range(0, 8)), new PredictOptions().batchSize(4)).toFloatArray(),
        p.toFloatArray());
    assertEquals(List.of(0, 1), ds.asked);
  }

  @Test
  void stepsBeyondTheDatasetIsRejected() {
    Sequential m = model();
    RowBatches ds = new RowBatches(data(6), 4);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> m.predict(ds, new PredictOptions().steps(3)));
    assertTrue(
        e.getMessage()
            .contains("argument 'steps' expected at most the dataset's 2 batches but was 3"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PredictOptions().steps(0));
    assertThrows(IllegalArgumentException.class, () -> new PredictOptions().verbose(3));
  }

  @Test
  void everyOutputOfAFunctionalModel() {
    Myelin.setSeed(2);
    KerasTensor in = Input.of(3);
    KerasTensor a = new Dense(4).apply(in);
    KerasTensor b = new Dense(1).activation("sigmoid").apply(in);
    Model m = new Model(List.of(in), List.of(a, b));
    m.compile("sgd", "mse");
    Tensor x = data(10);
    Tensor[] fromData = m.predictAll(new RowBatches(x, 3), new PredictOptions());
    Tensor[] fromArray = m.predictAll(new Tensor[] {x}, new PredictOptions().batchSize(3));
    assertEquals(2, fromData.length);
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(fromArray[k].shape(), fromData[k].shape());
      assertArrayEquals(fromArray[k].toFloatArray(), fromData[k].toFloatArray());
    }
  }

  @Test
  void verboseShowsAProgressBarOverTheSamples() {
    Sequential m = model();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    m.setOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
    m.predict(new RowBatches(data(9), 4), new PredictOptions().verbose(1));
    m.predict(new RowBatches(data(9), 4));
    String printed = buf.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("9/9"), printed);
    assertEquals(1, printed.split("9/9", -1).length - 1, printed);
  }

  @Test
  void nullDatasetIsRejected() {
    Sequential m = model();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.predict((Dataset) null));
    assertTrue(e.getMessage().contains("argument 'data' expected a Dataset but was null"));
  }
}
