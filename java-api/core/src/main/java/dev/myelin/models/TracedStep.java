package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.internal.Errors;
import dev.myelin.internal.MetricPartials;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.OptimizerAccess;
import dev.myelin.internal.Reachable;
import dev.myelin.metrics.Metric;
import dev.myelin.optimizers.Optimizer;
import java.lang.ref.Cleaner;
import java.util.List;

/**
 * One traced training step of a {@link Model}: the native plan recorded from the eager step on a
 * batch of one shape, and what must hold for it to be replayed on another batch (same input shapes
 * and dtypes, same class-weight table, same trainable variables holding the same tensors, same
 * optimizer slots). A recording that cannot be replayed is kept as a verdict, so that batches of
 * that shape take the eager step without recording again.
 *
 * <p>A replay is one native call ({@code mln_plan_run}): forward, loss, gradients, the optimizer's
 * in-place updates and the metrics' batch sums, with the optimizer's per-step hyperparameters
 * computed in Java by the same code as the eager update. The loss and the metric sums come back as
 * doubles and update the metrics exactly as the eager step does.
 */
final class TracedStep {
  private static final Cleaner CLEANER = Cleaner.create();
  private static final double[] NO_HPARAMS = new double[0];

  /** Frees the native plan; holds no reference to its owner (a TracedStep or TracedPredict). */
  static final class PlanRef implements Runnable {
    private long plan;

    PlanRef(long plan) {
      this.plan = plan;
    }

    long plan() {
      return plan;
    }

    @Override
    public void run() {
      if (plan != 0) {
        NativeCore.mln_plan_free(plan);
        plan = 0;
      }
    }
  }

  private final PlanRef ref;
  private final Cleaner.Cleanable cleanable;
  private final String reason;
  private final int nx;
  private final int ny;
  private final boolean hasWeights;
  private final int[] inDtypes;
  private final long[][] inShapes;
  private final Tensor classTable;
  private final Variable[] vars;
  private final Variable[] watched;
  private final Tensor[] watchedValues;
  private final Variable[][] slots;
  private final Tensor[][] slotValues;
  private final Optimizer optimizer;
  private final Metric[] metrics;
  private final int[] metricEnds;
  private final MetricPartials.Sink[] sinks;
  private final boolean[] countIsOutput;
  private final double[] constantCounts;
  private final long[] handles;
  private final double[] outs;
  private final boolean test;

  /**
   * What a recording captured: the batch and call state of its step, the compiled optimizer and
   * metrics, and the metric sums handed to the plan.
   */
  private record Recording(
      Batch batch,
      Tensor classTable,
      List<Variable> vars,
      List<Variable> weights,
      TrainFunction fn,
      int[] metricEnds,
      List<MetricPartials.Entry> entries,
      boolean test) {}

  private TracedStep(long plan, String reason, Recording rec) {
    Batch b = rec.batch();
    List<Variable> vars = rec.vars();
    List<Variable> weights = rec.weights();
    Optimizer optimizer = rec.fn().optimizer;
    List<MetricPartials.Entry> entries = rec.entries();
    this.ref = new PlanRef(plan);
    this.cleanable = CLEANER.register(this, ref);
    this.reason = reason;
    Tensor[] ins = inputs(b);
    this.nx = b.x().length;
    this.ny = b.y().length;
    this.hasWeights = b.sampleWeight() != null;
    this.inDtypes = new int[ins.length];
    this.inShapes = new long[ins.length][];
    for (int i = 0; i < ins.length; i++) {
      inDtypes[i] = ins[i].dtype().code();
      inShapes[i] = ins[i].shape();
    }
    this.classTable = rec.classTable();
    this.vars = vars.toArray(new Variable[0]);
    this.optimizer = optimizer;
    this.watched = weights.toArray(new Variable[0]);
    this.watchedValues = new Tensor[watched.length];
    for (int i = 0; i < watched.length; i++) {
      watchedValues[i] = watched[i].value();
    }
    OptimizerAccess acc = OptimizerAccess.get();
    this.slots = new Variable[this.vars.length][];
    this.slotValues = new Tensor[this.vars.length][];
    for (int i = 0; i < this.vars.length; i++) {
      slots[i] = acc.slots(optimizer, this.vars[i]).clone();
      slotValues[i] = new Tensor[slots[i].length];
      for (int k = 0; k < slots[i].length; k++) {
        slotValues[i][k] = slots[i][k].value();
      }
    }
    this.metrics = rec.fn().flatMetrics();
    this.metricEnds = rec.metricEnds();
    int n = entries.size();
    this.sinks = new MetricPartials.Sink[n];
    this.countIsOutput = new boolean[n];
    this.constantCounts = new double[n];
    int nout = 1;
    for (int i = 0; i < n; i++) {
      MetricPartials.Entry e = entries.get(i);
      sinks[i] = e.sink;
      countIsOutput[i] = e.count != null;
      constantCounts[i] = e.constantCount;
      nout += e.count != null ? 2 : 1;
    }
    this.handles = new long[ins.length];
    this.outs = new double[nout];
    this.test = rec.test();
  }

  /** Whether the plan can be replayed (else the eager step runs for batches it matches). */
  boolean replayable() {
    return reason == null;
  }

  /** Why the step could not be traced, or null. */
  String reason() {
    return reason;
  }

  /** Number of native calls in the plan. */
  long ops() {
    return ref.plan == 0 ? 0 : NativeCore.mln_plan_ops(ref.plan);
  }

  /** Whether this trace captured {@code table} (a fit call's class-weight table). */
  boolean recordedWith(Tensor table) {
    return classTable == table;
  }

  /** Whether this trace was recorded for a batch like {@code b} (shapes, dtypes, weights). */
  boolean sameShapes(Batch b, Tensor table) {
    if (b.x().length != nx
        || b.y().length != ny
        || (b.sampleWeight() != null) != hasWeights
        || table != classTable) {
      return false;
    }
    int k = 0;
    for (Tensor t : b.x()) {
      if (!same(t, k++)) {
        return false;
      }
    }
    for (Tensor t : b.y()) {
      if (!same(t, k++)) {
        return false;
      }
    }
    return !hasWeights || same(b.sampleWeight(), k);
  }

  private boolean same(Tensor t, int k) {
    long[] want = inShapes[k];
    if (t.dtype().code() != inDtypes[k] || t.rank() != want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (t.dim(i) != want[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the model still trains the same variables, holding the same tensors, with the same
   * optimizer slots (setWeights, loadWeights or a changed trainable flag invalidate a plan).
   */
  boolean sameState(List<Variable> current, Optimizer opt) {
    if (opt != optimizer || current.size() != vars.length) {
      return false;
    }
    for (int i = 0; i < vars.length; i++) {
      if (current.get(i) != vars[i]) {
        return false;
      }
    }
    if (reason != null) {
      return true;
    }
    for (int i = 0; i < watched.length; i++) {
      if (watched[i].value() != watchedValues[i]) {
        return false;
      }
    }
    OptimizerAccess acc = OptimizerAccess.get();
    for (int i = 0; i < vars.length; i++) {
      Variable[] s = acc.slots(opt, vars[i]);
      if (s.length != slots[i].length) {
        return false;
      }
      for (int k = 0; k < s.length; k++) {
        if (s[k] != slots[i][k] || s[k].value() != slotValues[i][k]) {
          return false;
        }
      }
    }
    return true;
  }

  /** Replays the plan on {@code b}; writes the loss and metric values into {@code values}. */
  void run(Batch b, double[] values) {
    Tensor[] x = b.x();
    Tensor[] y = b.y();
    int k = 0;
    for (Tensor t : x) {
      handles[k++] = t.nativeHandle();
    }
    for (Tensor t : y) {
      handles[k++] = t.nativeHandle();
    }
    if (hasWeights) {
      handles[k] = b.sampleWeight().nativeHandle();
    }
    // a test step (evaluate) has no optimizer update: no hyperparameters, no iteration
    OptimizerAccess acc = OptimizerAccess.get();
    long step = test ? 0 : optimizer.iterations() + 1;
    double[] h = test ? NO_HPARAMS : acc.beginStep(optimizer);
    int status =
        Reachable.after(
            NativeCore.mln_plan_run(
                ref.plan, handles.length, handles, h, h.length, step, outs, outs.length),
            b,
            x,
            y);
    Errors.checkStatus(status, test ? "evaluate (traced step)" : "fit (traced step)");
    if (!test) {
      acc.endStep(optimizer);
    }
    values[0] = outs[0];
    int o = 1;
    int e = 0;
    for (int m = 0; m < metrics.length; m++) {
      metrics[m].resetState();
      for (; e < metricEnds[m]; e++) {
        double total = outs[o++];
        double count = countIsOutput[e] ? outs[o++] : constantCounts[e];
        sinks[e].add(total, count);
      }
      values[1 + m] = metrics[m].result();
    }
  }

  /** Frees the native plan (idempotent). */
  void free() {
    cleanable.clean();
  }

  static Tensor[] inputs(Batch b) {
    int n = b.x().length + b.y().length + (b.sampleWeight() == null ? 0 : 1);
    Tensor[] r = new Tensor[n];
    int k = 0;
    for (Tensor t : b.x()) {
      r[k++] = t;
    }
    for (Tensor t : b.y()) {
      r[k++] = t;
    }
    if (b.sampleWeight() != null) {
      r[k] = b.sampleWeight();
    }
    return r;
  }

  /**
   * Records the default training step of {@code fn} on {@code step.batch()} (it runs once, for
   * real, while recording) and leaves its loss and metric values in the context; returns the trace
   * (replayable or a verdict), or null when no plan could be started.
   */
  static TracedStep record(StepContext step, TrainFunction fn, Model model) {
    Batch b = step.batch();
    boolean test = step.mode() == StepContext.Mode.TEST;
    if (!test) {
      fn.optimizer.build(step.trainableVariables());
    }
    Tensor[] ins = inputs(b);
    long[] hs = new long[ins.length];
    for (int i = 0; i < ins.length; i++) {
      hs[i] = ins[i].nativeHandle();
    }
    long plan = Reachable.after(NativeCore.mln_plan_begin(hs.length, hs), ins);
    if (plan == 0) {
      NativeCore.mln_clear_error();
      return null;
    }
    Metric[] metrics = fn.flatMetrics();
    int[] metricOutput = fn.metricOutput();
    boolean ok = false;
    TracedStep trace = null;
    int[] metricEnds = new int[metrics.length];
    List<Variable> weights = model.weights();
    try (TensorScope scope = new TensorScope()) {
      TrainFunction.StepResult r =
          test ? fn.forwardStep(model, step) : fn.gradientStep(model, step);
      // the metrics hand their batch sums to this collector instead of reading them on the host:
      // the sums become outputs of the plan
      try (MetricPartials partials = MetricPartials.begin()) {
        for (int m = 0; m < metrics.length; m++) {
          Metric metric = metrics[m];
          int before = partials.size();
          metric.resetState();
          partials.updateState(
              metric,
              r.ys()[metricOutput[m]],
              r.outs()[metricOutput[m]],
              MaskWeights.metric(r.sw(), r.outs()[metricOutput[m]]),
              step.labelsChecked());
          if (partials.size() == before) {
            NativeCore.mln_plan_mark(
                "metric " + metric.name() + " does not hand its batch sums to the trace");
          }
          metricEnds[m] = partials.size();
        }
        Recording rec =
            new Recording(
                b,
                step.classTable(),
                step.trainableVariables(),
                weights,
                fn,
                metricEnds,
                partials.entries(),
                test);
        trace = finishRecording(plan, rec, r, step.values());
      }
      ok = true;
    } finally {
      if (!ok) {
        if (trace != null) {
          trace.free();
        } else {
          NativeCore.mln_plan_free(plan);
        }
      }
    }
    // Every tensor of the step is closed now: the plan checks that none escaped.
    int status = NativeCore.mln_plan_finish(plan);
    if (status != 0) {
      RuntimeException err = Errors.fail("fit (tracing)");
      trace.free();
      throw err;
    }
    if (NativeCore.mln_plan_replayable(plan) == 0) {
      String why = NativeCore.mln_plan_reason(plan);
      trace.free();
      return new TracedStep(
          0,
          why == null || why.isEmpty() ? "not replayable" : why,
          new Recording(
              b,
              step.classTable(),
              step.trainableVariables(),
              weights,
              fn,
              metricEnds,
              List.of(),
              test));
    }
    return trace;
  }

  /** Ends the recording (the loss and the metric sums are the plan's outputs) and reads them. */
  private static TracedStep finishRecording(
      long plan, Recording rec, TrainFunction.StepResult r, double[] values) {
    List<MetricPartials.Entry> entries = rec.entries();
    int nout = 1;
    for (MetricPartials.Entry e : entries) {
      nout += e.count != null ? 2 : 1;
    }
    long[] outputs = new long[nout];
    outputs[0] = r.total().nativeHandle();
    int o = 1;
    for (MetricPartials.Entry e : entries) {
      outputs[o++] = e.total.nativeHandle();
      if (e.count != null) {
        outputs[o++] = e.count.nativeHandle();
      }
    }
    Errors.checkStatus(
        Reachable.after(NativeCore.mln_plan_end(plan, nout, outputs), r, entries), "fit (tracing)");
    TracedStep trace = new TracedStep(plan, null, rec);
    Metric[] metrics = rec.fn().flatMetrics();
    int[] metricEnds = rec.metricEnds();
    values[0] = r.total().item();
    int e = 0;
    for (int m = 0; m < metrics.length; m++) {
      if (e == metricEnds[m]) {
        // the metric updated itself on the host (the plan is not replayable then)
        values[1 + m] = metrics[m].result();
        continue;
      }
      metrics[m].resetState();
      for (; e < metricEnds[m]; e++) {
        MetricPartials.Entry en = entries.get(e);
        en.sink.add(en.total.item(), en.count != null ? en.count.item() : en.constantCount);
      }
      values[1 + m] = metrics[m].result();
    }
    return trace;
  }
}
