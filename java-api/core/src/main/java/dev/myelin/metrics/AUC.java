package dev.myelin.metrics;

import dev.myelin.DType;
import dev.myelin.Tensor;
import dev.myelin.TensorScope;
import dev.myelin.saving.Registry;
import dev.myelin.saving.internal.Configs;
import java.util.Arrays;
import java.util.List;

/**
 * Area under the ROC or precision-recall curve, as Keras's {@code AUC} with {@code
 * summation_method='interpolation'}: confusion counts at {@code numThresholds} (default 200) evenly
 * spaced thresholds ({@code -1e-7, 1/(n-1), ..., (n-2)/(n-1), 1 + 1e-7}); ROC sums trapezoids, PR
 * uses Davis and Goadrich's interpolation. Predictions must lie in [0, 1]; labels are positive when
 * non-zero. Counting is a native histogram (scatter-add into buckets) followed by a cumulative sum
 * over the thresholds.
 *
 * <pre>{@code
 * Metric auc = new AUC();
 * auc.updateState(yTrue, yPred, null);
 * }</pre>
 */
public final class AUC extends Metric {
  static {
    Registry.builtIn(
        Registry.Kind.METRIC,
        AUC.class,
        "AUC",
        List.of("auc"),
        List.of("num_thresholds", "curve"),
        (c, custom) ->
            new AUC(
                (int) Configs.num(c, "num_thresholds", 200),
                AUC.Curve.valueOf(
                    String.valueOf(c.getOrDefault("curve", "ROC"))
                        .toUpperCase(java.util.Locale.ROOT))));
  }

  /** Which curve to integrate. */
  public enum Curve {
    /** Receiver operating characteristic (true positive rate against false positive rate). */
    ROC,
    /** Precision against recall. */
    PR
  }

  private final int numThresholds;
  private final Curve curve;
  private final double[] tp;
  private final double[] fp;
  private final double[] tn;
  private final double[] fn;

  /** ROC with 200 thresholds, named {@code auc}. */
  public AUC() {
    this(200, Curve.ROC);
  }

  /** With the given threshold count (> 1) and curve. */
  public AUC(int numThresholds, Curve curve) {
    super("auc");
    if (numThresholds <= 1) {
      throw new IllegalArgumentException(
          "auc: argument 'num_thresholds' expected a value > 1 but was " + numThresholds);
    }
    this.numThresholds = numThresholds;
    this.curve = curve == null ? Curve.ROC : curve;
    tp = new double[numThresholds];
    fp = new double[numThresholds];
    tn = new double[numThresholds];
    fn = new double[numThresholds];
  }

  /** The thresholds, as Keras builds them. */
  public double[] thresholds() {
    double[] t = new double[numThresholds];
    for (int i = 1; i < numThresholds - 1; i++) {
      t[i] = (double) i / (numThresholds - 1);
    }
    t[0] = -1e-7;
    t[numThresholds - 1] = 1.0 + 1e-7;
    return t;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
    try (TensorScope scope = new TensorScope()) {
      Tensor[] a = LabelShapes.align(name(), yTrue, yPred);
      Tensor p = a[1].cast(DType.FLOAT64).flatten();
      if (p.numel() == 0) {
        return;
      }
      Tensor w = LabelShapes.weights(name(), sampleWeight, a[1].shape(), DType.FLOAT64).flatten();
      Tensor t = a[0].ne(0.0).cast(DType.FLOAT64).flatten();
      double lo = p.min().item();
      double hi = p.max().item();
      if (lo < 0 || hi > 1) {
        throw new IllegalArgumentException(
            name() + ": expected predictions in [0, 1] but got values from " + lo + " to " + hi);
      }
      // Bucket b holds predictions above thresholds 0..b, so the count at threshold i is the sum
      // of buckets i..n-1.
      Tensor buckets = p.mul(numThresholds - 1).ceil().sub(1.0).relu().cast(DType.INT64);
      Tensor pos = t.mul(w);
      Tensor neg = t.neg().add(1.0).mul(w);
      Tensor zeros = Tensor.zeros(DType.FLOAT64, numThresholds);
      double[] posBuckets = zeros.scatterAdd(buckets, pos, 0).toDoubleArray();
      double[] negBuckets = zeros.scatterAdd(buckets, neg, 0).toDoubleArray();
      double totalPos = pos.sum().item();
      double totalNeg = neg.sum().item();
      double accPos = 0;
      double accNeg = 0;
      for (int i = numThresholds - 1; i >= 0; i--) {
        accPos += posBuckets[i];
        accNeg += negBuckets[i];
        tp[i] += accPos;
        fp[i] += accNeg;
        fn[i] += totalPos - accPos;
        tn[i] += totalNeg - accNeg;
      }
    }
  }

  private static double divideNoNan(double a, double b) {
    return b == 0 ? 0.0 : a / b;
  }

  @Override
  public double result() {
    int n = numThresholds;
    double sum = 0;
    if (curve == Curve.ROC) {
      for (int i = 0; i < n - 1; i++) {
        double x0 = divideNoNan(fp[i], fp[i] + tn[i]);
        double x1 = divideNoNan(fp[i + 1], fp[i + 1] + tn[i + 1]);
        double y0 = divideNoNan(tp[i], tp[i] + fn[i]);
        double y1 = divideNoNan(tp[i + 1], tp[i + 1] + fn[i + 1]);
        sum += (x0 - x1) * (y0 + y1) / 2.0;
      }
      return sum;
    }
    for (int i = 0; i < n - 1; i++) {
      double dtp = tp[i] - tp[i + 1];
      double p0 = tp[i] + fp[i];
      double p1 = tp[i + 1] + fp[i + 1];
      double slope = divideNoNan(dtp, Math.max(p0 - p1, 0));
      double intercept = tp[i + 1] - slope * p1;
      double ratio = p0 > 0 && p1 > 0 ? divideNoNan(p0, Math.max(p1, 0)) : 1.0;
      sum +=
          divideNoNan(
              slope * (dtp + intercept * Math.log(ratio)), Math.max(tp[i + 1] + fn[i + 1], 0));
    }
    return sum;
  }

  @Override
  public void resetState() {
    Arrays.fill(tp, 0);
    Arrays.fill(fp, 0);
    Arrays.fill(tn, 0);
    Arrays.fill(fn, 0);
  }
}
