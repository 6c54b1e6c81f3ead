package dev.myelin.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScopePerTest;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.callbacks.History;
import dev.myelin.layers.Dense;
import dev.myelin.layers.KerasTensor;
import dev.myelin.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The step context, overridable train/test/predict steps and the one options style of Model. */
@ExtendWith(TensorScopePerTest.class)
class StepContextTest {
  private static final float[] XS = {1, 2, 3, 4};
  private static final float[] YS = {2, 4, 6, 8};

  /**
   * y = w x without bias, trained by a hand-written step: the loss mean((w x - y)^2) and its
   * gradient through a GradientTape, the update by the compiled optimizer, and its own logs.
   */
  static final class HandWrittenStep extends Model {
    final List<StepContext.Mode> modes = new ArrayList<>();

    HandWrittenStep(KerasTensor in, KerasTensor out) {
      super(in, out);
    }

    @Override
    public Map<String, Double> trainStep(StepContext step) {
      modes.add(step.mode());
      List<Variable> vars = step.trainableVariables();
      Tensor[] w = new Tensor[vars.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = vars.get(i).value();
      }
      Tensor loss;
      Tensor error;
      Tensor[] grads;
      try (GradientTape tape = new GradientTape()) {
        tape.watch(w);
        Tensor pred = call(step.batch().x(), step.training());
        error = pred.sub(step.batch().y()[0].reshape(-1, 1));
        loss = error.square().mean();
        grads = tape.gradient(loss, w);
      }
      optimizer().applyGradients(vars, Arrays.asList(grads));
      Map<String, Double> logs = new LinkedHashMap<>();
      logs.put("loss", loss.item());
      logs.put("mean_abs_error", error.abs().mean().item());
      return logs;
    }

    @Override
    public Map<String, Double> testStep(StepContext step) {
      modes.add(step.mode());
      Tensor pred = call(step.batch().x(), step.training());
      Tensor error = pred.sub(step.batch().y()[0].reshape(-1, 1));
      return Map.of("loss", error.square().mean().item());
    }

    @Override
    public Tensor[] predictStep(StepContext step) {
      modes.add(step.mode());
      return new Tensor[] {super.predictStep(step)[0].mul(10)};
    }
  }

  static HandWrittenStep handWritten(double w0) {
    KerasTensor in = Input.of(1);
    Dense d = new Dense(1).useBias(false);
    HandWrittenStep m = new HandWrittenStep(in, d.apply(in));
    m.compile(new SGD(0.01), "mse");
    m.setWeights(List.of(Tensor.of(new float[][] {{(float) w0}})));
    return m;
  }

  static Tensor column(float[] v) {
    float[][] r = new float[v.length][1];
    for (int i = 0; i < v.length; i++) {
      r[i][0] = v[i];
    }
    return Tensor.of(r);
  }

  @Test
  void aCustomTrainStepTrainsWithFitAndFillsHistory() {
    HandWrittenStep m = handWritten(0.5);
    History h =
        m.fit(
            column(XS),
            Tensor.fromArray(YS, YS.length),
            new FitOptions().epochs(3).batchSize(4).shuffle(false).verbose(0));
    // plain gradient descent on mean((w x - y)^2), worked out here in doubles
    double w = 0.5;
    double[] losses = new double[3];
    double[] maes = new double[3];
    for (int e = 0; e < 3; e++) {
      double loss = 0;
      double mae = 0;
      double grad = 0;
      for (int i = 0; i < 4; i++) {
        double err = w * XS[i] - YS[i];
        loss += err * err / 4;
        mae += Math.abs(err) / 4;
        grad += 2 * err * XS[i] / 4;
      }
      losses[e] = loss;
      maes[e] = mae;
      w -= 0.01 * grad;
    }
    assertEquals(List.of("loss", "mean_abs_error"), List.copyOf(h.history().keySet()));
    assertArrayEquals(losses, h.values("loss"), 1e-4);
    assertArrayEquals(maes, h.values("mean_abs_error"), 1e-5);
    assertEquals(w, m.getWeights().get(0).item(), 1e-6);
    assertEquals(
        List.of(StepContext.Mode.TRAIN, StepContext.Mode.TRAIN, StepContext.Mode.TRAIN), m.modes);
    assertEquals(List.of(), m.tracedSteps(), "a custom step is never traced");
  }

  @Test
  void customStepsServeValidationEvaluateAndPredict() {
    HandWrittenStep m = handWritten(1.5);
    Tensor x = column(XS);
    Tensor y = Tensor.fromArray(YS, YS.length);
    History h =
        m.fit(
            x,
            y,
            new FitOptions().epochs(1).batchSize(2).shuffle(false).validationData(x, y).verbose(0));
    assertEquals(List.of("loss", "mean_abs_error", "val_loss"), List.copyOf(h.history().keySet()));
    m.modes.clear();
    double w = m.getWeights().get(0).item();
    double expected = 0;
    for (int i = 0; i < 4; i++) {
      expected += (w * XS[i] - YS[i]) * (w * XS[i] - YS[i]) / 4;
    }
    // batches of 3 and 1: the batch-size weighted mean is the mean over all four samples
    double[] ev = m.evaluate(x, y, new EvaluateOptions().batchSize(3).verbose(0));
    assertEquals(1, ev.length);
    assertEquals(expected, ev[0], 1e-5);
    assertEquals(List.of(StepContext.Mode.TEST, StepContext.Mode.TEST), m.modes);
    m.modes.clear();
    Tensor p = m.predict(x, new PredictOptions().batchSize(3));
    assertArrayEquals(
        new float[] {(float) (10 * w), (float) (20 * w), (float) (30 * w), (float) (40 * w)},
        p.toFloatArray(),
        1e-4f);
    assertEquals(List.of(StepContext.Mode.PREDICT, StepContext.Mode.PREDICT), m.modes);
  }

  /** The default step, observed through the context it receives. */
  static final class Observed extends Model {
    final List<StepContext.Trace> traces = new ArrayList<>();
    final List<Boolean> training = new ArrayList<>();

    Observed(KerasTensor in, KerasTensor out) {
      super(in, out);
    }

    @Override
    public Map<String, Double> trainStep(StepContext step) {
      Map<String, Double> logs = super.trainStep(step);
      traces.add(step.trace());
      training.add(step.training());
      return logs;
    }
  }

  static Observed observed() {
    KerasTensor in = Input.of(3);
    Observed m = new Observed(in, new Dense(2).activation("softmax").apply(in));
    m.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
    return m;
  }

  @Test
  void theContextSaysHowTheDefaultStepRan() {
    Observed m = observed();
    Tensor x = Tensor.randomNormal(new long[] {12, 3}, 0, 1, DType.FLOAT32);
    Tensor y = Tensor.of(0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0);
    m.fit(x, y, new FitOptions().batchSize(4).epochs(1).shuffle(false).verbose(0));
    assertEquals(
        List.of(
            StepContext.Trace.RECORDING, StepContext.Trace.REPLAYING, StepContext.Trace.REPLAYING),
        m.traces);
    assertEquals(List.of(true, true, true), m.training);
    m.traces.clear();
    m.runEagerly(true);
    m.fit(x, y, new FitOptions().batchSize(4).epochs(1).shuffle(false).verbose(0));
    assertEquals(
        List.of(StepContext.Trace.EAGER, StepContext.Trace.EAGER, StepContext.Trace.EAGER),
        m.traces);
  }

  @Test
  void recompilingDropsTheTraceCache() {
    Observed m = observed();
    Tensor x = Tensor.randomNormal(new long[] {8, 3}, 0, 1, DType.FLOAT32);
    Tensor y = Tensor.of(0, 1, 0, 1, 1, 0, 0, 1);
    m.fit(x, y, new FitOptions().batchSize(4).verbose(0));
    assertEquals(1, m.tracedSteps().size());
    assertEquals(1, m.traceRecordings());
    m.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
    assertEquals(List.of(), m.tracedSteps());
    m.traces.clear();
    m.fit(x, y, new FitOptions().batchSize(4).shuffle(false).verbose(0));
    assertEquals(List.of(StepContext.Trace.RECORDING, StepContext.Trace.REPLAYING), m.traces);
    assertEquals(2, m.traceRecordings());
  }

  @Test
  void evaluateAndPredictOptionsKeepKerasDefaultsAndCheckArguments() {
    Observed m = observed();
    Tensor x = Tensor.randomNormal(new long[] {70, 3}, 0, 1, DType.FLOAT32);
    Tensor y = Tensor.zeros(DType.INT64, 70);
    m.setOutput(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    assertArrayEquals(
        m.evaluate(x, y), m.evaluate(x, y, new EvaluateOptions().batchSize(32).verbose(1)), 0);
    assertArrayEquals(
        m.predict(x).toFloatArray(),
        m.predict(x, new PredictOptions().batchSize(7)).toFloatArray(),
        1e-6f);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new EvaluateOptions().batchSize(0));
    assertEquals(
        "EvaluateOptions: argument 'batchSize' expected a positive integer but was 0",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new EvaluateOptions().verbose(3));
    assertEquals(
        "EvaluateOptions: argument 'verbose' expected 0, 1 or 2 but was 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PredictOptions().batchSize(-2));
    assertTrue(e.getMessage().startsWith("PredictOptions: argument 'batchSize'"), e.getMessage());
  }
}
