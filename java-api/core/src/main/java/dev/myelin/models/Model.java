package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.callbacks.History;
import dev.myelin.constraints.Constraint;
import dev.myelin.internal.MetricPartials;
import dev.myelin.internal.Recorder;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNames;
import dev.myelin.layers.Node;
import dev.myelin.losses.CheckedLabels;
import dev.myelin.losses.Loss;
import dev.myelin.metrics.Metric;
import dev.myelin.optimizers.Optimizer;
import dev.myelin.saving.Registry;
import dev.myelin.saving.WeightArray;
import dev.myelin.saving.WeightsFile;
import dev.myelin.saving.WeightsFormatException;
import dev.myelin.saving.internal.Configs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A model: a graph of layers from symbolic inputs to outputs (Keras's functional {@code Model}),
 * with {@code compile}, {@code fit}, {@code evaluate}, {@code predict}, {@code summary} and weight
 * access. A model is itself a layer, so it can be used inside another model.
 *
 * <pre>{@code
 * KerasTensor inputs = Input.of(3);
 * KerasTensor h = new Dense(8).activation("relu").apply(inputs);
 * KerasTensor outputs = new Dense(1).activation("sigmoid").apply(h);
 * Model model = new Model(inputs, outputs);
 * model.compile("adam", "binary_crossentropy", "accuracy");
 * History history = model.fit(x, y, new FitOptions().epochs(10));
 * }</pre>
 *
 * <p>Training follows Keras: per-batch loss (plus regularization penalties) differentiated with a
 * {@link GradientTape}, one {@code optimizer.applyGradients} per batch, constraints applied after
 * the update; each batch runs in its own {@link TensorScope}, so nothing outlives the step. Logged
 * values are Keras 2.2's: each batch's mean, averaged over the epoch weighted by batch size.
 *
 * <p><b>Threads.</b> A built model (one that has been fit, called, or built) may be shared by any
 * number of threads calling {@code predict}, {@code predictOnBatch}, {@code predictClasses} or
 * {@code call} in inference: each call gives exactly the numbers it gives on one thread. Training
 * ({@code fit}, {@code trainOnBatch}), {@code evaluate} and {@code testOnBatch} (they update the
 * model's metric objects), {@code compile}, weight setters and loading change the model and must
 * not overlap any other use of it. Separate models may be trained on separate threads at the same
 * time; each thread that calls {@link dev.myelin.Myelin#setSeed} before building and fitting its
 * model gets exactly the weights that the same seed gives when the models are trained one after the
 * other (the random generator is per thread).
 */
public class Model extends Layer {
  static {
    // A functional model's config (Keras 3 calls it Functional, Keras 2 Model).
    Registry.builtIn(
        Registry.Kind.LAYER, Model.class, "Functional", List.of("Model"), KerasConfig::functional);
  }

  private List<KerasTensor> inputs = List.of();
  private List<KerasTensor> outputs = List.of();
  private List<Node> nodes = List.of();
  private List<Layer> graphLayers = List.of();
  private Optimizer optimizer;
  private Loss loss;
  private List<List<Metric>> metrics = List.of();
  boolean stopTraining;
  PrintStream out = System.out;
  private final ArrayList<Variable> stepVars = new ArrayList<>();
  private final ArrayList<Tensor> stepGrads = new ArrayList<>();

  /** A functional model from one input to one output. */
  public Model(KerasTensor input, KerasTensor output) {
    this(List.of(input), List.of(output));
  }

  /** A functional model from several inputs to several outputs. */
  public Model(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    setGraph(inputs, outputs);
  }

  /** A model whose graph is set later (used by {@link Sequential}). */
  protected Model() {}

  @Override
  protected String defaultNamePrefix() {
    if (getClass() == Model.class) {
      return LayerNames.keras2Names() ? "model" : "functional";
    }
    return super.defaultNamePrefix();
  }

  @Override
  public String className() {
    if (getClass() == Model.class) {
      return LayerNames.keras2Names() ? "Model" : "Functional";
    }
    return super.className();
  }

  /** Sets the graph: finds every layer call between {@code inputs} and {@code outputs}. */
  protected final void setGraph(List<KerasTensor> in, List<KerasTensor> outs) {
    if (in == null || in.isEmpty() || outs == null || outs.isEmpty()) {
      throw new IllegalArgumentException(
          "Model: arguments 'inputs' and 'outputs' expected at least one KerasTensor each but were "
              + in
              + " and "
              + outs);
    }
    Set<KerasTensor> inputSet = Collections.newSetFromMap(new IdentityHashMap<>());
    inputSet.addAll(in);
    List<Node> order = new ArrayList<>();
    Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
    for (KerasTensor o : outs) {
      visit(o, inputSet, done, order);
    }
    LinkedHashSet<Layer> ls = new LinkedHashSet<>();
    for (KerasTensor i : in) {
      ls.add(i.layer());
    }
    for (Node n : order) {
      ls.add(n.layer());
    }
    this.inputs = List.copyOf(in);
    this.outputs = List.copyOf(outs);
    this.nodes = List.copyOf(order);
    this.graphLayers = List.copyOf(ls);
  }

  private void visit(KerasTensor t, Set<KerasTensor> inputSet, Set<Node> done, List<Node> order) {
    if (inputSet.contains(t) || done.contains(t.node())) {
      return;
    }
    Node n = t.node();
    if (n.inputs().isEmpty()) {
      throw new IllegalArgumentException(
          "Model: graph disconnected: cannot obtain a value for tensor "
              + t
              + " of layer \""
              + n.layer().name()
              + "\"; it is not among the model's inputs");
    }
    for (KerasTensor i : n.inputs()) {
      visit(i, inputSet, done, order);
    }
    done.add(n);
    order.add(n);
  }

  /** Whether the model has a graph (a Sequential gets one once its input shape is known). */
  public boolean hasGraph() {
    return !outputs.isEmpty();
  }

  /** The model's layers in order (Keras's {@code model.layers}). */
  public List<Layer> layers() {
    return graphLayers;
  }

  /** The layer named {@code layerName}. */
  public Layer getLayer(String layerName) {
    for (Layer l : layers()) {
      if (l.name().equals(layerName)) {
        return l;
      }
    }
    List<String> names = new ArrayList<>();
    for (Layer l : layers()) {
      names.add(l.name());
    }
    throw new IllegalArgumentException(
        "Model.getLayer: argument 'layerName' expected one of "
            + names
            + " but was \""
            + layerName
            + "\"");
  }

  /** The symbolic inputs. */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** The symbolic outputs. */
  public List<KerasTensor> outputs() {
    return outputs;
  }

  /** The first symbolic input (Keras's {@code model.input}). */
  @Override
  public KerasTensor input() {
    requireGraph("input");
    return inputs.get(0);
  }

  /** The first symbolic output (Keras's {@code model.output}). */
  @Override
  public KerasTensor output() {
    requireGraph("output");
    return outputs.get(0);
  }

  /** The graph's calls in execution order. */
  protected List<Node> nodes() {
    return nodes;
  }

  private void requireGraph(String what) {
    if (!hasGraph()) {
      throw new IllegalStateException(
          "Model "
              + name()
              + " has no defined "
              + what
              + " yet: give the first layer an inputShape or call build(shape)");
    }
  }

  // ---- weights ----

  @Override
  public List<Variable> trainableWeights() {
    if (!trainable()) {
      return List.of();
    }
    return distinct(Layer::trainableWeights);
  }

  @Override
  public List<Variable> nonTrainableWeights() {
    return distinct(l -> trainable() ? l.nonTrainableWeights() : l.weights());
  }

  /**
   * Every weight, layer by layer, each layer's in its own order (Keras's {@code get_weights}
   * order).
   */
  @Override
  public List<Variable> weights() {
    return distinct(Layer::weights);
  }

  /** Each layer's {@code of(layer)} in layer order, a variable shared by layers only once. */
  private List<Variable> distinct(Function<Layer, List<Variable>> of) {
    List<Variable> r = new ArrayList<>();
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Layer l : layers()) {
      for (Variable v : of.apply(l)) {
        if (seen.add(v)) {
          r.add(v);
        }
      }
    }
    return r;
  }

  @Override
  public Constraint constraintOf(Variable v) {
    for (Layer l : layers()) {
      Constraint c = l.constraintOf(v);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  @Override
  public List<Tensor> regularizationLosses() {
    List<Tensor> r = new ArrayList<>();
    for (Layer l : layers()) {
      r.addAll(l.regularizationLosses());
    }
    return r;
  }

  /** Copies of every weight's value, in {@link #weights()} order (the caller owns them). */
  public List<Tensor> getWeights() {
    List<Tensor> r = new ArrayList<>();
    for (Variable v : weights()) {
      r.add(v.value().copy());
    }
    return r;
  }

  /**
   * Sets every weight from {@code values} (same count, order and shapes as {@link #getWeights()}).
   */
  public void setWeights(List<Tensor> values) {
    ModelSaving.setWeights(this, values);
  }

  /**
   * Writes every layer's weights to {@code file} in the Keras 3 {@code .weights.h5} layout (through
   * {@link WeightsFile}); the write is atomic, so a failed save leaves a previous file intact.
   */
  public void saveWeights(Path file) {
    ModelSaving.weightsFile(this).write(file);
  }

  /**
   * Restores the compiled optimizer's state from {@code state} (Keras 3's order) read from {@code
   * file}. When {@code strict}, a state that does not fit this optimizer and model throws a {@link
   * WeightsFormatException} naming the file; otherwise it is skipped (as Keras's {@code
   * load_weights} skips an optimizer whose variable count differs) and false is returned.
   */
  boolean restoreOptimizerState(List<WeightArray> state, Path file, boolean strict) {
    return ModelSaving.restoreOptimizerState(this, state, file, strict);
  }

  /**
   * Saves the whole model as Keras does: {@code .keras} (a zip of {@code config.json}, {@code
   * metadata.json} and {@code model.weights.h5}, loadable by Python Keras 3's {@code
   * keras.models.load_model}), for a name ending in {@code .h5} or {@code .hdf5} the legacy
   * whole-model HDF5 file Keras 3 writes for {@code save("m.h5")}, or, for a name ending in {@code
   * .weights.h5}, the weights alone. The write goes to a temporary file renamed over {@code file},
   * so a failed save leaves the previous file intact. A compiled model's optimizer state goes along
   * (Keras 3's {@code optimizer/vars}). Models used as layers are saved nested; a {@code Lambda}
   * needs a named function ({@link dev.myelin.layers.Lambda#register}) and a custom layer a
   * registration ({@link dev.myelin.layers.Layers#register}), else this throws naming the layer:
   * use {@link #saveWeights} for those.
   */
  public void save(Path file) {
    ModelSaving.save(this, file);
  }

  /**
   * The model's architecture (and compile settings, once compiled) as Keras 3 JSON, as Keras's
   * {@code model.to_json()}; {@link Models#modelFromJson} and Keras's {@code model_from_json} read
   * it back.
   */
  public String toJson() {
    return Configs.toJson(KerasConfig.serialize(this));
  }

  /**
   * Keras's {@code model.get_config()}: the {@code config} part of {@link #toJson()} ({@code name},
   * {@code layers}, and {@code input_layers}/{@code output_layers} for a functional model).
   */
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> getConfig() {
    return (Map<String, Object>) KerasConfig.serialize(this).get("config");
  }

  /** The metrics of the first output, as compiled. */
  List<Metric> compiledMetrics() {
    return metrics.isEmpty() ? List.of() : metrics.get(0);
  }

  /**
   * Loads weights saved by {@link #saveWeights} or by Keras ({@code .weights.h5} or a Keras 2
   * {@code .h5}): layers are matched by name when every name is found, else in order.
   */
  public void loadWeights(Path file) {
    loadWeights(WeightsFile.read(file), file);
  }

  /** Loads weights already read from {@code file}. */
  void loadWeights(WeightsFile w, Path file) {
    ModelSaving.loadWeights(this, w, file);
  }

  // ---- running the graph ----

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    requireGraph("output");
    long[] s = outputs.get(0).shape();
    s[0] = inputShapes[0][0];
    return s;
  }

  /** The shapes of every output, as a model used as a layer returns them all. */
  @Override
  public long[][] computeOutputShapes(long[][] inputShapes) {
    requireGraph("output");
    long[][] r = new long[outputs.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = outputs.get(i).shape();
      r[i][0] = inputShapes[0][0];
    }
    return r;
  }

  @Override
  public Tensor call(Tensor[] xs, boolean training) {
    if (outputs.size() != 1) {
      throw new IllegalStateException(
          "Model " + name() + " has " + outputs.size() + " outputs; use callAll to get them all");
    }
    return callAll(xs, training)[0];
  }

  /** Runs the graph on concrete inputs (one per model input) and returns every output. */
  @Override
  public Tensor[] callAll(Tensor[] xs, boolean training) {
    requireGraph("input");
    if (xs.length != inputs.size()) {
      throw new IllegalArgumentException(
          "Model "
              + name()
              + ": expected "
              + inputs.size()
              + " input tensors but got "
              + xs.length);
    }
    Map<KerasTensor, Tensor> values = new IdentityHashMap<>();
    for (int i = 0; i < xs.length; i++) {
      values.put(inputs.get(i), xs[i]);
    }
    for (Node n : nodes) {
      List<KerasTensor> ins = n.inputs();
      Tensor[] args = new Tensor[ins.size()];
      for (int i = 0; i < args.length; i++) {
        args[i] = values.get(ins.get(i));
      }
      Tensor[] outs = n.layer().invokeAll(args, training);
      List<KerasTensor> symbolic = n.outputs();
      if (outs.length != symbolic.size()) {
        throw new IllegalStateException(
            "Layer "
                + n.layer().name()
                + " returned "
                + outs.length
                + " tensors from callAll but computeOutputShapes declared "
                + symbolic.size());
      }
      for (int k = 0; k < outs.length; k++) {
        values.put(symbolic.get(k), outs[k]);
      }
    }
    Tensor[] r = new Tensor[outputs.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = values.get(outputs.get(i));
    }
    return r;
  }

  /** Builds the graph for inputs of {@code inputShape} (only meaningful for a Sequential). */
  @Override
  public void build(long[] inputShape) {}

  /** Checks that data of these shapes fits the model's inputs, naming the layer and both shapes. */
  protected void checkData(Tensor[] xs) {
    DataChecks.checkData(this, xs);
  }

  /**
   * Checks every target array against its output and the compiled loss ({@link Loss#checkLabels})
   * before any step runs: the count, the samples and the loss's own label shape and dtype rules.
   */
  void checkTargets(Tensor[] xs, Tensor[] ys) {
    DataChecks.checkTargets(this, xs, ys);
  }

  /** Prepares input arrays before the graph exists: a Sequential builds itself here. */
  protected void prepareFor(Tensor[] xs) {}

  // ---- compile ----

  /** Configures training with an optimizer, a loss and metrics (objects). */
  public void compile(Optimizer optimizer, Loss loss, List<Metric> metricObjects) {
    if (optimizer == null) {
      throw new IllegalArgumentException(
          "Model " + name() + ".compile: argument 'optimizer' expected an Optimizer but was null");
    }
    if (loss == null) {
      throw new IllegalArgumentException(
          "Model " + name() + ".compile: argument 'loss' expected a Loss but was null");
    }
    this.optimizer = optimizer;
    this.loss = loss;
    List<List<Metric>> ms = new ArrayList<>();
    ms.add(metricObjects == null ? List.of() : List.copyOf(metricObjects));
    this.metrics = ms;
    this.metricNames = null;
    clearTraces();
  }

  /** Configures training with an optimizer object, a loss name and metric names. */
  public void compile(Optimizer optimizer, String loss, String... metricNames) {
    Loss l = Loss.get(loss);
    compile(optimizer, l, List.of());
    this.metrics = resolveMetrics(l, metricNames);
  }

  /** Configures training from Keras names, e.g. {@code compile("adam", "mse")}. */
  public void compile(String optimizer, String loss, String... metricNames) {
    compile(Optimizer.get(optimizer), loss, metricNames);
  }

  /** Configures training with an optimizer object, a loss object and metric names. */
  public void compile(Optimizer optimizer, Loss loss, String... metricNames) {
    compile(optimizer, loss, List.of());
    this.metrics = resolveMetrics(loss, metricNames);
  }

  private List<List<Metric>> resolveMetrics(Loss l, String[] names) {
    List<List<Metric>> r = new ArrayList<>();
    int n = Math.max(1, outputs.size());
    for (int k = 0; k < n; k++) {
      List<Metric> ms = new ArrayList<>();
      for (String s : names) {
        ms.add(Metric.get(s, l));
      }
      r.add(ms);
    }
    return r;
  }

  /** The optimizer set by {@code compile}, or null. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** The loss set by {@code compile}, or null. */
  public Loss loss() {
    return loss;
  }

  /** Asks {@code fit} to stop after the current batch or epoch (used by callbacks). */
  public void stopTraining(boolean on) {
    this.stopTraining = on;
  }

  /** Whether a stop was requested. */
  public boolean stopTraining() {
    return stopTraining;
  }

  /** Redirects the progress output (default {@code System.out}). */
  public void setOutput(PrintStream stream) {
    this.out = stream;
  }

  void requireCompiled() {
    if (optimizer == null || loss == null) {
      throw new IllegalStateException(
          "You must compile a model before training/testing. Use `model.compile(optimizer, loss)`.");
    }
  }

  private List<String> metricNames;

  /**
   * The names logged by fit/evaluate: {@code loss}, then each metric's (Keras's {@code
   * metrics_names}).
   */
  public List<String> metricsNames() {
    if (metricNames == null) {
      List<String> r = new ArrayList<>();
      r.add("loss");
      boolean multi = metrics.size() > 1;
      for (int k = 0; k < metrics.size(); k++) {
        for (Metric m : metrics.get(k)) {
          r.add(multi ? outputs.get(k).layer().name() + "_" + m.name() : m.name());
        }
      }
      metricNames = List.copyOf(r);
    }
    return metricNames;
  }

  // ---- one step ----

  Tensor[] adaptTargets(Tensor[] ys, Tensor[] outs) {
    Tensor[] r = ys.clone();
    for (int k = 0; k < r.length; k++) {
      if (r[k].rank() == 1 && outs[k].rank() == 2 && outs[k].dim(1) == 1) {
        r[k] = r[k].reshape(r[k].dim(0), 1);
      }
    }
    return r;
  }

  Tensor totalLoss(Tensor[] ys, Tensor[] outs, Tensor sw) {
    if (ys.length != outs.length) {
      throw new IllegalArgumentException(
          "Model "
              + name()
              + ": expected "
              + outs.length
              + " target arrays (one per output) but got "
              + ys.length);
    }
    Tensor total = null;
    for (int k = 0; k < outs.length; k++) {
      // computeOnOutput: a softmax output layer and a cross-entropy loss fuse into one op (the
      // gradient is taken w.r.t. the weights only, never the outputs)
      Tensor l = loss.computeOnOutput(ys[k], outs[k], sw);
      total = total == null ? l : total.add(l);
    }
    for (Tensor r : regularizationLosses()) {
      total = total.add(r);
    }
    return total;
  }

  /**
   * One training step on a batch: forward, loss, gradients, update, constraints; writes the batch's
   * loss and metric values into {@code values} (in {@link #metricsNames()} order). Must run inside
   * a {@link TensorScope}.
   */
  void trainStep(Batch b, Tensor classTable, double[] values, List<Variable> vars) {
    // every caller checked the targets' values first (checkTargets on the whole tensor, or on
    // each batch of a custom Dataset): losses skip their host-side label checks, so the step
    // (eager or traced alike) is pure tensor ops
    try (CheckedLabels c = CheckedLabels.enter()) {
      if (!runEagerly() && tracedStep(b, classTable, values, vars)) {
        return;
      }
      StepResult r = runStep(b, classTable, vars);
      values[0] = r.total().item();
      batchMetrics(r.ys(), r.outs(), r.sw(), values);
    }
  }

  /** The values of one eager step that the loss and the metrics read. */
  record StepResult(Tensor total, Tensor[] ys, Tensor[] outs, Tensor sw) {}

  /** Forward, loss, gradients, update and constraints on one batch (inside a TensorScope). */
  private StepResult runStep(Batch b, Tensor classTable, List<Variable> vars) {
    Tensor[] outs;
    Tensor[] ys;
    Tensor total;
    Tensor sw = sampleWeights(b, classTable);
    Tensor[] grads;
    try (GradientTape tape = new GradientTape()) {
      Tensor[] watched = new Tensor[vars.size()];
      for (int i = 0; i < watched.length; i++) {
        watched[i] = vars.get(i).value();
      }
      tape.watch(watched);
      outs = callAll(b.x(), true);
      ys = adaptTargets(b.y(), outs);
      total = totalLoss(ys, outs, sw);
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
      Constraint c = constraintOf(v);
      if (c != null) {
        v.assign(c.apply(v.value()));
      }
    }
    stepVars.clear();
    stepGrads.clear();
    return new StepResult(total, ys, outs, sw);
  }

  // ---- traced steps ----

  private static final boolean TRACE_DEFAULT =
      !"false".equalsIgnoreCase(System.getProperty("myelin.trace", "true"));
  private static final int MAX_TRACES = 8;
  private Boolean runEagerly;
  private final ArrayList<TracedStep> traces = new ArrayList<>();
  private int traceRecordings;

  /** How many steps were recorded as plans so far (for tests). */
  int traceRecordings() {
    return traceRecordings;
  }

  /**
   * Whether {@code fit} and {@code trainOnBatch} run every step eagerly (Keras's {@code
   * run_eagerly}). By default (false, unless the system property {@code myelin.trace} is {@code
   * false}) the first batch of each shape is traced: its forward pass, gradients, optimizer update
   * and metric sums are recorded as a native plan that later batches of the same shape replay in
   * one native call, with the same numbers as the eager step. Steps that cannot be replayed (random
   * layers such as Dropout, constraints, BatchNormalization's moving averages, gradient clipping by
   * norm, metrics other than running means) stay eager; see {@code docs/keras-models.md}.
   */
  public boolean runEagerly() {
    return runEagerly != null ? runEagerly : !TRACE_DEFAULT;
  }

  /** Sets {@link #runEagerly()}; true also drops the recorded plans. */
  public Model runEagerly(boolean on) {
    this.runEagerly = on;
    if (on) {
      clearTraces();
    }
    return this;
  }

  /**
   * Describes the recorded training-step plans, one line each: the input shapes they were recorded
   * for and their size in native calls, or why the step stays eager (for tests and diagnostics).
   */
  public List<String> tracedSteps() {
    List<String> r = new ArrayList<>();
    for (TracedStep t : traces) {
      r.add(t.replayable() ? "replayable, " + t.ops() + " native calls" : "eager: " + t.reason());
    }
    return r;
  }

  private void clearTraces() {
    for (TracedStep t : traces) {
      t.free();
    }
    traces.clear();
  }

  /**
   * Runs the step through a traced plan when one matches (or records one): returns false when the
   * eager step must run instead.
   */
  private boolean tracedStep(Batch b, Tensor classTable, double[] values, List<Variable> vars) {
    if (Recorder.active() || MetricPartials.active() != null || b.y() == null) {
      return false;
    }
    for (int i = 0; i < traces.size(); i++) {
      TracedStep t = traces.get(i);
      if (!t.sameShapes(b, classTable)) {
        continue;
      }
      if (t.sameState(vars, optimizer)) {
        if (!t.replayable()) {
          return false;
        }
        t.run(b, values);
        return true;
      }
      t.free();
      traces.remove(i);
      break;
    }
    List<Metric> flat = new ArrayList<>();
    List<Integer> outputOf = new ArrayList<>();
    for (int k = 0; k < metrics.size(); k++) {
      for (Metric m : metrics.get(k)) {
        flat.add(m);
        outputOf.add(k);
      }
    }
    int[] mo = new int[outputOf.size()];
    for (int i = 0; i < mo.length; i++) {
      mo[i] = outputOf.get(i);
    }
    TracedStep t =
        TracedStep.record(
            b,
            classTable,
            vars,
            weights(),
            optimizer,
            flat.toArray(new Metric[0]),
            mo,
            () -> runStep(b, classTable, vars),
            values);
    if (t == null) {
      return false;
    }
    traceRecordings++;
    if (traces.size() >= MAX_TRACES) {
      traces.remove(0).free();
    }
    traces.add(t);
    return true;
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

  void batchMetrics(Tensor[] ys, Tensor[] outs, Tensor sw, double[] values) {
    int j = 1;
    for (int k = 0; k < metrics.size(); k++) {
      for (Metric m : metrics.get(k)) {
        m.resetState();
        m.updateState(ys[k], outs[k], sw);
        values[j++] = m.result();
      }
    }
  }

  Tensor sampleWeights(Batch b, Tensor classTable) {
    Tensor sw = b.sampleWeight();
    if (classTable == null) {
      return sw;
    }
    Tensor y = b.y()[0];
    Tensor cls = y.rank() == 2 && y.dim(1) > 1 ? y.argmax(1) : y.reshape(-1).cast(DType.INT64);
    Tensor cw = classTable.take(cls, 0);
    return sw == null ? cw : sw.mul(cw);
  }

  // ---- fit ----

  /** Trains for one epoch with Keras's defaults (batch 32, shuffled, verbose 1). */
  public History fit(Tensor x, Tensor y) {
    return fit(x, y, new FitOptions());
  }

  /** Trains on {@code x} / {@code y} with the given options. */
  public History fit(Tensor x, Tensor y, FitOptions o) {
    return fit(new Tensor[] {x}, new Tensor[] {y}, o);
  }

  /** Trains on Java arrays: rows of features and one target per row. */
  public History fit(float[][] x, float[] y, FitOptions o) {
    try (TensorScope scope = new TensorScope()) {
      return fit(Tensor.of(x), Tensor.fromArray(y, y.length), o);
    }
  }

  /** Trains on Java arrays: rows of features and rows of targets. */
  public History fit(float[][] x, float[][] y, FitOptions o) {
    try (TensorScope scope = new TensorScope()) {
      return fit(Tensor.of(x), Tensor.of(y), o);
    }
  }

  /** Trains on Java arrays of doubles (converted once to float32). */
  public History fit(double[][] x, double[] y, FitOptions o) {
    try (TensorScope scope = new TensorScope()) {
      return fit(Tensor.of(x), Tensor.fromArray(y, y.length), o);
    }
  }

  /** Trains on several inputs and outputs. */
  public History fit(Tensor[] x, Tensor[] y, FitOptions o) {
    return TrainingLoop.fit(this, x, y, o);
  }

  /** Trains on batches from a {@link Dataset} (its own batch size and order apply). */
  public History fit(Dataset data, FitOptions o) {
    return TrainingLoop.fit(this, data, o);
  }

  // ---- evaluate / predict ----

  /** Loss and metric values on {@code (x, y)}, batch 32, with a progress bar (Keras's evaluate). */
  public double[] evaluate(Tensor x, Tensor y) {
    return evaluate(x, y, 32, 1);
  }

  /** Loss and metric values on {@code (x, y)} in {@link #metricsNames()} order. */
  public double[] evaluate(Tensor x, Tensor y, int batchSize, int verbose) {
    return evaluate(new Tensor[] {x}, new Tensor[] {y}, batchSize, verbose);
  }

  /** Loss and metric values on Java arrays. */
  public double[] evaluate(float[][] x, float[] y, int batchSize, int verbose) {
    try (TensorScope scope = new TensorScope()) {
      return evaluate(Tensor.of(x), Tensor.fromArray(y, y.length), batchSize, verbose);
    }
  }

  /** Loss and metric values for several inputs and outputs. */
  public double[] evaluate(Tensor[] x, Tensor[] y, int batchSize, int verbose) {
    return TrainingLoop.evaluate(this, x, y, batchSize, verbose);
  }

  /** Loss and metric values over a {@link Dataset}. */
  public double[] evaluate(Dataset data, int verbose) {
    return TrainingLoop.evaluate(this, data, verbose);
  }

  /** Predictions for {@code x} in batches of 32 (the first output). */
  public Tensor predict(Tensor x) {
    return predict(x, 32);
  }

  /** Predictions for {@code x} in batches of {@code batchSize} (the first output). */
  public Tensor predict(Tensor x, int batchSize) {
    return predictAll(new Tensor[] {x}, batchSize)[0];
  }

  /** Predictions for rows of features. */
  public Tensor predict(float[][] x) {
    Tensor t = Tensor.of(x);
    try {
      return predict(t, 32);
    } finally {
      t.close();
    }
  }

  /** Predictions of every output for several inputs; the results belong to the caller's scope. */
  public Tensor[] predictAll(Tensor[] x, int batchSize) {
    return TrainingLoop.predictAll(this, x, batchSize);
  }

  /**
   * Class predictions as Keras 2.2's {@code predict_classes}: the arg-max over the last axis, or
   * {@code p > 0.5} as int32 of shape {@code (n, 1)} for a single sigmoid output.
   */
  public Tensor predictClasses(Tensor x) {
    try (TensorScope scope = new TensorScope()) {
      Tensor p = predict(x);
      Tensor c = p.dim(p.rank() - 1) > 1 ? p.argmax(p.rank() - 1) : p.gt(0.5).cast(DType.INT32);
      return scope.keep(c);
    }
  }

  /** Probabilities (the same as {@link #predict(Tensor)}; Keras 2.2's {@code predict_proba}). */
  public Tensor predictProba(Tensor x) {
    return predict(x);
  }

  /** Runs one training step on one batch; returns the batch's loss and metrics. */
  public double[] trainOnBatch(Tensor x, Tensor y) {
    return TrainingLoop.trainOnBatch(this, x, y);
  }

  /** The loss and metrics on one batch, without updating. */
  public double[] testOnBatch(Tensor x, Tensor y) {
    return TrainingLoop.testOnBatch(this, x, y);
  }

  /** The predictions for one batch (the first output). */
  public Tensor predictOnBatch(Tensor x) {
    return predict(x, (int) Math.max(1, x.dim(0)));
  }

  // ---- summary ----

  /** Prints {@link #summaryString()} to standard output. */
  public void summary() {
    System.out.print(summaryString());
  }

  /**
   * The layer table Keras prints: Keras 2.2's classic layout ({@code Layer (type)}, {@code Output
   * Shape}, {@code Param #}, rules of {@code _} and {@code =}, totals with thousands separators).
   * With Keras 3 naming it starts with {@code Model: "name"}, as tf.keras 2.x does.
   */
  public String summaryString() {
    requireGraph("summary");
    return Summary.of(this);
  }

  /** Returns e.g. {@code <Sequential name=sequential, layers=2>}. */
  @Override
  public String toString() {
    return "<" + className() + " name=" + name() + ", layers=" + layers().size() + ">";
  }

  /** True for an {@link InputLayer} (helper for subclasses). */
  protected static boolean isInput(Layer l) {
    return l instanceof InputLayer;
  }
}
