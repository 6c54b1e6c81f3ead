package dev.myelin.layers;

import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.activations.Activations;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.List;
import java.util.Map;

/**
 * A densely connected layer: {@code output = activation(dot(input, kernel) + bias)}. The kernel has
 * shape {@code (input_dim, units)}; defaults follow Keras: glorot_uniform kernel, zero bias, no
 * activation.
 *
 * <p>Input: {@code (batch, ..., input_dim)}; output: {@code (batch, ..., units)}.
 *
 * <pre>{@code
 * Sequential model = new Sequential();
 * model.add(new Dense(4).activation("tanh").inputShape(2));
 * model.add(new Dense(1).activation("sigmoid"));
 * }</pre>
 */
public class Dense extends Layer {
  static {
    Registry.builtIn(
        Registry.Kind.LAYER,
        Dense.class,
        "Dense",
        List.of(),
        List.of(
            "activation",
            "use_bias",
            "kernel_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "bias_regularizer",
            "activity_regularizer",
            "kernel_constraint",
            "bias_constraint"),
        (c, custom) -> fromConfig(c, custom));
  }

  private final long units;
  private dev.myelin.activations.Activation activation;
  private boolean useBias = true;
  private Initializer kernelInitializer;
  private Initializer biasInitializer;
  private Regularizer kernelRegularizer;
  private Regularizer biasRegularizer;
  private Constraint kernelConstraint;
  private Constraint biasConstraint;
  private Regularizer activityRegularizerValue;
  private Variable kernel;
  private Variable bias;

  /** A dense layer of {@code units} outputs. */
  public Dense(long units) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          "Dense: argument 'units' expected a positive integer but was " + units);
    }
    this.units = units;
  }

  /** The number of outputs. */
  public long units() {
    return units;
  }

  /** Sets the activation by Keras name ("relu", "tanh", "sigmoid", "softmax", ...). */
  public Dense activation(String name) {
    this.activation = dev.myelin.activations.Activation.get(name);
    return this;
  }

  /** Sets the activation. */
  public Dense activation(dev.myelin.activations.Activation a) {
    this.activation = a;
    return this;
  }

  /** Whether to add a bias (default true). */
  public Dense useBias(boolean on) {
    this.useBias = on;
    return this;
  }

  /** Sets the kernel initializer by Keras name (default "glorot_uniform"). */
  public Dense kernelInitializer(String name) {
    this.kernelInitializer = Initializer.get(name);
    return this;
  }

  /** Sets the kernel initializer. */
  public Dense kernelInitializer(Initializer init) {
    this.kernelInitializer = init;
    return this;
  }

  /** Sets the bias initializer by Keras name (default "zeros"). */
  public Dense biasInitializer(String name) {
    this.biasInitializer = Initializer.get(name);
    return this;
  }

  /** Sets the bias initializer. */
  public Dense biasInitializer(Initializer init) {
    this.biasInitializer = init;
    return this;
  }

  /** Adds a penalty on the kernel to the loss. */
  public Dense kernelRegularizer(Regularizer r) {
    this.kernelRegularizer = r;
    return this;
  }

  /** Adds a penalty on the bias to the loss. */
  public Dense biasRegularizer(Regularizer r) {
    this.biasRegularizer = r;
    return this;
  }

  /** Constrains the kernel after each update. */
  public Dense kernelConstraint(Constraint c) {
    this.kernelConstraint = c;
    return this;
  }

  /** Constrains the bias after each update. */
  public Dense biasConstraint(Constraint c) {
    this.biasConstraint = c;
    return this;
  }

  @Override
  public Dense activityRegularizer(Regularizer r) {
    super.activityRegularizer(r);
    this.activityRegularizerValue = r;
    return this;
  }

  @Override
  public Dense inputShape(long... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  public Dense inputDim(long dim) {
    super.inputDim(dim);
    return this;
  }

  @Override
  public Dense name(String newName) {
    super.name(newName);
    return this;
  }

  @Override
  public Dense trainable(boolean on) {
    super.trainable(on);
    return this;
  }

  /** The kernel variable (after build). */
  public Variable kernel() {
    return kernel;
  }

  /** The bias variable (after build), or null without bias. */
  public Variable bias() {
    return bias;
  }

  @Override
  public void build(long[] inputShape) {
    long in = inputShape[inputShape.length - 1];
    if (inputShape.length < 2 || in <= 0) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" (Dense): expected an input of shape (None, ..., input_dim) with a known input_dim, got "
              + KerasTensor.formatShape(inputShape));
    }
    Initializer ki =
        kernelInitializer != null ? kernelInitializer : Initializer.get("glorot_uniform");
    kernel =
        addWeight("kernel", new long[] {in, units}, ki, kernelRegularizer, kernelConstraint, true);
    if (useBias) {
      Initializer bi = biasInitializer != null ? biasInitializer : Initializer.get("zeros");
      bias = addWeight("bias", new long[] {units}, bi, biasRegularizer, biasConstraint, true);
    }
  }

  @Override
  protected void checkInputShapes(long[][] inputShapes) {
    long[] s = inputShapes[0];
    long in = kernel.shape()[0];
    if (inputShapes.length != 1
        || s.length < 2
        || (s[s.length - 1] >= 0 && s[s.length - 1] != in)) {
      long[] expected = s.length >= 2 ? s.clone() : new long[] {-1, in};
      expected[expected.length - 1] = in;
      throw shapeMismatch(new long[][] {expected}, inputShapes);
    }
  }

  @Override
  public long[] computeOutputShape(long[][] inputShapes) {
    long[] out = inputShapes[0].clone();
    out[out.length - 1] = units;
    return out;
  }

  @Override
  public Tensor call(Tensor[] inputs, boolean training) {
    Tensor x = inputs[0];
    Tensor k = kernel.value();
    Tensor b = bias == null ? null : bias.value();
    String fused = Activations.fusedName(activation);
    if (fused != null
        && x.rank() >= 2
        && x.dtype() == k.dtype()
        && k.dtype().isFloating()
        && (b == null || b.dtype() == k.dtype())) {
      // matmul, bias and activation in one native call (and one tape node)
      return Tensor.dense(x, k, b, fused);
    }
    if (x.rank() >= 2
        && x.dtype() == k.dtype()
        && k.dtype().isFloating()
        && (b == null || b.dtype() == k.dtype())) {
      // matmul and bias in one call, then the activation (e.g. softmax, which a cross-entropy
      // loss may fuse with: Loss.computeOnOutput)
      return activation.apply(Tensor.dense(x, k, b, "linear"));
    }
    Tensor y = x.matmul(k);
    if (bias != null) {
      y = y.add(bias.value());
    }
    return activation == null ? y : activation.apply(y);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("units", units);
    c.put("activation", activation == null ? "linear" : activation.name());
    c.put("use_bias", useBias);
    c.put(
        "kernel_initializer",
        Configs.serialize(
            kernelInitializer == null ? Initializer.get("glorot_uniform") : kernelInitializer));
    c.put(
        "bias_initializer",
        Configs.serialize(biasInitializer == null ? Initializer.get("zeros") : biasInitializer));
    c.put("kernel_regularizer", Configs.serialize(kernelRegularizer));
    c.put("bias_regularizer", Configs.serialize(biasRegularizer));
    c.put("activity_regularizer", Configs.serialize(activityRegularizerValue));
    c.put("kernel_constraint", Configs.serialize(kernelConstraint));
    c.put("bias_constraint", Configs.serialize(biasConstraint));
    return c;
  }

  /**
   * A new Dense from its Keras config, the inverse of {@link #getConfig()}; nested components are
   * looked up in {@code customObjects} first.
   */
  public static Dense fromConfig(Map<String, Object> c, Map<String, ?> customObjects) {
    Dense d = new Dense(((Number) Configs.require(c, "units", "Dense")).longValue());
    Object act = c.get("activation");
    if (act != null) {
      d.activation(
          (dev.myelin.activations.Activation)
              Configs.component(Registry.Kind.ACTIVATION, act, customObjects));
    }
    d.useBias(Configs.bool(c, "use_bias", true));
    Object ki = c.get("kernel_initializer");
    if (ki != null) {
      d.kernelInitializer(Configs.initializer(ki, customObjects));
    }
    Object bi = c.get("bias_initializer");
    if (bi != null) {
      d.biasInitializer(Configs.initializer(bi, customObjects));
    }
    d.kernelRegularizer(Configs.regularizer(c.get("kernel_regularizer"), customObjects));
    d.biasRegularizer(Configs.regularizer(c.get("bias_regularizer"), customObjects));
    d.kernelConstraint(Configs.constraint(c.get("kernel_constraint"), customObjects));
    d.biasConstraint(Configs.constraint(c.get("bias_constraint"), customObjects));
    if (c.get("activity_regularizer") != null) {
      d.activityRegularizer(Configs.regularizer(c.get("activity_regularizer"), customObjects));
    }
    return d;
  }

  /** The mask of the input goes on unchanged (Keras: {@code supports_masking = True}). */
  @Override
  public boolean supportsMasking() {
    return true;
  }
}
