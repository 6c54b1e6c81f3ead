package dev.myelin.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.optimizers.schedules.CosineDecay;
import dev.myelin.optimizers.schedules.ExponentialDecay;
import dev.myelin.optimizers.schedules.InverseTimeDecay;
import dev.myelin.optimizers.schedules.PiecewiseConstantDecay;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer runs a few steps on the quadratic f(w) = 0.5 * sum(a * w^2) - sum(b * w) (gradient
 * a * w - b) and is compared with a plain Java transcription of Keras 3's update_step.
 */
class OptimizersTest {
  private static final double[] A = {1.0, 2.0, 0.5, 4.0};
  private static final double[] B = {0.5, -1.0, 2.0, 0.0};
  private static final double[] W0 = {1.0, -0.5, 0.25, 2.0};

  /** Keras 3's update for one element; state holds the slots; returns the new weight. */
  interface Reference {
    double step(double w, double g, double[] state, long t, double lr);
  }

  private static double[] runMyelin(Optimizer opt, int steps) {
    try (Variable w = new Variable("w", Tensor.fromArray(W0.clone(), 4), true)) {
      for (int s = 0; s < steps; s++) {
        try (TensorScope scope = new TensorScope()) {
          Tensor grad = w.value().mul(Tensor.fromArray(A, 4)).sub(Tensor.fromArray(B, 4));
          opt.applyGradients(List.of(w), List.of(grad));
        }
      }
      return w.value().toDoubleArray();
    }
  }

  private static double[] runReference(Reference r, int slots, double init, double lr, int steps) {
    double[] w = W0.clone();
    double[][] state = new double[4][slots];
    for (double[] s : state) {
      java.util.Arrays.fill(s, init);
    }
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < 4; i++) {
        double g = A[i] * w[i] - B[i];
        w[i] = r.step(w[i], g, state[i], t, lr);
      }
    }
    return w;
  }

  private static void check(Optimizer opt, Reference r, int slots, double init, double lr) {
    double[] got = runMyelin(opt, 5);
    double[] want = runReference(r, slots, init, lr, 5);
    assertArrayEquals(want, got, 1e-12, opt.toString());
    assertEquals(5, opt.iterations());
    assertTrue(Math.abs(got[0] - W0[0]) > 1e-4, "the optimizer moved the weights");
  }

  @Test
  void sgdByHand() {
    try (Variable w = new Variable("w", Tensor.of(1.0), true)) {
      SGD sgd = new SGD(0.1);
      sgd.applyGradients(List.of(w), List.of(Tensor.of(2.0)));
      assertEquals(0.8, w.value().item(), 1e-15);
      sgd.applyGradients(List.of(w), List.of(Tensor.of(2.0)));
      assertEquals(0.6, w.value().item(), 1e-15);
    }
  }

  @Test
  void sgdVariants() {
    check(new SGD(0.1), (w, g, s, t, lr) -> w - lr * g, 0, 0, 0.1);
    check(
        new SGD(0.1, 0.9),
        (w, g, s, t, lr) -> {
          s[0] = -g * lr + s[0] * 0.9;
          return w + s[0];
        },
        1,
        0,
        0.1);
    check(
        new SGD(0.05, 0.3, true),
        (w, g, s, t, lr) -> {
          s[0] = -g * lr + s[0] * 0.3;
          return w + (-g * lr + s[0] * 0.3);
        },
        1,
        0,
        0.05);
  }

  @Test
  void sgdLegacyDecay() {
    // Keras 2: lr_t = lr / (1 + decay * iterations), iterations counted before the update.
    Optimizer opt = new SGD(0.1).decay(0.5);
    double[] got = runMyelin(opt, 3);
    double[] w = W0.clone();
    for (int t = 0; t < 3; t++) {
      double lr = 0.1 / (1 + 0.5 * t);
      for (int i = 0; i < 4; i++) {
        w[i] -= lr * (A[i] * w[i] - B[i]);
      }
    }
    assertArrayEquals(w, got, 1e-12);
    assertEquals(0.1 / 2.5, opt.learningRate(), 1e-15);
  }

  @Test
  void rmspropVariants() {
    check(
        new RMSprop(0.01),
        (w, g, s, t, lr) -> {
          s[0] = 0.9 * s[0] + 0.1 * g * g;
          return w - lr * g / Math.sqrt(s[0] + 1e-7);
        },
        1,
        0,
        0.01);
    check(
        new RMSprop(0.01, 0.8, 0.5, 1e-7, true),
        (w, g, s, t, lr) -> {
          s[0] = 0.8 * s[0] + 0.2 * g * g;
          s[2] = 0.8 * s[2] + 0.2 * g;
          double inc = lr * g / Math.sqrt(s[0] - s[2] * s[2] + 1e-7);
          s[1] = 0.5 * s[1] + inc;
          return w - s[1];
        },
        3,
        0,
        0.01);
  }

  @Test
  void adagradAndAdadelta() {
    check(
        new Adagrad(0.1),
        (w, g, s, t, lr) -> {
          s[0] += g * g;
          return w - lr * g / Math.sqrt(s[0] + 1e-7);
        },
        1,
        0.1,
        0.1);
    check(
        new Adadelta(1.0),
        (w, g, s, t, lr) -> {
          s[0] = 0.95 * s[0] + 0.05 * g * g;
          double d = -Math.sqrt(s[1] + 1e-7) * g / Math.sqrt(s[0] + 1e-7);
          s[1] = 0.95 * s[1] + 0.05 * d * d;
          return w + lr * d;
        },
        2,
        0,
        1.0);
  }

  private static Reference adam(double b1, double b2, boolean amsgrad, double wd) {
    return (w, g, s, t, lr) -> {
      w = w - w * wd * lr;
      double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      s[0] += (g - s[0]) * (1 - b1);
      s[1] += (g * g - s[1]) * (1 - b2);
      double v = s[1];
      if (amsgrad) {
        s[2] = Math.max(s[2], v);
        v = s[2];
      }
      return w - s[0] * alpha / (Math.sqrt(v) + 1e-7);
    };
  }

  @Test
  void adamFamily() {
    check(new Adam(0.1), adam(0.9, 0.999, false, 0), 2, 0, 0.1);
    check(new Adam(0.1, 0.8, 0.99, 1e-7, true), adam(0.8, 0.99, true, 0), 3, 0, 0.1);
    check(new AdamW(0.1, 0.004), adam(0.9, 0.999, false, 0.004), 2, 0, 0.1);
    check(
        new Adamax(0.1),
        (w, g, s, t, lr) -> {
          s[0] += (g - s[0]) * 0.1;
          s[1] = Math.max(0.999 * s[1], Math.abs(g));
          return w - lr * s[0] / ((1 - Math.pow(0.9, t)) * (s[1] + 1e-7));
        },
        2,
        0,
        0.1);
  }

  @Test
  void adamFirstStepMovesByTheLearningRate() {
    // Step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr * sqrt(0.001) / 0.1, so |dw| = lr * |g| /
    // (|g| + 1e-7 / sqrt(0.001)).
    try (Variable w = new Variable("w", Tensor.of(1.0), true)) {
      new Adam(0.001).applyGradients(List.of(w), List.of(Tensor.of(2.0)));
      assertEquals(1.0 - 0.001 * 2.0 / (2.0 + 1e-7 / Math.sqrt(0.001)), w.value().item(), 1e-15);
    }
  }

  @Test
  void nadam() {
    double[] uProduct = {1.0};
    long[] seen = {0};
    Reference r =
        (w, g, s, t, lr) -> {
          if (seen[0] != t) {
            uProduct[0] *= 0.9 * (1 - 0.5 * Math.pow(0.96, t));
            seen[0] = t;
          }
          double ut = 0.9 * (1 - 0.5 * Math.pow(0.96, t));
          double ut1 = 0.9 * (1 - 0.5 * Math.pow(0.96, t + 1));
          s[0] += (g - s[0]) * 0.1;
          s[1] += (g * g - s[1]) * 0.001;
          double mHat = ut1 * s[0] / (1 - uProduct[0] * ut1) + (1 - ut) * g / (1 - uProduct[0]);
          double vHat = s[1] / (1 - Math.pow(0.999, t));
          return w - mHat * lr / (Math.sqrt(vHat) + 1e-7);
        };
    check(new Nadam(0.1), r, 2, 0, 0.1);
  }

  @Test
  void float32VariablesMatchFloat64ToSinglePrecision() {
    try (Variable w32 =
        new Variable("w", Tensor.fromArray(new float[] {1f, -0.5f, 0.25f, 2f}, 4), true)) {
      Adam opt = new Adam(0.1);
      for (int s = 0; s < 5; s++) {
        try (TensorScope scope = new TensorScope()) {
          Tensor grad =
              w32.value()
                  .mul(Tensor.fromArray(A, 4).cast(DType.FLOAT32))
                  .sub(Tensor.fromArray(B, 4).cast(DType.FLOAT32));
          opt.applyGradients(List.of(w32), List.of(grad));
        }
      }
      double[] want = runReference(adam(0.9, 0.999, false, 0), 2, 0, 0.1, 5);
      float[] got = w32.value().toFloatArray();
      for (int i = 0; i < 4; i++) {
        assertEquals(want[i], got[i], 1e-5);
      }
      assertEquals(4, opt.variables().size() * 2);
    }
  }

  @Test
  void clipping() {
    // clipvalue 0.5: every gradient element lies in [-0.5, 0.5].
    check(
        new SGD(0.1).clipvalue(0.5),
        (w, g, s, t, lr) -> w - lr * Math.max(-0.5, Math.min(0.5, g)),
        0,
        0,
        0.1);
    // clipnorm 1: a gradient (3, 4) of norm 5 becomes (0.6, 0.8).
    try (Variable w = new Variable("w", Tensor.of(0.0, 0.0), true);
        Variable v = new Variable("v", Tensor.of(0.0), true)) {
      new SGD(1.0).clipnorm(1.0).applyGradients(List.of(w), List.of(Tensor.of(3.0, 4.0)));
      assertArrayEquals(new double[] {-0.6, -0.8}, w.value().toDoubleArray(), 1e-15);
      // global_clipnorm 1 over (3, 4) and (12): global norm 13.
      new SGD(1.0)
          .globalClipnorm(1.0)
          .applyGradients(List.of(w, v), List.of(Tensor.of(3.0, 4.0), Tensor.of(12.0)));
      assertArrayEquals(
          new double[] {-0.6 - 3 / 13.0, -0.8 - 4 / 13.0}, w.value().toDoubleArray(), 1e-15);
      assertEquals(-12 / 13.0, v.value().item(), 1e-15);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SGD().clipnorm(1).clipvalue(1));
    assertTrue(
        e.getMessage().contains("only one of 'clipnorm', 'clipvalue' and 'global_clipnorm'"));
  }

  @Test
  void schedules() {
    assertEquals(
        0.1 * Math.pow(0.5, 2.5), new ExponentialDecay(0.1, 10, 0.5, false).apply(25), 1e-15);
    assertEquals(0.1 * 0.25, new ExponentialDecay(0.1, 10, 0.5, true).apply(25), 1e-15);
    assertEquals(0.1 / (1 + 0.5 * 2.5), new InverseTimeDecay(0.1, 10, 0.5, false).apply(25), 1e-15);
    assertEquals(0.1 / 2, new InverseTimeDecay(0.1, 10, 0.5, true).apply(25), 1e-15);
    PiecewiseConstantDecay p =
        new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
    assertEquals(1.0, p.apply(10));
    assertEquals(0.5, p.apply(11));
    assertEquals(0.5, p.apply(20));
    assertEquals(0.1, p.apply(21));
    CosineDecay c = new CosineDecay(0.1, 100);
    assertEquals(0.1, c.apply(0), 1e-15);
    assertEquals(0.05, c.apply(50), 1e-15);
    assertEquals(0.0, c.apply(150), 1e-15);
    CosineDecay warm = new CosineDecay(0.0, 100, 0.1, 1.0, 10);
    assertEquals(0.5, warm.apply(5), 1e-15);
    assertEquals(1.0, warm.apply(10), 1e-15);
    assertEquals(0.1 + 0.9 * 0.5, warm.apply(60), 1e-12);

    // An optimizer reads its schedule at iterations (0, 1, 2, ...).
    SGD sgd = new SGD(new ExponentialDecay(0.1, 1, 0.5, false), 0, false);
    try (Variable w = new Variable("w", Tensor.of(0.0), true)) {
      for (int i = 0; i < 3; i++) {
        sgd.applyGradients(List.of(w), List.of(Tensor.of(1.0)));
      }
      assertEquals(-(0.1 + 0.05 + 0.025), w.value().item(), 1e-15);
    }
    assertEquals(0.0125, sgd.learningRate(), 1e-15);
    assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.5));
    @SuppressWarnings("unchecked")
    Map<String, Object> lr = (Map<String, Object>) sgd.getConfig().get("learning_rate");
    assertEquals("ExponentialDecay", lr.get("class_name"));
  }

  @Test
  void stringNamesUseKeras3Defaults() {
    Map<String, Double> lrs =
        Map.of(
            "sgd",
            0.01,
            "adam",
            0.001,
            "rmsprop",
            0.001,
            "adagrad",
            0.001,
            "adadelta",
            0.001,
            "adamax",
            0.001,
            "nadam",
            0.001,
            "adamw",
            0.001);
    lrs.forEach((name, lr) -> assertEquals(lr, Optimizer.get(name).learningRate(), name));
    assertEquals(0.004, Optimizer.get("AdamW").weightDecay());
    Map<String, Object> c = Optimizer.get("adam").getConfig();
    assertEquals(0.9, c.get("beta_1"));
    assertEquals(0.999, c.get("beta_2"));
    assertEquals(1e-7, c.get("epsilon"));
    assertEquals(false, c.get("amsgrad"));
    assertEquals(0.001, c.get("learning_rate"));
    assertTrue(c.containsKey("clipnorm") && c.get("clipnorm") == null);
    assertEquals(0.9, Optimizer.get("rmsprop").getConfig().get("rho"));
    assertEquals(0.1, Optimizer.get("adagrad").getConfig().get("initial_accumulator_value"));
    assertEquals(0.95, Optimizer.get("adadelta").getConfig().get("rho"));
    assertEquals(false, Optimizer.get("sgd").getConfig().get("nesterov"));
  }

  @Test
  void setLearningRateIsUsedByTheNextStep() {
    SGD sgd = new SGD(0.1);
    sgd.setLearningRate(0.5);
    try (Variable w = new Variable("w", Tensor.of(1.0), true)) {
      sgd.applyGradients(List.of(w), List.of(Tensor.of(1.0)));
      assertEquals(0.5, w.value().item(), 1e-15);
    }
  }

  @Test
  void badInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Optimizer.get("adamm"));
    assertTrue(
        e.getMessage().contains("[adadelta, adagrad, adam, adamax, adamw, nadam, rmsprop, sgd]"));
    assertTrue(e.getMessage().contains("\"adamm\""));
    try (Variable w = new Variable("dense/kernel", Tensor.zeros(DType.FLOAT32, 2, 3), true)) {
      e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new SGD().applyGradients(List.of(w), List.of(Tensor.zeros(DType.FLOAT32, 3, 2))));
      assertTrue(e.getMessage().contains("gradient shape [3, 2]"), e.getMessage());
      assertTrue(e.getMessage().contains("dense/kernel of shape [2, 3]"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new SGD().applyGradients(List.of(w), List.of()));
      assertTrue(e.getMessage().contains("0 gradients for 1 variables"));
    }
    e = assertThrows(IllegalArgumentException.class, () -> new Adam(-1));
    assertTrue(e.getMessage().contains("'learning_rate'") && e.getMessage().contains("-1.0"));
    e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.5));
    assertTrue(e.getMessage().contains("'momentum'"));
  }

  @Test
  void nullGradientsLeaveTheirVariableAlone() {
    Supplier<Tensor> one = () -> Tensor.of(1.0);
    try (Variable a = new Variable("a", one.get(), true);
        Variable b = new Variable("b", one.get(), true)) {
      java.util.List<Tensor> grads = new java.util.ArrayList<>();
      grads.add(null);
      grads.add(Tensor.of(1.0));
      new SGD(0.5).applyGradients(List.of(a, b), grads);
      assertEquals(1.0, a.value().item());
      assertEquals(0.5, b.value().item());
    }
  }

  @Test
  void parseTheBooksPythonSpellingAndRoundTripConfigs() {
    Optimizer sgd = Optimizer.parse("SGD(lr=0.01, momentum=0.3, nesterov=True)");
    assertTrue(sgd instanceof SGD);
    assertEquals(0.01, sgd.learningRate());
    assertEquals(0.3, ((SGD) sgd).momentum());
    assertTrue(((SGD) sgd).nesterov());
    assertEquals(0.5, Optimizer.parse("Adam(lr=0.5)").learningRate());
    assertEquals(0.001, Optimizer.parse("rmsprop").learningRate());
    assertEquals(9.0, Optimizer.parse("SGD(lr=0.1, decay=9)").getConfig().get("decay"));
    for (String name :
        new String[] {
          "sgd", "rmsprop", "adagrad", "adadelta", "adam", "adamw", "adamax", "nadam"
        }) {
      Optimizer o = Optimizer.get(name).clipnorm(2.0);
      Optimizer back = Optimizer.fromConfig(o.getClass().getSimpleName(), o.getConfig());
      assertEquals(o.getConfig(), back.getConfig(), name);
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Optimizer.parse("SGD(lr=0.1, momentun=0.9)"));
    assertTrue(e.getMessage().contains("unknown argument 'momentun'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Optimizer.parse("SGD(lr=fast)"));
    assertTrue(e.getMessage().contains("'lr' expected a number but was \"fast\""), e.getMessage());
  }
}
