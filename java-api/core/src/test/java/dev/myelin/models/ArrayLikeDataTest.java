package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.EarlyStopping;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.optimizers.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** fit / evaluate / predict on the Java arrays a user has in hand, and Keras 2 metric names. */
@ExtendWith(TensorScopePerTest.class)
class ArrayLikeDataTest {
  static double[][] x(int n) {
    double[][] x = new double[n][2];
    for (int i = 0; i < n; i++) {
      x[i][0] = Math.sin(i);
      x[i][1] = Math.cos(3 * i);
    }
    return x;
  }

  static int[] classes(double[][] x) {
    int[] y = new int[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i][0] + x[i][1] > 0.3 ? 2 : x[i][0] > 0 ? 1 : 0;
    }
    return y;
  }

  static Sequential softmax(String loss) {
    Myelin.setSeed(5);
    Sequential m = new Sequential();
    m.add(new Dense(8).activation("tanh").inputShape(2));
    m.add(new Dense(3).activation("softmax"));
    m.compile(new Adam(0.05), loss, "accuracy");
    return m;
  }

  @Test
  void intLongAndOneHotTargetsTrainTheSameModel() {
    double[][] x = x(90);
    int[] y = classes(x);
    long[] yl = java.util.Arrays.stream(y).asLongStream().toArray();
    double[][] oneHot = new double[y.length][3];
    for (int i = 0; i < y.length; i++) {
      oneHot[i][y[i]] = 1;
    }
    FitOptions o = new FitOptions().epochs(3).shuffle(false).verbose(0);
    History a = softmax("sparse_categorical_crossentropy").fit(x, y, o);
    History b = softmax("sparse_categorical_crossentropy").fit(x, yl, o);
    History c = softmax("categorical_crossentropy").fit(x, oneHot, o);
    assertEquals(a.get("loss"), b.get("loss"));
    assertEquals(a.get("loss").get(2), c.get("loss").get(2), 1e-6);
  }

  @Test
  void evaluateAndPredictTakeJavaArrays() {
    double[][] x = x(60);
    int[] y = classes(x);
    Sequential m = softmax("sparse_categorical_crossentropy");
    m.fit(x, y, new FitOptions().epochs(20).verbose(0));
    double[] ev = m.evaluate(x, y, new EvaluateOptions().verbose(0));
    Tensor p = m.predict(x);
    assertArrayEquals(new long[] {60, 3}, p.shape());
    int[] pred = p.argmax(1).toIntArray();
    long hits = 0;
    for (int i = 0; i < y.length; i++) {
      hits += pred[i] == y[i] ? 1 : 0;
    }
    assertEquals(ev[1], hits / 60.0, 1e-6);
    float[][] xf = new float[60][2];
    for (int i = 0; i < 60; i++) {
      xf[i][0] = (float) x[i][0];
      xf[i][1] = (float) x[i][1];
    }
    assertArrayEquals(p.toFloatArray(), m.predict((Object) xf).toFloatArray());
    assertArrayEquals(pred, m.predictClasses((Object) x).toIntArray());
    double[][] rows = p.toDoubleMatrix();
    assertEquals(60, rows.length);
    assertEquals(p.getDouble(7, 2), rows[7][2]);
    assertEquals(3, rows[0].length);
    assertEquals(p.getDouble(0, 1), p.slice(":, 1").toDoubleMatrix()[0][0]);
  }

  @Test
  void binaryTargetsAsIntLabelsBecomeFloats() {
    double[][] x = x(50);
    int[] y = new int[50];
    for (int i = 0; i < 50; i++) {
      y[i] = x[i][0] > 0 ? 1 : 0;
    }
    Myelin.setSeed(3);
    Sequential m = new Sequential();
    m.add(new Dense(1).activation("sigmoid").inputShape(2));
    m.compile(new Adam(0.1), "binary_crossentropy", "accuracy");
    History h = m.fit(x, y, new FitOptions().epochs(30).verbose(0));
    assertTrue(h.get("accuracy").get(29) >= 0.9, "" + h.get("accuracy"));
  }

  @Test
  void unsupportedDataNamesTheArgument() {
    Sequential m = softmax("sparse_categorical_crossentropy");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.fit("not data", new int[] {1}, new FitOptions().verbose(0)));
    assertTrue(e.getMessage().contains("argument 'x' expected a Tensor"), e.getMessage());
    assertTrue(e.getMessage().contains("String"), e.getMessage());
  }

  @Test
  void historyAndMonitorsAcceptKeras2Names() {
    double[][] x = x(60);
    int[] y = classes(x);
    Sequential m = softmax("sparse_categorical_crossentropy");
    History h =
        m.fit(
            x,
            y,
            new FitOptions()
                .epochs(4)
                .validationSplit(0.25)
                .verbose(0)
                .callbacks(new EarlyStopping().monitor("val_acc").minDelta(10).patience(1)));
    // The monitor found val_accuracy under its Keras 2 name: no gain of 10 after epoch 1, so stop.
    assertEquals(2, h.epoch().size());
    assertEquals(
        List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(h.history().keySet()));
    assertEquals(h.get("accuracy"), h.get("acc"));
    assertEquals(h.get("val_accuracy"), h.history().get("val_acc"));
    assertTrue(h.history().containsKey("acc"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> h.get("precision"));
    assertTrue(e.getMessage().contains("\"precision\""), e.getMessage());
    assertEquals(DType.FLOAT32, m.predict(x).dtype());
  }
}
