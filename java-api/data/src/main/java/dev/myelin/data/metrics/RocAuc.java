package dev.myelin.data.metrics;

import dev.myelin.data.internal.Checks;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Area under the ROC curve for binary labels, like scikit-learn's {@code roc_auc_score}: tied
 * scores form one threshold, and the area is the trapezoid rule over the distinct thresholds.
 *
 * <pre>{@code
 * double auc = RocAuc.rocAucScore(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});
 * // 0.75
 * }</pre>
 */
public final class RocAuc {
  private RocAuc() {}

  /** The ROC AUC of {@code scores} for labels {@code yTrue} in {0, 1}. */
  public static double rocAucScore(int[] yTrue, double[] scores) {
    Checks.nonEmpty("yTrue", yTrue.length);
    Checks.sameLength("yTrue", yTrue.length, "scores", scores.length);
    long positives = 0;
    for (int i = 0; i < yTrue.length; i++) {
      Checks.check(yTrue[i] == 0 || yTrue[i] == 1, "yTrue[" + i + "]", "0 or 1", yTrue[i]);
      positives += yTrue[i];
    }
    Checks.check(
        positives > 0 && positives < yTrue.length,
        "yTrue",
        "both classes present",
        positives + " positives of " + yTrue.length);
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double[] tps = new double[scores.length + 1];
    double[] fps = new double[scores.length + 1];
    int points = 1;
    long tp = 0;
    for (int r = 0; r < order.length; r++) {
      tp += yTrue[order[r]];
      boolean lastOfThreshold = r == order.length - 1 || scores[order[r + 1]] != scores[order[r]];
      if (lastOfThreshold) {
        tps[points] = tp;
        fps[points] = r + 1 - tp;
        points++;
      }
    }
    double area = 0;
    double maxFp = fps[points - 1];
    double maxTp = tps[points - 1];
    for (int k = 1; k < points; k++) {
      double dx = fps[k] / maxFp - fps[k - 1] / maxFp;
      area += dx * (tps[k] / maxTp + tps[k - 1] / maxTp) / 2.0;
    }
    return area;
  }

  /** {@link #rocAucScore(int[], double[])} for any label and score arrays (tensors included). */
  public static double rocAucScore(Object yTrue, Object scores) {
    return rocAucScore(
        dev.myelin.data.internal.ArrayData.labels(yTrue, "yTrue"),
        dev.myelin.data.internal.ArrayData.values(scores, "scores"));
  }
}
