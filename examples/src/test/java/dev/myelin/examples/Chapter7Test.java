package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.data;
import static dev.myelin.examples.BookFixtures.round;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Book chapter 7 (shared/spec/book-examples.md, "Ch.7"). The Ontario programs run on the book's
 * file; the stateful models train on the first 1,500 hours only unless {@code MYELIN_BOOK_FULL=1}
 * asks for the book's full runs. The curve-classification file is not obtainable (see
 * SequenceClassification), so that test writes a synthetic one with the same columns.
 */
class Chapter7Test {
  @TempDir Path tmp;

  @Test
  void ontarioForecasters() {
    OntarioDemand.Result r =
        OntarioDemand.run(data(), new OntarioDemand.Settings(1500, 1, 1, 0), false);
    // Deterministic: the index, the scaled head, the sizes and the dense model's parameters.
    assertEquals(LocalDateTime.of(2003, 5, 1, 1, 0), r.firstIndex());
    double[] printed = {0.7404, 0.7156, 0.6822, 0.7002, 0.8020};
    for (int i = 0; i < printed.length; i++) {
      assertEquals(printed[i], r.firstScaled()[i], 1e-12, "scaled value " + i);
    }
    assertEquals(93551, r.trainRows(), "X_train rows");
    assertEquals(433, r.denseParams(), "48 + 300 + 78 + 7");
    assertArrayEquals(new long[] {93528, 24, 1}, r.windowShape());
    // Trained (the book: early stop at epoch 6, MSE 0.0149, R2 0.933; the model repeats the last
    // value, so any reasonable run lands close).
    assertTrue(r.denseStoppedEpoch() > 0 && r.denseStoppedEpoch() < 50, "early stopping fired");
    assertTrue(r.dense().r2() > 0.90, "dense R2 " + r.dense().r2());
    assertTrue(r.dense().mse() < 0.022, "dense MSE " + r.dense().mse());
    // One epoch of the 24-hour window LSTM: the book's first epoch ends at 0.0709.
    assertTrue(r.windowLstm().losses().get(0) < 0.1, "window LSTM loss " + r.windowLstm().losses());
    assertTrue(r.windowLstm().r2() > 0.5, "window LSTM R2 " + r.windowLstm().r2());
    // The stateful models on 1,500 hours: they train (finite, falling losses are not promised in
    // one epoch) and predict one value per test hour.
    assertTrue(Double.isFinite(r.simpleRnn().mse()) && Double.isFinite(r.statefulLstm().mse()));
    System.out.println(
        "ontario-demand: dense stopped at "
            + r.denseStoppedEpoch()
            + " "
            + r.dense()
            + "; SimpleRNN "
            + r.simpleRnn()
            + "; LSTM "
            + r.statefulLstm()
            + "; window "
            + r.windowLstm());
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "MYELIN_BOOK_FULL", matches = "1")
  void ontarioBookRuns() {
    OntarioDemand.Result r = OntarioDemand.run(data(), OntarioDemand.Settings.book(), true);
    // The book: stateful LSTM MSE 0.013, R2 0.942; window LSTM losses down to 0.0588 (its tip:
    // retrain when the loss does not reach 0.05..0.06).
    assertTrue(r.statefulLstm().r2() > 0.9, "stateful LSTM R2 " + r.statefulLstm().r2());
    assertTrue(r.statefulLstm().mse() < 0.025, "stateful LSTM MSE " + r.statefulLstm().mse());
    List<Double> w = r.windowLstm().losses();
    assertTrue(w.get(w.size() - 1) < 0.07, "window LSTM losses " + w);
  }

  /**
   * 4000 curves of 200 steps: smooth sines; the anomalous half carries extra step-to-step noise,
   * which the std of the differences sees and the raw values hide.
   */
  static Path syntheticCurves(Path dir) throws IOException {
    Random rnd = new Random(7);
    StringBuilder sb = new StringBuilder("anomaly");
    for (int t = 0; t < 200; t++) {
      sb.append(",t_").append(t);
    }
    sb.append('\n');
    for (int i = 0; i < 4000; i++) {
      boolean anomaly = i % 2 == 1;
      double f = 1 + 3 * rnd.nextDouble();
      double phase = 2 * Math.PI * rnd.nextDouble();
      double amp = 0.2 + 0.2 * rnd.nextDouble();
      sb.append(anomaly ? "True" : "False");
      for (int t = 0; t < 200; t++) {
        double v = amp * Math.sin(2 * Math.PI * f * t / 200 + phase) + 0.01 * rnd.nextGaussian();
        if (anomaly) {
          v += 0.05 * rnd.nextGaussian();
        }
        sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
      }
      sb.append('\n');
    }
    Path file = dir.resolve("sequence_classification.csv");
    Files.writeString(file, sb);
    return file;
  }

  @Test
  void curveClassification() throws IOException {
    SequenceClassification.Result r =
        SequenceClassification.run(syntheticCurves(tmp), 3, 30, 3, 0, false);
    assertEquals(4000, r.rows());
    assertEquals(201, r.columns());
    // The book's derived lengths 200 -> 198 -> 196 -> 98 -> 96 -> 48 and the parameter count
    // 64 + 784 + 784 + 7690 + 11.
    long[][] shapes = {
      {-1, 198, 16},
      {-1, 196, 16},
      {-1, 98, 16},
      {-1, 98, 16},
      {-1, 96, 16},
      {-1, 48, 16},
      {-1, 48, 16},
      {-1, 768},
      {-1, 10},
      {-1, 1}
    };
    for (int i = 0; i < shapes.length; i++) {
      long[] s = r.convShapes().get(i).clone();
      s[0] = -1;
      assertArrayEquals(shapes[i], s, "layer " + i);
    }
    assertEquals(9333, r.convParams());
    // The std features: anomalous rows (odd) have the larger std of differences.
    assertTrue(r.featureHead()[1][1] > 2 * r.featureHead()[0][1], "std_diff separates");
    // Trained on data the engineered features separate: the book's 0.817 and 0.983 are lower
    // bounds here; the raw dense model is the book's near-chance 0.539 or better.
    assertTrue(r.featureAccuracy() > 0.9, "feature model " + round(r.featureAccuracy(), 3));
    assertTrue(r.convAccuracy() > 0.9, "conv model " + round(r.convAccuracy(), 3));
    assertTrue(r.denseAccuracy() >= 0.45, "raw dense " + round(r.denseAccuracy(), 3));
    System.out.println(
        "sequence-classification (synthetic): "
            + r.denseAccuracy()
            + " "
            + r.featureAccuracy()
            + " "
            + r.convAccuracy());
  }
}
