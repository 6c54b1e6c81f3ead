package dev.myelin.losses;

import dev.myelin.Tensor;
import dev.myelin.saving.Registry;
import java.util.List;
import java.util.Map;

/**
 * Binary crossentropy, averaged over the last axis. From probabilities (the default) they are
 * clipped to [1e-7, 1 - 1e-7] as Keras does; from logits it uses the stable {@code max(x, 0) - x *
 * z + log(1 + exp(-|x|))}. Label smoothing moves labels towards 0.5: {@code z * (1 - s) + 0.5 * s}.
 *
 * <pre>{@code
 * Tensor l = new BinaryCrossentropy(true, 0.0).compute(yTrue, logits, null);
 * }</pre>
 */
public final class BinaryCrossentropy extends Loss {
  static {
    Registry.builtIn(
        Registry.Kind.LOSS,
        BinaryCrossentropy.class,
        "BinaryCrossentropy",
        List.of("binary_crossentropy", "bce"),
        List.of("from_logits", "label_smoothing", "axis"),
        (c, custom) -> fromConfig(c));
  }

  private final boolean fromLogits;
  private final double labelSmoothing;

  /** From probabilities, no label smoothing. */
  public BinaryCrossentropy() {
    this(false, 0.0);
  }

  /** With the given {@code fromLogits} and label smoothing in [0, 1]. */
  public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
    super("binary_crossentropy");
    CrossentropyArgs a =
        CrossentropyArgs.checked("binary_crossentropy", fromLogits, labelSmoothing);
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

  @Override
  public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    if (sampleWeight == null && yPred != null && yPred.dtype().isFloating()) {
      // Without sample weights the mean of per-sample means over equal-length rows is the mean of
      // all elements: one reduction (and one tape node) instead of two.
      Tensor[] a = align(yTrue, yPred);
      return Tensor.binaryCrossentropy(smooth(a[0]), a[1], EPSILON, fromLogits).mean();
    }
    return super.compute(yTrue, yPred, sampleWeight);
  }

  private Tensor smooth(Tensor z) {
    return labelSmoothing > 0 ? z.mul(1.0 - labelSmoothing).add(0.5 * labelSmoothing) : z;
  }

  /**
   * One 0/1 target per output unit: the output's shape, or {@code (n,)} for an {@code (n, 1)}
   * output; {@code (n, 2)} one-hot rows for a one-unit output get a hint.
   */
  @Override
  public void checkLabels(Tensor yTrue, long[] yPredShape) {
    long[] t = yTrue.shape();
    if (sameShapeUpToTrailingOne(t, yPredShape)) {
      checkRange(yTrue, yPredShape);
      return;
    }
    int r = yPredShape.length;
    boolean oneHot = r >= 2 && yPredShape[r - 1] == 1 && t.length == r && t[r - 1] > 1;
    throw labelError(
        "one 0/1 target per output unit, of shape " + alternatives(yPredShape),
        yTrue,
        yPredShape,
        oneHot
            ? ": these look like one-hot rows; pass a single column of 0/1 labels, or use a Dense("
                + t[r - 1]
                + ", softmax) output with categorical_crossentropy"
            : "");
  }

  /**
   * Targets outside [0, 1] (e.g. a class id 5) make the cross-entropy negative without a word in
   * Keras; here they fail like a wrong shape does. Two reductions, once per fit.
   */
  private void checkRange(Tensor yTrue, long[] yPredShape) {
    if (yTrue.numel() == 0) {
      return;
    }
    double lo;
    double hi;
    try (dev.myelin.TensorScope scope = new dev.myelin.TensorScope()) {
      lo = yTrue.min().item();
      hi = yTrue.max().item();
    }
    if (lo < 0 || hi > 1) {
      throw labelError(
          "targets in [0, 1]",
          yTrue,
          yPredShape,
          ": the values run from "
              + lo
              + " to "
              + hi
              + "; for class ids use sparse_categorical_crossentropy with a softmax output");
    }
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor[] a = align(yTrue, yPred);
    Tensor z = smooth(a[0]);
    Tensor x = a[1];
    Tensor elementwise;
    if (x.dtype().isFloating()) {
      // one native call (and one tape node) instead of a dozen element-wise ops
      elementwise = Tensor.binaryCrossentropy(z, x, EPSILON, fromLogits);
    } else if (fromLogits) {
      elementwise = x.relu().sub(x.mul(z)).add(x.abs().neg().exp().log1p());
    } else {
      Tensor p = x.clip(EPSILON, 1.0 - EPSILON);
      elementwise = z.mul(p.log()).add(z.neg().add(1.0).mul(p.neg().add(1.0).log())).neg();
    }
    return meanLastAxis(elementwise);
  }

  /** Keras's config: the name, the reduction and this loss's own arguments. */
  @Override
  public Map<String, Object> getConfig() {
    return new CrossentropyArgs(fromLogits, labelSmoothing).putInto(super.getConfig());
  }

  /** The loss configured by {@link #getConfig()}'s keys (missing ones take Keras's defaults). */
  public static BinaryCrossentropy fromConfig(Map<String, Object> c) {
    CrossentropyArgs a = CrossentropyArgs.fromConfig(c);
    return new BinaryCrossentropy(a.fromLogits(), a.labelSmoothing());
  }
}
