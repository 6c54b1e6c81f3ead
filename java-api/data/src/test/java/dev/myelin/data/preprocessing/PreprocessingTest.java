package dev.myelin.data.preprocessing;

import static dev.myelin.data.Fixtures.assertWithinUlps;
import static dev.myelin.data.Fixtures.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.data.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
  private static final Map<String, Object> SCALERS =
      Fixtures.map(Fixtures.map(Fixtures.load("metrics.json"), "cases"), "scalers");

  @Test
  void scalersMatchScikitLearn() {
    double[][] x = matrix(SCALERS.get("x"));
    StandardScaler standard = new StandardScaler();
    double[][] z = standard.fitTransform(x);
    assertWithinUlps(matrix(SCALERS.get("standard")), z, 8, "StandardScaler");
    assertEquals(1.0, standard.scale()[2]);
    assertWithinUlps(x, standard.inverseTransform(z), 8, "StandardScaler inverse");
    MinMaxScaler minMax = new MinMaxScaler(-1, 2);
    double[][] m = minMax.fitTransform(x);
    assertWithinUlps(matrix(SCALERS.get("minmax")), m, 8, "MinMaxScaler");
    assertWithinUlps(x, minMax.inverseTransform(m), 8, "MinMaxScaler inverse");
  }

  @Test
  void encodersUseSortedCategories() {
    LabelEncoder<String> labels = new LabelEncoder<>();
    assertArrayEquals(
        new int[] {1, 0, 1, 2}, labels.fitTransform(List.of("dog", "cat", "dog", "eel")));
    assertEquals(List.of("eel", "cat"), labels.inverseTransform(new int[] {2, 0}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> labels.transform(List.of("fox")));
    assertTrue(e.getMessage().startsWith("labels[0]: expected one of [cat, dog, eel], got fox"));

    OneHotEncoder onehot = new OneHotEncoder(false);
    double[][] encoded = onehot.fitTransform(new int[][] {{3, 7}, {1, 7}, {3, 9}});
    assertArrayEquals(new double[] {0, 1, 1, 0}, encoded[0]);
    assertArrayEquals(new double[] {1, 0, 1, 0}, encoded[1]);
    assertArrayEquals(new int[] {3, 9}, onehot.inverseTransform(encoded)[2]);
    assertThrows(IllegalArgumentException.class, () -> onehot.transform(new int[][] {{2, 7}}));
    OneHotEncoder lenient = new OneHotEncoder(true);
    lenient.fit(new int[][] {{3, 7}, {1, 7}});
    assertArrayEquals(new double[] {0, 0, 1}, lenient.transform(new int[][] {{2, 7}})[0]);

    double[][] categorical = Categorical.toCategorical(new int[] {0, 2, 1}, 3);
    assertArrayEquals(new double[] {0, 0, 1}, categorical[1]);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Categorical.toCategorical(new int[] {4}, 3));
    assertTrue(e.getMessage().startsWith("y[0]: expected a class in [0, 2], got 4"));
  }
}
