package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Categorical crossentropy for one-hot (or soft) labels of shape (batch, classes): {@code
 * -sum(y_true * log(p), axis=-1)}. From probabilities, each row is first divided by its sum and
 * clipped to [1e-7, 1 - 1e-7] as Keras does; from logits it uses log-softmax. Label smoothing:
 * {@code y * (1 - s) + s / classes}.
 *
 * <pre>{@code
 * Tensor l = new CategoricalCrossentropy().compute(oneHot, softmaxOutput, null);
 * }</pre>
 */
public final class CategoricalCrossentropy extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        CategoricalCrossentropy.class,
        "CategoricalCrossentropy",
        List.of("categorical_crossentropy"),
        List.of("from_logits", "label_smoothing", "axis"),
        (c, custom) -> fromConfig(c));
  }

  private final boolean fromLogits;
  private final double labelSmoothing;

  /** From probabilities, no label smoothing. */
  public CategoricalCrossentropy() {
    this(false, 0.0);
  }

  /** With the given {@code fromLogits} and label smoothing in [0, 1]. */
  public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("categorical_crossentropy");
    CrossentropyArgs a =
        CrossentropyArgs.checked("categorical_crossentropy", fromLogits, labelSmoothing);
    this.fromLogits = a.fromLogits();
    this.labelSmoothing = a.labelSmoothing();
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  /** The label smoothing in [0, 1]. */
  public double labelSmoothing() {
    return labelSmoothing;
  }

  /**
   * One-hot (or soft) rows of the output's shape {@code (n, classes)}; integer class ids of shape
   * {@code (n,)} or {@code (n, 1)} get a hint towards sparse_categorical_crossentropy.
   */
  @Override
  public void checkLabels(Tensor yTrue, long[] yPredShape) {
    long[] t = yTrue.shape();
    if (matches(t, yPredShape)) {
      return;
    }
    int r = yPredShape.length;
    boolean classIds =
        r >= 2 && yPredShape[r - 1] != 1 && (t.length == r - 1 || (t.length == r && t[r - 1] == 1));
    throw labelError(
        "one-hot labels of shape " + tupleText(yPredShape) + " (one column per class)",
        yTrue,
        yPredShape,
        classIds
            ? ": these look like integer class ids; use sparse_categorical_crossentropy, or"
                + " one-hot encode them first (e.g. Tensor.oneHot)"
            : "");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    return perSample(yTrue, yPred, null);
  }

  @Override
  protected Tensor callOnSoftmaxLogits(
      Tensor yTrue, Tensor yPred, Tensor logits, boolean labelsChecked) {
    return fromLogits ? null : perSample(yTrue, yPred, logits);
  }

  private Tensor perSample(Tensor yTrue, Tensor yPred, Tensor softmaxLogits) {
    checkNotNull(yTrue, yPred);
    if (yPred.rank() < 2 || yTrue.rank() != yPred.rank()) {
      throw new IllegalArgumentException(
          name()
              + ": expected one-hot y_true and y_pred of shape (batch, classes) but got y_true"
              + " shape "
              + java.util.Arrays.toString(yTrue.shape())
              + " and y_pred shape "
              + java.util.Arrays.toString(yPred.shape())
              + " (use sparse_categorical_crossentropy for integer labels)");
    }
    Tensor[] a = align(yTrue, yPred);
    Tensor t = a[0];
    if (labelSmoothing > 0) {
      t = t.mul(1.0 - labelSmoothing).add(labelSmoothing / yPred.dim(-1));
    }
    return softmaxLogits == null
        ? crossentropy(t, a[1], fromLogits)
        : Tensor.softmaxCategoricalCrossentropy(t, softmaxLogits, EPSILON);
  }

  /**
   * {@code -sum(t * log(p), -1)} from probabilities (normalised, clipped) or logits, in one op
   * ({@link Tensor#categoricalCrossentropy}).
   */
  static Tensor crossentropy(Tensor t, Tensor out, boolean fromLogits) {
    return Tensor.categoricalCrossentropy(t, out, EPSILON, fromLogits);
  }

  /** Keras's config: the name, the reduction and this loss's own arguments. */
  @Override
  public Map<String, Object> getConfig() {
    return new CrossentropyArgs(fromLogits, labelSmoothing).putInto(super.getConfig());
  }

  /** The loss configured by {@link #getConfig()}'s keys (missing ones take Keras's defaults). */
  public static CategoricalCrossentropy fromConfig(Map<String, Object> c) {
    CrossentropyArgs a = CrossentropyArgs.fromConfig(c);
    return new CategoricalCrossentropy(a.fromLogits(), a.labelSmoothing());
  }
}
