package dev.myelin.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import org.junit.jupiter.api.Test;

class GradientTapeTest {
  @Test
  void linearRegressionGradients() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}});
      Tensor w = Tensor.of(new float[][] {{1}, {-1}});
      Tensor b = Tensor.of(0.5f);
      Tensor[] g;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(w, b);
        Tensor pred = x.matmul(w).add(b); // [[-0.5], [-0.5]]
        Tensor loss = pred.square().mean(); // 0.25
        assertEquals(0.25f, loss.item(), 1e-6);
        g = tape.gradient(loss, w, b);
      }
      // dL/dpred = pred (2/n with n=2) = -0.5 each; dL/dw = x^T @ dpred = [[-2], [-3]]
      assertArrayEquals(new float[] {-2, -3}, g[0].toFloatArray(), 1e-6f);
      assertArrayEquals(new float[] {-1}, g[1].toFloatArray(), 1e-6f);
    }
  }

  @Test
  void persistentTapeAllowsSeveralGradientsAndOneShotTapeDoesNot() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(3.0);
      try (GradientTape tape = new GradientTape(true)) {
        tape.watch(x);
        Tensor y = x.square();
        Tensor z = y.mul(x);
        assertEquals(6.0, tape.gradient(y, x)[0].item(), 1e-12);
        assertEquals(27.0, tape.gradient(z, x)[0].item(), 1e-12);
      }
      try (GradientTape tape = new GradientTape()) {
        tape.watch(x);
        Tensor y = x.square();
        tape.gradient(y, x);
        IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
        assertTrue(e.getMessage().contains("gradient"), e.getMessage());
      }
    }
  }

  @Test
  void nestedTapesBothRecord() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(2.0);
      Tensor y = Tensor.of(5.0);
      try (GradientTape outer = new GradientTape()) {
        outer.watch(y);
        try (GradientTape inner = new GradientTape()) {
          inner.watch(x);
          Tensor z = x.mul(y);
          assertEquals(5.0, inner.gradient(z, x)[0].item());
          assertEquals(2.0, outer.gradient(z, y)[0].item());
        }
      }
    }
  }

  @Test
  void stopRecordingAndUnconnectedSources() throws Exception {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(2.0);
      Tensor other = Tensor.of(1.0);
      try (GradientTape tape = new GradientTape()) {
        tape.watch(x);
        Tensor y = x.square();
        Tensor frozen;
        try (AutoCloseable paused = tape.stopRecording()) {
          frozen = x.mul(10.0);
        }
        Tensor total = y.add(frozen);
        Tensor[] g = tape.gradient(total, x, other);
        assertEquals(4.0, g[0].item());
        assertNull(g[1]);
      }
    }
  }

  @Test
  void integerPathsAreNotDifferentiable() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(1.5, 2.5);
      try (GradientTape tape = new GradientTape()) {
        tape.watch(x);
        Tensor i = x.cast(DType.INT32).cast(DType.FLOAT64);
        Tensor[] g = tape.gradient(i.sum(), x);
        assertNull(g[0]);
      }
    }
  }

  @Test
  void tapeKeepsClosedInputsAlive() {
    long live = Myelin.memoryStats().liveBytes();
    Tensor w = Tensor.of(1.0, 2.0, 3.0);
    Tensor[] g;
    try (GradientTape tape = new GradientTape()) {
      tape.watch(w);
      Tensor loss;
      try (TensorScope s = new TensorScope()) {
        Tensor h = w.exp();
        loss = s.keep(h.sum());
      }
      g = tape.gradient(loss, w);
      loss.close();
    }
    assertArrayEquals(
        new double[] {Math.exp(1), Math.exp(2), Math.exp(3)}, g[0].toDoubleArray(), 1e-12);
    g[0].close();
    w.close();
    assertTrue(Myelin.memoryStats().liveBytes() <= live, "tape released its references");
  }

  @Test
  void customOutputGradient() {
    try (TensorScope s = new TensorScope()) {
      Tensor x = Tensor.of(1.0, 2.0);
      try (GradientTape tape = new GradientTape()) {
        tape.watch(x);
        Tensor y = x.mul(3.0);
        Tensor[] g = tape.gradient(y, new Tensor[] {x}, Tensor.of(1.0, -2.0));
        assertArrayEquals(new double[] {3, -6}, g[0].toDoubleArray());
      }
    }
  }
}
