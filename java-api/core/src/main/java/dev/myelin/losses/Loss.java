package dev.myelin.losses;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.internal.TensorAccess;
import dev.myelin.saving.Registry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The base of every loss, like Keras's {@code keras.losses.Loss}: {@link #call} gives the
 * per-sample losses (shape {@code (batch,)}) from Tensor ops, so a {@link
 * dev.myelin.autodiff.GradientTape} records them, and {@link #compute} reduces them to a scalar
 * with Keras 3's {@code sum_over_batch_size} reduction: {@code sum(loss * sampleWeight) / batch}.
 *
 * <pre>{@code
 * Loss loss = Loss.get("binary_crossentropy");
 * Tensor value = loss.compute(yTrue, yPred, null);
 * }</pre>
 */
public abstract class Loss {
  /** Keras's fuzz factor for clipping probabilities and denominators. */
  public static final double EPSILON = 1e-7;

  private final String name;

  /** A loss with the Keras name {@code name}. */
  protected Loss(String name) {
    this.name = name;
  }

  /** The Keras name, e.g. {@code binary_crossentropy}. */
  public String name() {
    return name;
  }

  /** Per-sample losses, shape (batch,), built from Tensor ops so a GradientTape records it. */
  public abstract Tensor call(Tensor yTrue, Tensor yPred);

  /**
   * {@link #call}, told whether {@code yTrue}'s values already passed {@link #checkLabels}: a loss
   * with host-side value checks (class ids in range) skips them when {@code labelsChecked}, so a
   * training step is pure tensor ops and can be traced. The default ignores the flag.
   */
  public Tensor call(Tensor yTrue, Tensor yPred, boolean labelsChecked) {
    return call(yTrue, yPred);
  }

  /**
   * The scalar loss: the mean over the batch of {@link #call}, each sample's loss multiplied by its
   * weight first when {@code sampleWeight} (shape (batch,) or (batch, 1)) is not null.
   */
  public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    return weightedMean(call(yTrue, yPred), sampleWeight);
  }

  /**
   * The scalar loss of a model's output: as {@link #compute}, but when {@code yPred} is the softmax
   * (over the last axis) of logits that are still open and this loss reads probabilities ({@link
   * CategoricalCrossentropy} and {@link SparseCategoricalCrossentropy} without {@code fromLogits}),
   * the softmax and the loss run as one op on the logits (Keras's clipped formula on the
   * probabilities, so the values are those of {@link #compute}). Its gradient goes to the logits
   * directly ({@code (p - y) / batch} for one-hot labels), not through {@code yPred}: the gradients
   * w.r.t. everything before {@code yPred} are those of {@link #compute}, but none reaches {@code
   * yPred} itself from this loss. {@code Model} uses it for its training loss, differentiated only
   * w.r.t. the weights; call {@link #compute} to differentiate w.r.t. {@code yPred}.
   */
  public Tensor computeOnOutput(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    return computeOnOutput(yTrue, yPred, sampleWeight, false);
  }

  /**
   * {@link #computeOnOutput(Tensor, Tensor, Tensor)} with {@code labelsChecked} passed on to {@link
   * #call(Tensor, Tensor, boolean)}: {@code Model}'s steps pass their {@code
   * StepContext.labelsChecked()} here.
   */
  public Tensor computeOnOutput(
      Tensor yTrue, Tensor yPred, Tensor sampleWeight, boolean labelsChecked) {
    Tensor logits = yPred == null ? null : TensorAccess.get().softmaxLogits(yPred);
    Tensor perSample =
        logits == null ? null : callOnSoftmaxLogits(yTrue, yPred, logits, labelsChecked);
    return weightedMean(
        perSample == null ? call(yTrue, yPred, labelsChecked) : perSample, sampleWeight);
  }

  /**
   * Per-sample losses of {@code yPred == softmax(logits, -1)} computed from the logits in one op,
   * or null when this loss does not fuse with a softmax (the default); {@code labelsChecked} as in
   * {@link #call(Tensor, Tensor, boolean)}.
   */
  protected Tensor callOnSoftmaxLogits(
      Tensor yTrue, Tensor yPred, Tensor logits, boolean labelsChecked) {
    return null;
  }

  private Tensor weightedMean(Tensor perSample, Tensor sampleWeight) {
    if (sampleWeight == null) {
      return perSample.mean();
    }
    return perSample.mul(sampleWeights(name, sampleWeight, perSample)).mean();
  }

  /** {@code compute(yTrue, yPred, null)}. */
  public Tensor compute(Tensor yTrue, Tensor yPred) {
    return compute(yTrue, yPred, null);
  }

  /** Checks and flattens sample weights to the per-sample loss's shape and dtype. */
  static Tensor sampleWeights(String owner, Tensor sampleWeight, Tensor perSample) {
    long batch = perSample.numel();
    if (sampleWeight.numel() != batch
        || (sampleWeight.rank() > 1 && !(sampleWeight.rank() == 2 && sampleWeight.dim(1) == 1))) {
      throw new IllegalArgumentException(
          owner
              + ": argument 'sampleWeight' expected shape ["
              + batch
              + "] or ["
              + batch
              + ", 1] but was "
              + Arrays.toString(sampleWeight.shape()));
    }
    Tensor w = sampleWeight.reshape(perSample.shape());
    return w.dtype() == perSample.dtype() ? w : w.cast(perSample.dtype());
  }

  /**
   * Returns the loss for a Keras string name or alias ({@code mse}, {@code mae}, {@code mape},
   * {@code msle}, {@code kld}, {@code logcosh}, ...) or class name, case-insensitive, with default
   * arguments, as registered in {@link Registry}.
   */
  public static Loss get(String name) {
    return (Loss) Registry.get(Registry.Kind.LOSS, name);
  }

  /**
   * Keras's {@code get_config()}: {@code name} and {@code reduction} (always Keras 3's {@code
   * sum_over_batch_size}), plus a subclass's own arguments; the registered {@code fromConfig} reads
   * it back.
   */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("reduction", "sum_over_batch_size");
    return c;
  }

  /**
   * Casts {@code yTrue} to {@code yPred}'s dtype and matches ranks as Keras does (a trailing axis
   * of size 1 is added or removed), then checks that the shapes agree; the message names this loss
   * and both shapes.
   */
  protected Tensor[] align(Tensor yTrue, Tensor yPred) {
    checkNotNull(yTrue, yPred);
    Tensor t = yTrue;
    if (!yPred.dtype().isFloating()) {
      throw new IllegalArgumentException(
          name + ": expected y_pred of a float dtype but got " + yPred.dtype());
    }
    if (t.dtype() != yPred.dtype()) {
      t = t.cast(yPred.dtype());
    }
    if (t.rank() == yPred.rank() - 1 && yPred.rank() > 0 && yPred.dim(-1) == 1) {
      t = t.expandDims(-1);
    } else if (t.rank() == yPred.rank() + 1 && t.rank() > 0 && t.dim(-1) == 1) {
      t = t.squeeze(-1);
    }
    if (!Arrays.equals(t.shape(), yPred.shape())) {
      throw new IllegalArgumentException(
          name
              + ": y_true shape "
              + Arrays.toString(yTrue.shape())
              + " does not match y_pred shape "
              + Arrays.toString(yPred.shape())
              + "; expected y_true of the same shape as y_pred");
    }
    return new Tensor[] {t, yPred};
  }

  // ---- label checks before training ----

  /**
   * Checks a whole target array against the model output it trains ({@code yPredShape}, the batch
   * axis being the number of samples; a negative dimension matches any) before any training step,
   * so that fit/evaluate/trainOnBatch fail at once with a message that names this loss, what it
   * expects and what it got. This base accepts what {@link #align} accepts: the output's shape,
   * with a trailing axis of size 1 added or dropped. The crossentropies override it with their own
   * expectations (one-hot rows, integer class ids, one 0/1 target per unit).
   *
   * @throws IllegalArgumentException saying which loss expects what
   */
  public void checkLabels(Tensor yTrue, long[] yPredShape) {
    if (!sameShapeUpToTrailingOne(yTrue.shape(), yPredShape)) {
      throw labelError(
          "y_true of the same shape as the model output, " + alternatives(yPredShape),
          yTrue,
          yPredShape,
          "");
    }
  }

  /**
   * The message of a failed {@link #checkLabels}: {@code LOSS expects WHAT for a model output of
   * shape (n, k), but got y_true of shape (...) and dtype D} and a hint.
   */
  protected final IllegalArgumentException labelError(
      String what, Tensor yTrue, long[] yPredShape, String hint) {
    return new IllegalArgumentException(
        name
            + " expects "
            + what
            + " for a model output of shape "
            + tupleText(yPredShape)
            + ", but got y_true of shape "
            + tupleText(yTrue.shape())
            + " and dtype "
            + yTrue.dtype().name().toLowerCase(Locale.ROOT)
            + hint);
  }

  /** {@code (n, k)} or {@code (n, k) or (n,)} when the last axis of {@code shape} is 1. */
  static String alternatives(long[] shape) {
    String s = tupleText(shape);
    if (shape.length > 1 && shape[shape.length - 1] == 1) {
      s += " or " + tupleText(Arrays.copyOf(shape, shape.length - 1));
    }
    return s;
  }

  /** Python's tuple spelling: {@code (100, 10)}, {@code (100,)}, {@code None} for unknown. */
  static String tupleText(long[] shape) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      b.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "None" : Long.toString(shape[i]));
    }
    return b.append(shape.length == 1 ? ",)" : ")").toString();
  }

  /** Whether the shapes agree, a negative expected dimension matching any. */
  static boolean matches(long[] got, long[] want) {
    if (got.length != want.length) {
      return false;
    }
    for (int i = 0; i < got.length; i++) {
      if (want[i] >= 0 && got[i] != want[i]) {
        return false;
      }
    }
    return true;
  }

  /** Keras's squeeze-or-expand of a trailing axis of size 1, then {@link #matches}. */
  static boolean sameShapeUpToTrailingOne(long[] t, long[] p) {
    if (t.length == p.length - 1 && p.length > 0 && p[p.length - 1] == 1) {
      t = Arrays.copyOf(t, t.length + 1);
      t[t.length - 1] = 1;
    } else if (t.length == p.length + 1 && t.length > 0 && t[t.length - 1] == 1) {
      t = Arrays.copyOf(t, t.length - 1);
    }
    return matches(t, p);
  }

  /** Throws naming this loss when an argument is null. */
  protected void checkNotNull(Tensor yTrue, Tensor yPred) {
    if (yTrue == null || yPred == null) {
      throw new IllegalArgumentException(
          name
              + ": arguments 'yTrue' and 'yPred' expected tensors but "
              + (yTrue == null ? "yTrue" : "yPred")
              + " was null");
    }
  }

  /** The mean over the last axis (each element of a rank-1 tensor is its own sample). */
  protected static Tensor meanLastAxis(Tensor elementwise) {
    return elementwise.rank() <= 1
        ? elementwise.reshape(elementwise.numel())
        : elementwise.mean(-1);
  }

  /** The sum over the last axis (each element of a rank-1 tensor is its own sample). */
  protected static Tensor sumLastAxis(Tensor elementwise) {
    return elementwise.rank() <= 1 ? elementwise.reshape(elementwise.numel()) : elementwise.sum(-1);
  }

  /** The float dtype losses compute in for {@code t} (its own when float, else float32). */
  static DType floatDtype(Tensor t) {
    return t.dtype().isFloating() ? t.dtype() : DType.FLOAT32;
  }

  /** Returns e.g. {@code MeanSquaredError(name=mean_squared_error)}. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
