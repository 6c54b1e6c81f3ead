package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Myelin;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loops read the default steps' values array instead of their log maps ({@link DefaultSteps}):
 * what callbacks, History and evaluate see must be what the map of an overriding step that returns
 * {@code super.trainStep} gives, key for key and bit for bit.
 */
@ExtendWith(TensorScopePerTest.class)
class DefaultStepsTest {
  /** Runs Model's steps through its public methods, so the loops take the map path. */
  static final class ThroughTheMap extends Model {
    ThroughTheMap(KerasTensor in, KerasTensor out) {
      super(in, out);
    }

    @Override
    public Map<String, Double> trainStep(StepContext step) {
      return super.trainStep(step);
    }

    @Override
    public Map<String, Double> testStep(StepContext step) {
      return super.testStep(step);
    }
  }

  /** Every batch's and epoch's logs, copied in order. */
  static final class Recorder extends Callback {
    final List<Map<String, Double>> batches = new ArrayList<>();
    final List<Map<String, Double>> epochs = new ArrayList<>();

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
      batches.add(new LinkedHashMap<>(logs));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      epochs.add(new LinkedHashMap<>(logs));
    }
  }

  private static Model build(boolean viaMap, boolean eager) {
    Myelin.setSeed(7);
    KerasTensor in = Input.of(3);
    KerasTensor hidden = new Dense(5).activation("tanh").apply(in);
    KerasTensor out = new Dense(3).activation("softmax").apply(hidden);
    Model m = viaMap ? new ThroughTheMap(in, out) : new Model(in, out);
    m.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
    m.runEagerly(eager);
    return m;
  }

  @Test
  void onlyModelsOwnStepsTakeTheArrayPath() {
    assertTrue(DefaultSteps.train(build(false, false)));
    assertTrue(DefaultSteps.test(new Sequential()));
    assertFalse(DefaultSteps.train(build(true, false)));
    assertFalse(DefaultSteps.test(build(true, false)));
    // StepContextTest's Observed overrides trainStep only
    assertFalse(DefaultSteps.train(StepContextTest.observed()));
    assertTrue(DefaultSteps.test(StepContextTest.observed()));
  }

  @Test
  void theArrayPathLogsWhatTheMapPathLogs() {
    Myelin.setSeed(11);
    Tensor x = Tensor.randomNormal(new long[] {22, 3}, 0, 1, DType.FLOAT32);
    Tensor y = Tensor.randomUniform(new long[] {22}, 0, 3, DType.FLOAT32).floor();
    for (boolean eager : new boolean[] {false, true}) {
      Recorder[] seen = new Recorder[2];
      History[] hist = new History[2];
      double[][] evals = new double[2][];
      for (int k = 0; k < 2; k++) {
        Model m = build(k == 1, eager);
        seen[k] = new Recorder();
        // 22 rows in batches of 4: the last batch is short, so the size weights are checked too
        hist[k] =
            m.fit(
                x,
                y,
                new FitOptions()
                    .batchSize(4)
                    .epochs(2)
                    .shuffle(false)
                    .verbose(0)
                    .validationSplit(0.25)
                    .callbacks(seen[k]));
        evals[k] = m.evaluate(x, y, new EvaluateOptions().batchSize(5).verbose(0));
      }
      assertEquals(seen[1].batches, seen[0].batches, "batch logs, eager " + eager);
      assertEquals(
          List.of("batch", "size", "loss", "accuracy"),
          new ArrayList<>(seen[0].batches.get(0).keySet()));
      assertEquals(seen[1].epochs, seen[0].epochs, "epoch logs, eager " + eager);
      assertEquals(
          List.of("loss", "accuracy", "val_loss", "val_accuracy"),
          new ArrayList<>(seen[0].epochs.get(0).keySet()));
      assertEquals(hist[1].history(), hist[0].history());
      assertEquals(List.of(evals[1][0], evals[1][1]), List.of(evals[0][0], evals[0][1]));
    }
  }
}
