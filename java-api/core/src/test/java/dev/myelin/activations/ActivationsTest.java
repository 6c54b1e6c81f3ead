package dev.myelin.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.autodiff.GradientTape;
import org.junit.jupiter.api.Test;

class ActivationsTest {
  private static final double[] X = {-3.0, -1.0, 0.0, 0.5, 2.0, 7.0};

  private static double[] run(Activation a, double... x) {
    try (TensorScope scope = new TensorScope()) {
      return a.apply(Tensor.fromArray(x, x.length)).toDoubleArray();
    }
  }

  private static void check(String name, double[] expected) {
    assertArrayEquals(expected, run(Activation.get(name), X), 1e-6, name);
  }

  @Test
  void valuesAtHandComputedPoints() {
    check("linear", X);
    check("relu", new double[] {0, 0, 0, 0.5, 2, 7});
    check("relu6", new double[] {0, 0, 0, 0.5, 2, 6});
    check("leaky_relu", new double[] {-0.6, -0.2, 0, 0.5, 2, 7});
    check(
        "sigmoid",
        new double[] {0.0474258732, 0.2689414214, 0.5, 0.6224593312, 0.8807970780, 0.9990889488});
    check(
        "tanh",
        new double[] {-0.9950547537, -0.7615941560, 0, 0.4621171573, 0.9640275801, 0.9999983369});
    check("elu", new double[] {-0.9502129316, -0.6321205588, 0, 0.5, 2, 7});
    double a = 1.6732632423543772, s = 1.0507009873554805;
    check(
        "selu",
        new double[] {
          s * a * (Math.exp(-3) - 1), s * a * (Math.exp(-1) - 1), 0, s * 0.5, s * 2, s * 7
        });
    check(
        "softplus",
        new double[] {
          0.0485873516, 0.3132616875, 0.6931471806, 0.9740769842, 2.1269280110, 7.0009114664
        });
    check("softsign", new double[] {-0.75, -0.5, 0, 1.0 / 3, 2.0 / 3, 0.875});
    check(
        "exponential",
        new double[] {Math.exp(-3), Math.exp(-1), 1, Math.exp(0.5), Math.exp(2), Math.exp(7)});
    // gelu(x) = x * Phi(x): Phi(-3)=0.0013498980, Phi(-1)=0.1586552539, Phi(.5)=0.6914624613,
    // Phi(2)=0.9772498681
    check(
        "gelu",
        new double[] {
          -0.0040496941, -0.1586552539, 0, 0.3457312306, 1.9544997361, 7.0 * 0.9999999999987201
        });
    check(
        "swish",
        new double[] {-0.1422776195, -0.2689414214, 0, 0.3112296656, 1.7615941560, 6.9936226415});
    check(
        "silu",
        new double[] {-0.1422776195, -0.2689414214, 0, 0.3112296656, 1.7615941560, 6.9936226415});
    check("hard_silu", new double[] {0, -1.0 / 3, 0, 0.5 * 3.5 / 6, 2 * 5.0 / 6, 7});
  }

  @Test
  void hardSigmoidFollowsKeras3AndTheKeras2Switch() {
    check("hard_sigmoid", new double[] {0, 2.0 / 6, 0.5, 3.5 / 6, 5.0 / 6, 1});
    Activations.useKeras2HardSigmoid(true);
    try {
      check("hard_sigmoid", new double[] {0, 0.3, 0.5, 0.6, 0.9, 1});
    } finally {
      Activations.useKeras2HardSigmoid(false);
    }
  }

  @Test
  void reluOptionsMatchKeras() {
    // keras.activations.relu(x, negative_slope=0.1, max_value=5, threshold=1)
    assertArrayEquals(
        new double[] {-0.4, -0.2, -0.1, -0.05, 2, 5},
        run(Activations.relu(0.1, 5.0, 1.0), X),
        1e-6);
    assertArrayEquals(
        new double[] {0, 0, 0, 0.5, 2, 3}, run(Activations.relu(0.0, 3.0, 0.0), X), 1e-6);
    assertArrayEquals(
        new double[] {0, 0, 0, 0, 2, 7}, run(Activations.relu(0.0, Double.NaN, 1.0), X), 1e-6);
    assertArrayEquals(
        new double[] {-0.3, -0.1, 0, 0.5, 2, 7},
        run(Activations.relu(0.1, Double.NaN, 0.0), X),
        1e-6);
    assertArrayEquals(
        new double[] {-0.3, -0.1, 0, 0.5, 2, 7}, run(Activations.leakyRelu(0.1), X), 1e-6);
    assertArrayEquals(
        new double[] {-0.5 * (1 - Math.exp(-3)), -0.5 * (1 - Math.exp(-1)), 0, 0.5, 2, 7},
        run(Activations.elu(0.5), X),
        1e-6);
  }

  @Test
  void softmaxIsOverTheLastAxis() {
    try (TensorScope scope = new TensorScope()) {
      Tensor x = Tensor.of(new double[] {1, 2, 3}, new double[] {0, 0, 0});
      double[] y = Activation.get("softmax").apply(x).toDoubleArray();
      double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
      assertArrayEquals(
          new double[] {
            Math.exp(1) / e, Math.exp(2) / e, Math.exp(3) / e, 1.0 / 3, 1.0 / 3, 1.0 / 3
          },
          y,
          1e-7);
      double[] y0 = Activations.softmax(0).apply(x).toDoubleArray();
      double s1 = 1 / (1 + Math.exp(-1));
      double s2 = 1 / (1 + Math.exp(-2));
      double s3 = 1 / (1 + Math.exp(-3));
      assertArrayEquals(new double[] {s1, s2, s3, 1 - s1, 1 - s2, 1 - s3}, y0, 1e-7);
    }
  }

  @Test
  void gradientFlowsThroughTheTape() {
    try (TensorScope scope = new TensorScope();
        GradientTape tape = new GradientTape()) {
      Tensor x = Tensor.of(-1.0, 2.0);
      tape.watch(x);
      Tensor y = Activations.relu(0.1, Double.NaN, 0.0).apply(x).sum();
      Tensor g = tape.gradient(y, x)[0];
      assertArrayEquals(new double[] {0.1, 1.0}, g.toDoubleArray(), 1e-12);
    }
  }

  @Test
  void nullAndLinearAreTheIdentityAndNamesRoundTrip() {
    assertEquals("linear", Activation.get(null).name());
    for (String n : Activations.names()) {
      assertEquals(n, Activation.get(n).name());
    }
  }

  @Test
  void unknownNameListsValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Activation.get("rellu"));
    assertTrue(e.getMessage().contains("\"rellu\""), e.getMessage());
    assertTrue(e.getMessage().contains("relu, relu6, selu"), e.getMessage());
    assertTrue(e.getMessage().contains("argument 'name'"), e.getMessage());
  }

  @Test
  void float32InputsStayFloat32() {
    try (TensorScope scope = new TensorScope()) {
      assertEquals(DType.FLOAT32, Activation.get("gelu").apply(Tensor.of(1f, 2f)).dtype());
    }
  }
}
