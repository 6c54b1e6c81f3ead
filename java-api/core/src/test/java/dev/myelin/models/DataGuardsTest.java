package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.optimizers.SGD;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guards of issue 16: what Keras trains through silently fails (or stops) here, loudly. */
@ExtendWith(TensorScopePerTest.class)
class DataGuardsTest {
  static Sequential logistic() {
    Myelin.setSeed(1);
    Sequential model = new Sequential();
    model.add(new Dense(1).activation("sigmoid").inputShape(2));
    model.compile(new SGD(0.5), "binary_crossentropy", "accuracy");
    return model;
  }

  static double[][] rows(int n) {
    double[][] x = new double[n][2];
    for (int i = 0; i < n; i++) {
      x[i][0] = i % 3 - 1;
      x[i][1] = (i * 7 % 5) - 2;
    }
    return x;
  }

  static double[] labels(int n) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
    }
    return y;
  }

  @Test
  void fitOnZeroRowsNamesTheSizes() {
    Sequential m = logistic();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.fit(Tensor.zeros(0, 2), Tensor.zeros(0), new FitOptions().verbose(0)));
    assertTrue(e.getMessage().contains("has size 0 (shape (0, 2))"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> m.evaluate(Tensor.zeros(0, 2), Tensor.zeros(0), new EvaluateOptions().verbose(0)));
  }

  @Test
  void validationSplitLeavingNoTrainingRowsNamesTheSizes() {
    Sequential m = logistic();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.fit(rows(1), labels(1), new FitOptions().validationSplit(0.5).verbose(0)));
    assertTrue(
        e.getMessage().contains("0.5 of 1 samples leaves 0 training and 1 validation"),
        e.getMessage());
  }

  @Test
  void nanInInputsIsReportedWithArrayAndIndex() {
    Sequential m = logistic();
    double[][] x = rows(40);
    x[17][1] = Double.NaN;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.fit(x, labels(40), new FitOptions().verbose(0)));
    assertTrue(
        e.getMessage().contains("'x' expected finite values but was NaN at index [17, 1]"),
        e.getMessage());
    // Nothing was trained: the weights are still the initial ones and finite.
    for (Tensor w : m.getWeights()) {
      for (double v : w.toDoubleArray()) {
        assertTrue(Double.isFinite(v));
      }
    }
  }

  @Test
  void infinityInLabelsIsReportedWithArrayAndIndex() {
    Sequential m = logistic();
    double[] y = labels(40);
    y[5] = Double.POSITIVE_INFINITY;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> m.fit(rows(40), y, new FitOptions().verbose(0)));
    assertTrue(
        e.getMessage().contains("'y' expected finite values but was Infinity at index [5]"),
        e.getMessage());
  }

  @Test
  void binaryCrossentropyRejectsLabelsOutsideZeroOne() {
    Sequential m = logistic();
    double[] y = labels(40);
    y[3] = 5;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> m.fit(rows(40), y, new FitOptions().verbose(0)));
    assertTrue(e.getMessage().contains("targets in [0, 1]"), e.getMessage());
    assertTrue(e.getMessage().contains("from 0.0 to 5.0"), e.getMessage());
  }

  @Test
  void nanLossStopsTrainingNamingEpochAndBatch() {
    Sequential m = new Sequential();
    Myelin.setSeed(2);
    m.add(new Dense(1).inputShape(2));
    // A learning rate this large overflows float32 within a few steps: the loss becomes inf/NaN.
    m.compile(new SGD(1e30), "mse");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    m.setOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
    History h =
        m.fit(
            rows(64),
            labels(64),
            new FitOptions().epochs(5).batchSize(8).shuffle(false).verbose(0));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(
        out.matches("(?s)Epoch 1/5, batch \\d+: invalid loss (nan|inf), terminating.*"), out);
    assertEquals(1, h.epoch().size(), "stopped in the first epoch");
  }

  @Test
  void nanLossGuardCanBeSwitchedOff() {
    Sequential m = new Sequential();
    Myelin.setSeed(2);
    m.add(new Dense(1).inputShape(2));
    m.compile(new SGD(1e30), "mse");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    m.setOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
    History h =
        m.fit(
            rows(64),
            labels(64),
            new FitOptions().epochs(3).batchSize(8).verbose(0).terminateOnNaN(false));
    assertEquals(3, h.epoch().size());
    assertFalse(buf.toString(StandardCharsets.UTF_8).contains("invalid loss"));
  }

  @Test
  void integerInputsAreCastAtTheModelsInput() {
    Sequential m = logistic();
    long[][] x = new long[40][2];
    double[][] xd = rows(40);
    for (int i = 0; i < 40; i++) {
      x[i][0] = (long) xd[i][0];
      x[i][1] = (long) xd[i][1];
    }
    Tensor xi = Tensor.of(x);
    assertEquals(DType.INT64, xi.dtype());
    // Keras casts to the Input's float32; before, Dense failed with "operands have different
    // dtypes".
    History h = m.fit(xi, Tensor.of(labels(40)), new FitOptions().epochs(2).verbose(0));
    assertEquals(2, h.epoch().size());
    Tensor p32 = m.predict(Tensor.of(x).cast(DType.INT32));
    Tensor pf = m.predict(Tensor.of(xd));
    assertEquals(pf.toDoubleArray()[7], p32.toDoubleArray()[7], 0.0);
  }
}
