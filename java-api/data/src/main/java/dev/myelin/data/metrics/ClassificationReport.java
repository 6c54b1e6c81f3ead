package dev.myelin.data.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The text of scikit-learn's {@code classification_report}: per-class precision, recall, F1 and
 * support, then accuracy, macro and weighted averages, formatted character for character alike.
 * While the Keras 2.2 conventions are on ({@link ReportLayout#active()}) it is scikit-learn 0.19's
 * text the book prints instead: the same class rows, then one {@code avg / total} row of
 * support-weighted averages.
 *
 * <pre>{@code
 * String report = ClassificationReport.classificationReport(yTrue, yPred, 2);
 * System.out.print(report);
 * }</pre>
 */
public final class ClassificationReport {
  private static final String[] HEADERS = {"precision", "recall", "f1-score", "support"};

  private ClassificationReport() {}

  /** The report with class names {@code String.valueOf(label)} and {@code digits} decimals. */
  public static String classificationReport(int[] yTrue, int[] yPred, int digits) {
    ClassCounts c = new ClassCounts(yTrue, yPred);
    String[] names = new String[c.labels.length];
    for (int k = 0; k < names.length; k++) {
      names[k] = String.valueOf(c.labels[k]);
    }
    return render(c, names, digits, ReportLayout.active());
  }

  /** The report with the given class names, one per sorted label. */
  public static String classificationReport(
      int[] yTrue, int[] yPred, String[] targetNames, int digits) {
    ClassCounts c = new ClassCounts(yTrue, yPred);
    dev.myelin.data.internal.Checks.sameLength(
        "targetNames", targetNames.length, "labels", c.labels.length);
    return render(c, targetNames, digits, ReportLayout.active());
  }

  /**
   * The report in the given layout, whatever the Keras 2.2 switch says; {@code targetNames} may be
   * null (the labels' decimal text).
   */
  public static String classificationReport(
      int[] yTrue, int[] yPred, String[] targetNames, int digits, ReportLayout layout) {
    dev.myelin.data.internal.Checks.check(layout != null, "layout", "a ReportLayout", "null");
    ClassCounts c = new ClassCounts(yTrue, yPred);
    String[] names = targetNames;
    if (names == null) {
      names = new String[c.labels.length];
      for (int k = 0; k < names.length; k++) {
        names[k] = String.valueOf(c.labels[k]);
      }
    }
    dev.myelin.data.internal.Checks.sameLength(
        "targetNames", names.length, "labels", c.labels.length);
    return render(c, names, digits, layout);
  }

  /**
   * The header, the class rows and a blank line, with the name column as wide as the widest of the
   * names, {@code lastName} (the longest summary row's name) and {@code digits}; then the summary
   * rows of the layout: scikit-learn 0.19's one {@code avg / total} row of support-weighted
   * averages, or 1.x's accuracy, macro and weighted averages.
   */
  private static String render(ClassCounts c, String[] names, int digits, ReportLayout layout) {
    boolean old = layout == ReportLayout.SKLEARN_0_19;
    int width = Math.max((old ? "avg / total" : "weighted avg").length(), digits);
    for (String name : names) {
      width = Math.max(width, name.length());
    }
    StringBuilder out = new StringBuilder(pad("", width)).append(' ');
    for (String header : HEADERS) {
      out.append(' ').append(pad(header, 9));
    }
    out.append("\n\n");
    double[] precision = c.precision();
    double[] recall = c.recall();
    double[] f1 = c.f1();
    long total = 0;
    for (int k = 0; k < names.length; k++) {
      row(out, names[k], precision[k], recall[k], f1[k], c.actual[k], width, digits);
      total += c.actual[k];
    }
    out.append('\n');
    if (!old) {
      long correct = 0;
      for (long tp : c.truePositives) {
        correct += tp;
      }
      out.append(pad("accuracy", width)).append(' ');
      out.append(' ').append(pad("", 9)).append(' ').append(pad("", 9));
      out.append(' ').append(pad(fixed((double) correct / total, digits), 9));
      out.append(' ').append(pad(String.valueOf(total), 9)).append('\n');
      row(out, "macro avg", c.macro(precision), c.macro(recall), c.macro(f1), total, width, digits);
    }
    row(
        out,
        old ? "avg / total" : "weighted avg",
        c.weighted(precision),
        c.weighted(recall),
        c.weighted(f1),
        total,
        width,
        digits);
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      String name,
      double p,
      double r,
      double f,
      long support,
      int width,
      int digits) {
    out.append(pad(name, width)).append(' ');
    out.append(' ').append(pad(fixed(p, digits), 9));
    out.append(' ').append(pad(fixed(r, digits), 9));
    out.append(' ').append(pad(fixed(f, digits), 9));
    out.append(' ').append(pad(String.valueOf(support), 9)).append('\n');
  }

  /** Python's {@code format(value, '.Nf')}: the exact binary value rounded half to even. */
  static String fixed(double value, int digits) {
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }

  /** The report with 2 decimals (scikit-learn's default) for any label arrays. */
  public static String classificationReport(Object yTrue, Object yPred) {
    return classificationReport(
        dev.myelin.data.internal.ArrayData.labels(yTrue, "yTrue"),
        dev.myelin.data.internal.ArrayData.labels(yPred, "yPred"),
        2);
  }

  /** The report with the given class names (one per sorted label) for any label arrays. */
  public static String classificationReport(Object yTrue, Object yPred, String... targetNames) {
    return classificationReport(
        dev.myelin.data.internal.ArrayData.labels(yTrue, "yTrue"),
        dev.myelin.data.internal.ArrayData.labels(yPred, "yPred"),
        targetNames,
        2);
  }
}
