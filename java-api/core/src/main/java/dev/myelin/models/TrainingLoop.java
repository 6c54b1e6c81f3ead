package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.CallbackList;
import dev.myelin.callbacks.History;
import dev.myelin.callbacks.ProgbarLogger;
import dev.myelin.layers.LayerNames;
import dev.myelin.utils.Progbar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loops of a {@link Model}: {@code fit} (epochs, callbacks, validation), {@code evaluate},
 * {@code predict} and the one-batch {@code trainOnBatch} / {@code testOnBatch}. Each call makes one
 * {@link StepContext} and hands it, batch by batch, to the model's public {@code trainStep}, {@code
 * testStep} or {@code predictStep}; what a step computes (eager or traced) lives in those and in
 * {@link TrainFunction}.
 */
final class TrainingLoop {
  private TrainingLoop() {}

  /** {@link Model#fit(Tensor[], Tensor[], FitOptions)}. */
  static History fit(Model m, Tensor[] x, Tensor[] y, FitOptions o) {
    m.trainFunction();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = floats(x);
      Tensor[] ys = floats(y);
      m.prepareFor(xs);
      m.checkData(xs);
      m.checkTargets(xs, ys);
      long n = xs[0].dim(0);
      Tensor sw = o.sampleWeight == null ? null : o.sampleWeight.cast(DType.FLOAT32);
      Dataset val = o.validationDataset;
      long valSamples = val == null ? 0 : Math.max(0, val.samples());
      Tensor[][] v = ValidationData.arrays(m, o);
      if (v != null) {
        Tensor[] vx = floats(v[0]);
        m.checkData(vx);
        m.checkTargets(vx, floats(v[1]));
        val = new TensorDataset(vx, floats(v[1]), null).batchSize(o.batchSize);
        valSamples = vx[0].dim(0);
      } else if (val == null && o.validationSplit > 0) {
        long split = (long) (n * (1.0 - o.validationSplit));
        DataChecks.checkSplit(m, n, split, o.validationSplit);
        Tensor[] vx = rows(xs, split, n);
        Tensor[] vy = rows(ys, split, n);
        val = new TensorDataset(vx, vy, null).batchSize(o.batchSize);
        valSamples = n - split;
        xs = rows(xs, 0, split);
        ys = rows(ys, 0, split);
        sw = sw == null ? null : sw.slice(dev.myelin.Slice.range(0, split));
        n = split;
      }
      try (TensorDataset train =
          new TensorDataset(xs, ys, sw).batchSize(o.batchSize).shuffle(o.shuffle)) {
        if (val != null && o.verbose > 0 && LayerNames.keras2Names()) {
          m.progressOutput().printf("Train on %d samples, validate on %d samples%n", n, valSamples);
        }
        return fitLoop(m, train, val, o, true);
      }
    }
  }

  /** {@link Model#fit(Dataset, FitOptions)}. */
  static History fit(Model m, Dataset data, FitOptions o) {
    m.trainFunction();
    if (o.validationSplit > 0) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".fit: argument 'validationSplit' is not supported for a Dataset (got "
              + o.validationSplit
              + "); pass validationData instead");
    }
    if (o.sampleWeight != null) {
      // Keras refuses it too: a Dataset's batches carry their own sample weights.
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".fit: argument 'sampleWeight' is not supported for a Dataset; give its batches"
              + " sample weights instead");
    }
    try (TensorScope scope = new TensorScope()) {
      Dataset val = o.validationDataset;
      Tensor[][] v = ValidationData.arrays(m, o);
      if (v != null) {
        val = new TensorDataset(floats(v[0]), floats(v[1]), null).batchSize(o.batchSize);
      }
      return fitLoop(m, data, val, o, false);
    }
  }

  /**
   * The epochs of {@code fit}; {@code checked}: the targets of {@code train} and {@code val} were
   * checked by {@link Model#checkTargets} already (else each batch is checked before its step).
   */
  private static History fitLoop(
      Model m, Dataset train, Dataset val, FitOptions o, boolean checked) {
    History history = new History();
    List<Callback> cbs = new ArrayList<>();
    PrintStream out = m.progressOutput();
    if (o.verbose > 0) {
      cbs.add(new ProgbarLogger(o.verbose, out, Progbar.stdoutIsTerminal() && out == System.out));
    }
    cbs.addAll(o.callbacks);
    DataChecks.addNaNGuard(cbs, o);
    cbs.add(history);
    CallbackList cl = new CallbackList(cbs);
    cl.setModel(m.callbackModel());
    Map<String, Object> params = new HashMap<>();
    params.put("epochs", o.epochs);
    params.put("steps", o.stepsPerEpoch > 0 ? o.stepsPerEpoch : train.steps());
    params.put("samples", train.samples() >= 0 && o.stepsPerEpoch == 0 ? train.samples() : null);
    params.put("verbose", o.verbose);
    params.put("batch_size", o.batchSize);
    params.put("metrics", m.metricsNames());
    cl.setParams(params);
    Sums sums = new Sums(m.metricsNames());
    Map<String, Double> batchLogs = new LinkedHashMap<>();
    Tensor table = classTable(o.classWeight);
    StepContext ctx = new StepContext(m, StepContext.Mode.TRAIN, table, true);
    m.stopTraining(false);
    EpochSteps drawn = new EpochSteps(train, o.stepsPerEpoch);
    boolean defaultStep = DefaultSteps.train(m);
    try {
      cl.onTrainBegin(new LinkedHashMap<>());
      for (int epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
        int steps = drawn.begin(epoch);
        cl.onEpochBegin(epoch, new LinkedHashMap<>());
        ctx.trainableVariables(m.trainableWeights());
        sums.clear();
        for (int step = 0; step < steps; step++) {
          batchLogs.clear();
          batchLogs.put("batch", (double) step);
          cl.onBatchBegin(step, batchLogs);
          try (TensorScope s = new TensorScope()) {
            Batch b = train.batch(drawn.next());
            if (!checked) {
              b = castBatch(m, b);
            }
            long size = b.size();
            ctx.batch(b);
            if (defaultStep) {
              // Model's own trainStep: its logs are ctx.values() by name (DefaultSteps)
              m.trainFunction().train(m, ctx);
              ctx.batch(null);
              batchLogs.put("size", (double) size);
              sums.add(m.metricsNames(), ctx.values(), size);
              DefaultSteps.put(batchLogs, m.metricsNames(), ctx.values());
            } else {
              Map<String, Double> logs = m.trainStep(ctx);
              ctx.batch(null);
              batchLogs.put("size", (double) size);
              sums.add(logs, size);
              batchLogs.putAll(logs);
            }
          }
          cl.onBatchEnd(step, batchLogs);
          LoopInterruptedException.check("fit", m, step + 1, history);
          if (m.stopTraining()) {
            break;
          }
        }
        drawn.end();
        Map<String, Double> epochLogs = sums.means();
        if (val != null) {
          Map<String, Double> v =
              evaluateLoop(m, val, 0, checked && o.validationDataset == null, o.validationSteps);
          for (Map.Entry<String, Double> e : v.entrySet()) {
            epochLogs.put("val_" + e.getKey(), e.getValue());
          }
        }
        cl.onEpochEnd(epoch, epochLogs);
        if (m.stopTraining()) {
          break;
        }
      }
      cl.onTrainEnd(new LinkedHashMap<>());
    } finally {
      if (table != null) {
        m.trainFunction().dropTraces(table);
        table.close();
      }
    }
    return history;
  }

  /**
   * A step's logs summed over an epoch, each weighted by its batch's size (Keras 2.2's epoch
   * values); keys in the order the steps first returned them.
   */
  private static final class Sums {
    private final LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();
    private final List<String> names;
    private double[][] slots;
    private List<String> slotNames;
    private long seen;

    /** {@code names}: the keys logged as 0 when no batch ran (the model's metricsNames). */
    Sums(List<String> names) {
      this.names = names;
    }

    void clear() {
      sums.clear();
      slots = null;
      seen = 0;
    }

    /**
     * {@link #add(Map, long)} for the default step's values under {@code names}, with the sums'
     * cells looked up once per epoch rather than once per batch.
     */
    void add(List<String> names, double[] values, long size) {
      if (slots == null || slotNames != names) {
        slotNames = names;
        slots = new double[values.length][];
        for (int k = 0; k < values.length; k++) {
          slots[k] = sums.computeIfAbsent(names.get(k), n -> new double[1]);
        }
      }
      for (int k = 0; k < values.length; k++) {
        slots[k][0] += values[k] * size;
      }
      seen += size;
    }

    void add(Map<String, Double> logs, long size) {
      for (Map.Entry<String, Double> e : logs.entrySet()) {
        sums.computeIfAbsent(e.getKey(), k -> new double[1])[0] += e.getValue() * size;
      }
      seen += size;
    }

    LinkedHashMap<String, Double> means() {
      LinkedHashMap<String, Double> r = new LinkedHashMap<>();
      if (sums.isEmpty()) {
        for (String n : names) {
          r.put(n, 0.0);
        }
      }
      for (Map.Entry<String, double[]> e : sums.entrySet()) {
        r.put(e.getKey(), e.getValue()[0] / Math.max(1, seen));
      }
      return r;
    }
  }

  private static Tensor classTable(Map<Integer, Double> classWeight) {
    if (classWeight == null || classWeight.isEmpty()) {
      return null;
    }
    int max = Collections.max(classWeight.keySet());
    float[] t = new float[max + 1];
    Arrays.fill(t, 1f);
    for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
      if (e.getKey() < 0) {
        throw new IllegalArgumentException(
            "FitOptions: argument 'classWeight' expected non-negative class indices but had "
                + e.getKey());
      }
      t[e.getKey()] = e.getValue().floatValue();
    }
    return Tensor.fromArray(t, t.length).detach();
  }

  /** {@link Model#evaluate(Tensor[], Tensor[], EvaluateOptions)}. */
  static double[] evaluate(Model m, Tensor[] x, Tensor[] y, EvaluateOptions o) {
    m.trainFunction();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = floats(x);
      m.prepareFor(xs);
      m.checkData(xs);
      m.checkTargets(xs, floats(y));
      TensorDataset data = new TensorDataset(xs, floats(y), null).batchSize(o.batchSize);
      return values(evaluateLoop(m, data, o.verbose, true));
    }
  }

  /** {@link Model#evaluate(Dataset, EvaluateOptions)}. */
  static double[] evaluate(Model m, Dataset data, EvaluateOptions o) {
    m.trainFunction();
    return values(evaluateLoop(m, data, o.verbose, false));
  }

  /**
   * The logs' values in order (the default testStep's are in {@link Model#metricsNames()} order).
   */
  private static double[] values(Map<String, Double> logs) {
    double[] r = new double[logs.size()];
    int k = 0;
    for (double v : logs.values()) {
      r[k++] = v;
    }
    return r;
  }

  /**
   * One batch of a custom Dataset cast and checked as {@code fit}'s arrays are: inputs to the
   * model's input dtype ({@link Model#checkData}), targets by {@link ModelArrays#target}'s rule and
   * checked like {@link Model#checkTargets}.
   */
  private static Batch castBatch(Model m, Batch b) {
    Tensor[] xs = floats(b.x());
    m.prepareFor(xs);
    m.checkData(xs);
    if (b.y() == null) {
      return new Batch(xs, null, b.sampleWeight());
    }
    Tensor[] ys = new Tensor[b.y().length];
    for (int i = 0; i < ys.length; i++) {
      ys[i] = ModelArrays.target(m, m.name() + ".fit", b.y()[i]);
    }
    m.checkTargets(xs, ys);
    return new Batch(xs, ys, b.sampleWeight());
  }

  /** The testStep's logs averaged over {@code data}, weighted by batch size. */
  private static Map<String, Double> evaluateLoop(
      Model m, Dataset data, int verbose, boolean checked) {
    return evaluateLoop(m, data, verbose, checked, 0);
  }

  /** {@link #evaluateLoop}'s first {@code limit} batches (all when 0). */
  private static Map<String, Double> evaluateLoop(
      Model m, Dataset data, int verbose, boolean checked, int limit) {
    int steps = limit > 0 ? Math.min(limit, data.steps()) : data.steps();
    StepContext ctx = new StepContext(m, StepContext.Mode.TEST, null, true);
    boolean defaultStep = DefaultSteps.test(m);
    Sums sums = new Sums(m.metricsNames());
    long target = data.samples() >= 0 && steps == data.steps() ? data.samples() : steps;
    PrintStream out = m.progressOutput();
    Progbar bar =
        verbose > 0
            ? new Progbar(target, verbose, out, Progbar.stdoutIsTerminal() && out == System.out)
            : null;
    data.onEpochBegin(0);
    long units = 0;
    for (int step = 0; step < steps; step++) {
      long size;
      try (TensorScope s = new TensorScope()) {
        Batch b = data.batch(step);
        if (!checked) {
          b = castBatch(m, b);
        }
        size = b.size();
        ctx.batch(b);
        if (defaultStep) {
          m.trainFunction().test(m, ctx);
          sums.add(m.metricsNames(), ctx.values(), size);
        } else {
          sums.add(m.testStep(ctx), size);
        }
        ctx.batch(null);
      }
      units += data.samples() >= 0 && steps == data.steps() ? size : 1;
      if (bar != null) {
        bar.update(units, null);
      }
      LoopInterruptedException.check("evaluate", m, step + 1, null);
    }
    return sums.means();
  }

  /** {@link Model#predictAll(Tensor[], PredictOptions)}. */
  static Tensor[] predictAll(Model m, Tensor[] x, PredictOptions o) {
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = floats(x);
      m.prepareFor(xs);
      m.checkData(xs);
      // The traced replay covers every batch; a progress bar or a `steps` limit takes the loop.
      Tensor[] traced =
          o.verbose == 0 && o.steps < 0 ? m.tracedPredict().predict(xs, o.batchSize) : null;
      if (traced != null) {
        return scope.keep(traced);
      }
      TensorDataset data = new TensorDataset(xs, null, null).batchSize(o.batchSize);
      return scope.keep(predictLoop(m, data, o, true));
    }
  }

  /** {@link Model#predictAll(Dataset, PredictOptions)}. */
  static Tensor[] predictAll(Model m, Dataset data, PredictOptions o) {
    if (data == null) {
      throw new IllegalArgumentException(
          "Model " + m.name() + ".predict: argument 'data' expected a Dataset but was null");
    }
    if (o.steps > data.steps()) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".predict: argument 'steps' expected at most the dataset's "
              + data.steps()
              + " batches but was "
              + o.steps);
    }
    return predictLoop(m, data, o, false);
  }

  /**
   * The outputs of the first {@code o.steps} batches of {@code data} (all by default), each
   * output's batches concatenated in order; the results belong to the caller's scope. {@code
   * checked}: the inputs were checked already (else each batch is cast and checked before its
   * step).
   */
  private static Tensor[] predictLoop(Model m, Dataset data, PredictOptions o, boolean checked) {
    int steps = o.steps > 0 ? Math.min(o.steps, data.steps()) : data.steps();
    Tensor[] r;
    try (TensorScope scope = new TensorScope()) {
      StepContext ctx = new StepContext(m, StepContext.Mode.PREDICT, null, false);
      PrintStream out = m.progressOutput();
      // Samples when every batch is drawn and the dataset knows its count, else batches.
      boolean bySamples = steps == data.steps() && data.samples() >= 0;
      Progbar bar =
          o.verbose > 0
              ? new Progbar(
                  bySamples ? data.samples() : steps,
                  o.verbose,
                  out,
                  Progbar.stdoutIsTerminal() && out == System.out)
              : null;
      data.onEpochBegin(0);
      List<List<Tensor>> parts = new ArrayList<>();
      long units = 0;
      for (int step = 0; step < steps; step++) {
        long size;
        // A step's inputs are freed after it (a generator's batches would otherwise pile up);
        // its outputs move to the enclosing scope.
        try (TensorScope stepScope = new TensorScope()) {
          Batch b = data.batch(step);
          if (!checked) {
            Tensor[] xs = floats(b.x());
            m.prepareFor(xs);
            m.checkData(xs);
            b = new Batch(xs, null, null);
          }
          size = b.size();
          ctx.batch(b);
          Tensor[] outs = stepScope.keep(m.predictStep(ctx));
          ctx.batch(null);
          for (int k = 0; k < outs.length; k++) {
            if (parts.size() <= k) {
              parts.add(new ArrayList<>());
            }
            parts.get(k).add(outs[k]);
          }
        }
        units += bySamples ? size : 1;
        if (bar != null) {
          bar.update(units, null);
        }
        LoopInterruptedException.check("predict", m, step + 1, null);
      }
      r = new Tensor[parts.size()];
      for (int k = 0; k < r.length; k++) {
        List<Tensor> p = parts.get(k);
        r[k] = p.size() == 1 ? p.get(0).copy() : Tensor.concat(0, p.toArray(new Tensor[0]));
        scope.keep(r[k]);
      }
    }
    return r;
  }

  /** One batch's inputs as float tensors, checked against the model and the loss's labels. */
  private static Tensor[] checkedBatch(Model m, Tensor x, Tensor y) {
    Tensor[] xs = floats(new Tensor[] {x});
    m.prepareFor(xs);
    m.checkData(xs);
    m.checkTargets(xs, new Tensor[] {y});
    return xs;
  }

  /** {@link Model#trainOnBatch}. */
  static double[] trainOnBatch(Model m, Tensor x, Tensor y) {
    m.trainFunction();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = checkedBatch(m, x, y);
      StepContext ctx = new StepContext(m, StepContext.Mode.TRAIN, null, true);
      ctx.batch(new Batch(xs, floats(new Tensor[] {y}), null));
      return values(m.trainStep(ctx));
    }
  }

  /** {@link Model#testOnBatch}. */
  static double[] testOnBatch(Model m, Tensor x, Tensor y) {
    m.trainFunction();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = checkedBatch(m, x, y);
      TensorDataset data =
          new TensorDataset(xs, floats(new Tensor[] {y}), null).batchSize((int) x.dim(0));
      return values(evaluateLoop(m, data, 0, true));
    }
  }

  /** {@code ts} with float64 tensors cast to float32. */
  private static Tensor[] floats(Tensor[] ts) {
    Tensor[] r = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      r[i] = ts[i].dtype() == DType.FLOAT64 ? ts[i].cast(DType.FLOAT32) : ts[i];
    }
    return r;
  }

  /** Rows {@code [start, stop)} of each of {@code ts}. */
  private static Tensor[] rows(Tensor[] ts, long start, long stop) {
    Tensor[] r = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      r[i] = ts[i].slice(dev.myelin.Slice.range(start, stop));
    }
    return r;
  }
}
