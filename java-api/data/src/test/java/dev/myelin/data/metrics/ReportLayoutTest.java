package dev.myelin.data.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.myelin.data.PythonScripts;
import dev.myelin.models.Models;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two printed layouts of a classification report and a confusion matrix: scikit-learn 1.x's
 * (checked character for character against scikit-learn and numpy, run by a fixture script) and the
 * book's scikit-learn 0.19 layout (checked against the text the book prints).
 */
class ReportLayoutTest {
  @TempDir Path dir;

  @AfterEach
  void currentConventions() {
    Models.useKeras2Conventions(false);
  }

  /** The book's logistic regression: 50 of each class, confusion matrix 40 10 / 7 43. */
  private static final int[] BUY_TRUE = new int[100];

  private static final int[] BUY_PRED = new int[100];

  static {
    for (int i = 0; i < 100; i++) {
      BUY_TRUE[i] = i < 50 ? 0 : 1;
      BUY_PRED[i] = i < 40 ? 0 : i < 50 ? 1 : i < 57 ? 0 : 1;
    }
  }

  @Test
  void currentLayoutMatchesScikitLearnAndNumpy() throws Exception {
    JsonNode cases =
        PythonScripts.json("sklearn_report_layouts.py", Map.of(), dir.resolve("layouts.json"));
    assertEquals(4, cases.size());
    for (JsonNode c : cases) {
      int[] t = PythonScripts.ints(c.get("y_true"));
      int[] p = PythonScripts.ints(c.get("y_pred"));
      String[] names = names(c.get("names"));
      String report =
          names == null
              ? ClassificationReport.classificationReport(t, p, 2)
              : ClassificationReport.classificationReport(t, p, names, 2);
      assertEquals(c.get("report").asText(), report);
      ConfusionMatrix cm = ConfusionMatrix.of(t, p);
      assertEquals(c.get("cm_repr").asText(), cm.toString());
      assertEquals(c.get("cm_repr").asText(), cm.toString(ReportLayout.SKLEARN_1));
      // The book's pretty_confusion_matrix frame, as pandas prints it.
      String[] shown = names;
      if (shown == null) {
        shown =
            java.util.Arrays.stream(cm.labels()).mapToObj(String::valueOf).toArray(String[]::new);
      }
      assertEquals(c.get("cm_frame").asText(), cm.toString(shown));
      if (names == null) {
        assertEquals(c.get("cm_frame").asText(), cm.toString(ReportLayout.SKLEARN_0_19));
      }
    }
  }

  @Test
  void keras2ConventionsPrintTheBooksReport() {
    Models.useKeras2Conventions(true);
    String report = ClassificationReport.classificationReport(BUY_TRUE, BUY_PRED, 2);
    // The book's text (its extraction dropped the blank lines scikit-learn 0.19 prints).
    String book =
        "             precision    recall  f1-score   support\n"
            + "          0       0.85      0.80      0.82        50\n"
            + "          1       0.81      0.86      0.83        50\n"
            + "avg / total       0.83      0.83      0.83       100\n";
    assertEquals(book, report.replaceAll("\n\n+", "\n"));
    assertEquals(
        "             precision    recall  f1-score   support\n\n"
            + "          0       0.85      0.80      0.82        50\n"
            + "          1       0.81      0.86      0.83        50\n\n"
            + "avg / total       0.83      0.83      0.83       100\n",
        report,
        "scikit-learn 0.19's blank lines after the header and before the average");
    assertEquals(
        report,
        ClassificationReport.classificationReport(
            BUY_TRUE, BUY_PRED, null, 2, ReportLayout.SKLEARN_0_19));
    // The book's pretty_cm: class names on the rows, "Predicted NAME" on the columns.
    assertEquals(
        "   Predicted 0  Predicted 1\n0           40           10\n1            7           43",
        ConfusionMatrix.of(BUY_TRUE, BUY_PRED).toString());
  }

  @Test
  void irisReportInTheBooksLayout() {
    int[] y = new int[30];
    for (int i = 0; i < 30; i++) {
      y[i] = i / 10;
    }
    String report =
        ClassificationReport.classificationReport(y, y, null, 2, ReportLayout.SKLEARN_0_19);
    // Book: every class 1.00 1.00 1.00 with support 10, "avg / total 1.00 1.00 1.00 30".
    assertEquals(
        "             precision    recall  f1-score   support\n\n"
            + "          0       1.00      1.00      1.00        10\n"
            + "          1       1.00      1.00      1.00        10\n"
            + "          2       1.00      1.00      1.00        10\n\n"
            + "avg / total       1.00      1.00      1.00        30\n",
        report);
    assertEquals(
        "            pred_setosa  pred_versicolor  pred_virginica\n"
            + "setosa               10                0               0\n"
            + "versicolor            0               10               0\n"
            + "virginica             0                0              10",
        ConfusionMatrix.of(y, y)
            .toDataFrame(new String[] {"setosa", "versicolor", "virginica"}, "pred_")
            .toString());
  }

  @Test
  void activeLayoutFollowsTheKeras2Switch() {
    assertEquals(ReportLayout.SKLEARN_1, ReportLayout.active());
    Models.useKeras2Conventions(true);
    assertEquals(ReportLayout.SKLEARN_0_19, ReportLayout.active());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClassificationReport.classificationReport(BUY_TRUE, BUY_PRED, null, 2, null));
    assertEquals(true, e.getMessage().contains("layout"), e.getMessage());
  }

  private static String[] names(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    String[] out = new String[n.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = n.get(i).asText();
    }
    return out;
  }
}
