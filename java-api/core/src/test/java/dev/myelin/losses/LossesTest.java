package dev.myelin.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.autodiff.GradientTape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Values from Keras's documentation examples and by hand; gradients against finite differences. */
class LossesTest {
  // detached: class initialisation may run while another test's scope is open on this thread
  private static final Tensor T = Tensor.of(new double[][] {{0, 1}, {0, 0}}).detach();
  private static final Tensor P = Tensor.of(new double[][] {{0.6, 0.4}, {0.4, 0.6}}).detach();

  private static double value(Loss loss, Tensor t, Tensor p) {
    try (TensorScope s = new TensorScope()) {
      return loss.compute(t, p, null).item();
    }
  }

  @Test
  void regressionLosses() {
    Tensor p = Tensor.of(new double[][] {{1, 1}, {1, 0}});
    assertArrayEquals(
        new double[] {0.5, 0.5}, new MeanSquaredError().call(T, p).toDoubleArray(), 1e-15);
    assertEquals(0.5, value(Loss.get("mse"), T, p), 1e-15);
    assertEquals(0.5, value(Loss.get("mae"), T, p), 1e-15);
    assertEquals(
        50.0,
        value(
            Loss.get("mape"),
            Tensor.of(new double[][] {{1, 2}}),
            Tensor.of(new double[][] {{1.5, 1}})),
        1e-12);
    double msle = Math.pow(Math.log(2) - Math.log1p(1e-7), 2) / 2;
    assertEquals(msle, value(Loss.get("msle"), T, p), 1e-12);
    assertEquals(0.24022650, value(Loss.get("msle"), T, p), 1e-7);
    assertEquals(0.155, value(new Huber(), T, P), 1e-12);
    // Errors y_pred - y_true: [[0.6, -0.6], [0.4, 0.6]].
    double lc = (3 * Math.log(Math.cosh(0.6)) + Math.log(Math.cosh(0.4))) / 4;
    assertEquals(lc, value(Loss.get("log_cosh"), T, P), 1e-12);
    // Keras's example: errors [[1, 0], [0, 0]] give 0.108.
    assertEquals(
        0.108, value(Loss.get("logcosh"), T, Tensor.of(new double[][] {{1, 1}, {0, 0}})), 1e-3);
    // Keras's example: y_pred [[1, 1], [0, 0]] gives 0.5.
    assertEquals(
        0.5, value(Loss.get("poisson"), T, Tensor.of(new double[][] {{1, 1}, {0, 0}})), 1e-6);
  }

  @Test
  void crossentropies() {
    double row1 = -(Math.log(0.4) + Math.log(0.4)) / 2;
    double row2 = -(Math.log(0.6) + Math.log(0.4)) / 2;
    assertArrayEquals(
        new double[] {row1, row2}, new BinaryCrossentropy().call(T, P).toDoubleArray(), 1e-12);
    assertEquals(0.815, value(Loss.get("binary_crossentropy"), T, P), 1e-3);
    // Keras's from_logits example: 0.865.
    Tensor yt = Tensor.of(0.0, 1.0, 0.0, 0.0).reshape(1, 4);
    Tensor logits = Tensor.of(-18.6, 0.51, 2.94, -12.8).reshape(1, 4);
    assertEquals(0.865, value(new BinaryCrossentropy(true, 0), yt, logits), 1e-3);
    Tensor probs = logits.sigmoid();
    assertEquals(
        value(new BinaryCrossentropy(true, 0), yt, logits),
        value(new BinaryCrossentropy(), yt, probs),
        1e-6);
    // Label smoothing 0.2: labels become 0.1 / 0.9.
    double smoothed =
        -(0.1 * Math.log(0.6)
                + 0.9 * Math.log(0.4)
                + 0.9 * Math.log(0.4)
                + 0.1 * Math.log(0.6)
                + 0.1 * Math.log(0.4)
                + 0.9 * Math.log(0.6)
                + 0.1 * Math.log(0.6)
                + 0.9 * Math.log(0.4))
            / 4;
    assertEquals(smoothed, value(new BinaryCrossentropy(false, 0.2), T, P), 1e-12);
    // Clipping at 1e-7: a confident wrong prediction costs -log(1e-7).
    assertEquals(
        -Math.log(1e-7),
        value(new BinaryCrossentropy(), Tensor.of(1.0).reshape(1, 1), Tensor.of(0.0).reshape(1, 1)),
        1e-6);

    Tensor ct = Tensor.of(new double[][] {{0, 1, 0}, {0, 0, 1}});
    Tensor cp = Tensor.of(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
    assertArrayEquals(
        new double[] {-Math.log(0.95), -Math.log(0.1)},
        new CategoricalCrossentropy().call(ct, cp).toDoubleArray(),
        1e-12);
    assertEquals(1.177, value(Loss.get("categorical_crossentropy"), ct, cp), 1e-3);
    assertEquals(
        value(Loss.get("categorical_crossentropy"), ct, cp),
        value(Loss.get("sparse_categorical_crossentropy"), Tensor.of(1, 2), cp),
        1e-15);
    assertEquals(
        value(Loss.get("categorical_crossentropy"), ct, cp),
        value(
            Loss.get("sparse_categorical_crossentropy"), Tensor.of(new double[][] {{1}, {2}}), cp),
        1e-15);
    Tensor z = cp.add(0.5).log();
    assertEquals(
        value(new CategoricalCrossentropy(), ct, z.softmax(-1)),
        value(new CategoricalCrossentropy(true, 0), ct, z),
        1e-12);
    assertEquals(
        value(new CategoricalCrossentropy(true, 0), ct, z),
        value(new SparseCategoricalCrossentropy(true), Tensor.of(1L, 2L), z),
        1e-12);
    // Label smoothing 0.3 with 3 classes: 0 -> 0.1, 1 -> 0.8.
    double ls =
        -(0.1 * Math.log(0.05)
                + 0.8 * Math.log(0.95)
                + 0.1 * Math.log(1e-7)
                + 0.1 * Math.log(0.1)
                + 0.1 * Math.log(0.8)
                + 0.8 * Math.log(0.1))
            / 2;
    assertEquals(ls, value(new CategoricalCrossentropy(false, 0.3), ct, cp), 1e-6);
  }

  @Test
  void marginAndDistributionLosses() {
    assertEquals(1.3, value(Loss.get("hinge"), T, P), 1e-12);
    assertEquals(1.86, value(Loss.get("squared_hinge"), T, P), 1e-12);
    assertEquals(1.4, value(Loss.get("categorical_hinge"), T, P), 1e-12);
    assertEquals(0.458, value(Loss.get("kld"), T, P), 1e-3);
    Tensor ct = Tensor.of(new double[][] {{0, 1}, {1, 1}});
    Tensor cp = Tensor.of(new double[][] {{1, 0}, {1, 1}});
    assertArrayEquals(
        new double[] {0, -1}, new CosineSimilarity().call(ct, cp).toDoubleArray(), 1e-12);
    assertEquals(-0.5, value(Loss.get("cosine_similarity"), ct, cp), 1e-12);
  }

  @Test
  void sampleAndClassWeights() {
    Tensor p = Tensor.of(new double[][] {{1, 1}, {1, 0}});
    assertEquals(0.25, new MeanSquaredError().compute(T, p, Tensor.of(0.8, 0.2)).item(), 1e-12);
    assertEquals(
        0.25,
        new MeanSquaredError().compute(T, p, Tensor.of(new double[][] {{0.8}, {0.2}})).item(),
        1e-12);
    Map<Integer, Double> cw = new LinkedHashMap<>();
    cw.put(0, 1.0);
    cw.put(1, 5.0);
    assertArrayEquals(
        new float[] {5f, 1f, 5f},
        ClassWeights.sampleWeights(Tensor.of(1, 0, 1), cw).toFloatArray());
    assertArrayEquals(
        new float[] {1f, 5f},
        ClassWeights.sampleWeights(Tensor.of(new float[][] {{0.2f}, {0.9f}}), cw).toFloatArray());
    assertArrayEquals(
        new float[] {5f, 1f},
        ClassWeights.sampleWeights(Tensor.of(new float[][] {{0, 1}, {1, 0}}), cw).toFloatArray());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ClassWeights.sampleWeights(Tensor.of(2, 0), cw));
    assertTrue(e.getMessage().contains("no weight for class 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MeanSquaredError().compute(T, p, Tensor.of(1.0, 2.0, 3.0)));
    assertTrue(e.getMessage().contains("'sampleWeight' expected shape [2] or [2, 1] but was [3]"));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Random rnd = new Random(7);
    double[] tv = new double[12];
    double[] pv = new double[12];
    for (int i = 0; i < 12; i++) {
      tv[i] = rnd.nextInt(2);
      pv[i] = 0.1 + 0.8 * rnd.nextDouble();
    }
    Tensor t = Tensor.fromArray(tv, 3, 4);
    Tensor p = Tensor.fromArray(pv, 3, 4).div(Tensor.fromArray(pv, 3, 4).sum(true, -1));
    Tensor oneHot = Tensor.of(new double[][] {{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}});
    Tensor regressionT = Tensor.fromArray(tv, 3, 4).mul(0.7).add(0.2);
    Object[][] cases = {
      {new MeanSquaredError(), regressionT},
      {new MeanAbsoluteError(), regressionT},
      {new MeanAbsolutePercentageError(), regressionT},
      {new MeanSquaredLogarithmicError(), regressionT},
      {new BinaryCrossentropy(), t},
      {new BinaryCrossentropy(true, 0.1), t},
      {new CategoricalCrossentropy(), oneHot},
      {new CategoricalCrossentropy(true, 0.1), oneHot},
      {new SparseCategoricalCrossentropy(), Tensor.of(1, 0, 3)},
      {new SparseCategoricalCrossentropy(true), Tensor.of(1, 0, 3)},
      {new Hinge(), t},
      {new SquaredHinge(), t},
      {new CategoricalHinge(), oneHot},
      {new KLDivergence(), oneHot.mul(0.6).add(0.1)},
      {new Poisson(), regressionT},
      {new CosineSimilarity(), regressionT},
      {new Huber(0.3), regressionT},
      {new LogCosh(), regressionT},
    };
    for (Object[] c : cases) {
      Loss loss = (Loss) c[0];
      Tensor target = (Tensor) c[1];
      Tensor analytic;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(p);
        Tensor l = loss.compute(target, p, Tensor.of(0.5, 1.0, 2.0));
        analytic = tape.gradient(l, p)[0];
      }
      double[] x = p.toDoubleArray();
      double[] g = analytic.toDoubleArray();
      double h = 1e-6;
      for (int i = 0; i < x.length; i++) {
        double[] up = x.clone();
        double[] down = x.clone();
        up[i] += h;
        down[i] -= h;
        double fd =
            (loss.compute(target, Tensor.fromArray(up, 3, 4), Tensor.of(0.5, 1.0, 2.0)).item()
                    - loss.compute(target, Tensor.fromArray(down, 3, 4), Tensor.of(0.5, 1.0, 2.0))
                        .item())
                / (2 * h);
        assertEquals(fd, g[i], 1e-5 * (1 + Math.abs(fd)), loss.name() + " element " + i);
      }
    }
  }

  @Test
  void float32PredictionsGiveFloat32Losses() {
    Tensor l =
        Loss.get("binary_crossentropy")
            .compute(Tensor.of(1, 0), Tensor.of(new float[][] {{0.9f}, {0.2f}}), null);
    assertEquals(DType.FLOAT32, l.dtype());
    assertEquals(-(Math.log(0.9) + Math.log(0.8)) / 2, l.item(), 1e-6);
  }

  @Test
  void badInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Loss.get("cross_entropy"));
    assertTrue(e.getMessage().contains("binary_crossentropy"), e.getMessage());
    assertTrue(e.getMessage().contains("\"cross_entropy\""), e.getMessage());
    Tensor probs = Tensor.of(new double[][] {{0.2, 0.8}, {0.5, 0.5}});
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SparseCategoricalCrossentropy()
                    .call(Tensor.of(new double[][] {{0, 1}, {1, 0}}).reshape(2, 2, 1), probs));
    assertTrue(
        e.getMessage()
            .startsWith(
                "sparse_categorical_crossentropy: expected integer labels of shape (batch,) or (batch, 1)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SparseCategoricalCrossentropy().call(Tensor.of(0.5, 1.0), probs));
    assertTrue(e.getMessage().contains("non-integer"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SparseCategoricalCrossentropy().call(Tensor.of(0, 2), probs));
    assertTrue(
        e.getMessage().contains("labels in [0, 2)") && e.getMessage().contains("to 2"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new BinaryCrossentropy()
                    .call(
                        Tensor.of(new double[][] {{1, 0, 0}}), Tensor.of(new double[][] {{0.5}})));
    assertTrue(
        e.getMessage()
            .contains(
                "binary_crossentropy: y_true shape [1, 3] does not match y_pred shape [1, 1]"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CategoricalCrossentropy().call(Tensor.of(1, 0), probs));
    assertTrue(e.getMessage().contains("use sparse_categorical_crossentropy"), e.getMessage());
  }
}
