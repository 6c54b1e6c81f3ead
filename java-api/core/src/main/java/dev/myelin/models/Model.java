package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.autodiff.GradientTape;
import dev.myelin.callbacks.History;
import dev.myelin.constraints.Constraint;
import dev.myelin.layers.InputLayer;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.Layer;
import dev.myelin.layers.LayerNames;
import dev.myelin.layers.Node;
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

  /** The compiled optimizer, loss, metrics and trace cache; null until compile. */
  private TrainFunction trainFunction;

  private volatile boolean stopTraining;
  private PrintStream out; // null: System.out as it is at each call (tests swap it)

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
    this.inputs = List.copyOf(in);
    this.outputs = List.copyOf(outs);
    this.nodes = List.copyOf(order);
    this.graphLayers = GraphOrder.layers(in, outs);
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
    return subclassed() ? trackedLayers() : graphLayers;
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
    for (Layer l : ownedLayers()) {
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
    for (Layer l : ownedLayers()) {
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
    for (Layer l : ownedLayers()) {
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
    if (subclassed()) {
      return super.getConfig(); // a subclass adds its constructor arguments (see SubclassedConfig)
    }
    return (Map<String, Object>) KerasConfig.serialize(this).get("config");
  }

  /** The metrics of the first output, as compiled. */
  List<Metric> compiledMetrics() {
    return trainFunction == null || trainFunction.metrics.isEmpty()
        ? List.of()
        : trainFunction.metrics.get(0);
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
    if (subclassed()) {
      throw new IllegalStateException(
          "Model "
              + name()
              + " has no graph: a Model subclass without one must override call(Tensor[], boolean)");
    }
    if (outputs.size() != 1) {
      throw new IllegalStateException(
          "Model " + name() + " has " + outputs.size() + " outputs; use callAll to get them all");
    }
    return callAll(xs, training)[0];
  }

  /** Runs the graph on concrete inputs (one per model input) and returns every output. */
  @Override
  public Tensor[] callAll(Tensor[] xs, boolean training) {
    if (subclassed()) {
      return new Tensor[] {call(xs, training)};
    }
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

  /**
   * Builds the model for inputs of {@code inputShape} (batch axis included, -1 when unknown): a
   * Sequential makes its graph, a subclass without a graph builds its tracked layers by one trial
   * call (Keras's {@code model.build(input_shape)}); a functional model is built already.
   */
  @Override
  public void build(long[] inputShape) {
    if (subclassed()) {
      buildSubclass(new long[][] {inputShape});
    }
  }

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

  /**
   * Prepares input arrays before the graph exists: a Sequential builds itself here, a subclass
   * without a graph builds its tracked layers by one trial call on the data's shapes.
   */
  protected void prepareFor(Tensor[] xs) {
    if (subclassed() && (probedOutputShapes == null || !subLayersBuilt())) {
      long[][] shapes = new long[xs.length][];
      for (int i = 0; i < xs.length; i++) {
        shapes[i] = xs[i].shape();
        shapes[i][0] = -1;
      }
      buildSubclass(shapes);
    }
  }

  // ---- compile ----

  /** Configures training with an optimizer, a loss and metrics (objects). */
  public void compile(Optimizer optimizer, Loss loss, List<Metric> metricObjects) {
    compileWith(optimizer, loss, List.of(metricObjects == null ? List.of() : metricObjects));
  }

  /** Configures training with an optimizer object, a loss name and metric names. */
  public void compile(Optimizer optimizer, String loss, String... metricNames) {
    compile(optimizer, Loss.get(loss), metricNames);
  }

  /** Configures training from Keras names, e.g. {@code compile("adam", "mse")}. */
  public void compile(String optimizer, String loss, String... metricNames) {
    compile(Optimizer.get(optimizer), loss, metricNames);
  }

  /** Configures training with an optimizer object, a loss object and metric names. */
  public void compile(Optimizer optimizer, Loss loss, String... metricNames) {
    compileWith(optimizer, loss, loss == null ? List.of() : resolveMetrics(loss, metricNames));
  }

  /** Every compile ends here: a new TrainFunction, so no traced step outlives its settings. */
  private void compileWith(Optimizer optimizer, Loss loss, List<List<Metric>> metrics) {
    if (optimizer == null) {
      throw new IllegalArgumentException(
          "Model " + name() + ".compile: argument 'optimizer' expected an Optimizer but was null");
    }
    if (loss == null) {
      throw new IllegalArgumentException(
          "Model " + name() + ".compile: argument 'loss' expected a Loss but was null");
    }
    TrainFunction old = trainFunction;
    this.trainFunction = new TrainFunction(optimizer, loss, metrics);
    this.metricNames = null;
    if (old != null) {
      earlierRecordings += old.traceRecordings();
      old.clearTraces();
    }
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
    return trainFunction == null ? null : trainFunction.optimizer;
  }

  /** The loss set by {@code compile}, or null. */
  public Loss loss() {
    return trainFunction == null ? null : trainFunction.loss;
  }

  /** Asks {@code fit} to stop after the current batch or epoch (used by callbacks). */
  public void stopTraining(boolean on) {
    if (trainingOwner != null) {
      trainingOwner.stopTraining(on);
      return;
    }
    this.stopTraining = on;
  }

  /** Whether a stop was requested. */
  public boolean stopTraining() {
    return trainingOwner != null ? trainingOwner.stopTraining() : stopTraining;
  }

  /** Redirects the progress output (default {@code System.out}). */
  public void setOutput(PrintStream stream) {
    this.out = stream;
  }

  /**
   * The progress output (see {@link #setOutput}); callbacks print their notes here, so a host that
   * redirects it (the Python package, a notebook) sees them in order with the progress bars.
   */
  public PrintStream progressOutput() {
    if (trainingOwner != null) {
      return trainingOwner.progressOutput();
    }
    return out == null ? System.out : out;
  }

  /** The compiled step machinery; throws Keras's message when the model was not compiled. */
  TrainFunction trainFunction() {
    if (trainFunction == null) {
      throw new IllegalStateException(
          "You must compile a model before training/testing. Use `model.compile(optimizer, loss)`.");
    }
    return trainFunction;
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
      List<List<Metric>> metrics = trainFunction == null ? List.of() : trainFunction.metrics;
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

  // ---- the steps (Keras 3's train_step / test_step / predict_step) ----

  /**
   * One training step on {@code step.batch()}, Keras 3's {@code train_step}: {@code fit} and {@code
   * trainOnBatch} call it once per batch inside a {@link TensorScope} of its own and log what it
   * returns (per batch, and averaged over the epoch weighted by batch size), in the map's order
   * (return a {@code LinkedHashMap} for several values). The default runs the compiled loss, the
   * gradients, one {@code optimizer.applyGradients}, the constraints and the metrics, replaying a
   * traced native plan where it can (see {@link #runEagerly()}).
   *
   * <p>Override it for custom training; the model's layers, {@link #optimizer()} and {@link
   * #loss()} are at hand, and {@link GradientTape} takes the gradients (see {@code
   * docs/architecture.md}):
   *
   * <pre>{@code
   * public Map<String, Double> trainStep(StepContext step) {
   *   List<Variable> vars = step.trainableVariables();
   *   Tensor[] w = new Tensor[vars.size()];
   *   for (int i = 0; i < w.length; i++) w[i] = vars.get(i).value();
   *   Tensor loss;
   *   Tensor[] grads;
   *   try (GradientTape tape = new GradientTape()) {
   *     tape.watch(w);
   *     Tensor pred = call(step.batch().x(), step.training());
   *     loss = pred.sub(step.batch().y()[0]).square().mean();
   *     grads = tape.gradient(loss, w);
   *   }
   *   optimizer().applyGradients(vars, Arrays.asList(grads));
   *   return Map.of("loss", loss.item());
   * }
   * }</pre>
   */
  public Map<String, Double> trainStep(StepContext step) {
    trainFunction().train(this, step);
    return step.logs();
  }

  /**
   * One evaluation step on {@code step.batch()}, Keras 3's {@code test_step}: {@code evaluate},
   * {@code testOnBatch} and fit's validation call it per batch and average what it returns,
   * weighted by batch size. The default is the compiled loss and metrics on a forward pass with
   * {@code training=false}.
   */
  public Map<String, Double> testStep(StepContext step) {
    trainFunction().test(this, step);
    return step.logs();
  }

  /**
   * One prediction step on {@code step.batch()}, Keras 3's {@code predict_step}: the outputs, one
   * per model output, for the batch's inputs ({@code training=false}); {@code predict} concatenates
   * them over the batches. Concurrent predict calls on one model each pass their own context.
   */
  public Tensor[] predictStep(StepContext step) {
    return callAll(step.batch().x(), step.training());
  }

  // ---- traced steps ----

  private static final boolean TRACE_DEFAULT =
      !"false".equalsIgnoreCase(System.getProperty("myelin.trace", "true"));
  private Boolean runEagerly;

  /** Plans recorded by the TrainFunctions of earlier compiles. */
  private int earlierRecordings;

  /** How many steps were recorded as plans so far, over every compile (for tests). */
  int traceRecordings() {
    return earlierRecordings + (trainFunction == null ? 0 : trainFunction.traceRecordings());
  }

  /**
   * Whether {@code fit} and {@code trainOnBatch} run every step eagerly (Keras's {@code
   * run_eagerly}). By default (false, unless the system property {@code myelin.trace} is {@code
   * false}) the first batch of each shape is traced: its forward pass, gradients, optimizer update
   * and metric sums are recorded as a native plan that later batches of the same shape replay in
   * one native call, with the same numbers as the eager step. Steps that cannot be replayed (random
   * layers such as Dropout, constraints, gradient clipping by norm, metrics other than running
   * means) stay eager; BatchNormalization's moving averages are updated in place and traced. See
   * {@code docs/keras-models.md} and {@code docs/pooling-and-normalization.md}. Only the default
   * {@link #trainStep} is traced: an overriding one runs as written.
   */
  public boolean runEagerly() {
    return runEagerly != null ? runEagerly : !TRACE_DEFAULT;
  }

  /** Sets {@link #runEagerly()}; true also drops the recorded plans. */
  public Model runEagerly(boolean on) {
    this.runEagerly = on;
    if (on && trainFunction != null) {
      trainFunction.clearTraces();
    }
    return this;
  }

  /**
   * Describes the recorded training-step plans, one line each: the input shapes they were recorded
   * for and their size in native calls, or why the step stays eager (for tests and diagnostics).
   */
  public List<String> tracedSteps() {
    return trainFunction == null ? List.of() : trainFunction.describeTraces();
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

  /**
   * Trains on batches from a {@link Dataset} (its own batch size and order apply; each batch is
   * cast and checked as arrays are; {@code validationSplit} and {@code sampleWeight} are refused).
   */
  public History fit(Dataset data, FitOptions o) {
    return TrainingLoop.fit(this, data, o);
  }

  // ---- evaluate / predict ----

  /** Loss and metric values on {@code (x, y)} with Keras's defaults (batch 32, progress bar). */
  public double[] evaluate(Tensor x, Tensor y) {
    return evaluate(x, y, new EvaluateOptions());
  }

  /** Loss and metric values on {@code (x, y)} in {@link #metricsNames()} order. */
  public double[] evaluate(Tensor x, Tensor y, EvaluateOptions o) {
    return evaluate(new Tensor[] {x}, new Tensor[] {y}, o);
  }

  /** Loss and metric values on Java arrays: rows of features and one target per row. */
  public double[] evaluate(float[][] x, float[] y, EvaluateOptions o) {
    try (TensorScope scope = new TensorScope()) {
      return evaluate(Tensor.of(x), Tensor.fromArray(y, y.length), o);
    }
  }

  /** Loss and metric values for several inputs and outputs. */
  public double[] evaluate(Tensor[] x, Tensor[] y, EvaluateOptions o) {
    return TrainingLoop.evaluate(this, x, y, o);
  }

  /** Loss and metric values over a {@link Dataset}, with a progress bar. */
  public double[] evaluate(Dataset data) {
    return evaluate(data, new EvaluateOptions());
  }

  /** Loss and metric values over a {@link Dataset} (its own batch size applies). */
  public double[] evaluate(Dataset data, EvaluateOptions o) {
    return TrainingLoop.evaluate(this, data, o);
  }

  /** Predictions for {@code x} in batches of 32 (the first output). */
  public Tensor predict(Tensor x) {
    return predict(x, new PredictOptions());
  }

  /** Predictions for {@code x} (the first output). */
  public Tensor predict(Tensor x, PredictOptions o) {
    return predictAll(new Tensor[] {x}, o)[0];
  }

  /** Predictions for rows of features, in batches of 32. */
  public Tensor predict(float[][] x) {
    Tensor t = Tensor.of(x);
    try {
      return predict(t);
    } finally {
      t.close();
    }
  }

  /**
   * Predictions for every batch of {@code data}, concatenated in the dataset's order (Keras's
   * {@code predict} on a generator, Keras 2's {@code predict_generator}); batches' targets are
   * ignored. The first output.
   */
  public Tensor predict(Dataset data) {
    return predict(data, new PredictOptions());
  }

  /**
   * {@link #predict(Dataset)} with options: {@code steps} batches (default all), {@code verbose};
   * the dataset's own batch size applies.
   */
  public Tensor predict(Dataset data, PredictOptions o) {
    return predictAll(data, o)[0];
  }

  /** Predictions of every output over the batches of {@code data}, in its order. */
  public Tensor[] predictAll(Dataset data, PredictOptions o) {
    return TrainingLoop.predictAll(this, data, o);
  }

  /** Predictions of every output for several inputs, in batches of 32. */
  public Tensor[] predictAll(Tensor[] x) {
    return predictAll(x, new PredictOptions());
  }

  /** Predictions of every output for several inputs; the results belong to the caller's scope. */
  public Tensor[] predictAll(Tensor[] x, PredictOptions o) {
    return TrainingLoop.predictAll(this, x, o);
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

  /**
   * One training step on a batch of texts, for a model with a string input (Keras's {@code
   * train_on_batch(texts, y)}).
   */
  public double[] trainOnBatch(List<String> texts, Tensor y) {
    return StringInputs.onBatch(this, texts, y, true, name() + ".trainOnBatch");
  }

  /** The loss and metrics on a batch of texts, without updating. */
  public double[] testOnBatch(List<String> texts, Tensor y) {
    return StringInputs.onBatch(this, texts, y, false, name() + ".testOnBatch");
  }

  /** The predictions for one batch (the first output). */
  public Tensor predictOnBatch(Tensor x) {
    return predict(x, new PredictOptions().batchSize((int) Math.max(1, x.dim(0))));
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
    if (subclassed()) {
      outputShapes(); // a subclass without a graph must be built first, as in Keras
    } else {
      requireGraph("summary");
    }
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

  // ---- traced inference (docs/inference.md) ----

  private final TracedPredict tracedPredict = new TracedPredict(this);

  /** The traced inference of this model (its cache of predict plans). */
  TracedPredict tracedPredict() {
    return tracedPredict;
  }

  /**
   * Prepares {@code predict} for requests of the given batch sizes (default 1), so that the first
   * requests a server answers are not the slow ones: for each size it records the traced plan of
   * the forward pass on zeros of the model's input shapes, fills the allocator's cache with the
   * plan's intermediates, and replays it enough times for the JIT to compile the path. It changes
   * no weight and no output. Call it after loading or building a model and after {@code
   * setWeights}; see {@code docs/inference.md}.
   *
   * <pre>{@code
   * Model model = Models.load(path);
   * model.warmUp(1, 64);
   * }</pre>
   */
  public Model warmUp(int... batchSizes) {
    WarmUp.run(this, batchSizes.length == 0 ? new int[] {1} : batchSizes);
    return this;
  }

  // ---- array-like data (issue 16): whatever the data toolkit hands out, as Keras's fit(x, y) ----

  /**
   * Trains on any array-like {@code x} and {@code y}: {@code double[][]}, {@code float[][]}, a
   * {@code DataFrame}, a tensor; targets also as {@code int[]}/{@code long[]} labels, {@code
   * double[]} values or {@code double[][]} one-hot rows. Integer labels become float32 unless the
   * loss is the sparse categorical cross-entropy.
   */
  public History fit(Object x, Object y, FitOptions o) {
    List<String> texts = StringInputs.texts(x);
    if (texts != null) {
      // a model with a string input (TextVectorization first), as Keras's fit(texts, y)
      try (TensorScope scope = new TensorScope()) {
        return StringInputs.fit(
            this, texts, ModelArrays.target(this, name() + ".fit", y), o, name() + ".fit");
      }
    }
    try (TensorScope scope = new TensorScope()) {
      return fit(
          ModelArrays.input(name() + ".fit", "x", x),
          ModelArrays.target(this, name() + ".fit", y),
          o);
    }
  }

  /** {@link #fit(Object, Object, FitOptions)} with Keras's defaults. */
  public History fit(Object x, Object y) {
    return fit(x, y, new FitOptions());
  }

  /**
   * Loss and metrics on any array-like {@code x} and {@code y} (see {@link #fit(Object, Object,
   * FitOptions)}).
   */
  public double[] evaluate(Object x, Object y, EvaluateOptions o) {
    List<String> texts = StringInputs.texts(x);
    if (texts != null) {
      try (TensorScope scope = new TensorScope()) {
        return StringInputs.evaluate(
            this,
            texts,
            ModelArrays.target(this, name() + ".evaluate", y),
            o,
            name() + ".evaluate");
      }
    }
    try (TensorScope scope = new TensorScope()) {
      return evaluate(
          ModelArrays.input(name() + ".evaluate", "x", x),
          ModelArrays.target(this, name() + ".evaluate", y),
          o);
    }
  }

  /** {@link #evaluate(Object, Object, EvaluateOptions)} with Keras's defaults. */
  public double[] evaluate(Object x, Object y) {
    return evaluate(x, y, new EvaluateOptions());
  }

  /**
   * Predictions for any array-like {@code x}; the tensor goes straight into the data toolkit's
   * metrics and plots ({@code accuracy(yTest, pred.gt(0.5))}) or out as {@code toDoubleArray()}.
   */
  public Tensor predict(Object x, PredictOptions o) {
    try (TensorScope scope = new TensorScope()) {
      return scope.keep(predict(ModelArrays.input(name() + ".predict", "x", x), o));
    }
  }

  /** {@link #predict(Object, PredictOptions)} in batches of 32. */
  public Tensor predict(Object x) {
    return predict(x, new PredictOptions());
  }

  /** {@link #predictClasses(Tensor)} for any array-like {@code x}. */
  public Tensor predictClasses(Object x) {
    try (TensorScope scope = new TensorScope()) {
      return scope.keep(predictClasses(ModelArrays.input(name() + ".predictClasses", "x", x)));
    }
  }

  // ---- Model subclasses without a graph (Keras's subclassing API) ----

  /** The output shapes a subclass without a graph showed on its trial call; null before it. */
  private long[][] probedOutputShapes;

  /** The input shapes of that trial call (Keras's {@code build_config}); null before it. */
  private long[][] probedInputShapes;

  /** Builds a subclass without a graph by one trial call on inputs of these shapes. */
  void buildSubclass(long[][] inputShapes) {
    probedOutputShapes = probe(inputShapes);
    probedInputShapes = new long[inputShapes.length][];
    for (int i = 0; i < inputShapes.length; i++) {
      probedInputShapes[i] = inputShapes[i].clone();
    }
  }

  /** The input shapes a subclass without a graph was built for, or null when it is not built. */
  long[][] subclassInputShapes() {
    if (probedInputShapes == null) {
      return null;
    }
    long[][] r = new long[probedInputShapes.length][];
    for (int i = 0; i < r.length; i++) {
      r[i] = probedInputShapes[i].clone();
    }
    return r;
  }

  /**
   * Whether this is a Model subclass without a graph (Keras's subclassing API): its layers are the
   * ones it tracks ({@link #track}) and {@link #call} is its own.
   */
  boolean subclassed() {
    return outputs.isEmpty() && !(this instanceof Sequential);
  }

  /** The tracked sub-layers in tracking order, each once (Keras's {@code model.layers}). */
  private List<Layer> trackedLayers() {
    Set<Layer> r = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Layer> ordered = new ArrayList<>();
    for (Layer l : subLayers().values()) {
      if (r.add(l)) {
        ordered.add(l);
      }
    }
    return ordered;
  }

  /**
   * Every layer whose weights the model owns: {@link #layers()}, then the tracked sub-layers that
   * are not among them (a functional subclass that also tracks layers outside its graph).
   */
  private List<Layer> ownedLayers() {
    if (subLayers().isEmpty()) {
      return layers();
    }
    Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Layer> r = new ArrayList<>();
    for (Layer l : layers()) {
      if (seen.add(l)) {
        r.add(l);
      }
    }
    for (Layer l : subLayers().values()) {
      if (seen.add(l)) {
        r.add(l);
      }
    }
    return r;
  }

  /**
   * The shape of each output (batch axis -1): the graph's, or for a subclass without a graph the
   * ones its trial call produced (see {@link #prepareFor}).
   */
  long[][] outputShapes() {
    if (subclassed()) {
      if (probedOutputShapes == null) {
        throw new IllegalStateException(
            "Model " + name() + " is not built yet: call build(inputShape) or fit it first");
      }
      long[][] r = new long[probedOutputShapes.length][];
      for (int i = 0; i < r.length; i++) {
        r[i] = probedOutputShapes[i].clone();
      }
      return r;
    }
    long[][] r = new long[outputs.size()][];
    for (int i = 0; i < r.length; i++) {
      r[i] = outputs.get(i).shape();
    }
    return r;
  }

  /**
   * How many predict plans were traced so far (a server checks that warm-up left none to trace).
   */
  public int predictTraces() {
    return tracedPredict.recordings();
  }

  // ---- texts: models with a string input ----

  /**
   * Predictions for texts, one sample per string, in batches of 32 (the first output): the model's
   * string layers ({@code TextVectorization}) turn them into tensors, the rest of the graph runs as
   * for {@link #predict(Tensor)}, as Keras's {@code model.predict(["a fine film", ...])} on a model
   * with a string input. A model without a string input refuses texts, naming its inputs.
   */
  public Tensor predict(List<String> texts) {
    return predict(texts, new PredictOptions());
  }

  /** {@link #predict(List)} with options. */
  public Tensor predict(List<String> texts, PredictOptions o) {
    return predictAll(texts, o)[0];
  }

  /** {@link #predict(List)} for an array of texts. */
  public Tensor predict(String[] texts) {
    return predict(texts == null ? null : java.util.Arrays.asList(texts), new PredictOptions());
  }

  /** Predictions of every output for texts (see {@link #predict(List)}). */
  public Tensor[] predictAll(List<String> texts, PredictOptions o) {
    return StringInputs.predictAll(this, texts, o, name() + ".predict");
  }

  // ---- training on behalf of another model (StringInputs' tensor part) ----

  /**
   * The model this one trains for, or null: the tensor part of a model with a string input trains
   * with that model's compile settings, and its callbacks, stop requests and progress output are
   * that model's.
   */
  private Model trainingOwner;

  /** Trains from now on with {@code owner}'s compile settings, for {@code owner}'s callbacks. */
  void trainFor(Model owner) {
    trainingOwner = owner;
    trainFunction = owner.trainFunction();
    metricNames = null;
    runEagerly = owner.runEagerly;
  }

  /** The model callbacks see during this model's fit: the one it trains for, else itself. */
  Model callbackModel() {
    return trainingOwner != null ? trainingOwner : this;
  }
}
