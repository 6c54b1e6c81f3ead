package dev.myelin.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.metrics.Metric;
import dev.myelin.metrics.SparseCategoricalAccuracy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whether the labels were checked already travels with the call ({@code labelsChecked}, which
 * Model's steps take from {@code StepContext.labelsChecked()}), not in a thread-local: with it a
 * loss or metric skips its host-side class-id check; without it the check runs as before.
 */
@ExtendWith(TensorScopePerTest.class)
class LabelsCheckedTest {
  private final Tensor probs =
      Tensor.of(new float[][] {{0.2f, 0.5f, 0.3f}, {0.1f, 0.3f, 0.6f}}).detach();

  @Test
  void sparseCrossentropyChecksClassIdsUnlessTold() {
    SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy();
    Tensor bad = Tensor.of(1L, 7L);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> loss.call(bad, probs));
    assertEquals(true, e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> loss.call(bad, probs, false));
    assertThrows(
        IllegalArgumentException.class, () -> loss.computeOnOutput(bad, probs, null, false));
    // told the labels were checked, the op runs without reading them on the host: an id out of
    // range one-hot encodes to zeros, so only the first row contributes (and in the metric the
    // second row's argmax 0 differs from the prediction's 2)
    double good = loss.call(Tensor.of(1L, 0L), probs).toDoubleArray()[0];
    assertEquals(good, loss.call(bad, probs, true).toDoubleArray()[0], 0);
    assertEquals(good / 2, loss.computeOnOutput(bad, probs, null, true).item(), 1e-7);
  }

  @Test
  void sparseAccuracyChecksClassIdsUnlessTold() {
    Metric acc = new SparseCategoricalAccuracy();
    Tensor bad = Tensor.of(1L, 7L);
    assertThrows(IllegalArgumentException.class, () -> acc.updateState(bad, probs, null));
    assertThrows(IllegalArgumentException.class, () -> acc.updateState(bad, probs, null, false));
    acc.resetState();
    acc.updateState(bad, probs, null, true);
    assertEquals(0.5, acc.result(), 0);
  }
}
