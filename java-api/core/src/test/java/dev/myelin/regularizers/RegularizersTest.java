package dev.myelin.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import org.junit.jupiter.api.Test;

class RegularizersTest {
  // sum |w| = 1 + 2 + 3 + 4 = 10, sum w^2 = 1 + 4 + 9 + 16 = 30
  private static double penalty(Regularizer r) {
    try (TensorScope scope = new TensorScope()) {
      return r.apply(Tensor.of(new double[] {1, -2}, new double[] {3, -4})).item();
    }
  }

  @Test
  void penaltiesAreHandComputed() {
    assertEquals(0.1, penalty(Regularizer.get("l1")), 1e-12);
    assertEquals(0.3, penalty(Regularizer.get("l2")), 1e-12);
    assertEquals(0.4, penalty(Regularizer.get("l1_l2")), 1e-12);
    assertEquals(0.5 * 10 + 0.25 * 30, penalty(new L1L2(0.5, 0.25)), 1e-12);
    assertEquals(0.0, penalty(new L1L2()), 0.0);
    assertEquals(2.0, penalty(new L1(0.2)), 1e-12);
    assertEquals(3.0, penalty(new L2(0.1)), 1e-12);
  }

  @Test
  void configsUseKerasKeys() {
    assertEquals("{l1=0.01}", new L1().getConfig().toString());
    assertEquals("{l2=0.01}", new L2().getConfig().toString());
    assertEquals("{l1=0.01, l2=0.01}", Regularizer.get("l1_l2").getConfig().toString());
    assertEquals("L1L2", Regularizer.get("L1L2").className());
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Regularizer.get("l3"));
    assertTrue(
        e.getMessage().contains("[l1, l1_l2, l1l2, l2, L1, L1L2, L2]")
            && e.getMessage().contains("\"l3\""));
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> new L2(-1));
    assertTrue(f.getMessage().contains("'l2'") && f.getMessage().contains("-1.0"));
  }
}
