package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.History;
import dev.myelin.callbacks.LambdaCallback;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A thread interrupt stops fit, evaluate and predict at the next batch boundary. */
@ExtendWith(TensorScopePerTest.class)
class LoopInterruptedExceptionTest {
  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void fitStopsAtTheNextBatchWithTheEpochsSoFar() {
    Tensor[] d = TrainingTest.blobs(320, 1); // 10 batches of 32 per epoch
    Myelin.setSeed(3);
    Sequential model = TrainingTest.firstModel();
    List<Integer> batches = new ArrayList<>();
    LambdaCallback interrupter =
        new LambdaCallback()
            .onBatchEnd(
                (i, logs) -> {
                  batches.add(i);
                  if (batches.size() == 24) { // epoch 2, batch 4 (0-based 3)
                    Thread.currentThread().interrupt();
                  }
                });
    FitOptions o = new FitOptions().epochs(50).verbose(0).callbacks(List.of(interrupter));
    LoopInterruptedException e =
        assertThrows(LoopInterruptedException.class, () -> model.fit(d[0], d[1], o));
    assertEquals(24, batches.size(), "no batch after the interrupted one");
    assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
    assertTrue(
        e.getMessage().contains("fit: interrupted; stopped after 4 batches"), e.getMessage());
    History h = e.history();
    assertEquals(List.of(0, 1), h.epoch());
    assertEquals(2, h.get("loss").size());

    // The model is intact and usable once the interrupt is cleared.
    assertTrue(Thread.interrupted());
    double[] before = model.evaluate(d[0], d[1], new EvaluateOptions().verbose(0));
    History more = model.fit(d[0], d[1], new FitOptions().epochs(2).verbose(0));
    assertEquals(List.of(0, 1), more.epoch());
    double[] after = model.evaluate(d[0], d[1], new EvaluateOptions().verbose(0));
    assertTrue(after[0] < before[0], before[0] + " -> " + after[0]);
  }

  @Test
  void evaluateAndPredictStopAfterOneBatch() {
    Tensor[] d = TrainingTest.blobs(320, 2);
    Sequential model = TrainingTest.firstModel();
    Thread.currentThread().interrupt();
    LoopInterruptedException ev =
        assertThrows(
            LoopInterruptedException.class,
            () -> model.evaluate(d[0], d[1], new EvaluateOptions().verbose(0)));
    assertTrue(
        ev.getMessage().contains("evaluate: interrupted; stopped after 1 batch "), ev.getMessage());
    assertNull(ev.history());
    assertTrue(Thread.currentThread().isInterrupted());
    LoopInterruptedException pr =
        assertThrows(LoopInterruptedException.class, () -> model.predict(d[0]));
    assertTrue(pr.getMessage().contains("predict: interrupted"), pr.getMessage());
    assertTrue(Thread.interrupted());
    assertFalse(Thread.currentThread().isInterrupted());
    assertArrayEquals(new long[] {320, 1}, model.predict(d[0]).shape());
  }
}
