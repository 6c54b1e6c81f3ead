package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.callbacks.Callback;
import dev.myelin.callbacks.CallbackList;
import dev.myelin.callbacks.History;
import dev.myelin.callbacks.ProgbarLogger;
import dev.myelin.layers.LayerNames;
import dev.myelin.losses.CheckedLabels;
import dev.myelin.utils.Progbar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loops of a {@link Model}: {@code fit} (epochs, callbacks, validation), {@code evaluate},
 * {@code predict} and the one-batch {@code trainOnBatch} / {@code testOnBatch}. One step's maths
 * (eager or traced) stays in {@link Model}.
 */
final class TrainingLoop {
  private TrainingLoop() {}

  /** {@link Model#fit(Tensor[], Tensor[], FitOptions)}. */
  static History fit(Model m, Tensor[] x, Tensor[] y, FitOptions o) {
    m.requireCompiled();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = floats(x);
      Tensor[] ys = floats(y);
      m.prepareFor(xs);
      m.checkData(xs);
      m.checkTargets(xs, ys);
      long n = xs[0].dim(0);
      Tensor sw = o.sampleWeight == null ? null : o.sampleWeight.cast(DType.FLOAT32);
      Dataset val = null;
      long valSamples = 0;
      if (o.validationX != null) {
        Tensor[] vx = floats(o.validationX);
        m.checkData(vx);
        m.checkTargets(vx, floats(o.validationY));
        val = new TensorDataset(vx, floats(o.validationY), null).batchSize(o.batchSize);
        valSamples = vx[0].dim(0);
      } else if (o.validationSplit > 0) {
        long split = (long) (n * (1.0 - o.validationSplit));
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
          m.out.printf("Train on %d samples, validate on %d samples%n", n, valSamples);
        }
        return fitLoop(m, train, val, o, true);
      }
    }
  }

  /** {@link Model#fit(Dataset, FitOptions)}. */
  static History fit(Model m, Dataset data, FitOptions o) {
    m.requireCompiled();
    if (o.validationSplit > 0) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".fit: argument 'validationSplit' is not supported for a Dataset (got "
              + o.validationSplit
              + "); pass validationData instead");
    }
    try (TensorScope scope = new TensorScope()) {
      Dataset val = null;
      if (o.validationX != null) {
        val =
            new TensorDataset(floats(o.validationX), floats(o.validationY), null)
                .batchSize(o.batchSize);
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
    if (o.verbose > 0) {
      cbs.add(
          new ProgbarLogger(o.verbose, m.out, Progbar.stdoutIsTerminal() && m.out == System.out));
    }
    cbs.addAll(o.callbacks);
    cbs.add(history);
    CallbackList cl = new CallbackList(cbs);
    cl.setModel(m);
    Map<String, Object> params = new HashMap<>();
    params.put("epochs", o.epochs);
    params.put("steps", train.steps());
    params.put("samples", train.samples() >= 0 ? train.samples() : null);
    params.put("verbose", o.verbose);
    params.put("batch_size", o.batchSize);
    params.put("metrics", m.metricsNames());
    cl.setParams(params);
    List<String> names = m.metricsNames();
    double[] values = new double[names.size()];
    double[] sums = new double[names.size()];
    Map<String, Double> batchLogs = new LinkedHashMap<>();
    Tensor table = classTable(o.classWeight);
    m.stopTraining = false;
    try {
      cl.onTrainBegin(new LinkedHashMap<>());
      for (int epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
        train.onEpochBegin(epoch);
        cl.onEpochBegin(epoch, new LinkedHashMap<>());
        List<Variable> vars = m.trainableWeights();
        Arrays.fill(sums, 0);
        long seen = 0;
        int steps = train.steps();
        for (int step = 0; step < steps; step++) {
          batchLogs.clear();
          batchLogs.put("batch", (double) step);
          cl.onBatchBegin(step, batchLogs);
          long size;
          try (TensorScope s = new TensorScope()) {
            Batch b = train.batch(step);
            size = b.size();
            if (!checked) {
              checkBatchTargets(m, b);
            }
            m.trainStep(b, table, values, vars);
          }
          seen += size;
          batchLogs.put("size", (double) size);
          for (int k = 0; k < values.length; k++) {
            sums[k] += values[k] * size;
            batchLogs.put(names.get(k), values[k]);
          }
          cl.onBatchEnd(step, batchLogs);
          if (m.stopTraining) {
            break;
          }
        }
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        for (int k = 0; k < names.size(); k++) {
          epochLogs.put(names.get(k), sums[k] / Math.max(1, seen));
        }
        if (val != null) {
          double[] v = evaluateLoop(m, val, 0, null, checked);
          for (int k = 0; k < names.size(); k++) {
            epochLogs.put("val_" + names.get(k), v[k]);
          }
        }
        cl.onEpochEnd(epoch, epochLogs);
        if (m.stopTraining) {
          break;
        }
      }
      cl.onTrainEnd(new LinkedHashMap<>());
    } finally {
      if (table != null) {
        m.dropTraces(table);
        table.close();
      }
    }
    return history;
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

  /** {@link Model#evaluate(Tensor[], Tensor[], int, int)}. */
  static double[] evaluate(Model m, Tensor[] x, Tensor[] y, int batchSize, int verbose) {
    m.requireCompiled();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = floats(x);
      m.prepareFor(xs);
      m.checkData(xs);
      m.checkTargets(xs, floats(y));
      return evaluateLoop(
          m, new TensorDataset(xs, floats(y), null).batchSize(batchSize), verbose, null, true);
    }
  }

  /** {@link Model#evaluate(Dataset, int)}. */
  static double[] evaluate(Model m, Dataset data, int verbose) {
    m.requireCompiled();
    return evaluateLoop(m, data, verbose, null, false);
  }

  /** Checks one batch's targets like {@link Model#checkTargets} (batches of a custom Dataset). */
  private static void checkBatchTargets(Model m, Batch b) {
    if (b.y() != null) {
      m.checkTargets(b.x(), b.y());
    }
  }

  private static double[] evaluateLoop(
      Model m, Dataset data, int verbose, Tensor table, boolean checked) {
    List<String> names = m.metricsNames();
    double[] values = new double[names.size()];
    double[] sums = new double[names.size()];
    long target = data.samples() >= 0 ? data.samples() : data.steps();
    Progbar bar =
        verbose > 0
            ? new Progbar(target, verbose, m.out, Progbar.stdoutIsTerminal() && m.out == System.out)
            : null;
    data.onEpochBegin(0);
    long seen = 0;
    long units = 0;
    for (int step = 0; step < data.steps(); step++) {
      long size;
      try (TensorScope s = new TensorScope()) {
        Batch b = data.batch(step);
        size = b.size();
        if (!checked) {
          checkBatchTargets(m, b);
        }
        try (CheckedLabels c = CheckedLabels.enter()) {
          Tensor sw = m.sampleWeights(b, table);
          Tensor[] outs = m.callAll(b.x(), false);
          Tensor[] ys = m.adaptTargets(b.y(), outs);
          values[0] = m.totalLoss(ys, outs, sw).item();
          m.batchMetrics(ys, outs, sw, values);
        }
      }
      seen += size;
      units += data.samples() >= 0 ? size : 1;
      for (int k = 0; k < values.length; k++) {
        sums[k] += values[k] * size;
      }
      if (bar != null) {
        bar.update(units, null);
      }
    }
    for (int k = 0; k < sums.length; k++) {
      sums[k] /= Math.max(1, seen);
    }
    return sums;
  }

  /** {@link Model#predictAll}. */
  static Tensor[] predictAll(Model m, Tensor[] x, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException(
          "Model "
              + m.name()
              + ".predict: argument 'batchSize' expected a positive integer but was "
              + batchSize);
    }
    Tensor[] r = new Tensor[Math.max(1, m.outputs().size())];
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = floats(x);
      m.prepareFor(xs);
      m.checkData(xs);
      r = new Tensor[m.outputs().size()];
      TensorDataset data = new TensorDataset(xs, null, null).batchSize(batchSize);
      List<List<Tensor>> parts = new ArrayList<>();
      for (int k = 0; k < r.length; k++) {
        parts.add(new ArrayList<>());
      }
      for (int step = 0; step < data.steps(); step++) {
        Tensor[] outs = m.callAll(data.batch(step).x(), false);
        for (int k = 0; k < outs.length; k++) {
          parts.get(k).add(outs[k]);
        }
      }
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
    m.requireCompiled();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = checkedBatch(m, x, y);
      double[] values = new double[m.metricsNames().size()];
      m.trainStep(
          new Batch(xs, floats(new Tensor[] {y}), null), null, values, m.trainableWeights());
      return values;
    }
  }

  /** {@link Model#testOnBatch}. */
  static double[] testOnBatch(Model m, Tensor x, Tensor y) {
    m.requireCompiled();
    try (TensorScope scope = new TensorScope()) {
      Tensor[] xs = checkedBatch(m, x, y);
      return evaluateLoop(
          m,
          new TensorDataset(xs, floats(new Tensor[] {y}), null).batchSize((int) x.dim(0)),
          0,
          null,
          true);
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
