package dev.myelin.examples;

import static dev.myelin.examples.BookFixtures.assertClose;
import static dev.myelin.examples.BookFixtures.assertPlot;
import static dev.myelin.examples.BookFixtures.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.table.DataFrame;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Book chapters 1 and 2 (figures in shared/spec/book-examples.md sections 2 and 3). */
class Chapter1And2Test {
  @TempDir Path out;

  @Test
  void firstModelOnCircles() {
    FirstModelCircles.Result r = FirstModelCircles.run(20, 0, out);
    // make_circles(1000, noise=0.1, factor=0.2, random_state=0) is bit-exact with sklearn.
    double[][] x = r.data().x();
    assertEquals(1000, x.length);
    assertArrayEquals(new double[] {0.24265541, 0.0383196}, x[0], 1e-8);
    assertArrayEquals(new double[] {0.04433036, -0.05667334}, x[1], 1e-8);
    assertArrayEquals(new double[] {-0.78677748, -0.75718576}, x[2], 1e-8);
    assertArrayEquals(
        new int[] {1, 1, 0, 1, 1, 1, 0, 0, 0, 1}, Arrays.copyOf(r.data().labels(), 10));
    // Training: the book reaches acc 1.0000 by epoch 11; check >= 0.95 and a falling loss.
    assertTrue(r.accuracy() >= 0.95, "accuracy " + r.accuracy());
    assertTrue(
        r.finalLoss() < r.firstLoss() && r.finalLoss() < 0.3,
        r.firstLoss() + " -> " + r.finalLoss());
    // Boundary scores on the 101x101 grid: the book's c.min() 9.6e-06, c.max() 0.990.
    assertTrue(r.gridMin() >= 0 && r.gridMin() < 0.05, "grid min " + r.gridMin());
    assertTrue(r.gridMax() <= 1 && r.gridMax() > 0.95, "grid max " + r.gridMax());
    assertPlot(r.plot(), 20);
  }

  @Test
  void titanicExploration() throws Exception {
    DataExploration.Result r = DataExploration.run(data(), out, false);
    assertEquals(891, r.rows());
    assertEquals(12, r.columns());
    assertEquals(714, r.ageCount());
    assertEquals(549, r.survivedCounts().locDouble(0));
    assertEquals(342, r.survivedCounts().locDouble(1));
    assertEquals(491, r.pclassCounts().locDouble(3));
    assertEquals(216, r.pclassCounts().locDouble(1));
    assertEquals(184, r.pclassCounts().locDouble(2));
    DataFrame p = r.pivot();
    double[][] expected = {{80, 136}, {97, 87}, {372, 119}};
    for (int cls = 1; cls <= 3; cls++) {
      assertEquals(expected[cls - 1][0], p.get("0").locDouble(cls), "Pclass " + cls + " died");
      assertEquals(expected[cls - 1][1], p.get("1").locDouble(cls), "Pclass " + cls + " lived");
    }
    assertEquals(0.42, r.ageMin());
    assertEquals(80.0, r.ageMax());
    assertClose(29.69911764705882, r.ageMean(), 1e-12, "Age mean");
    assertEquals(28.0, r.ageMedian());
    assertEquals(30.626179, r.ageMeanBySurvived().locDouble(0), 5e-7);
    assertEquals(28.343690, r.ageMeanBySurvived().locDouble(1), 5e-7);
    assertEquals(14.172110, r.ageStdBySurvived().locDouble(0), 5e-7);
    assertEquals(14.950952, r.ageStdBySurvived().locDouble(1), 5e-7);
    String[] names = {"Pclass", "Age", "SibSp", "PassengerId", "Parch", "Fare", "IsFemale"};
    double[] corr = {-0.338481, -0.077221, -0.035322, -0.005007, 0.081629, 0.257307, 0.543351};
    for (int i = 0; i < names.length; i++) {
      assertEquals(corr[i], r.corrWithSurvived().locDouble(names[i]), 5e-7, names[i]);
      assertEquals(names[i], r.corrWithSurvived().index().get(i), "sorted order");
    }
    assertEquals(714, r.describe().get("Age").locDouble("count"));
    assertEquals(14.526497, r.describe().get("Age").locDouble("std"), 5e-7);
    assertEquals(12, r.plots().size());
    for (Path plot : r.plots()) {
      assertPlot(plot, plot.getFileName().toString().equals("bar.png") ? 4 : 8);
    }
  }
}
