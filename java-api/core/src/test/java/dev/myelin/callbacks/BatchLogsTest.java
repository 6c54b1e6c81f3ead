package dev.myelin.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.myelin.Slice;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.layers.Dense;
import dev.myelin.models.EvaluateOptions;
import dev.myelin.models.FitOptions;
import dev.myelin.models.Sequential;
import dev.myelin.optimizers.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What {@link Callback}'s Javadoc promises about the logs at batch end and epoch end. */
@ExtendWith(TensorScopePerTest.class)
class BatchLogsTest {
  @Test
  void batchEndLogsEachBatchsOwnValuesAndEpochEndTheirWeightedMean() {
    Sequential m = new Sequential();
    m.add(new Dense(1).inputShape(1));
    m.compile(new SGD(0.0), "mse"); // no update: every batch sees the same weights
    Tensor x = Tensor.fromArray(new float[] {0, 1, 2, 3, 4}, 5, 1);
    Tensor y = Tensor.fromArray(new float[] {1, -2, 5, 7, -3}, 5, 1);
    List<Map<String, Double>> batches = new ArrayList<>();
    List<Double> epochLoss = new ArrayList<>();
    Callback record =
        new Callback() {
          @Override
          public void onBatchEnd(int batch, Map<String, Double> logs) {
            batches.add(Map.copyOf(logs));
          }

          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            epochLoss.add(logs.get("loss"));
          }
        };
    m.fit(x, y, new FitOptions().batchSize(3).shuffle(false).verbose(0).callbacks(record));
    EvaluateOptions quiet = new EvaluateOptions().verbose(0);
    double first = m.evaluate(x.slice(Slice.range(0, 3)), y.slice(Slice.range(0, 3)), quiet)[0];
    double second = m.evaluate(x.slice(Slice.range(3, 5)), y.slice(Slice.range(3, 5)), quiet)[0];
    assertEquals(2, batches.size());
    assertEquals(first, batches.get(0).get("loss"), 1e-5);
    // the second batch's own loss, not the running mean of both
    assertEquals(second, batches.get(1).get("loss"), 1e-5);
    assertEquals(1.0, batches.get(1).get("batch"));
    assertEquals(2.0, batches.get(1).get("size"));
    assertEquals((3 * first + 2 * second) / 5, epochLoss.get(0), 1e-5);
  }
}
