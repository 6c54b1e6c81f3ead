package dev.myelin.optimizers;

import dev.myelin.DType;
import dev.myelin.DeviceScope;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.Variable;
import dev.myelin.internal.Errors;
import dev.myelin.internal.NativeCore;
import dev.myelin.internal.OptimizerAccess;
import dev.myelin.internal.Reachable;
import dev.myelin.optimizers.schedules.LearningRateSchedule;
import dev.myelin.saving.Registry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of every optimizer, like Keras 3's {@code BaseOptimizer}: it owns the learning rate (a
 * constant or a {@link LearningRateSchedule}), the iteration count, gradient clipping ({@code
 * clipnorm}, {@code clipvalue}, {@code global_clipnorm}), decoupled weight decay and the slot
 * variables; a subclass only describes its fused native update ({@link #kind()}, its slots and its
 * hyperparameters).
 *
 * <p>Each update is one native call per variable that reads the gradient once and writes the
 * variable and its slots in place.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(0.01);
 * opt.applyGradients(List.of(w), List.of(grad));
 * }</pre>
 */
public abstract class Optimizer {
  private double learningRate;
  private LearningRateSchedule schedule;
  private double clipnorm = Double.NaN;
  private double clipvalue = Double.NaN;
  private double globalClipnorm = Double.NaN;
  private double weightDecay;
  private double decay;
  private long iterations;
  private final String name;
  private final Map<Variable, Variable[]> slots = new IdentityHashMap<>();

  /** An optimizer called {@code name} with a constant learning rate. */
  protected Optimizer(String name, double learningRate) {
    this.name = name;
    checkLearningRate(learningRate);
    this.learningRate = learningRate;
  }

  /** An optimizer called {@code name} whose learning rate follows {@code schedule}. */
  protected Optimizer(String name, LearningRateSchedule schedule) {
    this.name = name;
    if (schedule == null) {
      throw new IllegalArgumentException(
          name + ": argument 'learningRate' expected a LearningRateSchedule but was null");
    }
    this.schedule = schedule;
    this.learningRate = schedule.apply(0);
  }

  private void checkLearningRate(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(
          name + ": argument 'learning_rate' expected a finite value >= 0 but was " + lr);
    }
  }

  /** Checks that {@code value} lies in [lo, hi] and returns it (used by subclass constructors). */
  protected final double checkRange(String arg, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new IllegalArgumentException(
          name
              + ": argument '"
              + arg
              + "' expected a value in ["
              + lo
              + ", "
              + hi
              + "] but was "
              + value);
    }
    return value;
  }

  /**
   * Returns the optimizer for a Keras string name with Keras 3's default hyperparameters: {@code
   * sgd}, {@code rmsprop}, {@code adagrad}, {@code adadelta}, {@code adam}, {@code adamw}, {@code
   * adamax}, {@code nadam} (case-insensitive), or a user optimizer registered in {@link Registry}.
   */
  public static Optimizer get(String name) {
    if (Registry.find(Registry.Kind.OPTIMIZER, name, null) == null) {
      throw Registry.unknown(Registry.Kind.OPTIMIZER, name, "");
    }
    return fromConfig(name, Map.of());
  }

  /**
   * Builds an optimizer from a Keras class name ({@code SGD}, {@code RMSprop}, {@code Adagrad},
   * {@code Adadelta}, {@code Adam}, {@code AdamW}, {@code Adamax}, {@code Nadam}; case-insensitive)
   * and a {@link #getConfig()}-style map. Missing keys take Keras 3's defaults; {@code lr} is
   * accepted for {@code learning_rate} and Keras 2's {@code decay} is honoured. A key that neither
   * every optimizer nor this one reads (its registered config keys) is rejected. A {@code
   * learning_rate} given as a schedule config map is not supported here.
   */
  public static Optimizer fromConfig(String className, Map<String, Object> config) {
    return fromConfig(className, config, null);
  }

  /**
   * {@link #fromConfig(String, Map)} looking in {@code customObjects} (Keras's {@code
   * custom_objects}, may be null) first: a custom optimizer's factory gets the whole config (its
   * own keys included, so they are not checked here); the shared clipping and decay keys are then
   * applied as for a built-in one.
   */
  public static Optimizer fromConfig(
      String className, Map<String, Object> config, Map<String, ?> customObjects) {
    Map<String, Object> c = config == null ? Map.of() : config;
    Registry.Entry e = Registry.find(Registry.Kind.OPTIMIZER, className, customObjects);
    if (e == null) {
      throw Registry.unknown(Registry.Kind.OPTIMIZER, className, "");
    }
    boolean custom = Registry.isCustom(Registry.Kind.OPTIMIZER, className, customObjects);
    List<String> keys = configKeys(e);
    for (String key : c.keySet()) {
      if (!custom && !keys.contains(key)) {
        throw new IllegalArgumentException(
            "Optimizer.fromConfig("
                + className
                + "): unknown argument '"
                + key
                + "'; expected one of "
                + keys);
      }
    }
    Object made = Registry.create(e, className, new LinkedHashMap<>(c), customObjects);
    if (!(made instanceof Optimizer opt)) {
      throw new IllegalArgumentException(
          "Optimizer.fromConfig("
              + className
              + "): the custom object expected an Optimizer but was "
              + made.getClass().getName());
    }
    if (c.get("clipnorm") != null) {
      opt.clipnorm(number(c, "clipnorm", 0));
    }
    if (c.get("clipvalue") != null) {
      opt.clipvalue(number(c, "clipvalue", 0));
    }
    if (c.get("global_clipnorm") != null) {
      opt.globalClipnorm(number(c, "global_clipnorm", 0));
    }
    if (c.get("weight_decay") != null && !e.configKeys().contains("weight_decay")) {
      opt.weightDecay(number(c, "weight_decay", 0));
    }
    if (c.get("decay") != null) {
      opt.decay(number(c, "decay", 0));
    }
    return opt;
  }

  /**
   * The config keys (and Python keyword arguments) optimizer {@code e} accepts: those every
   * optimizer shares, then its own.
   */
  public static List<String> configKeys(Registry.Entry e) {
    List<String> r = new ArrayList<>(SHARED_CONFIG_KEYS);
    for (String k : e.configKeys()) {
      if (!r.contains(k)) {
        r.add(k);
      }
    }
    return r;
  }

  /** The config keys every optimizer reads (the Keras 3 ones Myelin ignores included). */
  private static final List<String> SHARED_CONFIG_KEYS =
      List.of(
          "name",
          "learning_rate",
          "lr",
          "weight_decay",
          "clipnorm",
          "clipvalue",
          "global_clipnorm",
          "decay",
          "use_ema",
          "ema_momentum",
          "ema_overwrite_frequency",
          "loss_scale_factor",
          "gradient_accumulation_steps");

  /** The learning rate of a config ({@code learning_rate}, or Keras 2's {@code lr}). */
  protected static double learningRate(Map<String, Object> c, double dflt) {
    return number(c, "learning_rate", number(c, "lr", dflt));
  }

  /** A number under {@code key} (also given as text), or {@code dflt}. */
  protected static double number(Map<String, Object> c, String key, double dflt) {
    Object v = c.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Optimizer: argument '" + key + "' expected a number but was \"" + v + "\"");
    }
  }

  /** A boolean under {@code key} (also given as text: True, false, 1, 0), or {@code dflt}. */
  protected static boolean flag(Map<String, Object> c, String key, boolean dflt) {
    Object v = c.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    String t = v.toString().trim();
    if (t.equalsIgnoreCase("true") || t.equals("1")) {
      return true;
    }
    if (t.equalsIgnoreCase("false") || t.equals("0")) {
      return false;
    }
    throw new IllegalArgumentException(
        "Optimizer: argument '" + key + "' expected True or False but was \"" + v + "\"");
  }

  /**
   * Parses the book's Python spelling of an optimizer, e.g. {@code "SGD(lr=0.01, momentum=0.3,
   * nesterov=True)"} or {@code "adam"} (what the book builds with {@code eval(opt_name)}).
   */
  public static Optimizer parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "Optimizer.parse: argument 'spec' expected e.g. \"SGD(lr=0.01)\" but was "
              + (spec == null ? "null" : "\"" + spec + "\""));
    }
    String s = spec.trim();
    int open = s.indexOf('(');
    if (open < 0) {
      return get(s);
    }
    if (!s.endsWith(")")) {
      throw new IllegalArgumentException(
          "Optimizer.parse: argument 'spec' expected NAME(key=value, ...) but was \""
              + spec
              + "\"");
    }
    Map<String, Object> config = new LinkedHashMap<>();
    String args = s.substring(open + 1, s.length() - 1).trim();
    if (!args.isEmpty()) {
      for (String part : args.split(",")) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException(
              "Optimizer.parse: argument 'spec' expected key=value arguments but found \""
                  + part.trim()
                  + "\" in \""
                  + spec
                  + "\"");
        }
        config.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      }
    }
    return fromConfig(s.substring(0, open).trim(), config);
  }

  /** The Keras name of this optimizer, e.g. {@code adam}. */
  public String name() {
    return name;
  }

  /** The number of updates applied so far (Keras's {@code iterations}). */
  public long iterations() {
    return iterations;
  }

  /**
   * The learning rate the next update uses: the schedule's value at {@link #iterations()}, divided
   * by {@code 1 + decay * iterations} when a Keras 2 {@code decay} is set.
   */
  public double learningRate() {
    double lr = schedule != null ? schedule.apply(iterations) : learningRate;
    if (decay > 0) {
      lr = lr / (1.0 + decay * iterations);
    }
    return lr;
  }

  /**
   * Sets a constant learning rate (what ReduceLROnPlateau and LearningRateScheduler do).
   *
   * @throws IllegalStateException when the optimizer was built with a schedule, as Keras does
   */
  public void setLearningRate(double lr) {
    if (schedule != null) {
      throw new IllegalStateException(
          name + ": the learning rate follows a LearningRateSchedule and cannot be set");
    }
    checkLearningRate(lr);
    this.learningRate = lr;
  }

  /** The schedule, or null for a constant learning rate. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** Clips each gradient to this L2 norm; only one of the three clipping options may be set. */
  public Optimizer clipnorm(double value) {
    checkClip("clipnorm", value);
    this.clipnorm = value;
    return this;
  }

  /** Clips each gradient element to [-value, value]. */
  public Optimizer clipvalue(double value) {
    checkClip("clipvalue", value);
    this.clipvalue = value;
    return this;
  }

  /** Scales all gradients together so their global L2 norm is at most {@code value}. */
  public Optimizer globalClipnorm(double value) {
    checkClip("global_clipnorm", value);
    this.globalClipnorm = value;
    return this;
  }

  private void checkClip(String arg, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(
          name + ": argument '" + arg + "' expected a value > 0 but was " + value);
    }
    int set =
        (Double.isNaN(clipnorm) ? 0 : 1)
            + (Double.isNaN(clipvalue) ? 0 : 1)
            + (Double.isNaN(globalClipnorm) ? 0 : 1);
    boolean same =
        arg.equals("clipnorm") && !Double.isNaN(clipnorm)
            || arg.equals("clipvalue") && !Double.isNaN(clipvalue)
            || arg.equals("global_clipnorm") && !Double.isNaN(globalClipnorm);
    if (set > 0 && !same) {
      throw new IllegalArgumentException(
          name
              + ": only one of 'clipnorm', 'clipvalue' and 'global_clipnorm' can be set, got '"
              + arg
              + "' after another");
    }
  }

  /** {@code value} when it is {@code >= 0}; else the house error naming this optimizer. */
  private double nonNegative(String arg, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(
          name + ": argument '" + arg + "' expected a value >= 0 but was " + value);
    }
    return value;
  }

  /** Decoupled weight decay: each update first does {@code w -= w * weightDecay * lr}. */
  public Optimizer weightDecay(double value) {
    this.weightDecay = nonNegative("weight_decay", value);
    return this;
  }

  /**
   * Keras 2's legacy time decay: the learning rate becomes {@code lr / (1 + decay * iterations)}
   * (the book's {@code SGD(lr, decay=...)}).
   */
  public Optimizer decay(double value) {
    this.decay = nonNegative("decay", value);
    return this;
  }

  /** The weight decay (0 for none). */
  public double weightDecay() {
    return weightDecay;
  }

  /** The native update kind. */
  protected abstract OptimizerKind kind();

  /** Names of the slots each variable gets (e.g. {@code momentum}, {@code velocity}), in order. */
  protected abstract String[] slotNames();

  /** The initial value of every element of slot {@code index} (0 unless the optimizer says). */
  protected double slotInitialValue(int index) {
    return 0.0;
  }

  /**
   * Writes the optimizer's own hyperparameters for this update into {@code h} at their {@code
   * mln_hparam} indices (the common ones are set already; {@code h} has {@link
   * OptimizerKind#hyperparameterCount()} entries).
   */
  protected abstract void hyperparameters(long step, double[] h);

  /** Called once per {@link #applyGradients} before any variable is updated (Nadam's product). */
  protected void beforeStep(long step) {}

  /**
   * Applies one update to every variable from its gradient (same order), in place; then increments
   * {@link #iterations()}. A null gradient leaves its variable unchanged.
   */
  public void applyGradients(List<Variable> variables, List<Tensor> gradients) {
    if (variables == null || gradients == null) {
      throw new IllegalArgumentException(
          name
              + ".applyGradients: arguments 'variables' and 'gradients' expected lists but were "
              + (variables == null ? "null" : "a list")
              + " and "
              + (gradients == null ? "null" : "a list"));
    }
    if (variables.size() != gradients.size()) {
      throw new IllegalArgumentException(
          name
              + ".applyGradients: expected as many gradients as variables, got "
              + gradients.size()
              + " gradients for "
              + variables.size()
              + " variables");
    }
    try (TensorScope scope = new TensorScope()) {
      int n = variables.size();
      Tensor[] grads = new Tensor[n];
      for (int i = 0; i < n; i++) {
        grads[i] = prepareGradient(variables.get(i), gradients.get(i));
      }
      double[] scales = new double[n];
      Arrays.fill(scales, 1.0);
      if (!Double.isNaN(globalClipnorm)) {
        double sq = 0;
        for (Tensor g : grads) {
          if (g != null) {
            sq += g.square().sum().item();
          }
        }
        double norm = Math.sqrt(sq);
        if (norm > globalClipnorm) {
          Arrays.fill(scales, globalClipnorm / norm);
        }
      } else if (!Double.isNaN(clipnorm)) {
        for (int i = 0; i < n; i++) {
          if (grads[i] != null) {
            double norm = Math.sqrt(grads[i].square().sum().item());
            if (norm > clipnorm) {
              scales[i] = clipnorm / norm;
            }
          }
        }
      }
      long step = iterations + 1;
      double[] h = stepHyperparameters(step);
      for (int i = 0; i < n; i++) {
        if (grads[i] == null) {
          continue;
        }
        Variable v = variables.get(i);
        Variable[] s = slotsFor(v);
        long[] handles = new long[s.length];
        for (int k = 0; k < s.length; k++) {
          handles[k] = s[k].value().nativeHandle();
        }
        h[HyperparameterIndex.GRADIENT_SCALE] = scales[i];
        int status =
            Reachable.after(
                NativeCore.mln_optimizer_update(
                    kind().code(),
                    v.value().nativeHandle(),
                    grads[i].nativeHandle(),
                    handles,
                    handles.length,
                    h,
                    h.length,
                    step),
                v,
                grads,
                s);
        Errors.checkStatus(status, name + ".applyGradients(" + v.name() + ")");
      }
    }
    iterations++;
  }

  /**
   * The native update's hyperparameters for update number {@code step} (calls {@link #beforeStep}):
   * the common four (gradient scale 1) then the optimizer's own. The eager update and the traced
   * step both take them from here.
   */
  private double[] stepHyperparameters(long step) {
    double lr = learningRate();
    beforeStep(step);
    double[] h = new double[kind().hyperparameterCount()];
    h[HyperparameterIndex.LEARNING_RATE] = lr;
    h[HyperparameterIndex.GRADIENT_SCALE] = 1.0;
    h[HyperparameterIndex.CLIPVALUE] =
        Double.isNaN(clipvalue) ? Double.POSITIVE_INFINITY : clipvalue;
    h[HyperparameterIndex.WEIGHT_DECAY] = weightDecay;
    hyperparameters(step, h);
    return h;
  }

  static {
    OptimizerAccess.install(
        new OptimizerAccess() {
          @Override
          public double[] beginStep(Optimizer o) {
            return o.stepHyperparameters(o.iterations + 1);
          }

          @Override
          public void endStep(Optimizer o) {
            o.iterations++;
          }

          @Override
          public Variable[] slots(Optimizer o, Variable v) {
            return o.slotsFor(v);
          }
        });
  }

  private Tensor prepareGradient(Variable v, Tensor g) {
    if (v == null) {
      throw new IllegalArgumentException(
          name + ".applyGradients: argument 'variables' expected Variables but contained null");
    }
    if (g == null) {
      return null;
    }
    if (!Arrays.equals(v.shape(), g.shape())) {
      throw new IllegalArgumentException(
          name
              + ".applyGradients: gradient shape "
              + Arrays.toString(g.shape())
              + " does not match variable "
              + v.name()
              + " of shape "
              + Arrays.toString(v.shape()));
    }
    DType dt = v.dtype();
    if (dt != DType.FLOAT32 && dt != DType.FLOAT64) {
      throw new IllegalArgumentException(
          name
              + ".applyGradients: variable "
              + v.name()
              + " expected a float32 or float64 dtype but was "
              + dt);
    }
    return g.dtype() == dt ? g : g.cast(dt);
  }

  /** The slot variables of {@code v}, created on first use (zeros, or the optimizer's value). */
  protected final Variable[] slotsFor(Variable v) {
    Variable[] s = slots.get(v);
    if (s == null) {
      String[] names = slotNames();
      s = new Variable[names.length];
      // Slots live beside their variable, whatever scope is open when training starts.
      try (DeviceScope placement = v.value().device().scope()) {
        for (int k = 0; k < names.length; k++) {
          s[k] =
              new Variable(
                  v.name() + "/" + names[k],
                  Tensor.full(slotInitialValue(k), v.dtype(), v.shape()),
                  false);
        }
      }
      slots.put(v, s);
    }
    return s;
  }

  /** Every slot variable created so far, in creation order per variable. */
  public List<Variable> variables() {
    List<Variable> out = new java.util.ArrayList<>();
    for (Variable[] s : slots.values()) {
      out.addAll(Arrays.asList(s));
    }
    return out;
  }

  // ---- state for saving (Keras 3's optimizer.variables order) ----

  /**
   * How Keras 3 creates the slots: each inner array is one {@code add_optimizer_variables} call,
   * whose slots are interleaved per model variable (e.g. Adam's {@code [[momentum, velocity],
   * [velocity_hat]]}: m and v of the first variable, m and v of the second, ..., then every
   * velocity_hat). Names are those of {@link #slotNames()}; the default is one call with all of
   * them.
   */
  protected String[][] slotGroups() {
    return new String[][] {slotNames()};
  }

  /**
   * Scalar state kept outside the slots that Keras 3 saves after them (Nadam's {@code u_product}),
   * as Keras stores it; empty by default.
   */
  protected double[] extraState() {
    return new double[0];
  }

  /**
   * Restores {@link #extraState()} from saved values; called after {@link #iterations()} is
   * restored.
   */
  protected void restoreExtraState(double[] values) {}

  /**
   * Creates the slot variables of every variable in {@code variables} now (Keras's {@code
   * optimizer.build(model.trainable_variables)}) instead of at its first update, so that saved
   * state can be restored into them before training. Slots that exist are kept.
   */
  public void build(List<Variable> variables) {
    for (Variable v : variables) {
      if (v == null) {
        throw new IllegalArgumentException(
            name + ".build: argument 'variables' expected Variables but contained null");
      }
      slotsFor(v);
    }
  }

  /** Whether {@code v} has slot variables yet (it has once updated or built). */
  public boolean hasSlots(Variable v) {
    return slots.containsKey(v);
  }

  /**
   * The optimizer's state in Keras 3's {@code optimizer.variables} order for a model whose
   * trainable variables are {@code variables}: {@code iterations} (int32 scalar), the {@code
   * learning_rate} (float32 scalar; absent when a schedule drives it), the slots grouped as {@link
   * #slotGroups()} says, then {@link #extraState()} (float32 scalars). A variable that has no slots
   * yet contributes their initial values. The tensors are copies; the caller closes them.
   */
  public List<Tensor> getWeights(List<Variable> variables) {
    List<Tensor> out = new java.util.ArrayList<>();
    out.add(Tensor.scalar(iterations, DType.INT32));
    if (schedule == null) {
      out.add(Tensor.scalar(learningRate, DType.FLOAT32));
    }
    String[] names = slotNames();
    for (String[] group : slotGroups()) {
      for (Variable v : variables) {
        Variable[] s = slots.get(v);
        for (String g : group) {
          int k = Arrays.asList(names).indexOf(g);
          out.add(
              s != null
                  ? s[k].value().copy()
                  : Tensor.full(slotInitialValue(k), v.dtype(), v.shape()));
        }
      }
    }
    for (double x : extraState()) {
      out.add(Tensor.scalar(x, DType.FLOAT32));
    }
    return out;
  }

  /**
   * Keras 3's path of each of {@link #getWeights}'s entries ({@code adam/iteration}, {@code
   * adam/learning_rate}, {@code adam/dense_kernel_momentum}, ..., {@code variable}), as the legacy
   * {@code .h5} format lists them in {@code optimizer_weights}.
   */
  public List<String> weightNames(List<Variable> variables) {
    List<String> out = new java.util.ArrayList<>();
    out.add(name + "/iteration");
    if (schedule == null) {
      out.add(name + "/learning_rate");
    }
    for (String[] group : slotGroups()) {
      for (Variable v : variables) {
        for (String g : group) {
          out.add(name + "/" + v.name().replace('/', '_') + "_" + g);
        }
      }
    }
    for (int i = 0; i < extraState().length; i++) {
      out.add(i == 0 ? "variable" : "variable_" + i);
    }
    return out;
  }

  /** The error for entry {@code i} of a setWeights list whose shape is not {@code expected}. */
  private IllegalArgumentException badEntry(
      int i, List<String> entryNames, String expected, Tensor actual) {
    return new IllegalArgumentException(
        name
            + ".setWeights: entry "
            + i
            + " ("
            + entryNames.get(i)
            + ") expected "
            + expected
            + " but has shape "
            + Arrays.toString(actual.shape()));
  }

  /**
   * Restores state saved by {@link #getWeights} (or by Keras 3) for a model whose trainable
   * variables are {@code variables}, building the slots first. {@code values} holds either the full
   * state or only {@code iterations} and {@code learning_rate} (what Keras saves for an optimizer
   * that never ran). A learning rate equal in float32 to the current one keeps the current (double)
   * value, so a Myelin round trip resumes exactly.
   *
   * @throws IllegalArgumentException naming the entry when the count or a shape differs
   */
  public void setWeights(List<Variable> variables, List<Tensor> values) {
    int head = schedule == null ? 2 : 1;
    String[] names = slotNames();
    int perVar = names.length;
    int full = head + perVar * variables.size() + extraState().length;
    if (values == null || (values.size() != full && values.size() != head)) {
      throw new IllegalArgumentException(
          name
              + ".setWeights: expected "
              + full
              + " arrays (iterations"
              + (schedule == null ? ", learning_rate" : "")
              + ", "
              + perVar
              + " slot(s) for each of "
              + variables.size()
              + " variables"
              + (extraState().length > 0 ? ", " + extraState().length + " scalar(s)" : "")
              + ") or "
              + head
              + " (an optimizer that never ran) but got "
              + (values == null ? "null" : values.size()));
    }
    List<String> entryNames = weightNames(variables);
    for (int i = 0; i < head; i++) {
      if (values.get(i).numel() != 1) {
        throw badEntry(i, entryNames, "a scalar", values.get(i));
      }
    }
    if (values.size() == full) {
      int i = head;
      for (String[] group : slotGroups()) {
        for (Variable v : variables) {
          for (int g = 0; g < group.length; g++, i++) {
            if (!Arrays.equals(values.get(i).shape(), v.shape())) {
              throw badEntry(i, entryNames, "shape " + Arrays.toString(v.shape()), values.get(i));
            }
          }
        }
      }
    }
    iterations = (long) values.get(0).item();
    if (schedule == null) {
      double lr = values.get(1).item();
      if ((float) lr != (float) learningRate) {
        setLearningRate(lr);
      }
    }
    if (values.size() != full) {
      return;
    }
    build(variables);
    int i = head;
    for (String[] group : slotGroups()) {
      for (Variable v : variables) {
        Variable[] s = slots.get(v);
        for (String g : group) {
          Tensor t = values.get(i++);
          Variable slot = s[Arrays.asList(names).indexOf(g)];
          slot.assign(t.dtype() == slot.dtype() ? t.copy() : t.cast(slot.dtype()));
        }
      }
    }
    double[] extra = new double[extraState().length];
    for (int k = 0; k < extra.length; k++) {
      extra[k] = values.get(i++).item();
    }
    restoreExtraState(extra);
  }

  /**
   * Keras's {@code get_config()}: {@code name}, {@code learning_rate} (a number, or the schedule's
   * config under {@code class_name}/{@code config}), {@code weight_decay}, {@code clipnorm}, {@code
   * global_clipnorm}, {@code clipvalue} (null when unset) plus the optimizer's own keys.
   */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    if (schedule != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("class_name", schedule.className());
      s.put("config", schedule.getConfig());
      c.put("learning_rate", s);
    } else {
      c.put("learning_rate", learningRate);
    }
    c.put("weight_decay", weightDecay == 0 ? null : weightDecay);
    c.put("clipnorm", Double.isNaN(clipnorm) ? null : clipnorm);
    c.put("global_clipnorm", Double.isNaN(globalClipnorm) ? null : globalClipnorm);
    c.put("clipvalue", Double.isNaN(clipvalue) ? null : clipvalue);
    if (decay > 0) {
      c.put("decay", decay);
    }
    c.putAll(ownConfig());
    return c;
  }

  /** The optimizer's own config keys (e.g. {@code beta_1}). */
  protected abstract Map<String, Object> ownConfig();

  /** Returns e.g. {@code Adam(learning_rate=0.001, ...)}. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + getConfig();
  }
}
