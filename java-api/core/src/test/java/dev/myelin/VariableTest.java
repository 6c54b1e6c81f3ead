package dev.myelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VariableTest {
  @Test
  void survivesTheScopeItWasMadeIn() {
    Variable w;
    try (TensorScope scope = new TensorScope()) {
      w = new Variable("w", Tensor.ones(DType.FLOAT32, 2, 2), true);
    }
    assertFalse(w.value().isClosed());
    assertArrayEquals(new float[] {1, 1, 1, 1}, w.value().toFloatArray());
    w.close();
  }

  @Test
  void assignSwapsAndClosesTheOldValue() {
    Variable w = new Variable("w", Tensor.ones(DType.FLOAT32, 3), true);
    Tensor old = w.value();
    try (TensorScope scope = new TensorScope()) {
      w.assign(old.mul(3.0));
    }
    assertTrue(old.isClosed());
    assertArrayEquals(new float[] {3, 3, 3}, w.value().toFloatArray());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> w.assign(Tensor.zeros(DType.FLOAT32, 4)));
    assertTrue(e.getMessage().contains("expected shape [3]"), e.getMessage());
    w.close();
    assertThrows(IllegalStateException.class, w::value);
  }
}
