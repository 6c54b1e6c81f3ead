package dev.myelin.models;

import dev.myelin.Tensor;
import dev.myelin.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The optional arguments of {@link Model#fit}, with Keras's defaults: batch size 32, 1 epoch,
 * verbose 1, shuffle each epoch, no validation. {@link EvaluateOptions} and {@link PredictOptions}
 * are the same builder style for {@code evaluate} and {@code predict}.
 *
 * <pre>{@code
 * model.fit(x, y, new FitOptions().epochs(20).batchSize(16).validationSplit(0.1).verbose(0));
 * }</pre>
 */
public final class FitOptions {
  int batchSize = 32;
  int epochs = 1;
  int verbose = 1;
  final List<Callback> callbacks = new ArrayList<>();
  double validationSplit;
  Tensor[] validationX;
  Tensor[] validationY;
  boolean shuffle = true;
  Map<Integer, Double> classWeight;
  Tensor sampleWeight;
  int initialEpoch;

  /** Options with Keras's defaults. */
  public FitOptions() {}

  /**
   * Samples per gradient step (default 32); a {@link Dataset} makes its own batches (this size then
   * applies to validation arrays only).
   */
  public FitOptions batchSize(int n) {
    this.batchSize = Options.positive("FitOptions", "batchSize", n);
    return this;
  }

  /** The index of the last epoch to run (default 1). */
  public FitOptions epochs(int n) {
    if (n < 0) {
      throw new IllegalArgumentException(
          "FitOptions: argument 'epochs' expected a non-negative integer but was " + n);
    }
    this.epochs = n;
    return this;
  }

  /** 0 = silent, 1 = progress bar, 2 = one line per epoch (default 1). */
  public FitOptions verbose(int v) {
    this.verbose = Options.verbosity("FitOptions", v);
    return this;
  }

  /** Adds callbacks, called in order. */
  public FitOptions callbacks(Callback... cbs) {
    callbacks.addAll(Arrays.asList(cbs));
    return this;
  }

  /** Adds callbacks, called in order. */
  public FitOptions callbacks(List<? extends Callback> cbs) {
    callbacks.addAll(cbs);
    return this;
  }

  /**
   * Holds out the last {@code fraction} of the samples (taken before any shuffling) for validation.
   */
  public FitOptions validationSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "FitOptions: argument 'validationSplit' expected a number in [0, 1) but was " + fraction);
    }
    this.validationSplit = fraction;
    return this;
  }

  /** Validates on {@code (x, y)} after each epoch (overrides validationSplit). */
  public FitOptions validationData(Tensor x, Tensor y) {
    return validationData(new Tensor[] {x}, new Tensor[] {y});
  }

  /** Validates on several inputs / outputs after each epoch. */
  public FitOptions validationData(Tensor[] x, Tensor[] y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException(
          "FitOptions: argument 'validationData' expected tensors but was null");
    }
    this.validationX = x.clone();
    this.validationY = y.clone();
    this.validationDataset = null;
    this.validationArrayX = null;
    this.validationArrayY = null;
    return this;
  }

  /**
   * Whether to reshuffle the training arrays before each pass over them (default true): each epoch,
   * or each new pass under {@link #stepsPerEpoch}; a {@link Dataset} shuffles itself.
   */
  public FitOptions shuffle(boolean on) {
    this.shuffle = on;
    return this;
  }

  /** Weights the loss of each sample by its class's weight (class index to weight). */
  public FitOptions classWeight(Map<Integer, Double> weights) {
    this.classWeight = weights;
    return this;
  }

  /**
   * Weights the loss of each sample (shape {@code (samples,)}) of training arrays; {@code fit} on a
   * {@link Dataset} refuses it (its batches carry their own weights), as Keras does.
   */
  public FitOptions sampleWeight(Tensor weights) {
    this.sampleWeight = weights;
    return this;
  }

  /** The epoch to start from (to resume training; default 0). */
  public FitOptions initialEpoch(int e) {
    if (e < 0) {
      throw new IllegalArgumentException(
          "FitOptions: argument 'initialEpoch' expected a non-negative integer but was " + e);
    }
    this.initialEpoch = e;
    return this;
  }

  // ---- guards (issue 16) ----

  boolean terminateOnNaN = true;

  /**
   * Whether a NaN or infinite batch loss stops training with a message naming the epoch and batch
   * (default on; Keras runs on unless a {@code TerminateOnNaN} callback is given).
   */
  public FitOptions terminateOnNaN(boolean on) {
    this.terminateOnNaN = on;
    return this;
  }

  // ---- steps per epoch and validation data of any kind (issue 15) ----

  int stepsPerEpoch;
  int validationSteps;
  Dataset validationDataset;
  Object validationArrayX;
  Object validationArrayY;

  /**
   * Batches per epoch (Keras's {@code steps_per_epoch}; default: one pass over the data). As in
   * Keras 3, epochs continue the pass where the last one stopped and a new pass (reshuffled) begins
   * after the data's batches are used up; an epoch that meets the end of a pass ends early, so with
   * 10 batches and {@code stepsPerEpoch(4)} the epochs draw 4, 4, 2, 4, 4, 2, ... batches.
   */
  public FitOptions stepsPerEpoch(int n) {
    this.stepsPerEpoch = Options.positive("FitOptions", "stepsPerEpoch", n);
    return this;
  }

  /**
   * Validation batches per epoch (Keras's {@code validation_steps}; default: all), always from the
   * start of the validation data, and at most all of it.
   */
  public FitOptions validationSteps(int n) {
    this.validationSteps = Options.positive("FitOptions", "validationSteps", n);
    return this;
  }

  /**
   * Validates on a {@link Dataset} (an image iterator, a generator) after each epoch (overrides
   * validationSplit); its batches are cast and checked as {@code fit}'s are.
   */
  public FitOptions validationData(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException(
          "FitOptions: argument 'validationData' expected a Dataset but was null");
    }
    validationX = null;
    validationY = null;
    validationArrayX = null;
    validationArrayY = null;
    validationDataset = data;
    return this;
  }

  /**
   * Validates on array-likes after each epoch (overrides validationSplit): {@code double[][]},
   * {@code float[][]}, a {@code DataFrame}, {@code int[]} labels... converted as {@link
   * Model#fit(Object, Object, FitOptions)} converts its data.
   */
  public FitOptions validationData(Object x, Object y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException(
          "FitOptions: argument 'validationData' expected arrays x and y but was "
              + (x == null ? "null x" : "null y"));
    }
    validationX = null;
    validationY = null;
    validationDataset = null;
    validationArrayX = x;
    validationArrayY = y;
    return this;
  }
}
