package dev.myelin.layers;

import dev.myelin.ConvOptions;
import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.activations.Activation;
import dev.myelin.activations.Activations;
import dev.myelin.constraints.Constraint;
import dev.myelin.initializers.Initializer;
import dev.myelin.regularizers.Regularizer;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Keras's convolution layers share (Keras's {@code BaseConv}): the kernel size, strides,
 * padding, dilation rate, groups, activation, bias and the kernel's and bias's initializers,
 * regularizers and constraints, channels last. Subclasses fix the number of spatial dims and the
 * weights; see {@link Conv2D}.
 *
 * @param <L> the concrete layer, which the fluent setters return
 */
public abstract class BaseConv<L extends BaseConv<L>> extends Layer {
  /** The keyword arguments every convolution layer takes besides its required ones. */
  static final List<String> COMMON_KEYS =
      List.of(
          "strides",
          "padding",
          "data_format",
          "dilation_rate",
          "activation",
          "use_bias",
          "bias_initializer",
          "bias_regularizer",
          "activity_regularizer",
          "bias_constraint");

  /** COMMON_KEYS plus groups and the kernel's initializer, regularizer and constraint. */
  static final List<String> KERNEL_KEYS =
      withKeys(
          COMMON_KEYS, "groups", "kernel_initializer", "kernel_regularizer", "kernel_constraint");

  final int rank;
  final long filters;
  final long[] kernelSize;
  long[] strides;
  String padding = "valid";
  long[] dilationRate;
  int groups = 1;
  Activation activation;
  boolean useBias = true;
  Initializer kernelInitializer;
  Initializer biasInitializer;
  Regularizer kernelRegularizer;
  Regularizer biasRegularizer;
  Constraint kernelConstraint;
  Constraint biasConstraint;
  Regularizer activityRegularizerValue;
  Variable kernel;
  Variable bias;
  boolean channelsFirst;

  static List<String> withKeys(List<String> base, String... more) {
    List<String> l = new ArrayList<>(base);
    l.addAll(List.of(more));
    return List.copyOf(l);
  }

  /**
   * A convolution over {@code rank} spatial dims with {@code filters} outputs (0 for a depthwise
   * layer, whose outputs follow its input) and a kernel of {@code kernelSize} (one value for every
   * dim or one per dim).
   */
  BaseConv(int rank, long filters, long... kernelSize) {
    this.rank = rank;
    if (filters < 0) {
      throw error("filters", "a positive integer", filters);
    }
    this.filters = filters;
    this.kernelSize = perDim("kernel_size", kernelSize);
    this.strides = perDim("strides", new long[] {1});
    this.dilationRate = perDim("dilation_rate", new long[] {1});
  }

  @SuppressWarnings("unchecked")
  private L self() {
    return (L) this;
  }

  IllegalArgumentException error(String arg, String expected, Object actual) {
    return new IllegalArgumentException(
        className() + ": argument '" + arg + "' expected " + expected + " but was " + actual);
  }

  long[] perDim(String arg, long[] v) {
    if (v == null || (v.length != 1 && v.length != rank)) {
      throw error(arg, "1 or " + rank + " integers", v == null ? "null" : Arrays.toString(v));
    }
    long[] r = new long[rank];
    for (int i = 0; i < rank; i++) {
      r[i] = v.length == 1 ? v[0] : v[i];
      if (r[i] < 1) {
        throw error(arg, "positive integers", Arrays.toString(v));
      }
    }
    return r;
  }

  /** The kernel's spatial size. */
  public long[] kernelSize() {
    return kernelSize.clone();
  }

  /** Strides: one value for every spatial dim or one per dim (default 1). */
  public L strides(long... s) {
    this.strides = perDim("strides", s);
    return self();
  }

  /** "valid" (default), "same" (output ceil(n / stride)) or, for Conv1D, "causal". */
  public L padding(String mode) {
    String m = mode == null ? "null" : mode.toLowerCase(Locale.ROOT);
    boolean ok = m.equals("valid") || m.equals("same") || (m.equals("causal") && allowsCausal());
    if (!ok) {
      throw error(
          "padding", allowsCausal() ? "one of valid, same, causal" : "one of valid, same", mode);
    }
    this.padding = m;
    return self();
  }

  boolean allowsCausal() {
    return false;
  }

  /**
   * "channels_last" (Keras's default, {@code (batch, spatial..., channels)}; null means it too) or
   * "channels_first" ({@code (batch, channels, spatial...)}); the kernel's layout is the same.
   */
  public L dataFormat(String format) {
    this.channelsFirst = DataFormat.channelsFirst(format, className());
    return self();
  }

  /** The data format, "channels_last" or "channels_first". */
  public String dataFormat() {
    return DataFormat.name(channelsFirst);
  }

  /** Dilation rate: one value for every spatial dim or one per dim (default 1). */
  public L dilationRate(long... d) {
    this.dilationRate = perDim("dilation_rate", d);
    return self();
  }

  /** Groups: input channels and filters split into this many independent convolutions. */
  public L groups(int g) {
    if (g < 1 || (filters > 0 && filters % g != 0)) {
      throw error("groups", "a positive divisor of filters " + filters, g);
    }
    this.groups = g;
    return self();
  }

  /** Sets the activation by Keras name. */
  public L activation(String name) {
    this.activation = Activation.get(name);
    return self();
  }

  /** Sets the activation. */
  public L activation(Activation a) {
    this.activation = a;
    return self();
  }

  /** Whether to add a bias (default true). */
  public L useBias(boolean on) {
    this.useBias = on;
    return self();
  }

  /** Sets the kernel initializer by Keras name (default "glorot_uniform"). */
  public L kernelInitializer(String name) {
    this.kernelInitializer = Initializer.get(name);
    return self();
  }

  /** Sets the kernel initializer. */
  public L kernelInitializer(Initializer init) {
    this.kernelInitializer = init;
    return self();
  }

  /** Sets the bias initializer by Keras name (default "zeros"). */
  public L biasInitializer(String name) {
    this.biasInitializer = Initializer.get(name);
    return self();
  }

  /** Sets the bias initializer. */
  public L biasInitializer(Initializer init) {
    this.biasInitializer = init;
    return self();
  }

  /** Adds a penalty on the kernel to the loss. */
  public L kernelRegularizer(Regularizer r) {
    this.kernelRegularizer = r;
    return self();
  }

  /** Adds a penalty on the bias to the loss. */
  public L biasRegularizer(Regularizer r) {
    this.biasRegularizer = r;
    return self();
  }

  /** Constrains the kernel after each update. */
  public L kernelConstraint(Constraint c) {
    this.kernelConstraint = c;
    return self();
  }

  /** Constrains the bias after each update. */
  public L biasConstraint(Constraint c) {
    this.biasConstraint = c;
    return self();
  }

  @Override
  public L activityRegularizer(Regularizer r) {
    super.activityRegularizer(r);
    this.activityRegularizerValue = r;
    return self();
  }

  @Override
  public L inputShape(long... shape) {
    super.inputShape(shape);
    return self();
  }

  @Override
  public L name(String newName) {
    super.name(newName);
    return self();
  }

  @Override
  public L trainable(boolean on) {
    super.trainable(on);
    return self();
  }

  /** The kernel variable (after build). */
  public Variable kernel() {
    return kernel;
  }

  /** The bias variable (after build), or null without bias. */
  public Variable bias() {
    return bias;
  }

  Initializer kernelInit() {
    return kernelInitializer != null ? kernelInitializer : Initializer.get("glorot_uniform");
  }

  Initializer biasInit() {
    return biasInitializer != null ? biasInitializer : Initializer.get("zeros");
  }

  /** The input's channel count, checked: rank + 2 dims, channels known and divisible by groups. */
  long inputChannels(long[] inputShape) {
    if (inputShape.length != rank + 2 || inputShape[rank + 1] <= 0) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" ("
              + className()
              + "): expected an input of rank "
              + (rank + 2)
              + " (batch, "
              + rank
              + " spatial dims, channels) with known channels, got "
              + KerasTensor.formatShape(inputShape));
    }
    long c = inputShape[rank + 1];
    if (c % groups != 0) {
      throw error("groups", "a divisor of the input channels " + c, groups);
    }
    if (groups > 1 && anyAbove1(strides) && anyAbove1(dilationRate)) {
      throw error("strides", "1 when dilation_rate > 1", Arrays.toString(strides));
    }
    return c;
  }

  static boolean anyAbove1(long[] v) {
    for (long e : v) {
      if (e > 1) {
        return true;
      }
    }
    return false;
  }

  /**
   * The convolution's native options (strides, padding, dilation, data format), no activation, one
   * group.
   */
  ConvOptions baseOptions() {
    return formatOptions().strides(strides).dilationRate(dilationRate).padding(padding);
  }

  /** The default options in the layer's data format (the native kernels read either layout). */
  ConvOptions formatOptions() {
    return ConvOptions.DEFAULT.dataFormat(DataFormat.name(channelsFirst));
  }

  /** Keras's {@code conv_output_length}; -1 stays unknown. */
  long outputLength(long n, int i, String pad) {
    if (n < 0) {
      return -1;
    }
    long keff = (kernelSize[i] - 1) * dilationRate[i] + 1;
    long out =
        pad.equals("valid")
            ? (n - keff + strides[i]) / strides[i]
            : (n + strides[i] - 1) / strides[i];
    if (pad.equals("valid") && n < keff) {
      throw new IllegalArgumentException(
          "Layer \""
              + name()
              + "\" ("
              + className()
              + "): the input's spatial size "
              + n
              + " in dim "
              + i
              + " is smaller than the dilated kernel size "
              + keff
              + " (padding \"valid\"): the output size would be "
              + (n - keff + 1));
    }
    return out;
  }

  /** The output shape with {@code channels} outputs. */
  long[] convOutputShape(long[] in, long channels) {
    long[] out = in.clone();
    for (int i = 0; i < rank; i++) {
      out[i + 1] = outputLength(in[i + 1], i, padding);
    }
    out[rank + 1] = channels;
    return out;
  }

  /** x as the kernel's dtype (Keras casts inputs to the layer's float dtype). */
  static Tensor asFloat(Tensor x, Tensor k) {
    return x.dtype() == k.dtype() ? x : x.cast(k.dtype());
  }

  /** conv(x, k) + b with the activation fused when the kernel can, else applied after. */
  Tensor convolve(Tensor x, Tensor k, Tensor b, ConvOptions o) {
    String fused = Activations.fusedName(activation);
    if (fused != null && k.dtype().isFloating()) {
      return asFloat(x, k).conv(k, b, o.activation(fused));
    }
    Tensor y = asFloat(x, k).conv(k, b, o);
    return activation == null ? y : activation.apply(y);
  }

  /** The base layer's config keys (name, trainable, dtype, input shape). */
  Map<String, Object> geometryConfig() {
    return super.getConfig();
  }

  void putGeometry(Map<String, Object> c) {
    c.put("kernel_size", Configs.shape(kernelSize));
    c.put("strides", Configs.shape(strides));
    c.put("padding", padding);
    c.put("data_format", DataFormat.name(channelsFirst));
    c.put("dilation_rate", Configs.shape(dilationRate));
  }

  void putActivationAndBias(Map<String, Object> c) {
    c.put("activation", activation == null ? "linear" : activation.name());
    c.put("use_bias", useBias);
  }

  void putKernelComponents(Map<String, Object> c) {
    c.put("kernel_initializer", Configs.serialize(kernelInit()));
    c.put("bias_initializer", Configs.serialize(biasInit()));
    c.put("kernel_regularizer", Configs.serialize(kernelRegularizer));
    c.put("bias_regularizer", Configs.serialize(biasRegularizer));
    c.put("activity_regularizer", Configs.serialize(activityRegularizerValue));
    c.put("kernel_constraint", Configs.serialize(kernelConstraint));
    c.put("bias_constraint", Configs.serialize(biasConstraint));
  }

  /** Keras's full config of a Conv1D/2D/3D. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = geometryConfig();
    c.put("filters", filters);
    putGeometry(c);
    c.put("groups", groups);
    putActivationAndBias(c);
    putKernelComponents(c);
    return c;
  }

  /** A tuple config value (a list or a single number) as longs. */
  static long[] tuple(Object o, String key, String owner) {
    if (o instanceof Number n) {
      return new long[] {n.longValue()};
    }
    if (o instanceof List<?> l) {
      long[] r = new long[l.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = ((Number) l.get(i)).longValue();
      }
      return r;
    }
    throw new IllegalArgumentException(
        owner
            + ": config key '"
            + key
            + "' expected an integer or a list of integers but was "
            + o);
  }

  /** Reads the keys every convolution layer shares (and the kernel's, when {@code kernelKeys}). */
  L applyConfig(Map<String, Object> c, Map<String, ?> custom, boolean kernelKeys) {
    String owner = className();
    if (c.get("strides") != null) {
      strides(tuple(c.get("strides"), "strides", owner));
    }
    if (c.get("dilation_rate") != null) {
      dilationRate(tuple(c.get("dilation_rate"), "dilation_rate", owner));
    }
    if (c.get("padding") != null) {
      padding(String.valueOf(c.get("padding")));
    }
    dataFormat((String) c.get("data_format"));
    if (c.get("groups") != null) {
      groups(((Number) c.get("groups")).intValue());
    }
    Object act = c.get("activation");
    if (act != null) {
      activation((Activation) Configs.component(Registry.Kind.ACTIVATION, act, custom));
    }
    useBias(Configs.bool(c, "use_bias", true));
    if (c.get("bias_initializer") != null) {
      biasInitializer(Configs.initializer(c.get("bias_initializer"), custom));
    }
    biasRegularizer(Configs.regularizer(c.get("bias_regularizer"), custom));
    biasConstraint(Configs.constraint(c.get("bias_constraint"), custom));
    if (c.get("activity_regularizer") != null) {
      activityRegularizer(Configs.regularizer(c.get("activity_regularizer"), custom));
    }
    if (kernelKeys) {
      if (c.get("kernel_initializer") != null) {
        kernelInitializer(Configs.initializer(c.get("kernel_initializer"), custom));
      }
      kernelRegularizer(Configs.regularizer(c.get("kernel_regularizer"), custom));
      kernelConstraint(Configs.constraint(c.get("kernel_constraint"), custom));
    }
    Object trainable = c.get("trainable");
    if (trainable instanceof Boolean t) {
      trainable(t);
    }
    return self();
  }

  /** The required filters of a config. */
  static long filtersOf(Map<String, Object> c, String owner) {
    return ((Number) Configs.require(c, "filters", owner)).longValue();
  }

  /** The required kernel size of a config. */
  static long[] kernelSizeOf(Map<String, Object> c, String owner) {
    return tuple(Configs.require(c, "kernel_size", owner), "kernel_size", owner);
  }

  @Override
  public final void build(long[] inputShape) {
    buildLast(DataFormat.toLast(inputShape, channelsFirst));
  }

  @Override
  public final long[] computeOutputShape(long[][] inputShapes) {
    return DataFormat.toFirst(
        outputShapeLast(DataFormat.toLast(inputShapes[0], channelsFirst)), channelsFirst);
  }

  @Override
  public final Tensor call(Tensor[] inputs, boolean training) {
    return callInFormat(inputs[0]);
  }

  /** Builds the weights for a channels-last input shape. */
  abstract void buildLast(long[] inputShape);

  /** The channels-last output shape for a channels-last input shape. */
  abstract long[] outputShapeLast(long[] inputShape);

  /**
   * The layer's computation on an input in the layer's data format: the native convolutions read
   * channels-first tensors directly, so no permutation is recorded.
   */
  abstract Tensor callInFormat(Tensor x);

  // ---- the plain convolution (Conv1D/2D/3D) ----------------------------------------------------

  /** Builds the kernel (k..., C / groups, filters) and the bias (filters). */
  void buildPlain(long[] inputShape) {
    long c = inputChannels(inputShape);
    long[] shape = new long[rank + 2];
    System.arraycopy(kernelSize, 0, shape, 0, rank);
    shape[rank] = c / groups;
    shape[rank + 1] = filters;
    kernel = addWeight("kernel", shape, kernelInit(), kernelRegularizer, kernelConstraint, true);
    if (useBias) {
      bias =
          addWeight(
              "bias", new long[] {filters}, biasInit(), biasRegularizer, biasConstraint, true);
    }
  }

  Tensor callPlain(Tensor x) {
    return convolve(
        x, kernel.value(), bias == null ? null : bias.value(), baseOptions().groups(groups));
  }
}
