package dev.myelin.losses;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Categorical crossentropy with integer class labels of shape (batch,) or (batch, 1) against
 * predictions of shape (batch, classes). From probabilities they are normalised and clipped to
 * [1e-7, 1 - 1e-7] as Keras does; from logits it uses log-softmax. Float labels are accepted when
 * they hold whole numbers.
 *
 * <pre>{@code
 * Tensor l = new SparseCategoricalCrossentropy().compute(Tensor.of(0, 2, 1), probs, null);
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        SparseCategoricalCrossentropy.class,
        "SparseCategoricalCrossentropy",
        List.of("sparse_categorical_crossentropy"),
        List.of("from_logits", "ignore_class"),
        (c, custom) -> fromConfig(c));
  }

  private final boolean fromLogits;

  /** From probabilities. */
  public SparseCategoricalCrossentropy() {
    this(false);
  }

  /** With the given {@code fromLogits}. */
  public SparseCategoricalCrossentropy(boolean fromLogits) {
    super("sparse_categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    return call(yTrue, yPred, false);
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred, boolean labelsChecked) {
    checkNotNull(yTrue, yPred);
    Tensor oneHot = oneHotLabels(name(), yTrue, yPred, labelsChecked);
    return CategoricalCrossentropy.crossentropy(oneHot, yPred, fromLogits);
  }

  @Override
  protected Tensor callOnSoftmaxLogits(
      Tensor yTrue, Tensor yPred, Tensor logits, boolean labelsChecked) {
    if (fromLogits) {
      return null;
    }
    checkNotNull(yTrue, yPred);
    Tensor oneHot = oneHotLabels(name(), yTrue, yPred, labelsChecked);
    return Tensor.softmaxCategoricalCrossentropy(oneHot, logits, EPSILON);
  }

  /**
   * Checks integer labels against predictions of shape (batch, ..., classes) and returns them
   * one-hot in the predictions' dtype; messages name {@code owner}.
   */
  public static Tensor oneHotLabels(String owner, Tensor yTrue, Tensor yPred) {
    return oneHotLabels(owner, yTrue, yPred, false);
  }

  /**
   * {@link #oneHotLabels(String, Tensor, Tensor)}; when {@code labelsChecked} (the labels' values
   * already passed {@link #checkLabels}) it skips the host-side check of the class ids, so the step
   * that calls it stays pure tensor ops and traceable. Shapes are checked either way.
   */
  public static Tensor oneHotLabels(
      String owner, Tensor yTrue, Tensor yPred, boolean labelsChecked) {
    if (yPred.rank() < 2) {
      throw new IllegalArgumentException(
          owner
              + ": expected y_pred of shape (batch, classes) but got shape "
              + Arrays.toString(yPred.shape()));
    }
    long[] want = Arrays.copyOf(yPred.shape(), yPred.rank() - 1);
    Tensor labels = yTrue;
    if (labels.rank() == yPred.rank() && labels.dim(-1) == 1) {
      labels = labels.squeeze(-1);
    }
    if (!Arrays.equals(labels.shape(), want)) {
      throw new IllegalArgumentException(
          owner
              + ": expected integer labels of shape "
              + shapeText(want)
              + " or "
              + shapeText(withOne(want))
              + " for y_pred of shape "
              + Arrays.toString(yPred.shape())
              + " but got y_true shape "
              + Arrays.toString(yTrue.shape()));
    }
    long classes = yPred.dim(-1);
    try (TensorScope scope = new TensorScope()) {
      if (!labelsChecked) {
        checkClassIds(owner, labels, classes);
      }
      Tensor idx = labels.dtype() == DType.INT64 ? labels : labels.cast(DType.INT64);
      return scope.keep(idx.oneHot(classes, yPred.dtype(), 1.0, 0.0));
    }
  }

  /**
   * Integer class ids of shape {@code (n,)} or {@code (n, 1)} in {@code [0, classes)} for an output
   * {@code (n, classes)}; one-hot rows get a hint towards categorical_crossentropy.
   */
  @Override
  public void checkLabels(Tensor yTrue, long[] yPredShape) {
    int r = yPredShape.length;
    long[] t = yTrue.shape();
    if (t.length == r && r > 0 && t[r - 1] == 1) {
      t = Arrays.copyOf(t, r - 1);
    }
    String what =
        "integer class ids of shape "
            + (r >= 2 ? alternatives(withOne(Arrays.copyOf(yPredShape, r - 1))) : "(n,)")
            + " in [0, "
            + (r >= 1 ? yPredShape[r - 1] : "classes")
            + ")";
    if (r < 2 || !matches(t, Arrays.copyOf(yPredShape, r - 1))) {
      boolean oneHot = r >= 2 && matches(yTrue.shape(), yPredShape);
      throw labelError(
          what,
          yTrue,
          yPredShape,
          oneHot
              ? ": these look like one-hot rows; use categorical_crossentropy, or pass the class"
                  + " ids (argmax of each row)"
              : "");
    }
    try (TensorScope scope = new TensorScope()) {
      checkClassIds(name(), yTrue, yPredShape[r - 1]);
    }
  }

  /** Throws naming {@code owner} unless {@code labels} are whole numbers in [0, classes). */
  private static void checkClassIds(String owner, Tensor labels, long classes) {
    DType dt = labels.dtype();
    if (dt == DType.BOOL) {
      throw new IllegalArgumentException(
          owner + ": expected integer labels in [0, " + classes + ") but got y_true of dtype bool");
    }
    if (dt.isFloating() && labels.numel() > 0 && labels.ne(labels.floor()).any().item() != 0) {
      throw new IllegalArgumentException(
          owner
              + ": expected integer labels in [0, "
              + classes
              + ") but y_true (dtype "
              + dt
              + ") holds non-integer values");
    }
    if (labels.numel() > 0) {
      double lo = labels.min().item();
      double hi = labels.max().item();
      if (lo < 0 || hi >= classes) {
        throw new IllegalArgumentException(
            owner
                + ": expected integer labels in [0, "
                + classes
                + ") but y_true holds values"
                + " from "
                + (long) lo
                + " to "
                + (long) hi);
      }
    }
  }

  private static long[] withOne(long[] shape) {
    long[] out = Arrays.copyOf(shape, shape.length + 1);
    out[shape.length] = 1;
    return out;
  }

  private static String shapeText(long[] shape) {
    StringBuilder b = new StringBuilder("(batch");
    for (int i = 1; i < shape.length; i++) {
      b.append(", ").append(shape[i]);
    }
    if (shape.length == 1) {
      b.append(",");
    }
    return b.append(")").toString();
  }

  /** Keras's config: the name, the reduction and this loss's own arguments. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = super.getConfig();
    c.put("from_logits", fromLogits);
    c.put("ignore_class", null);
    return c;
  }

  /** The loss configured by {@link #getConfig()}'s keys (missing ones take Keras's defaults). */
  public static SparseCategoricalCrossentropy fromConfig(Map<String, Object> c) {
    return new SparseCategoricalCrossentropy(Configs.bool(c, "from_logits", false));
  }
}
