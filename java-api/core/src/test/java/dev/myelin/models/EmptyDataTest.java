package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Arrays with no samples are refused by name before any step runs. */
@ExtendWith(TensorScopePerTest.class)
class EmptyDataTest {
  private static final String MESSAGE =
      ": argument 'x' expected at least one sample but input 0 has size 0 (shape (0, 2))";

  @Test
  void fitEvaluateAndPredictRefuseEmptyArrays() {
    Sequential model = TrainingTest.firstModel();
    Tensor x = Tensor.zeros(DType.FLOAT32, 0, 2);
    Tensor y = Tensor.zeros(DType.FLOAT32, 0, 1);
    for (int verbose : new int[] {0, 1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> model.fit(x, y, new FitOptions().verbose(verbose)));
      assertEquals("Model " + model.name() + MESSAGE, e.getMessage());
    }
    IllegalArgumentException ev =
        assertThrows(
            IllegalArgumentException.class,
            () -> model.evaluate(x, y, new EvaluateOptions().verbose(0)));
    assertEquals("Model " + model.name() + MESSAGE, ev.getMessage());
    IllegalArgumentException pr =
        assertThrows(IllegalArgumentException.class, () -> model.predict(x));
    assertEquals("Model " + model.name() + MESSAGE, pr.getMessage());
  }
}
