package dev.myelin.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import org.junit.jupiter.api.Test;

class ConstraintsTest {
  // Columns (axis 0 norms): [3, 4] -> 5, [0, 1] -> 1; rows (axis 1): [3, 0] -> 3, [4, 1] -> sqrt
  // 17.
  private static double[] run(Constraint c) {
    try (TensorScope scope = new TensorScope()) {
      return c.apply(Tensor.of(new double[] {3, 0}, new double[] {4, 1})).toDoubleArray();
    }
  }

  private static final double EPS = 1e-7;

  @Test
  void maxNormRescalesLongColumnsOnly() {
    double f = 2.0 / (5 + EPS);
    double g = 1.0 / (1 + EPS);
    assertArrayEquals(
        new double[] {3 * f, 0, 4 * f, 1 * g}, run(Constraint.get("max_norm")), 1e-12);
    double h = 3.5 / (Math.sqrt(17) + EPS);
    double k = 3.0 / (3 + EPS);
    assertArrayEquals(new double[] {3 * k, 0, 4 * h, 1 * h}, run(new MaxNorm(3.5, 1)), 1e-12);
  }

  @Test
  void unitNormDividesByTheNorm() {
    assertArrayEquals(
        new double[] {3 / (5 + EPS), 0, 4 / (5 + EPS), 1 / (1 + EPS)},
        run(Constraint.get("unit_norm")),
        1e-12);
  }

  @Test
  void minMaxNormPullsNormsIntoRange() {
    // min 2, max 4, rate 0.5: column 0 norm 5 -> 0.5*4 + 0.5*5 = 4.5; column 1 norm 1 -> 1.5.
    assertArrayEquals(
        new double[] {3 * 4.5 / (5 + EPS), 0, 4 * 4.5 / (5 + EPS), 1.5 / (1 + EPS)},
        run(new MinMaxNorm(2, 4, 0.5, 0)),
        1e-12);
    assertArrayEquals(
        new double[] {3 / (5 + EPS), 0, 4 / (5 + EPS), 1 / (1 + EPS)},
        run(Constraint.get("min_max_norm")),
        1e-12);
  }

  @Test
  void nonNegZeroesNegatives() {
    try (TensorScope scope = new TensorScope()) {
      assertArrayEquals(
          new float[] {0, 0, 2.5f},
          Constraint.get("non_neg").apply(Tensor.of(-1f, 0f, 2.5f)).toFloatArray(),
          0f);
    }
  }

  @Test
  void configsAndErrors() {
    assertEquals("{max_value=2.0, axis=0}", new MaxNorm().getConfig().toString());
    assertEquals(
        "{min_value=0.0, max_value=1.0, rate=1.0, axis=0}",
        new MinMaxNorm().getConfig().toString());
    assertEquals("MaxNorm", Constraint.get("MaxNorm").className());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Constraint.get("maxnorm"));
    assertTrue(
        e.getMessage().contains("max_norm, min_max_norm, non_neg, unit_norm, MaxNorm")
            && e.getMessage().contains("\"maxnorm\""));
  }
}
