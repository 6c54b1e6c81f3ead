package dev.myelin.layers;

import dev.myelin.DType;
import dev.myelin.DeviceScope;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The base of every layer, as in Keras: {@link #build(long[])} creates the weights once the input
 * shape is known, {@link #call(Tensor[], boolean)} computes the output from tensor operations (so a
 * {@code GradientTape} differentiates it: a custom layer needs no backward code), and {@link
 * #getConfig()} lists the constructor arguments under Keras's keys.
 *
 * <p>Shapes include the batch axis first, {@code -1} standing for Keras's {@code None}. Layers are
 * named automatically per type ({@code dense}, {@code dense_1}, ... or, with Keras 2.2 naming,
 * {@code dense_1}, {@code dense_2}; see {@link LayerNames}).
 *
 * <p>A layer may return several tensors ({@link #callAll} with {@link #computeOutputShapes}; in the
 * functional API {@link #applyAll}) and may own layers ({@link #track}): its weights are its own
 * followed by its sub-layers', as Keras's {@code layer.weights} lists them, and saving nests the
 * sub-layers' weights as Keras 3 does.
 *
 * <pre>{@code
 * class Scale extends Layer {
 *   Variable w;
 *   public void build(long[] inputShape) { w = addWeight("w", new long[] {inputShape[1]}, Initializer.get("ones"), true); }
 *   public Tensor call(Tensor[] inputs, boolean training) { return inputs[0].mul(w.value()); }
 * }
 * }</pre>
 */
public abstract class Layer {
  private String name;
  private boolean trainable = true;
  private boolean built;
  private long[] declaredInputShape;
  private long[][] builtInputShapes;
  private final List<Variable> ownWeights = new ArrayList<>();
  private final Map<String, Layer> subLayers = new LinkedHashMap<>();
  private final Map<Variable, Regularizer> regularizers = new IdentityHashMap<>();
  private final Map<Variable, Constraint> constraints = new IdentityHashMap<>();
  private final List<Node> inboundNodes = new ArrayList<>();
  private final List<Tensor> callLosses = new ArrayList<>();
  private Regularizer activityRegularizer;

  /** A layer named automatically after its class. */
  protected Layer() {
    this.name = LayerNames.next(defaultNamePrefix());
  }

  /** The prefix automatic names start with: the snake-case class name, e.g. {@code dense}. */
  protected String defaultNamePrefix() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "layer" : LayerNames.snakeCase(simple);
  }

  /** The layer's name, e.g. {@code dense_1}. */
  public String name() {
    return name;
  }

  /** Renames the layer (before it is used in a model). */
  public Layer name(String newName) {
    if (newName == null || newName.isEmpty()) {
      throw new IllegalArgumentException(
          "Layer.name: argument 'newName' expected a non-empty string but was "
              + (newName == null ? "null" : "\"\""));
    }
    this.name = newName;
    return this;
  }

  /** The Keras class name, e.g. {@code Dense}. */
  public String className() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? "Layer" : simple;
  }

  /**
   * Declares the input shape without the batch axis, for the first layer of a {@code Sequential}
   * (Keras's {@code input_shape=(2,)}).
   */
  public Layer inputShape(long... shape) {
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(
          "Layer "
              + name
              + ": argument 'inputShape' expected at least one dimension but was "
              + Arrays.toString(shape));
    }
    for (long d : shape) {
      if (d == 0 || d < -1) {
        throw new IllegalArgumentException(
            "Layer "
                + name
                + ": argument 'inputShape' expected positive sizes (or -1) but was "
                + Arrays.toString(shape));
      }
    }
    this.declaredInputShape = shape.clone();
    return this;
  }

  /** Declares a 1-D input of {@code dim} features (Keras's {@code input_dim=dim}). */
  public Layer inputDim(long dim) {
    return inputShape(dim);
  }

  /** The input shape declared with {@link #inputShape} (no batch axis), or null. */
  public long[] declaredInputShape() {
    return declaredInputShape == null ? null : declaredInputShape.clone();
  }

  /** Whether the optimizer updates this layer's weights. */
  public boolean trainable() {
    return trainable;
  }

  /** Freezes ({@code false}) or unfreezes the layer; takes effect at the next training step. */
  public Layer trainable(boolean on) {
    this.trainable = on;
    return this;
  }

  /** Sets an activity regularizer: a penalty on the layer's output added to the loss. */
  public Layer activityRegularizer(Regularizer r) {
    this.activityRegularizer = r;
    return this;
  }

  /** Whether {@link #build} has run. */
  public boolean built() {
    return built;
  }

  /**
   * Creates the weights for inputs of the given shape (batch axis first, {@code -1} if unknown).
   * Layers without weights need not override it.
   */
  public void build(long[] inputShape) {}

  /** Builds for several inputs; single-input layers use {@link #build(long[])}. */
  protected void build(long[][] inputShapes) {
    build(inputShapes[0]);
  }

  /**
   * Computes the output from the inputs; {@code training} switches dropout and batch statistics.
   */
  public abstract Tensor call(Tensor[] inputs, boolean training);

  /**
   * Computes every output from the inputs (Keras's {@code call} returning a tuple, e.g. an LSTM's
   * {@code return_state}); by default the one output of {@link #call}. A layer with several outputs
   * overrides this and {@link #computeOutputShapes}.
   */
  public Tensor[] callAll(Tensor[] inputs, boolean training) {
    return new Tensor[] {call(inputs, training)};
  }

  /** The output shape for the given input shapes; by default the first input's shape. */
  public long[] computeOutputShape(long[][] inputShapes) {
    return inputShapes[0].clone();
  }

  /**
   * The shape of every output for the given input shapes, one per tensor {@link #callAll} returns;
   * by default the one {@link #computeOutputShape}.
   */
  public long[][] computeOutputShapes(long[][] inputShapes) {
    return new long[][] {computeOutputShape(inputShapes)};
  }

  /** Builds the layer for these shapes if it is not built yet, else checks the shapes fit it. */
  public final void ensureBuilt(long[][] inputShapes) {
    if (!built) {
      build(inputShapes);
      builtInputShapes = inputShapes.clone();
      built = true;
    } else {
      checkInputShapes(inputShapes);
    }
  }

  /**
   * Throws an {@link IllegalArgumentException} naming the layer and both shapes when inputs of this
   * shape cannot go through the built layer. By default every known non-batch axis must match the
   * shape the layer was built for, if the layer has weights.
   */
  protected void checkInputShapes(long[][] inputShapes) {
    if (ownWeights.isEmpty() || builtInputShapes == null) {
      return;
    }
    boolean ok = inputShapes.length == builtInputShapes.length;
    for (int i = 0; ok && i < inputShapes.length; i++) {
      ok = KerasTensor.compatible(withoutBatch(inputShapes[i]), withoutBatch(builtInputShapes[i]));
    }
    if (!ok) {
      throw shapeMismatch(builtInputShapes, inputShapes);
    }
  }

  /** The exception for an input of the wrong shape: it names the layer and both shapes. */
  protected IllegalArgumentException shapeMismatch(long[][] expected, long[][] actual) {
    return new IllegalArgumentException(
        "Input of layer \""
            + name
            + "\" ("
            + className()
            + ") is incompatible with the layer: expected shape "
            + KerasTensor.shapes(expected)
            + ", got shape "
            + KerasTensor.shapes(actual));
  }

  private static long[] withoutBatch(long[] s) {
    long[] r = s.clone();
    if (r.length > 0) {
      r[0] = -1;
    }
    return r;
  }

  /** The input shapes the layer was built for, or null. */
  public long[][] builtInputShapes() {
    return builtInputShapes == null ? null : builtInputShapes.clone();
  }

  /**
   * Creates a weight {@code name} of the given shape, initialised by {@code initializer}, and
   * registers it; optional regularizer and constraint may be null.
   */
  protected Variable addWeight(
      String weightName,
      long[] shape,
      Initializer initializer,
      Regularizer regularizer,
      Constraint constraint,
      boolean trainableWeight) {
    if (initializer == null) {
      throw new IllegalArgumentException(
          "Layer "
              + name
              + ".addWeight: argument 'initializer' expected an Initializer but was null");
    }
    Variable v =
        new Variable(
            name + "/" + weightName,
            DeviceScope.initOnHost(() -> initializer.apply(shape, DType.FLOAT32)),
            trainableWeight);
    ownWeights.add(v);
    if (regularizer != null) {
      regularizers.put(v, regularizer);
    }
    if (constraint != null) {
      constraints.put(v, constraint);
    }
    return v;
  }

  /** Creates a trainable or non-trainable weight without regularizer or constraint. */
  protected Variable addWeight(
      String weightName, long[] shape, Initializer initializer, boolean trainableWeight) {
    return addWeight(weightName, shape, initializer, null, null, trainableWeight);
  }

  /**
   * Makes {@code layer} a sub-layer of this one under the attribute name Keras would give it (the
   * Python attribute the layer is assigned to, e.g. {@code dense1}); returns it, so a constructor
   * can write {@code dense1 = track("dense1", new Dense(4));}. Its weights follow this layer's own
   * in {@link #weights()}, in tracking order, and saving stores them at {@code <this
   * layer>/<attribute>} as Keras 3 does. Sub-layers not built by this layer's {@link #build} are
   * built by a trial call when the layer is first applied to symbolic tensors.
   */
  protected final <L extends Layer> L track(String attribute, L layer) {
    checkAttribute(attribute);
    add(attribute, layer);
    return layer;
  }

  /**
   * Makes each of {@code layers} a sub-layer, as Keras tracks a list attribute ({@code self.blocks
   * = [...]}): they are saved at {@code <attribute>/<snake-case class name>}, numbered per class
   * ({@code blocks/dense}, {@code blocks/dense_1}); an element may itself be a list or a map of
   * layers, saved one level down as Keras 3 saves a nested container ({@code blocks/container},
   * {@code blocks/container_1}, numbered with the classes). Returns an unmodifiable copy.
   */
  protected final <T> List<T> track(String attribute, List<T> layers) {
    trackContainer(attribute, layers);
    return List.copyOf(layers);
  }

  /**
   * Makes each value of {@code layers} a sub-layer, as Keras tracks a dict attribute ({@code
   * self.heads = {"main": ...}}): saved like a list of the values in the map's order (the keys are
   * not part of the saved path, as in Keras). Values may be layers, lists or maps of layers.
   * Returns an unmodifiable copy that keeps the map's order.
   */
  protected final <K, V> Map<K, V> track(String attribute, Map<K, V> layers) {
    trackContainer(attribute, layers);
    return Collections.unmodifiableMap(new LinkedHashMap<>(layers));
  }

  private void trackContainer(String attribute, Object container) {
    checkAttribute(attribute);
    if (container == null) {
      throw new IllegalArgumentException(
          "Layer "
              + name
              + ".track: argument 'layers' expected a list or map of layers but was null");
    }
    checkLeaves(container, Collections.newSetFromMap(new IdentityHashMap<>()));
    addContainer(attribute, container);
  }

  /** The elements of a tracked container: a list's items or a map's values. */
  private static Collection<?> elements(Object container) {
    return container instanceof Map<?, ?> m ? m.values() : (Collection<?>) container;
  }

  private void checkLeaves(Object container, Set<Object> seen) {
    for (Object o : elements(container)) {
      if (o instanceof List<?> || o instanceof Map<?, ?>) {
        if (!seen.add(o)) {
          throw new IllegalArgumentException(
              "Layer "
                  + name
                  + ".track: argument 'layers' expected no container twice but holds "
                  + "one inside itself or twice");
        }
        checkLeaves(o, seen);
      } else if (!(o instanceof Layer l)
          || l == this
          || subLayers.containsValue(l)
          || !seen.add(l)) {
        throw new IllegalArgumentException(
            "Layer "
                + name
                + ".track: argument 'layers' expected distinct layers (or lists or maps of them)"
                + " not tracked yet but holds "
                + (o == null
                    ? "null"
                    : o == this
                        ? "the layer itself"
                        : o instanceof Layer l2 ? l2.name() : o.getClass().getName()));
      }
    }
  }

  private void addContainer(String path, Object container) {
    Map<String, Integer> used = new LinkedHashMap<>();
    for (Object o : elements(container)) {
      String base = o instanceof Layer l ? LayerNames.snakeCase(l.className()) : "container";
      Integer n = used.merge(base, 1, Integer::sum) - 1;
      String key = path + "/" + (n == 0 ? base : base + "_" + n);
      if (o instanceof Layer l) {
        add(key, l);
      } else {
        addContainer(key, o);
      }
    }
  }

  private void checkAttribute(String attribute) {
    if (attribute == null || !attribute.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "Layer "
              + name
              + ".track: argument 'attribute' expected a Python identifier such as dense1 but was "
              + (attribute == null ? "null" : "\"" + attribute + "\""));
    }
    for (Map.Entry<String, Layer> e : subLayers.entrySet()) {
      if (e.getKey().equals(attribute) || e.getKey().startsWith(attribute + "/")) {
        throw new IllegalArgumentException(
            "Layer "
                + name
                + ".track: argument 'attribute' expected a new name but \""
                + attribute
                + "\" already holds "
                + e.getValue().name());
      }
    }
  }

  private void add(String key, Layer layer) {
    if (layer == null || layer == this || subLayers.containsValue(layer)) {
      throw new IllegalArgumentException(
          "Layer "
              + name
              + ".track: argument 'layer' expected a layer not tracked yet but was "
              + (layer == null ? "null" : layer == this ? "the layer itself" : layer.name()));
    }
    subLayers.put(key, layer);
  }

  /**
   * The layers this layer owns ({@link #track}), in tracking order, by their path below this layer
   * in a Keras 3 weights file: the attribute name, or {@code attribute/dense_1} for a list element.
   */
  public Map<String, Layer> subLayers() {
    return Collections.unmodifiableMap(subLayers);
  }

  /** Adds a loss term (a scalar tensor) during {@link #call}, e.g. an activity penalty. */
  protected void addLoss(Tensor loss) {
    callLosses.add(loss);
  }

  /**
   * The weights the optimizer updates (none when the layer is frozen): its own trainable ones, then
   * each sub-layer's.
   */
  public List<Variable> trainableWeights() {
    if (!trainable) {
      return List.of();
    }
    return withSubLayers(ownFlagged(true), Layer::trainableWeights);
  }

  /**
   * The weights the optimizer leaves alone (all of them when the layer is frozen): its own, then
   * each sub-layer's.
   */
  public List<Variable> nonTrainableWeights() {
    if (!trainable) {
      return weights();
    }
    return withSubLayers(ownFlagged(false), Layer::nonTrainableWeights);
  }

  /**
   * Every weight as Keras lists them: the layer's own (trainable ones first, then non-trainable
   * ones), then each sub-layer's in tracking order, a weight shared by sub-layers only once.
   */
  public List<Variable> weights() {
    return withSubLayers(ownWeights(), Layer::weights);
  }

  /**
   * The weights this layer created itself, without its sub-layers' ({@link #weights()}' first
   * part): what Keras 3 saves under the layer's own {@code vars} group.
   */
  public List<Variable> ownWeights() {
    if (!trainable) {
      return List.copyOf(ownWeights);
    }
    List<Variable> r = ownFlagged(true);
    r.addAll(ownFlagged(false));
    return r;
  }

  private List<Variable> ownFlagged(boolean trainableFlag) {
    List<Variable> r = new ArrayList<>();
    for (Variable v : ownWeights) {
      if (v.trainable() == trainableFlag) {
        r.add(v);
      }
    }
    return r;
  }

  private List<Variable> withSubLayers(List<Variable> own, Function<Layer, List<Variable>> of) {
    if (subLayers.isEmpty()) {
      return own;
    }
    List<Variable> r = new ArrayList<>(own);
    Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(own);
    for (Layer l : subLayers.values()) {
      for (Variable v : of.apply(l)) {
        if (seen.add(v)) {
          r.add(v);
        }
      }
    }
    return r;
  }

  /** The number of scalars in every weight. */
  public long countParams() {
    long n = 0;
    for (Variable v : weights()) {
      long k = 1;
      for (long d : v.shape()) {
        k *= d;
      }
      n += k;
    }
    return n;
  }

  /** The constraint of a weight, or null. */
  public Constraint constraintOf(Variable v) {
    Constraint c = constraints.get(v);
    for (Layer l : subLayers.values()) {
      if (c == null) {
        c = l.constraintOf(v);
      }
    }
    return c;
  }

  /**
   * The regularization penalties of this layer for the current step: weight regularizers plus the
   * activity penalties added by the last call. Each is a scalar tensor.
   */
  public List<Tensor> regularizationLosses() {
    List<Tensor> r = new ArrayList<>();
    for (Map.Entry<Variable, Regularizer> e : regularizers.entrySet()) {
      r.add(e.getValue().apply(e.getKey().value()));
    }
    r.addAll(callLosses);
    for (Layer l : subLayers.values()) {
      r.addAll(l.regularizationLosses());
    }
    return r;
  }

  /**
   * Runs the layer eagerly on concrete tensors: builds it on first use, checks shapes, calls {@link
   * #call} and adds the activity penalty. Throws an {@link IllegalStateException} for a layer with
   * several outputs: use {@link #invokeAll}.
   */
  public Tensor invoke(Tensor[] inputs, boolean training) {
    Tensor[] outs = invokeAll(inputs, training);
    if (outs.length != 1) {
      throw severalOutputs(outs.length, "invokeAll");
    }
    return outs[0];
  }

  /**
   * Runs the layer eagerly on concrete tensors and returns every output ({@link #callAll}): builds
   * it on first use, checks shapes and adds the activity penalty of each output. Models call this
   * for every layer.
   */
  public Tensor[] invokeAll(Tensor[] inputs, boolean training) {
    long[][] shapes = new long[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      shapes[i] = inputs[i].shape();
      if (shapes[i].length > 0) {
        shapes[i][0] = -1;
      }
    }
    ensureBuilt(shapes);
    callLosses.clear();
    Tensor[] outs = Masks.call(this, inputs, training);
    if (activityRegularizer != null) {
      for (Tensor out : outs) {
        addLoss(activityRegularizer.apply(out).div((double) Math.max(1, out.dim(0))));
      }
    }
    return outs;
  }

  private IllegalStateException severalOutputs(int n, String instead) {
    return new IllegalStateException(
        "Layer " + name + " (" + className() + ") returns " + n + " outputs; use " + instead);
  }

  /** Applies the layer to concrete tensors in inference mode, e.g. {@code dense.apply(x)}. */
  public Tensor apply(Tensor... inputs) {
    return invoke(inputs, false);
  }

  /**
   * Calls the layer on symbolic tensors (the functional API): builds it, infers the output shape
   * and records the call. Throws an {@link IllegalArgumentException} naming the layer and both
   * shapes when the input does not fit the layer, and an {@link IllegalStateException} for a layer
   * with several outputs: use {@link #applyAll}.
   */
  public KerasTensor apply(KerasTensor... inputs) {
    List<KerasTensor> outs = applyAll(inputs);
    if (outs.size() != 1) {
      throw severalOutputs(outs.size(), "applyAll");
    }
    return outs.get(0);
  }

  /**
   * Calls the layer on symbolic tensors and returns every output (Keras's list of outputs of a
   * layer such as an LSTM with {@code return_state}); see {@link #apply(KerasTensor...)}.
   */
  public List<KerasTensor> applyAll(KerasTensor... inputs) {
    if (inputs == null || inputs.length == 0) {
      throw new IllegalArgumentException(
          "Layer "
              + name
              + ".apply: argument 'inputs' expected at least one KerasTensor but was empty");
    }
    long[][] shapes = KerasTensor.shapesOf(inputs);
    ensureBuilt(shapes);
    buildSubLayers(shapes);
    Node node = new Node(this, inputs, computeOutputShapes(shapes));
    inboundNodes.add(node);
    return node.outputs();
  }

  /**
   * Builds the sub-layers that {@link #build} left unbuilt by one inference call on ones of the
   * input shapes (an unknown size taken as 1), as Keras builds a layer's sub-layers by calling it.
   */
  private void buildSubLayers(long[][] shapes) {
    if (allBuilt(subLayers.values())) {
      return;
    }
    probe(shapes);
  }

  /**
   * Runs one inference call on ones of {@code inputShapes} (an unknown size taken as 1) so that
   * every sub-layer builds, drops the call's penalties and returns the output shapes with an
   * unknown batch size (-1): how a layer, or a {@code Model} subclass without a graph, gets its
   * weights and output shapes, as Keras builds a subclassed model by calling it.
   */
  protected final long[][] probe(long[][] inputShapes) {
    long[][] r;
    try (TensorScope scope = new TensorScope()) {
      Tensor[] probe = new Tensor[inputShapes.length];
      for (int i = 0; i < inputShapes.length; i++) {
        long[] s = inputShapes[i].clone();
        for (int k = 0; k < s.length; k++) {
          s[k] = Math.max(1, s[k]);
        }
        probe[i] = Tensor.ones(s);
      }
      Tensor[] outs = callAll(probe, false);
      r = new long[outs.length][];
      for (int i = 0; i < outs.length; i++) {
        r[i] = outs[i].shape();
        if (r[i].length > 0) {
          r[i][0] = -1;
        }
      }
    }
    clearCallLosses();
    return r;
  }

  /** Whether every tracked sub-layer, and theirs, is built. */
  protected final boolean subLayersBuilt() {
    return allBuilt(subLayers.values());
  }

  private static boolean allBuilt(Iterable<Layer> ls) {
    for (Layer l : ls) {
      if (!l.built || !allBuilt(l.subLayers.values())) {
        return false;
      }
    }
    return true;
  }

  /** Drops the penalties of a trial call (its tensors are gone) here and in the sub-layers. */
  private void clearCallLosses() {
    callLosses.clear();
    for (Layer l : subLayers.values()) {
      l.clearCallLosses();
    }
  }

  /** Records an input layer's own node (no inputs). */
  final KerasTensor addSourceNode(long[] shape) {
    Node node = new Node(this, new KerasTensor[0], new long[][] {shape});
    inboundNodes.add(node);
    return node.output();
  }

  /** Every call of this layer on symbolic tensors, oldest first. */
  public List<Node> inboundNodes() {
    return Collections.unmodifiableList(inboundNodes);
  }

  /** The input of the layer's first call (Keras's {@code layer.input}). */
  public KerasTensor input() {
    Node n = firstNode("input");
    return n.inputs().isEmpty() ? n.output() : n.inputs().get(0);
  }

  /** The output of the layer's first call (Keras's {@code layer.output}). */
  public KerasTensor output() {
    return firstNode("output").output();
  }

  private Node firstNode(String what) {
    if (inboundNodes.isEmpty()) {
      throw new IllegalStateException(
          "Layer " + name + " has never been called, so it has no defined " + what);
    }
    return inboundNodes.get(0);
  }

  /**
   * The configuration under Keras's keys: {@code name}, {@code trainable}, {@code dtype}, then the
   * layer's own.
   */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("trainable", trainable);
    c.put("dtype", "float32");
    if (declaredInputShape != null) {
      long[] b = new long[declaredInputShape.length + 1];
      b[0] = -1;
      System.arraycopy(declaredInputShape, 0, b, 1, declaredInputShape.length);
      c.put("batch_input_shape", Configs.shape(b));
    }
    return c;
  }

  /** Returns e.g. {@code <Dense name=dense_1, built=true>}. */
  @Override
  public String toString() {
    return "<" + className() + " name=" + name + ", built=" + built + ">";
  }

  // ---- masking (Keras's supports_masking, compute_mask and call(..., mask=); see Masks) ----

  /**
   * Whether the layer passes the mask of its first input on to its first output (Keras's {@code
   * supports_masking}); false by default: a mask reaching such a layer is dropped, as Keras 3 drops
   * it (with a warning there).
   */
  public boolean supportsMasking() {
    return false;
  }

  /**
   * The mask of the first output (Keras's {@code compute_mask}), given the inputs and their masks
   * (one per input, null where none): by default the first input's mask if the layer {@link
   * #supportsMasking()}, else none. A layer that makes or consumes masks overrides it.
   */
  public Tensor computeMask(Tensor[] inputs, Tensor[] masks) {
    return supportsMasking() && masks.length > 0 ? masks[0] : null;
  }

  /**
   * {@link #callAll(Tensor[], boolean)} for inputs some of which carry masks (Keras's {@code
   * call(inputs, mask=...)}; one per input, null where none); by default the masks are ignored.
   */
  public Tensor[] callAll(Tensor[] inputs, Tensor[] masks, boolean training) {
    return callAll(inputs, training);
  }
}
