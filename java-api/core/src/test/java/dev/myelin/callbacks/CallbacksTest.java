package dev.myelin.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Lambda;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Models;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TensorScopePerTest.class)
class CallbacksTest {
  private Tensor x;
  private Tensor y;

  @BeforeEach
  void data() {
    Myelin.setSeed(21);
    x = Tensor.randomNormal(new long[] {64, 2}, 0, 1, DType.FLOAT32);
    y = x.sum(1).gt(0).cast(DType.FLOAT32);
  }

  private Sequential model(double lr) {
    Sequential m = new Sequential();
    m.add(new Dense(1).activation("sigmoid").inputShape(2));
    m.compile(new SGD(lr), "binary_crossentropy", "accuracy");
    return m;
  }

  /** Overwrites the logged loss with a scripted sequence, then lets EarlyStopping look at it. */
  private static Callback script(double... losses) {
    return new LambdaCallback().onEpochEnd((e, logs) -> logs.put("loss", losses[e]));
  }

  private static String captureStdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void earlyStoppingStopsAtTheRightEpoch() {
    Sequential m = model(0.1);
    EarlyStopping es = new EarlyStopping().monitor("loss").patience(2).verbose(1);
    History[] h = new History[1];
    String printed =
        captureStdout(
            () ->
                h[0] =
                    m.fit(
                        x,
                        y,
                        new FitOptions()
                            .epochs(20)
                            .verbose(0)
                            .callbacks(script(1.0, 0.8, 0.7, 0.75, 0.71, 0.69, 0.5, 0.4), es)));
    // best 0.7 at epoch 2; epochs 3 and 4 do not improve -> stop at epoch 4 (0-based)
    assertEquals(List.of(0, 1, 2, 3, 4), h[0].epoch());
    assertEquals(4, es.stoppedEpoch());
    assertEquals("Epoch 5: early stopping\n", printed);
    Models.useKeras2Conventions(true);
    Sequential m2 = model(0.1);
    EarlyStopping es2 = new EarlyStopping().monitor("loss").patience(1).minDelta(0.05).verbose(1);
    String printed2 =
        captureStdout(
            () ->
                m2.fit(
                    x,
                    y,
                    new FitOptions()
                        .epochs(20)
                        .verbose(0)
                        .callbacks(script(1.0, 0.9, 0.8, 0.7, 0.6, 0.58, 0.1), es2)));
    assertEquals("Epoch 00006: early stopping\n", printed2);
  }

  @Test
  void earlyStoppingRestoresBestWeights() {
    Sequential m = model(0.5);
    List<double[]> seen = new ArrayList<>();
    Callback record =
        new LambdaCallback()
            .onEpochEnd((e, logs) -> seen.add(m.getWeights().get(0).toDoubleArray()));
    EarlyStopping es = new EarlyStopping().monitor("loss").patience(2).restoreBestWeights(true);
    m.fit(
        x,
        y,
        new FitOptions().epochs(10).verbose(0).callbacks(record, script(0.5, 0.3, 0.4, 0.45), es));
    assertArrayEquals(seen.get(1), m.getWeights().get(0).toDoubleArray());
  }

  @Test
  void historyCsvAndSchedulers(@TempDir Path dir) throws Exception {
    Sequential m = model(0.4);
    Path csv = dir.resolve("log.csv");
    History h =
        m.fit(
            x,
            y,
            new FitOptions()
                .epochs(3)
                .verbose(0)
                .callbacks(
                    new LearningRateScheduler((epoch, lr) -> 0.1 * (epoch + 1)),
                    new CSVLogger(csv)));
    assertEquals(0.3, m.optimizer().learningRate(), 1e-9);
    assertEquals(List.of(0.1, 0.2, 0.30000000000000004), h.get("learning_rate"));
    // the array views used by the Python package: same values, names and epochs
    assertArrayEquals(new double[] {0.1, 0.2, 0.30000000000000004}, h.values("learning_rate"));
    assertArrayEquals(h.history().keySet().toArray(new String[0]), h.names());
    assertArrayEquals(new int[] {0, 1, 2}, h.epochIndices());
    assertThrows(IllegalArgumentException.class, () -> h.values("val_loss"));
    List<String> lines = Files.readAllLines(csv);
    assertEquals("epoch,accuracy,learning_rate,loss", lines.get(0));
    assertEquals(4, lines.size());
    assertTrue(lines.get(3).startsWith("2,"), lines.get(3));
    double loss2 = Double.parseDouble(lines.get(3).split(",")[3]);
    assertEquals(h.get("loss").get(2), loss2, 0.0);

    Sequential m2 = model(0.8);
    m2.fit(
        x,
        y,
        new FitOptions()
            .epochs(4)
            .verbose(0)
            .callbacks(
                script(1.0, 1.0, 1.0, 1.0),
                new ReduceLROnPlateau().monitor("loss").factor(0.5).patience(1)));
    // epoch 0 improves; epochs 1, 2, 3 do not: halves at each (patience 1, no cooldown)
    assertEquals(0.1, m2.optimizer().learningRate(), 1e-7);
  }

  @Test
  void terminateOnNaNStopsAfterTheBadBatch() {
    Sequential m = new Sequential();
    m.add(new Lambda(t -> t.log()).inputShape(2));
    m.add(new Dense(1));
    m.compile(new SGD(0.1), "mse");
    int[] batches = {0};
    String out =
        captureStdout(
            () ->
                m.fit(
                    x,
                    y,
                    new FitOptions()
                        .epochs(3)
                        .batchSize(16)
                        .verbose(0)
                        .callbacks(
                            new LambdaCallback().onBatchEnd((b, logs) -> batches[0]++),
                            new TerminateOnNaN())));
    assertEquals(1, batches[0]);
    assertEquals("Batch 0: Invalid loss, terminating training\n", out);
  }

  @Test
  void modelCheckpointSavesBestAndWeightsRoundTrip(@TempDir Path dir) {
    Sequential m = model(0.5);
    Path file = dir.resolve("best.weights.h5");
    ModelCheckpoint cp = new ModelCheckpoint(file).monitor("loss").saveBestOnly(true).verbose(1);
    String out =
        captureStdout(
            () ->
                m.fit(
                    x,
                    y,
                    new FitOptions().epochs(3).verbose(0).callbacks(script(0.5, 0.6, 0.4), cp)));
    String[] lines = out.split("\n");
    assertEquals("", lines[0]);
    assertEquals("Epoch 1: loss improved from inf to 0.50000, saving model to " + file, lines[1]);
    assertEquals("Epoch 2: loss did not improve from 0.50000", lines[3]);
    assertEquals(
        "Epoch 3: loss improved from 0.50000 to 0.40000, saving model to " + file, lines[5]);
    Sequential copy = model(0.5);
    copy.loadWeights(file);
    assertArrayEquals(m.predict(x).toFloatArray(), copy.predict(x).toFloatArray());
    assertEquals(
        "w_03.h5", new ModelCheckpoint(Path.of("w_{epoch:02d}.h5")).pathFor(2, java.util.Map.of()));
  }
}
