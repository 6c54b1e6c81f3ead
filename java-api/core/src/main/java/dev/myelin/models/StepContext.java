package dev.myelin.models;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.Variable;
import dev.myelin.layers.LayerNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code fit}, {@code evaluate} or {@code predict} call hands to its steps, in one
 * object made per call: the mode ({@link Mode#TRAIN}, {@link Mode#TEST}, {@link Mode#PREDICT}), the
 * current batch, the variables being trained, the call's class-weight table, whether the batch's
 * labels were checked already, how the step ran ({@link Trace}) and the naming mode. {@link
 * Model#trainStep}, {@link Model#testStep} and {@link Model#predictStep} receive it, so a step
 * reads its mode from its argument rather than from thread-local switches.
 *
 * <pre>{@code
 * public Map<String, Double> trainStep(StepContext step) {
 *   Batch b = step.batch();               // this step's data
 *   List<Variable> vars = step.trainableVariables();
 *   ...                                   // forward under a GradientTape, applyGradients
 *   return Map.of("loss", loss.item());   // logged per batch, averaged per epoch
 * }
 * }</pre>
 *
 * <p>A context belongs to the call (and thread) that made it: concurrent {@code predict} calls on
 * one model each have their own.
 */
public final class StepContext {
  /** What a step does: train (update the weights), test (loss and metrics) or predict. */
  public enum Mode {
    /** A training step: forward with {@code training=true}, gradients, update. */
    TRAIN,
    /** An evaluation step: forward with {@code training=false}, loss and metrics. */
    TEST,
    /** A prediction step: forward with {@code training=false}, outputs only. */
    PREDICT
  }

  /** How the last default training step ran. */
  public enum Trace {
    /** Op by op in Java (the first batch of a shape that cannot be traced, or run-eagerly). */
    EAGER,
    /** Eagerly, while its native calls were recorded as a plan for later batches. */
    RECORDING,
    /** As one native call replaying a plan recorded for a batch of the same shape. */
    REPLAYING
  }

  private final Model model;
  private final Mode mode;
  private final Tensor classTable;
  private final boolean labelsChecked;
  private final boolean keras2Names;
  private final LinkedHashMap<String, Double> logs = new LinkedHashMap<>();
  private final double[] values;
  private List<Variable> trainableVariables;
  private Batch batch;
  private Trace trace = Trace.EAGER;

  /**
   * A context for one call on {@code model}; {@code classTable}: the fit call's class weights by
   * class index (or null); {@code labelsChecked}: every batch's labels passed the loss's {@code
   * checkLabels} before its step runs.
   */
  StepContext(Model model, Mode mode, Tensor classTable, boolean labelsChecked) {
    this.model = model;
    this.mode = mode;
    this.classTable = classTable;
    this.labelsChecked = labelsChecked;
    this.keras2Names = LayerNames.keras2Names();
    this.values = new double[mode == Mode.PREDICT ? 0 : model.metricsNames().size()];
    this.trainableVariables = mode == Mode.TRAIN ? model.trainableWeights() : List.of();
  }

  /** The model whose step runs. */
  public Model model() {
    return model;
  }

  /** The step's mode. */
  public Mode mode() {
    return mode;
  }

  /** Whether layers run in training mode (Keras's {@code training=True}): true in {@code TRAIN}. */
  public boolean training() {
    return mode == Mode.TRAIN;
  }

  /** The current batch (its tensors belong to the step's TensorScope). */
  public Batch batch() {
    return batch;
  }

  /**
   * The variables a training step updates, as of the start of the epoch (Keras's {@code
   * trainable_variables}); empty outside {@code TRAIN}.
   */
  public List<Variable> trainableVariables() {
    return trainableVariables;
  }

  /**
   * The batch's per-sample loss weights: its sample weights times the class weights of {@code
   * fit(..., classWeight)}, or null when there are neither.
   */
  public Tensor sampleWeight() {
    Tensor sw = batch.sampleWeight();
    if (classTable == null) {
      return sw;
    }
    Tensor y = batch.y()[0];
    Tensor cls = y.rank() == 2 && y.dim(1) > 1 ? y.argmax(1) : y.reshape(-1).cast(DType.INT64);
    Tensor cw = classTable.take(cls, 0);
    return sw == null ? cw : sw.mul(cw);
  }

  /**
   * Whether the batch's labels passed the compiled loss's {@code checkLabels} before the step (so
   * losses may skip their host-side label checks and the step stays traceable).
   */
  public boolean labelsChecked() {
    return labelsChecked;
  }

  /** How the last default training step ran (always {@code EAGER} outside {@code TRAIN}). */
  public Trace trace() {
    return trace;
  }

  /** Whether the call runs with Keras 2.2's names and messages ({@code LayerNames}' switch). */
  public boolean keras2Names() {
    return keras2Names;
  }

  // ---- set by the loop and the default steps ----

  /** The class-weight table of this call, or null. */
  Tensor classTable() {
    return classTable;
  }

  void batch(Batch b) {
    this.batch = b;
  }

  void trainableVariables(List<Variable> vars) {
    this.trainableVariables = vars;
  }

  void trace(Trace t) {
    this.trace = t;
  }

  /** The default steps' values in {@link Model#metricsNames()} order (reused every step). */
  double[] values() {
    return values;
  }

  /** {@link #values()} as the logs a step returns (the map is reused every step). */
  Map<String, Double> logs() {
    List<String> names = model.metricsNames();
    for (int k = 0; k < values.length; k++) {
      logs.put(names.get(k), values[k]);
    }
    return logs;
  }
}
