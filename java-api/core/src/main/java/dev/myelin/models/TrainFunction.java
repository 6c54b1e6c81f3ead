package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.constraints.Constraint;
import dev.myelin.internal.Recorder;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Metric;
import dev.myelin.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code compile} makes (Keras's {@code make_train_function}): the optimizer, the loss and the
 * metrics, the default train and test steps over them, and the cache of traced training steps those
 * steps replay. A new compile makes a new one, so the cache never outlives the settings it was
 * recorded with.
 */
final class TrainFunction {
  private static final int MAX_TRACES = 8;

  final Optimizer optimizer;
  final Loss loss;
  final List<List<Metric>> metrics;

  /** The metrics in logging order, and the output each one reads. */
  private final Metric[] flatMetrics;

  private final int[] metricOutput;

  private final ArrayList<TracedStep> traces = new ArrayList<>();
  private final ArrayList<TracedStep> testTraces = new ArrayList<>();
  private int traceRecordings;
  private final ArrayList<Variable> stepVars = new ArrayList<>();
  private final ArrayList<Tensor> stepGrads = new ArrayList<>();

  TrainFunction(Optimizer optimizer, Loss loss, List<List<Metric>> metrics) {
    this.optimizer = optimizer;
    this.loss = loss;
    this.metrics = List.copyOf(metrics);
    List<Metric> flat = new ArrayList<>();
    List<Integer> outputOf = new ArrayList<>();
    for (int k = 0; k < metrics.size(); k++) {
      for (Metric m : metrics.get(k)) {
        flat.add(m);
        outputOf.add(k);
      }
    }
    this.flatMetrics = flat.toArray(new Metric[0]);
    this.metricOutput = new int[outputOf.size()];
    for (int i = 0; i < metricOutput.length; i++) {
      metricOutput[i] = outputOf.get(i);
    }
  }

  Metric[] flatMetrics() {
    return flatMetrics;
  }

  int[] metricOutput() {
    return metricOutput;
  }

  // ---- the default steps ----

  /**
   * Keras's default training step on {@code step.batch()}: replays a traced plan when one matches
   * (or records one), else runs eagerly; leaves the loss and metric values in the context.
   */
  void train(Model m, StepContext step) {
    // when the loop checked the targets' values before this step (checkTargets on the whole
    // tensor, or on each batch of a custom Dataset), step.labelsChecked() tells the loss and the
    // metrics to skip their host-side label checks, so the step (eager or traced alike) is pure
    // tensor ops
    if (!m.runEagerly() && traced(m, step, traces)) {
      return;
    }
    step.trace(StepContext.Trace.EAGER);
    StepResult r = gradientStep(m, step);
    step.values()[0] = r.total().item();
    batchMetrics(r.ys(), r.outs(), r.sw(), step.labelsChecked(), step.values());
  }

  /** Keras's default test step: forward pass, loss and metrics; values left in the context. */
  void test(Model m, StepContext step) {
    // traced like the training step (docs/inference.md): forward, loss and metric sums replayed
    if (!m.runEagerly() && traced(m, step, testTraces)) {
      return;
    }
    StepResult r = forwardStep(m, step);
    step.values()[0] = r.total().item();
    batchMetrics(r.ys(), r.outs(), r.sw(), step.labelsChecked(), step.values());
  }

  /** Forward pass ({@code training=false}) and loss on one batch: the test step's tensors. */
  StepResult forwardStep(Model m, StepContext step) {
    Tensor sw = step.sampleWeight();
    Tensor[] outs = m.callAll(step.batch().x(), false);
    Tensor[] ys = adaptTargets(step.batch().y(), outs);
    return new StepResult(totalLoss(m, ys, outs, sw, step.labelsChecked()), ys, outs, sw);
  }

  /** The values of one eager step that the loss and the metrics read. */
  record StepResult(Tensor total, Tensor[] ys, Tensor[] outs, Tensor sw) {}

  /** Forward, loss, gradients, update and constraints on one batch (inside a TensorScope). */
  StepResult gradientStep(Model m, StepContext step) {
    Batch b = step.batch();
    List<Variable> vars = step.trainableVariables();
    Tensor[] outs;
    Tensor[] ys;
    Tensor total;
    Tensor sw = step.sampleWeight();
    Tensor[] grads;
    try (GradientTape tape = new GradientTape()) {
      Tensor[] watched = new Tensor[vars.size()];
      for (int i = 0; i < watched.length; i++) {
        watched[i] = vars.get(i).value();
      }
      tape.watch(watched);
      outs = m.callAll(b.x(), true);
      ys = adaptTargets(b.y(), outs);
      total = totalLoss(m, ys, outs, sw, step.labelsChecked());
      grads = tape.gradient(total, watched);
    }
    stepVars.clear();
    stepGrads.clear();
    for (int i = 0; i < grads.length; i++) {
      if (grads[i] != null) {
        stepVars.add(vars.get(i));
        stepGrads.add(grads[i]);
      }
    }
    optimizer.applyGradients(stepVars, stepGrads);
    for (Variable v : stepVars) {
      Constraint c = m.constraintOf(v);
      if (c != null) {
        v.assign(c.apply(v.value()));
      }
    }
    stepVars.clear();
    stepGrads.clear();
    return new StepResult(total, ys, outs, sw);
  }

  /** Targets of shape {@code (n,)} for outputs of shape {@code (n, 1)} become {@code (n, 1)}. */
  static Tensor[] adaptTargets(Tensor[] ys, Tensor[] outs) {
    Tensor[] r = ys.clone();
    for (int k = 0; k < r.length; k++) {
      if (r[k].rank() == 1 && outs[k].rank() == 2 && outs[k].dim(1) == 1) {
        r[k] = r[k].reshape(r[k].dim(0), 1);
      }
    }
    return r;
  }

  /**
   * The compiled loss summed over the outputs, plus the model's regularization penalties; {@code
   * labelsChecked}: the targets' values were checked already (the loss skips its host checks).
   */
  Tensor totalLoss(Model m, Tensor[] ys, Tensor[] outs, Tensor sw, boolean labelsChecked) {
    if (ys.length != outs.length) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ": expected "
              + outs.length
              + " target arrays (one per output) but got "
              + ys.length);
    }
    Tensor total = null;
    for (int k = 0; k < outs.length; k++) {
      // computeOnOutput: a softmax output layer and a cross-entropy loss fuse into one op (the
      // gradient is taken w.r.t. the weights only, never the outputs)
      Tensor l = loss.computeOnOutput(ys[k], outs[k], MaskWeights.loss(sw, outs[k]), labelsChecked);
      total = total == null ? l : total.add(l);
    }
    for (Tensor r : m.regularizationLosses()) {
      total = total.add(r);
    }
    return total;
  }

  private void batchMetrics(
      Tensor[] ys, Tensor[] outs, Tensor sw, boolean labelsChecked, double[] values) {
    for (int i = 0; i < flatMetrics.length; i++) {
      Metric metric = flatMetrics[i];
      metric.resetState();
      Tensor out = outs[metricOutput[i]];
      metric.updateState(ys[metricOutput[i]], out, MaskWeights.metric(sw, out), labelsChecked);
      values[1 + i] = metric.result();
    }
  }

  // ---- the trace cache ----

  /** How many steps were recorded as plans so far (for tests). */
  int traceRecordings() {
    return traceRecordings;
  }

  /** One line per cached plan (see {@link Model#tracedSteps()}). */
  List<String> describeTraces() {
    return describe(traces);
  }

  /** One line per cached test-step (evaluate) plan. */
  List<String> describeTestTraces() {
    return describe(testTraces);
  }

  private static List<String> describe(List<TracedStep> traces) {
    List<String> r = new ArrayList<>();
    for (TracedStep t : traces) {
      r.add(t.replayable() ? "replayable, " + t.ops() + " native calls" : "eager: " + t.reason());
    }
    return r;
  }

  /** Frees every cached plan. */
  void clearTraces() {
    for (TracedStep t : traces) {
      t.free();
    }
    traces.clear();
    for (TracedStep t : testTraces) {
      t.free();
    }
    testTraces.clear();
  }

  /** Drops the plans recorded with a class-weight table (it belongs to one fit call). */
  void dropTraces(Tensor classTable) {
    if (classTable == null) {
      return;
    }
    for (int i = traces.size() - 1; i >= 0; i--) {
      if (traces.get(i).recordedWith(classTable)) {
        traces.remove(i).free();
      }
    }
  }

  /**
   * Runs the step through a traced plan when one matches (or records one): returns false when the
   * eager step must run instead.
   */
  private boolean traced(Model m, StepContext step, ArrayList<TracedStep> traces) {
    // a step run under the caller's own GradientTape must stay eager: the plan would hide its ops
    // from the tape
    if (Recorder.active() || step.batch().y() == null) {
      return false;
    }
    for (int i = 0; i < traces.size(); i++) {
      TracedStep t = traces.get(i);
      if (!t.sameShapes(step.batch(), step.classTable())) {
        continue;
      }
      if (t.sameState(step.trainableVariables(), optimizer)) {
        if (!t.replayable()) {
          return false;
        }
        step.trace(StepContext.Trace.REPLAYING);
        t.run(step.batch(), step.values());
        return true;
      }
      t.free();
      traces.remove(i);
      break;
    }
    step.trace(StepContext.Trace.RECORDING);
    TracedStep t = TracedStep.record(step, this, m);
    if (t == null) {
      return false;
    }
    if (traces == this.traces) {
      traceRecordings++;
    }
    if (traces.size() >= MAX_TRACES) {
      traces.remove(0).free();
    }
    traces.add(t);
    return true;
  }
}
